"""Deciding RSVPs: taking a seat, a waitlist place or a lottery entry;
changing what one told; withdrawing (which promotes the waitlist)."""

from __future__ import annotations

from datetime import datetime

from offkai.events.v1 import events_pb2 as ev
from offkai_events.domain.commands import CancelRsvp, RsvpToFrame, UpdateRsvp
from offkai_events.domain.evolve import evolve
from offkai_events.domain.guards import (
    existing,
    frame_of,
    require_self_or_organizer,
    require_status,
)
from offkai_events.domain.payloads import meetup_summary, rsvp_details_to_pb, rsvp_status_to_pb, timestamp
from offkai_events.domain.state import MeetupState, MeetupStatus, Rsvp, RsvpStatus
from offkai_events.domain.validate import check_rsvp_details
from offkai_events.domain.waitlist import promote_waitlist
from offkai_kit.decider import fold
from offkai_kit.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    NotFound,
    Violations,
)


def _check_request(state: MeetupState, c, v: Violations) -> None:
    v.check(bool(c.member_id), "member_id", "required")
    v.check(bool(c.frame_id), "frame_id", "required")
    check_rsvp_details(c.details, state.details, v)
    v.raise_if_any()


def rsvp_to_frame(state: MeetupState, c: RsvpToFrame, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    # As yourself only: not even organizers RSVP for others; admins may.
    c.actor.require_self_or_privileged(c.member_id, "RSVP")
    _check_request(state, c, Violations())
    fs = frame_of(state, c.frame_id)
    frame = fs.frame
    require_status(state, "an RSVP", MeetupStatus.PUBLISHED)
    if now >= state.details.end:
        raise FailedPrecondition("the meetup is over; RSVPs closed at its end")
    mine = state.rsvp(c.frame_id, c.member_id)
    if mine is not None and mine.active:
        raise AlreadyExists(f"member '{c.member_id}' is {mine.status.value} in frame '{c.frame_id}' already")
    other = state.active_rsvp_in_session(c.member_id, frame.session)
    if other is not None:
        raise FailedPrecondition(
            f"member '{c.member_id}' is {other.status.value} in frame '{other.frame_id}' of the"
            f" same session; cancel that RSVP first",
            [FieldViolation("frame_id", f"one RSVP per session; '{other.frame_id}' is held")],
        )

    common = dict(
        meetup_id=state.meetup_id,
        frame_id=c.frame_id,
        frame_name=frame.name,
        member_id=c.member_id,
        rsvp=rsvp_details_to_pb(c.details),
        meetup=meetup_summary(state),
    )
    if frame.is_lottery and not fs.drawn:
        if now >= frame.draw_at:
            raise FailedPrecondition(
                f"applications to lottery frame '{c.frame_id}' closed at its draw time; the draw is pending"
            )
        return [ev.LotteryEntered(entered_at=timestamp(now), draw_at=timestamp(frame.draw_at), **common)]
    if state.free_seats(c.frame_id) > 0:
        return [ev.RsvpConfirmed(confirmed_at=timestamp(now), **common)]
    if frame.waitlist_enabled:
        position = len(state.queue(c.frame_id, RsvpStatus.WAITLISTED)) + 1
        return [ev.RsvpWaitlisted(waitlisted_at=timestamp(now), position=position, **common)]
    message = f"frame '{c.frame_id}' is full and has no waitlist"
    raise FailedPrecondition(message, [FieldViolation("frame_id", message)])


def _held(state: MeetupState, frame_id: str, member_id: str) -> Rsvp:
    rsvp = state.rsvp(frame_id, member_id)
    if rsvp is None:
        raise NotFound(f"member '{member_id}' has no RSVP in frame '{frame_id}'")
    return rsvp


def update_rsvp(state: MeetupState, c: UpdateRsvp, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    c.actor.require_self_or_privileged(c.member_id, "change an RSVP")
    _check_request(state, c, Violations())
    frame_of(state, c.frame_id)
    rsvp = _held(state, c.frame_id, c.member_id)
    require_status(state, "changing an RSVP", MeetupStatus.PUBLISHED)
    if not rsvp.active:
        raise FailedPrecondition(f"the RSVP of member '{c.member_id}' in frame '{c.frame_id}' is cancelled")
    if rsvp.details == c.details:
        return []
    return [
        ev.RsvpDetailsChanged(
            meetup_id=state.meetup_id,
            frame_id=c.frame_id,
            member_id=c.member_id,
            rsvp=rsvp_details_to_pb(c.details),
            changed_at=timestamp(now),
        )
    ]


def cancel_rsvp(state: MeetupState, c: CancelRsvp, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    require_self_or_organizer(state, c.actor, c.member_id, "cancel an RSVP")
    frame = frame_of(state, c.frame_id).frame
    rsvp = _held(state, c.frame_id, c.member_id)
    if not rsvp.active:
        return []
    require_status(state, "cancelling an RSVP", MeetupStatus.PUBLISHED)
    events = [
        ev.RsvpCancelled(
            meetup_id=state.meetup_id,
            frame_id=c.frame_id,
            frame_name=frame.name,
            member_id=c.member_id,
            previous_status=rsvp_status_to_pb(rsvp.status),
            cancelled_by=c.actor.member_id,
            cancelled_at=timestamp(now),
            meetup=meetup_summary(state),
        )
    ]
    if rsvp.status is RsvpStatus.GOING:
        after = fold(evolve, state, events)
        events += promote_waitlist(after, c.frame_id, 1, ev.PROMOTION_CAUSE_RSVP_CANCELLED, now)
    return events
