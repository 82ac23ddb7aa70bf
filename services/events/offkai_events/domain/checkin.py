"""Deciding check-in: organizers check anyone in (walk-ins too); members
check themselves in with the meetup's code while the window is open.

The window opens ``check_in_opens_before`` ahead of start. For self check-in
it closes at the meetup's end; organizers may still record late arrivals
until the meetup is ended. Checking in twice decides nothing.
"""

from __future__ import annotations

import hmac
from datetime import datetime

from offkai.events.v1 import events_pb2 as ev
from offkai_events.domain.commands import CheckIn
from offkai_events.domain.guards import existing, may_organize, require_status
from offkai_events.domain.model import FrameSession
from offkai_events.domain.payloads import meetup_summary, timestamp
from offkai_events.domain.state import MeetupState, MeetupStatus, RsvpStatus
from offkai_events.domain.validate import check_code, normalize_code, zone
from offkai_kit.errors import FailedPrecondition, InvalidArgument, PermissionDenied, Violations


def check_in_window(state: MeetupState) -> tuple[datetime, datetime]:
    d = state.details
    return d.start - d.check_in_opens_before, d.end


def check_in(state: MeetupState, c: CheckIn, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    by_organizer = may_organize(state, c.actor) or c.actor.is_privileged
    if c.actor.member_id != c.member_id and not by_organizer:
        raise PermissionDenied("a member may check in only themself")
    if not c.member_id:
        raise InvalidArgument.field("member_id", "required")
    if not by_organizer:
        # A missing or malformed code is the request's fault, whatever the meetup's state.
        if not c.code.strip():
            raise InvalidArgument.field("code", "required for self check-in")
        v = Violations()
        check_code(c.code, "code", v)
        v.raise_if_any()
    require_status(state, "checking in", MeetupStatus.PUBLISHED)
    if c.member_id in state.check_ins:
        return []

    opens, closes = check_in_window(state)
    if now < opens or (not by_organizer and now > closes):
        raise FailedPrecondition(
            f"check-in is open from {_local(state, opens)} to {_local(state, closes)}"
        )
    seat = state.active_rsvp_in_session(c.member_id, FrameSession.MAIN)
    seat = seat if seat is not None and seat.status is RsvpStatus.GOING else None
    if not by_organizer:
        if seat is None:
            raise FailedPrecondition(
                f"member '{c.member_id}' holds no seat at this meetup; an organizer can check them in"
            )
        # Constant-time: the code is a (small) secret.
        if not hmac.compare_digest(normalize_code(c.code).encode(), state.check_in_code.encode()):
            raise InvalidArgument.field("code", "does not match the meetup's check-in code")
    return [
        ev.AttendeeCheckedIn(
            meetup_id=state.meetup_id,
            member_id=c.member_id,
            frame_id=seat.frame_id if seat else "",
            method=ev.CHECK_IN_METHOD_ORGANIZER if by_organizer else ev.CHECK_IN_METHOD_SELF_CODE,
            checked_in_by=c.actor.member_id,
            checked_in_at=timestamp(now),
            meetup=meetup_summary(state),
        )
    ]


def _local(state: MeetupState, at: datetime) -> str:
    """A time as the attendees read it: in the meetup's own time zone."""
    tz = zone(state.details.timezone)
    return at.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z") if tz else at.isoformat()
