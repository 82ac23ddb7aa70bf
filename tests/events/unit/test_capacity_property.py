"""Property: under any sequence of RSVPs, cancellations, seat releases,
capacity changes and check-ins, no frame ever holds more seats than its
capacity and the waitlist is always promoted in order.

The domain is run against a deliberately plain reference model (lists per
frame); after every command the seats, the waitlist order and the events
decided must agree with it. Refused commands must leave the state as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from offkai_events.domain import MEETUP
from offkai_events.domain import commands as c
from offkai_events.domain.decide import decide
from offkai_events.domain.snapshot_codec import restore, snapshot
from offkai_events.domain.state import RsvpStatus
from offkai_kit.errors import OffkaiError
from tests.events.unit.support import (
    CODE,
    MEETUP_ID,
    ORGANIZER,
    START,
    frame,
    member,
    published,
    rsvp_details,
)

FRAMES = {"a": True, "b": False}  # frame id -> waitlist enabled
MEMBERS = [f"m-{i}" for i in range(8)]
NOW = START - timedelta(hours=1)


@dataclass
class Model:
    capacity: dict[str, int] = field(default_factory=lambda: {"a": 2, "b": 1})
    going: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in FRAMES})
    waitlist: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in FRAMES})
    ever: set[tuple[str, str]] = field(default_factory=set)
    checked_in: set[str] = field(default_factory=set)

    def holds_any(self, m: str) -> bool:
        return any(m in self.going[f] or m in self.waitlist[f] for f in FRAMES)

    def promote(self, f: str, seats: int) -> list[str]:
        count = max(0, min(seats, self.capacity[f] - len(self.going[f]), len(self.waitlist[f])))
        promoted, self.waitlist[f] = self.waitlist[f][:count], self.waitlist[f][count:]
        self.going[f] += promoted
        return promoted

    def apply(self, op) -> list[tuple[str, str]] | None:
        """The events (type, member) the op should decide; None if refused."""
        kind, m, f, n, flag = op
        if kind == "rsvp":
            if self.holds_any(m):
                return None
            if len(self.going[f]) < self.capacity[f]:
                self.going[f].append(m)
                self.ever.add((f, m))
                return [("RsvpConfirmed", m)]
            if FRAMES[f]:
                self.waitlist[f].append(m)
                self.ever.add((f, m))
                return [("RsvpWaitlisted", m)]
            return None
        if kind in ("cancel", "release"):
            if (f, m) not in self.ever:
                return None
            if m in self.going[f]:
                self.going[f].remove(m)
                first = "RsvpCancelled" if kind == "cancel" else "SeatReleased"
                return [(first, m)] + [("WaitlistPromoted", p) for p in self.promote(f, 1)]
            if m in self.waitlist[f]:
                if kind == "release":
                    return None
                self.waitlist[f].remove(m)
                return [("RsvpCancelled", m)]
            return []
        if kind == "capacity":
            if n < len(self.going[f]):
                return None
            old, self.capacity[f] = self.capacity[f], n
            if n == old:
                return []
            promoted = self.promote(f, n - old) if flag and n > old else []
            return [("FrameCapacityChanged", "")] + [("WaitlistPromoted", p) for p in promoted]
        if kind == "check_in":
            if m in self.checked_in:
                return []
            holds_seat = any(m in self.going[g] for g in FRAMES)
            if not flag and not holds_seat:  # self check-in needs a seat
                return None
            self.checked_in.add(m)
            return [("AttendeeCheckedIn", m)]
        raise AssertionError(kind)


def command(op):
    kind, m, f, n, flag = op
    if kind == "rsvp":
        return c.RsvpToFrame(actor=member(m), meetup_id=MEETUP_ID, frame_id=f, member_id=m, details=rsvp_details())
    if kind == "cancel":
        return c.CancelRsvp(actor=ORGANIZER if flag else member(m), meetup_id=MEETUP_ID, frame_id=f, member_id=m)
    if kind == "release":
        return c.ReleaseSeat(actor=member(m), meetup_id=MEETUP_ID, frame_id=f, member_id=m)
    if kind == "capacity":
        return c.ChangeFrameCapacity(actor=ORGANIZER, meetup_id=MEETUP_ID, frame_id=f, capacity=n, promote_waitlist=flag)
    return c.CheckIn(actor=ORGANIZER if flag else member(m), meetup_id=MEETUP_ID, member_id=m, code="" if flag else CODE)


ops = st.tuples(
    st.sampled_from(["rsvp", "rsvp", "rsvp", "cancel", "release", "capacity", "check_in"]),
    st.sampled_from(MEMBERS),
    st.sampled_from(sorted(FRAMES)),
    st.integers(min_value=0, max_value=5),
    st.booleans(),
)


def member_of(event) -> str:
    return getattr(event, "member_id", "")


@settings(max_examples=200, deadline=None)
@given(st.lists(ops, max_size=40))
def test_capacity_is_never_exceeded_and_the_waitlist_moves_in_order(operations):
    state = published([frame("a", 2, waitlist_enabled=True), frame("b", 1, waitlist_enabled=False)])
    model = Model()
    log = []
    for op in operations:
        expected = model.apply(op)
        try:
            events = decide(state, command(op), NOW)
        except OffkaiError:
            assert expected is None, f"{op} was refused but the model accepts it"
            continue
        assert expected is not None, f"{op} was accepted but the model refuses it"
        assert [(type(e).__name__, member_of(e)) for e in events] == expected
        state = MEETUP.fold(state, events)
        log += events
        for f in FRAMES:
            seats = state.rsvps_in(f, RsvpStatus.GOING)
            assert len(seats) <= state.frames[f].frame.capacity
            assert sorted(r.member_id for r in seats) == sorted(model.going[f])
            assert [r.member_id for r in state.rsvps_in(f, RsvpStatus.WAITLISTED)] == model.waitlist[f]
        assert set(state.check_ins) == model.checked_in
    # The live state is what the stream replays to, and what a snapshot restores.
    opening = published([frame("a", 2, waitlist_enabled=True), frame("b", 1, waitlist_enabled=False)])
    assert MEETUP.fold(opening, log) == state
    assert restore(snapshot(state)) == state


def test_the_reference_model_promotes_like_the_issue_says():
    model = Model()
    for m in ("m-0", "m-1", "m-2", "m-3"):
        model.apply(("rsvp", m, "a", 0, False))
    assert model.apply(("cancel", "m-0", "a", 0, False)) == [("RsvpCancelled", "m-0"), ("WaitlistPromoted", "m-2")]
    assert model.going["a"] == ["m-1", "m-2"] and model.waitlist["a"] == ["m-3"]
