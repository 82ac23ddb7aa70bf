"""Participation frame rules: adding frames and changing capacity (promote
or keep the waitlist, never below the seats taken)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from offkai.events.v1 import events_pb2 as ev
from offkai_events.domain import commands as c
from offkai_kit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, PermissionDenied
from tests.events.unit.support import (
    MEETUP_ID,
    NOW,
    ORGANIZER,
    fields_of,
    frame,
    going,
    lottery,
    member,
    names,
    published,
    rsvp,
    run,
    waitlist,
    with_rsvps,
)


def capacity(value: int, promote: bool = True, actor=ORGANIZER) -> c.ChangeFrameCapacity:
    return c.ChangeFrameCapacity(
        actor=actor, meetup_id=MEETUP_ID, frame_id="in-person", capacity=value, promote_waitlist=promote
    )


def test_organizers_add_frames():
    state, (added,) = run(published(), c.AddFrame(actor=ORGANIZER, meetup_id=MEETUP_ID, frame=frame("students", 5)))
    assert isinstance(added, ev.FrameAdded)
    assert list(state.frames) == ["in-person", "students"]
    state, _ = run(state, rsvp("m-1", "students"))
    assert going(state, "students") == ["m-1"]


def test_added_frames_are_validated_and_unique():
    add = lambda f: c.AddFrame(actor=ORGANIZER, meetup_id=MEETUP_ID, frame=f)  # noqa: E731
    with pytest.raises(InvalidArgument) as raised:
        run(published(), add(frame("students", -1)))
    assert fields_of(raised.value) == {"frame.capacity": "must not be negative"}
    with pytest.raises(InvalidArgument) as raised:
        run(published(), add(lottery(draw_at=NOW - timedelta(minutes=1))))
    assert fields_of(raised.value) == {"frame.draw_at": "must be in the future"}
    with pytest.raises(AlreadyExists):
        run(published(), add(frame()))
    with pytest.raises(PermissionDenied):
        run(published(), c.AddFrame(actor=member("m-1"), meetup_id=MEETUP_ID, frame=frame("mine")))


def test_more_seats_promote_the_waitlist_in_order():
    state = with_rsvps(published([frame(capacity=1)]), "m-1", "m-2", "m-3", "m-4")
    state, events = run(state, capacity(3))
    assert names(events) == ["FrameCapacityChanged", "WaitlistPromoted", "WaitlistPromoted"]
    assert [e.member_id for e in events[1:]] == ["m-2", "m-3"]
    assert {e.cause for e in events[1:]} == {ev.PROMOTION_CAUSE_CAPACITY_INCREASED}
    assert going(state) == ["m-1", "m-2", "m-3"] and waitlist(state) == ["m-4"]


def test_keeping_the_list_leaves_added_seats_to_new_rsvps():
    state = with_rsvps(published([frame(capacity=1)]), "m-1", "m-2")
    state, events = run(state, capacity(2, promote=False))
    assert names(events) == ["FrameCapacityChanged"] and not events[0].promote_waitlist
    assert waitlist(state) == ["m-2"]
    state, (confirmed,) = run(state, rsvp("m-3"))
    assert isinstance(confirmed, ev.RsvpConfirmed)
    # The waitlist keeps its order for the next freed seat.
    state, events = run(state, c.CancelRsvp(actor=member("m-1"), meetup_id=MEETUP_ID, frame_id="in-person", member_id="m-1"))
    assert events[-1].member_id == "m-2"


def test_capacity_never_drops_below_the_seats_taken():
    state = with_rsvps(published([frame(capacity=3)]), "m-1", "m-2")
    with pytest.raises(FailedPrecondition) as raised:
        run(state, capacity(1))
    assert fields_of(raised.value) == {
        "capacity": "2 members hold seats in frame 'in-person'; its capacity cannot drop below 2"
    }
    state, (changed,) = run(state, capacity(2))
    assert (changed.previous_capacity, changed.capacity) == (3, 2)


def test_negative_or_unchanged_capacity():
    with pytest.raises(InvalidArgument) as raised:
        run(published(), capacity(-1))
    assert fields_of(raised.value) == {"capacity": "must not be negative"}
    assert run(published(), capacity(2))[1] == []
