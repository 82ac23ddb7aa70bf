"""Checks every decide module starts with: does the meetup (or frame) exist,
may this principal do this, does the meetup's status allow it.

Order matters and is the same everywhere: NOT_FOUND, then PERMISSION_DENIED,
then INVALID_ARGUMENT (in the decide functions), then FAILED_PRECONDITION,
so a caller learns nothing about a meetup it may not touch from its errors.
"""

from __future__ import annotations

from offkai_events.domain.state import FrameState, MeetupState, MeetupStatus
from offkai_kit.errors import FailedPrecondition, FieldViolation, NotFound, PermissionDenied
from offkai_kit.principal import Principal


def existing(state: MeetupState, meetup_id: str, actor: Principal | None = None) -> MeetupState:
    """The meetup, if it exists and ``actor`` may know it does: a draft is its
    organizers' business, so to anyone else it is NOT_FOUND, exactly like a meetup
    that does not exist (GetMeetup answers the same)."""
    if not state.exists:
        raise NotFound(f"meetup '{meetup_id}' not found")
    if actor is not None and state.status is MeetupStatus.DRAFT and not (may_organize(state, actor) or actor.is_privileged):
        raise NotFound(f"meetup '{meetup_id}' not found")
    return state


def frame_of(state: MeetupState, frame_id: str, field: str = "frame_id") -> FrameState:
    frame = state.frame(frame_id)
    if frame is None:
        raise NotFound(
            f"meetup '{state.meetup_id}' has no frame '{frame_id}'",
            [FieldViolation(field, f"unknown frame '{frame_id}'")],
        )
    return frame


def may_organize(state: MeetupState, actor: Principal) -> bool:
    return actor.is_admin or state.is_organizer(actor.member_id)


def require_organizer(state: MeetupState, actor: Principal, what: str) -> None:
    if not may_organize(state, actor):
        raise PermissionDenied(f"only the meetup's organizers may {what}")


def require_community_organizer(actor: Principal, community_id: str, organized: frozenset[str], what: str) -> None:
    """Meetups belong to a community: only its owners and organizers (as the
    members service knows them) schedule them, or move one into it; admins
    always. An empty id is left to the field checks (INVALID_ARGUMENT)."""
    if community_id and community_id not in organized and not actor.is_admin:
        raise PermissionDenied(f"only the owners and organizers of community '{community_id}' may {what}")


def require_self_or_organizer(state: MeetupState, actor: Principal, member_id: str, what: str) -> None:
    """Members act for themselves; organizers of this meetup and admins for anyone."""
    if actor.member_id != member_id and not (may_organize(state, actor) or actor.is_privileged):
        raise PermissionDenied(f"a member may {what} only for themself")


def require_step_runner(state: MeetupState, actor: Principal, what: str) -> None:
    """Time-based steps: the scheduler (a service principal), admins, organizers."""
    if not (actor.is_privileged or state.is_organizer(actor.member_id)):
        raise PermissionDenied(f"only the scheduler or the meetup's organizers may {what}")


def require_status(state: MeetupState, what: str, *allowed: MeetupStatus) -> None:
    if state.status not in allowed:
        names = " or ".join(s.value for s in allowed)
        raise FailedPrecondition(f"meetup is {state.status.value}; {what} needs it {names}")
