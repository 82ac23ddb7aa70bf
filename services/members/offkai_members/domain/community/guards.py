"""Checks the community's decide functions start with, in the house order:
NOT_FOUND (community, member), then PERMISSION_DENIED."""

from __future__ import annotations

from offkai_kit.errors import NotFound, PermissionDenied
from offkai_kit.principal import Principal
from offkai_members.domain.community.state import CommunityRole, CommunityState
from offkai_members.domain.model import MemberCard
from offkai_members.domain.roles import is_admin


def existing(state: CommunityState, community_id: str) -> CommunityState:
    if not state.exists:
        raise NotFound(f"community '{community_id}' not found")
    return state


def member_card(card: MemberCard | None, member_id: str) -> MemberCard:
    if card is None:
        raise NotFound(f"member '{member_id}' not found")
    return card


def require_owner(state: CommunityState, actor: Principal, what: str) -> None:
    """Owners of this community, and admins, act as its owners."""
    if state.role_of(actor.member_id) is not CommunityRole.OWNER and not is_admin(actor):
        raise PermissionDenied(f"only the community's owners may {what}")
