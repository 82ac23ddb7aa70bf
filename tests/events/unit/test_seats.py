"""Seat confirmation: the timed request, confirm, release, and the timed
auto-release of unconfirmed seats."""

from __future__ import annotations

from datetime import timedelta

import pytest

from offkai.events.v1 import events_pb2 as ev
from offkai_events.domain import commands as c
from offkai_events.domain.model import EntryRules, SeatConfirmationPolicy
from offkai_events.domain.payloads import instant
from offkai_events.domain.state import RsvpStatus
from offkai_events.domain.timed_steps import SCHEDULER
from offkai_kit.errors import FailedPrecondition, NotFound, PermissionDenied
from tests.events.unit.support import (
    MEETUP_ID,
    ORGANIZER,
    START,
    details,
    frame,
    going,
    member,
    names,
    published,
    run,
    venue,
    waitlist,
    with_rsvps,
)

OPENS = START - timedelta(days=3)
DEADLINE = START - timedelta(days=1)
REQUEST = c.RequestSeatConfirmation(actor=SCHEDULER, meetup_id=MEETUP_ID)
RELEASE = c.ReleaseUnconfirmedSeats(actor=SCHEDULER, meetup_id=MEETUP_ID)


def seats(member_id: str, actor=None, kind=c.ConfirmSeat):
    return kind(actor=actor or member(member_id), meetup_id=MEETUP_ID, frame_id="in-person", member_id=member_id)


def meetup(auto_release: bool = True, capacity: int = 2):
    policy = SeatConfirmationPolicy(timedelta(days=3), timedelta(days=1) if auto_release else None)
    return with_rsvps(published([frame(capacity=capacity)], seat_confirmation=policy), "m-1", "m-2", "m-3", "m-4")


def test_the_request_asks_every_seat_holder_and_names_the_deadline():
    state, (requested,) = run(meetup(), REQUEST, now=OPENS)
    assert isinstance(requested, ev.SeatConfirmationRequested)
    assert list(requested.member_ids) == ["m-1", "m-2"]
    assert instant(requested, "release_at") == DEADLINE
    assert state.seat_confirmation_requested_at == OPENS
    assert run(state, REQUEST, now=OPENS + timedelta(hours=1))[1] == []


def test_no_request_before_its_time_nor_without_a_policy():
    with pytest.raises(FailedPrecondition):
        run(meetup(), REQUEST, now=OPENS - timedelta(seconds=1))
    assert run(with_rsvps(published(), "m-1"), REQUEST, now=OPENS)[1] == []


def test_a_late_request_releases_nothing_automatically():
    _, (requested,) = run(meetup(), REQUEST, now=DEADLINE + timedelta(minutes=5))
    assert not requested.HasField("release_at")


def test_confirming_is_for_seat_holders_and_harmless_twice():
    state, _ = run(meetup(), REQUEST, now=OPENS)
    state, (confirmed,) = run(state, seats("m-1"), now=OPENS)
    assert isinstance(confirmed, ev.SeatConfirmed)
    assert run(state, seats("m-1"), now=OPENS)[1] == []
    with pytest.raises(FailedPrecondition, match="waitlisted"):
        run(state, seats("m-3"), now=OPENS)
    with pytest.raises(PermissionDenied):
        run(state, seats("m-2", actor=member("m-1")), now=OPENS)
    with pytest.raises(NotFound):
        run(state, seats("m-9"), now=OPENS)


def test_releasing_a_seat_promotes_the_waitlist():
    state, _ = run(meetup(), REQUEST, now=OPENS)
    state, events = run(state, seats("m-1", kind=c.ReleaseSeat), now=OPENS)
    assert names(events) == ["SeatReleased", "WaitlistPromoted"]
    released, promoted = events
    assert released.reason == ev.SEAT_RELEASE_REASON_RELEASED
    assert promoted.member_id == "m-3" and promoted.cause == ev.PROMOTION_CAUSE_SEAT_RELEASED
    # Promoted while confirmation is open: they must confirm by the deadline too.
    assert instant(promoted, "confirm_by") == DEADLINE
    assert state.rsvp("in-person", "m-1").status is RsvpStatus.CANCELLED
    assert going(state) == ["m-2", "m-3"]
    assert run(state, seats("m-1", kind=c.ReleaseSeat), now=OPENS)[1] == []


def test_the_deadline_releases_unconfirmed_seats_to_the_waitlist_once():
    state, _ = run(meetup(), REQUEST, now=OPENS)
    state, _ = run(state, seats("m-2"), now=OPENS)
    state, events = run(state, RELEASE, now=DEADLINE)
    assert names(events) == ["SeatReleased", "WaitlistPromoted", "SeatConfirmationClosed"]
    assert events[0].member_id == "m-1" and events[0].reason == ev.SEAT_RELEASE_REASON_UNCONFIRMED
    assert events[1].member_id == "m-3" and not events[1].HasField("confirm_by")
    assert events[2].released_count == 1
    assert going(state) == ["m-2", "m-3"] and waitlist(state) == ["m-4"]
    assert run(state, RELEASE, now=DEADLINE + timedelta(hours=1))[1] == []


def test_a_deadline_with_everyone_confirmed_still_closes():
    state, _ = run(meetup(), REQUEST, now=OPENS)
    for m in ("m-1", "m-2"):
        state, _ = run(state, seats(m), now=OPENS)
    state, events = run(state, RELEASE, now=DEADLINE)
    assert names(events) == ["SeatConfirmationClosed"]
    assert state.seat_confirmation_closed


def test_no_auto_release_without_it_in_the_policy_or_before_the_deadline():
    state, _ = run(meetup(auto_release=False), REQUEST, now=OPENS)
    assert run(state, RELEASE, now=DEADLINE)[1] == []
    state, _ = run(meetup(), REQUEST, now=OPENS)
    with pytest.raises(FailedPrecondition):
        run(state, RELEASE, now=DEADLINE - timedelta(seconds=1))


def test_organizers_may_release_for_a_member():
    state, events = run(meetup(), seats("m-1", actor=ORGANIZER, kind=c.ReleaseSeat))
    assert names(events) == ["SeatReleased", "WaitlistPromoted"]


def test_moving_the_meetup_asks_again_from_the_new_start():
    state, _ = run(meetup(), REQUEST, now=OPENS)
    state, _ = run(state, seats("m-1"), now=OPENS)
    later = START + timedelta(days=7)
    moved = details(start=later, end=later + timedelta(hours=3), seat_confirmation=state.details.seat_confirmation,
                    venue=venue(entry_rules=EntryRules()))
    state, _ = run(state, c.UpdateMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, details=moved), now=OPENS)
    assert state.seat_release_at is None
    assert run(state, RELEASE, now=DEADLINE)[1] == []
    with pytest.raises(FailedPrecondition):
        run(state, REQUEST, now=OPENS)
    state, (requested,) = run(state, REQUEST, now=later - timedelta(days=3))
    assert list(requested.member_ids) == ["m-2"]
    assert instant(requested, "release_at") == later - timedelta(days=1)
