"""Checks the member's decide functions start with: does the member exist (not
erased), may this principal act on them."""

from __future__ import annotations

from offkai_kit.errors import NotFound
from offkai_kit.principal import Principal
from offkai_members.domain.member.state import MemberState
from offkai_members.domain.roles import require_self_or_privileged


def existing(state: MemberState, member_id: str) -> MemberState:
    # An erased member is gone for every command, exactly like an unknown one.
    if not state.active:
        raise NotFound(f"member '{member_id}' not found")
    return state


def require_profile_owner(actor: Principal, member_id: str, what: str) -> None:
    """A member edits only their own profile and handles (privileged
    principals anyone's)."""
    require_self_or_privileged(actor, member_id, what)
