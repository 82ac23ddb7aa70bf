"""Checks every relationship decide function starts with, in the house order:
NOT_FOUND (either member unknown or erased), PERMISSION_DENIED (acting for
someone else), then the pair itself (a member and themself are no pair)."""

from __future__ import annotations

from offkai_kit.errors import FailedPrecondition, NotFound
from offkai_members.domain.model import MemberCard
from offkai_members.domain.relationship.state import RelationshipState
from offkai_members.domain.roles import require_self_or_privileged


def both_members(c) -> tuple[MemberCard, MemberCard]:
    if c.member is None:
        raise NotFound(f"member '{c.member_id}' not found")
    if c.other is None:
        raise NotFound(f"member '{c.other_id}' not found")
    return c.member, c.other


def require_acting_for(c, what: str) -> None:
    require_self_or_privileged(c.actor, c.member_id, what)


def require_pair(state: RelationshipState, c, what: str) -> None:
    if c.member_id == c.other_id:
        raise FailedPrecondition(f"you cannot {what} yourself")
    if state.pair and state.pair != tuple(sorted((c.member_id, c.other_id))):
        # The handler loaded the wrong stream: a bug, not a caller's mistake.
        raise ValueError(f"command for {c.member_id}/{c.other_id} on relationship {state.pair}")


def opened(c, what: str) -> tuple[MemberCard, MemberCard]:
    """The common start: both exist, the actor may act for ``member_id``."""
    cards = both_members(c)
    require_acting_for(c, what)
    return cards
