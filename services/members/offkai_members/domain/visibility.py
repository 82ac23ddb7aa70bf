"""Read-side rules: a member's profile as a given viewer may see it.

Pure functions the query layer uses, next to the rules that write the data:

- the member sees everything of their own;
- a block either way hides the whole profile (the viewer gets "not found",
  exactly as for a member who does not exist);
- handles show by visibility: EVERYONE to all who may see the profile,
  CONNECTIONS to connections only, NOBODY to the member alone.

Connection is read from the pair's relationship state and nothing else, so
introduced members see each other's CONNECTIONS handles only once the
introduction has connected them, and a pending request shows nothing more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from offkai_members.domain.member.state import MemberState
from offkai_members.domain.model import Handle, Profile, Visibility
from offkai_members.domain.relationship.state import RelationshipState, Standing


@dataclass(frozen=True)
class ProfileView:
    member_id: str
    profile: Profile
    # Only those the viewer may see, in the order they were added.
    handles: tuple[Handle, ...]
    # The viewer's standing with the member; NONE when it is the member themself.
    standing: Standing


def standing_of(viewer_id: str, owner_id: str, relationship: RelationshipState | None) -> Standing:
    if viewer_id == owner_id or relationship is None:
        return Standing.NONE
    return relationship.standing_of(viewer_id)


def may_see_handle(visibility: Visibility, *, is_self: bool, standing: Standing) -> bool:
    if is_self:
        return True
    if standing in (Standing.BLOCKED, Standing.BLOCKED_BY_OTHER):
        return False
    if visibility is Visibility.EVERYONE:
        return True
    return visibility is Visibility.CONNECTIONS and standing is Standing.CONNECTED


def visible_handles(
    handles: Sequence[Handle], viewer_id: str, owner_id: str, relationship: RelationshipState | None
) -> tuple[Handle, ...]:
    standing = standing_of(viewer_id, owner_id, relationship)
    is_self = viewer_id == owner_id
    return tuple(h for h in handles if may_see_handle(h.visibility, is_self=is_self, standing=standing))


def profile_as_seen(
    member: MemberState,
    viewer_id: str,
    relationship: RelationshipState | None,
    handles: Sequence[Handle] | None = None,
) -> ProfileView | None:
    """What ``viewer_id`` may see of ``member``; None when they may see
    nothing (no such member, erased, or a block between them).

    ``relationship`` is the pair's state (None when they never had one).
    ``handles`` are the member's handles with every value the service keeps
    (the state itself knows only the EVERYONE ones); by default the state's.
    """
    if not member.active or member.profile is None:
        return None
    standing = standing_of(viewer_id, member.member_id, relationship)
    if standing in (Standing.BLOCKED, Standing.BLOCKED_BY_OTHER):
        return None
    shown = visible_handles(member.handles if handles is None else handles, viewer_id, member.member_id, relationship)
    return ProfileView(member.member_id, member.profile, shown, standing)
