"""The fold: ``evolve(state, event) -> state`` for every meetup event.

Pure and total over the events in events.proto: an event type it does not
know is a programming error, not something to skip, because skipping would
make the state silently wrong. The fold never re-checks rules; events are
facts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType

from google.protobuf.message import Message

from offkai.events.v1 import events_pb2 as ev
from offkai_events.domain.payloads import (
    check_in_method_from_pb,
    details_from_pb,
    encoded_rsvp_details,
    frame_from_pb,
    instant,
)
from offkai_events.domain.state import (
    CheckIn,
    CheckInMethod,
    FrameState,
    MeetupState,
    MeetupStatus,
    Rsvp,
    RsvpStatus,
    put_rsvps,
    with_item,
)

Evolver = Callable[[MeetupState, Message], MeetupState]


def evolve(state: MeetupState, event: Message) -> MeetupState:
    try:
        apply = EVOLVERS[type(event)]
    except KeyError:
        raise TypeError(f"meetup aggregate cannot apply {type(event).__name__}") from None
    return apply(state, event)


# -- the meetup --------------------------------------------------------------


def _scheduled(state: MeetupState, e: ev.MeetupScheduled) -> MeetupState:
    at = instant(e, "scheduled_at")
    frames = {f.frame_id: FrameState(frame_from_pb(f)) for f in e.frames}
    return replace(
        state,
        meetup_id=e.meetup_id,
        status=MeetupStatus.DRAFT,
        details=details_from_pb(e.details),
        frames=MappingProxyType(frames),
        created_at=at,
        updated_at=at,
    )


def _code_issued(state: MeetupState, e: ev.CheckInCodeIssued) -> MeetupState:
    return replace(state, check_in_code=e.code)


def _published(state: MeetupState, e: ev.MeetupPublished) -> MeetupState:
    at = instant(e, "published_at")
    return replace(
        state, status=MeetupStatus.PUBLISHED, published_at=at, updated_at=at, sequence=e.sequence
    )


def _updated(state: MeetupState, e: ev.MeetupUpdated) -> MeetupState:
    changed = replace(
        state,
        details=details_from_pb(e.details),
        updated_at=instant(e, "updated_at"),
        sequence=e.sequence,
    )
    if "start" in e.changed_fields and not state.seat_confirmation_closed:
        # A moved meetup asks for confirmation again, timed from the new start;
        # seats confirmed already stay confirmed.
        changed = replace(changed, seat_confirmation_requested_at=None, seat_release_at=None)
    return changed


def _cancelled(state: MeetupState, e: ev.MeetupCancelled) -> MeetupState:
    return replace(
        state,
        status=MeetupStatus.CANCELLED,
        cancellation_reason=e.reason,
        updated_at=instant(e, "cancelled_at"),
        sequence=e.sequence,
    )


def _ended(state: MeetupState, e: ev.MeetupEnded) -> MeetupState:
    return replace(state, status=MeetupStatus.ENDED, ended_at=instant(e, "ended_at"))


def _no_show(state: MeetupState, e: ev.NoShowRecorded) -> MeetupState:
    # Derivable from the state (ended, seat held, no check-in): nothing to keep.
    return state


# -- frames ------------------------------------------------------------------


def _frame_added(state: MeetupState, e: ev.FrameAdded) -> MeetupState:
    frame = frame_from_pb(e.frame)
    return replace(state, frames=with_item(state.frames, frame.frame_id, FrameState(frame)))


def _capacity_changed(state: MeetupState, e: ev.FrameCapacityChanged) -> MeetupState:
    current = state.frames[e.frame_id]
    changed = replace(current, frame=replace(current.frame, capacity=e.capacity))
    return replace(state, frames=with_item(state.frames, e.frame_id, changed))


# -- RSVPs -------------------------------------------------------------------


def _put(state: MeetupState, *rsvps: Rsvp, **changes) -> MeetupState:
    """The state with these RSVPs in place (new or replacing), index kept."""
    changed, queues = put_rsvps(state, rsvps)
    return replace(state, rsvps=changed, queues=queues, **changes)


def _enqueue(state: MeetupState, e, status: RsvpStatus, at_field: str) -> MeetupState:
    """A new RSVP takes the next ticket: its place in the frame's queue."""
    rsvp = Rsvp(
        frame_id=e.frame_id,
        member_id=e.member_id,
        status=status,
        ticket=state.next_ticket,
        # Kept encoded: deciding never reads another member's details.
        details=encoded_rsvp_details(e.rsvp),
        # RSVPing once seat confirmation is open is itself a fresh confirmation.
        seat_confirmed=status is RsvpStatus.GOING and _confirmation_open(state),
        updated_at=instant(e, at_field),
    )
    return _put(state, rsvp, next_ticket=state.next_ticket + 1)


def _confirmation_open(state: MeetupState) -> bool:
    return state.seat_confirmation_requested_at is not None and not state.seat_confirmation_closed


def _change(state: MeetupState, e, at_field: str, **changes) -> MeetupState:
    current = state.rsvps[(e.frame_id, e.member_id)]
    return _put(state, replace(current, updated_at=instant(e, at_field), **changes))


def _entered(state: MeetupState, e: ev.LotteryEntered) -> MeetupState:
    return _enqueue(state, e, RsvpStatus.APPLIED, "entered_at")


def _confirmed(state: MeetupState, e: ev.RsvpConfirmed) -> MeetupState:
    return _enqueue(state, e, RsvpStatus.GOING, "confirmed_at")


def _waitlisted(state: MeetupState, e: ev.RsvpWaitlisted) -> MeetupState:
    return _enqueue(state, e, RsvpStatus.WAITLISTED, "waitlisted_at")


def _details_changed(state: MeetupState, e: ev.RsvpDetailsChanged) -> MeetupState:
    return _change(state, e, "changed_at", details=encoded_rsvp_details(e.rsvp))


def _rsvp_cancelled(state: MeetupState, e: ev.RsvpCancelled) -> MeetupState:
    return _change(state, e, "cancelled_at", status=RsvpStatus.CANCELLED)


def _promoted(state: MeetupState, e: ev.WaitlistPromoted) -> MeetupState:
    return _change(state, e, "promoted_at", status=RsvpStatus.GOING, seat_confirmed=False)


def _drawn(state: MeetupState, e: ev.LotteryDrawn) -> MeetupState:
    at = instant(e, "drawn_at")
    rsvps = state.rsvps
    confirmed = _confirmation_open(state)
    changed = [
        replace(rsvps[(e.frame_id, member_id)], status=RsvpStatus.GOING, seat_confirmed=confirmed, updated_at=at)
        for member_id in e.winner_ids
    ]
    # Losers queue in draw order: their new tickets are the waitlist order.
    changed += [
        replace(
            rsvps[(e.frame_id, member_id)],
            status=RsvpStatus.WAITLISTED,
            ticket=state.next_ticket + offset,
            updated_at=at,
        )
        for offset, member_id in enumerate(e.waitlisted_ids)
    ]
    frame = replace(state.frames[e.frame_id], drawn=True, lottery_seed=e.seed)
    return _put(
        state,
        *changed,
        frames=with_item(state.frames, e.frame_id, frame),
        next_ticket=state.next_ticket + len(e.waitlisted_ids),
    )


# -- seat confirmation -------------------------------------------------------


def _confirmation_requested(state: MeetupState, e: ev.SeatConfirmationRequested) -> MeetupState:
    return replace(
        state,
        seat_confirmation_requested_at=instant(e, "requested_at"),
        seat_release_at=instant(e, "release_at"),
    )


def _seat_confirmed(state: MeetupState, e: ev.SeatConfirmed) -> MeetupState:
    return _change(state, e, "confirmed_at", seat_confirmed=True)


def _seat_released(state: MeetupState, e: ev.SeatReleased) -> MeetupState:
    return _change(state, e, "released_at", status=RsvpStatus.CANCELLED)


def _confirmation_closed(state: MeetupState, e: ev.SeatConfirmationClosed) -> MeetupState:
    return replace(state, seat_confirmation_closed=True)


# -- check-in ----------------------------------------------------------------


def _checked_in(state: MeetupState, e: ev.AttendeeCheckedIn) -> MeetupState:
    method = check_in_method_from_pb(e.method) or CheckInMethod.ORGANIZER
    check_in = CheckIn(e.member_id, e.frame_id, method, instant(e, "checked_in_at"))
    return replace(state, check_ins=with_item(state.check_ins, e.member_id, check_in))


EVOLVERS: dict[type[Message], Evolver] = {
    ev.MeetupScheduled: _scheduled,
    ev.CheckInCodeIssued: _code_issued,
    ev.MeetupPublished: _published,
    ev.MeetupUpdated: _updated,
    ev.MeetupCancelled: _cancelled,
    ev.MeetupEnded: _ended,
    ev.NoShowRecorded: _no_show,
    ev.FrameAdded: _frame_added,
    ev.FrameCapacityChanged: _capacity_changed,
    ev.LotteryEntered: _entered,
    ev.RsvpConfirmed: _confirmed,
    ev.RsvpWaitlisted: _waitlisted,
    ev.RsvpDetailsChanged: _details_changed,
    ev.RsvpCancelled: _rsvp_cancelled,
    ev.WaitlistPromoted: _promoted,
    ev.LotteryDrawn: _drawn,
    ev.SeatConfirmationRequested: _confirmation_requested,
    ev.SeatConfirmed: _seat_confirmed,
    ev.SeatReleased: _seat_released,
    ev.SeatConfirmationClosed: _confirmation_closed,
    ev.AttendeeCheckedIn: _checked_in,
}
