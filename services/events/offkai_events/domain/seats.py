"""Deciding seat confirmation: asking seat holders to confirm (a timed step),
confirming, releasing, and releasing the unconfirmed at the deadline (a
timed step)."""

from __future__ import annotations

from datetime import datetime

from offkai.events.v1 import events_pb2 as ev
from offkai_events.domain.commands import (
    ConfirmSeat,
    ReleaseSeat,
    ReleaseUnconfirmedSeats,
    RequestSeatConfirmation,
)
from offkai_events.domain.evolve import evolve
from offkai_events.domain.guards import (
    existing,
    frame_of,
    require_self_or_organizer,
    require_status,
    require_step_runner,
)
from offkai_events.domain.payloads import meetup_summary, timestamp
from offkai_events.domain.state import MeetupState, MeetupStatus, Rsvp, RsvpStatus
from offkai_events.domain.waitlist import promote_waitlist
from offkai_kit.decider import fold
from offkai_kit.errors import FailedPrecondition, NotFound


def confirmation_opens_at(state: MeetupState) -> datetime | None:
    policy = state.details.seat_confirmation
    return None if policy is None else state.details.start - policy.opens_before


def _unconfirmed(state: MeetupState) -> list[Rsvp]:
    """Seats not confirmed yet, in frame order then queue order."""
    return [r for frame_id in state.frames for r in state.rsvps_in(frame_id, RsvpStatus.GOING) if not r.seat_confirmed]


def request_confirmation(state: MeetupState, c: RequestSeatConfirmation, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    require_step_runner(state, c.actor, "ask for seat confirmation")
    opens_at = confirmation_opens_at(state)
    done = state.seat_confirmation_requested_at is not None
    # No policy, asked already, or no longer meaningful: nothing to decide.
    if opens_at is None or done or state.status is not MeetupStatus.PUBLISHED or now >= state.details.start:
        return []
    if now < opens_at:
        raise FailedPrecondition("seat confirmation opens later")
    policy = state.details.seat_confirmation
    release_at = None
    if policy.auto_release_before is not None:
        deadline = state.details.start - policy.auto_release_before
        # Asked after the deadline (e.g. the service was down): releasing at
        # once would give nobody a chance to confirm, so release nothing.
        release_at = deadline if now < deadline else None
    return [
        ev.SeatConfirmationRequested(
            meetup_id=state.meetup_id,
            member_ids=sorted({r.member_id for r in _unconfirmed(state)}),
            requested_at=timestamp(now),
            release_at=timestamp(release_at),
            meetup=meetup_summary(state),
        )
    ]


def _seat(state: MeetupState, c) -> Rsvp:
    frame_of(state, c.frame_id)
    rsvp = state.rsvp(c.frame_id, c.member_id)
    if rsvp is None:
        raise NotFound(f"member '{c.member_id}' has no RSVP in frame '{c.frame_id}'")
    return rsvp


def _require_going(rsvp: Rsvp, what: str) -> None:
    if rsvp.status is not RsvpStatus.GOING:
        raise FailedPrecondition(
            f"only a member holding a seat can {what}; member '{rsvp.member_id}' is"
            f" {rsvp.status.value} in frame '{rsvp.frame_id}'"
        )


def confirm_seat(state: MeetupState, c: ConfirmSeat, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    require_self_or_organizer(state, c.actor, c.member_id, "confirm a seat")
    rsvp = _seat(state, c)
    require_status(state, "confirming a seat", MeetupStatus.PUBLISHED)
    _require_going(rsvp, "confirm it")
    if rsvp.seat_confirmed:
        return []
    return [
        ev.SeatConfirmed(
            meetup_id=state.meetup_id,
            frame_id=c.frame_id,
            member_id=c.member_id,
            confirmed_at=timestamp(now),
        )
    ]


def release_seat(state: MeetupState, c: ReleaseSeat, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    require_self_or_organizer(state, c.actor, c.member_id, "release a seat")
    rsvp = _seat(state, c)
    if rsvp.status is RsvpStatus.CANCELLED:
        return []
    require_status(state, "releasing a seat", MeetupStatus.PUBLISHED)
    _require_going(rsvp, "release it")
    events = [_released(state, rsvp, ev.SEAT_RELEASE_REASON_RELEASED, now)]
    after = fold(evolve, state, events)
    return events + promote_waitlist(after, c.frame_id, 1, ev.PROMOTION_CAUSE_SEAT_RELEASED, now)


def release_unconfirmed(state: MeetupState, c: ReleaseUnconfirmedSeats, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    require_step_runner(state, c.actor, "release unconfirmed seats")
    release_at = state.seat_release_at
    pending = (
        state.status is MeetupStatus.PUBLISHED
        and release_at is not None
        and not state.seat_confirmation_closed
    )
    if not pending:
        return []
    if now < release_at:
        raise FailedPrecondition("unconfirmed seats are released at the deadline, not before")
    released = _unconfirmed(state)
    events: list = [_released(state, r, ev.SEAT_RELEASE_REASON_UNCONFIRMED, now) for r in released]
    after = fold(evolve, state, events)
    freed: dict[str, int] = {}
    for r in released:
        freed[r.frame_id] = freed.get(r.frame_id, 0) + 1
    for frame_id, seats in freed.items():
        events += promote_waitlist(after, frame_id, seats, ev.PROMOTION_CAUSE_SEAT_RELEASED, now)
    events.append(
        ev.SeatConfirmationClosed(
            meetup_id=state.meetup_id, released_count=len(released), closed_at=timestamp(now)
        )
    )
    return events


def _released(state: MeetupState, rsvp: Rsvp, reason: int, now: datetime) -> ev.SeatReleased:
    return ev.SeatReleased(
        meetup_id=state.meetup_id,
        frame_id=rsvp.frame_id,
        frame_name=state.frames[rsvp.frame_id].frame.name,
        member_id=rsvp.member_id,
        reason=reason,
        released_at=timestamp(now),
        meetup=meetup_summary(state),
    )
