"""Property: the RSVP index the fold keeps (per frame queues in ticket order,
going counts, per member active RSVPs) always equals what a scan of every RSVP
computes — after any sequence of RSVP events, after a snapshot's round trip,
and in every earlier state a caller may still hold (the fold shares structure
between states, so it must never change one it made before).

The events are facts the fold must take whatever decide would have said, so
the sequences here include ones decide never produces (an RSVP replacing an
active one, a draw naming anyone who applied)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from offkai.events.v1 import events_pb2 as ev
from offkai_events.domain import MEETUP
from offkai_events.domain.model import FrameSession
from offkai_events.domain.payloads import rsvp_details_to_pb, timestamp
from offkai_events.domain.snapshot_codec import restore, snapshot
from offkai_events.domain.state import MeetupState, RsvpStatus, index_of
from tests.events.unit.support import MEETUP_ID, NOW, after_party, frame, lottery, published, rsvp_details

FRAMES = ("a", "b", "lot", "party")
MEMBERS = tuple(f"m-{i}" for i in range(6))
QUEUED = (RsvpStatus.GOING, RsvpStatus.WAITLISTED, RsvpStatus.APPLIED)
AT = timestamp(NOW)


def start() -> MeetupState:
    return published([
        frame("a", capacity=2),
        frame("b", capacity=1),
        lottery("lot", capacity=2),
        frame("party", capacity=3, session=FrameSession.AFTER_PARTY),
    ], after_party=after_party())


def scanned(state: MeetupState) -> dict:
    """Everything the index answers, computed by walking every RSVP."""
    queues = {
        (f, s): [r.member_id for r in sorted(state.rsvps.values(), key=lambda r: r.ticket)
                 if r.frame_id == f and r.status is s]
        for f in FRAMES for s in QUEUED
    }
    active = {}
    for r in state.rsvps.values():
        if r.status is not RsvpStatus.CANCELLED:
            active.setdefault(r.member_id, set()).add(r.frame_id)
    return {
        "queues": queues,
        "going": {f: len(queues[(f, RsvpStatus.GOING)]) for f in FRAMES},
        "active": {m: sorted(fs) for m, fs in active.items()},
        "members": sorted(active),
        "positions": {
            (f, m): (queues[(f, RsvpStatus.WAITLISTED)].index(m) + 1
                     if m in queues[(f, RsvpStatus.WAITLISTED)] else 0)
            for f in FRAMES for m in MEMBERS
        },
    }


def indexed(state: MeetupState) -> dict:
    """The same answers, from the index."""
    queues = {(f, s): [r.member_id for r in state.rsvps_in(f, s)] for f in FRAMES for s in QUEUED}
    assert queues == {(f, s): list(state.queue(f, s)) for f in FRAMES for s in QUEUED}
    active = {m: sorted(r.frame_id for r in state.active_rsvps_of(m)) for m in MEMBERS}
    for m in MEMBERS:
        for session in FrameSession:
            found = state.active_rsvp_in_session(m, session)
            expected = [f for f in active[m] if state.frames[f].frame.session is session]
            assert (found.frame_id if found else None) == (expected[0] if expected else None)
    return {
        "queues": queues,
        "going": {f: state.going_count(f) for f in FRAMES},
        "active": {m: fs for m, fs in active.items() if fs},
        "members": state.active_member_ids(),
        "positions": {(f, m): state.waitlist_position(f, m) for f in FRAMES for m in MEMBERS},
    }


def _enqueue(kind, f, m, details):
    rsvp = rsvp_details_to_pb(details)
    common = dict(meetup_id=MEETUP_ID, frame_id=f, member_id=m, rsvp=rsvp)
    if kind == "confirmed":
        return ev.RsvpConfirmed(confirmed_at=AT, **common)
    if kind == "waitlisted":
        return ev.RsvpWaitlisted(waitlisted_at=AT, position=1, **common)
    return ev.LotteryEntered(entered_at=AT, **common)


def event_for(state: MeetupState, op):
    """Turn a drawn op into an event the fold can apply to ``state``."""
    kind, f, m, n, pick = op
    key_exists = state.rsvp(f, m) is not None
    common = dict(meetup_id=MEETUP_ID, frame_id=f, member_id=m)
    if kind in ("confirmed", "waitlisted", "entered"):
        return _enqueue(kind, f, m, rsvp_details(introduction=replace(rsvp_details().introduction, hobbies=f"h{n}")))
    if kind == "capacity":
        return ev.FrameCapacityChanged(meetup_id=MEETUP_ID, frame_id=f, capacity=n)
    if kind == "drawn":
        if state.frames[f].drawn:
            return None
        applied = list(state.queue(f, RsvpStatus.APPLIED))
        chosen = [a for i, a in enumerate(applied) if pick[i % len(pick)]] if applied else []
        winners = chosen[:n]
        losers = [a for a in applied if a not in winners]
        return ev.LotteryDrawn(meetup_id=MEETUP_ID, frame_id=f, seed="s", winner_ids=winners,
                               waitlisted_ids=losers[::-1] if n % 2 else losers, drawn_at=AT)
    if not key_exists:
        return None
    if kind == "cancelled":
        return ev.RsvpCancelled(cancelled_at=AT, **common)
    if kind == "promoted":
        return ev.WaitlistPromoted(promoted_at=AT, **common)
    if kind == "released":
        return ev.SeatReleased(released_at=AT, **common)
    if kind == "seat_confirmed":
        return ev.SeatConfirmed(confirmed_at=AT, **common)
    return ev.RsvpDetailsChanged(changed_at=AT, rsvp=rsvp_details_to_pb(rsvp_details(answers=())), **common)


ops = st.tuples(
    st.sampled_from(["confirmed", "waitlisted", "entered", "cancelled", "promoted", "released",
                     "seat_confirmed", "details", "capacity", "drawn", "restart"]),
    st.sampled_from(FRAMES),
    st.sampled_from(MEMBERS),
    st.integers(0, 4),
    st.lists(st.booleans(), min_size=1, max_size=6),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(ops, max_size=40))
def test_the_index_always_equals_a_scan(sequence):
    state = start()
    held = [(state, scanned(state))]
    for op in sequence:
        if op[0] == "restart":
            # A fresh process: the state restored from a snapshot, then folded on.
            restored = restore(snapshot(state))
            assert restored == state
            assert snapshot(restored) == snapshot(state)
            state = restored
            assert indexed(state) == held[-1][1]
            continue
        event = event_for(state, op)
        if event is None:
            continue
        state = MEETUP.evolve(state, event)
        expected = scanned(state)
        assert indexed(state) == expected
        held.append((state, expected))
    # Built from scratch, or restored from a snapshot, the index is the same.
    assert index_of(state.rsvps) == state.queues
    again = restore(snapshot(state))
    assert again == state
    assert dict(again.rsvps) == dict(state.rsvps)
    assert len(again.rsvps) == len(state.rsvps) == len(dict(state.rsvps))
    assert indexed(again) == held[-1][1]
    # Every state handed out on the way still answers as it did.
    for earlier, expected in held:
        assert indexed(earlier) == expected


def test_a_queue_keeps_ticket_order_when_an_rsvp_returns_with_an_older_ticket():
    """Promotion keeps the waitlisted member's ticket, older than seats taken
    after a capacity rise: the going queue stays in ticket order."""
    state = start()
    for event in (
        _enqueue("confirmed", "a", "m-0", rsvp_details()),
        _enqueue("confirmed", "a", "m-1", rsvp_details()),
        _enqueue("waitlisted", "a", "m-2", rsvp_details()),
        ev.FrameCapacityChanged(meetup_id=MEETUP_ID, frame_id="a", capacity=4),
        _enqueue("confirmed", "a", "m-3", rsvp_details()),
        ev.WaitlistPromoted(meetup_id=MEETUP_ID, frame_id="a", member_id="m-2", promoted_at=AT),
    ):
        state = MEETUP.evolve(state, event)
    assert state.queue("a", RsvpStatus.GOING) == ("m-0", "m-1", "m-2", "m-3")
    assert state.going_count("a") == 4
    assert state.queue("a", RsvpStatus.WAITLISTED) == ()


def test_a_big_fold_keeps_going_counts_and_queues():
    state = published([frame("a", capacity=1000, waitlist_enabled=True)])
    at = timestamp(NOW - timedelta(days=1))
    told = rsvp_details_to_pb(rsvp_details())
    common = dict(meetup_id=MEETUP_ID, frame_id="a", rsvp=told)
    events = [ev.RsvpConfirmed(member_id=f"g-{i}", confirmed_at=at, **common) for i in range(1000)]
    events += [ev.RsvpWaitlisted(member_id=f"w-{i}", waitlisted_at=at, **common) for i in range(500)]
    events += [ev.RsvpCancelled(member_id=f"g-{i}", cancelled_at=at, meetup_id=MEETUP_ID, frame_id="a")
               for i in range(0, 1000, 10)]
    folded = MEETUP.fold(state, events)
    assert folded.going_count("a") == 900
    assert folded.queue("a", RsvpStatus.WAITLISTED)[:2] == ("w-0", "w-1")
    assert folded.waitlist_position("a", "w-499") == 500
    assert len(folded.active_member_ids()) == 1400
    assert index_of(folded.rsvps) == folded.queues
def test_a_restored_rsvp_decodes_its_details_only_when_read():
    state = MEETUP.evolve(start(), _enqueue("confirmed", "a", "m-0", rsvp_details()))
    restored = restore(snapshot(state)).rsvp("a", "m-0")
    assert restored.encoded_details() is not None
    assert restored == state.rsvp("a", "m-0")  # comparing reads them
    assert restored.details == rsvp_details()
    assert restored.encoded_details() is None
    assert state.rsvp("a", "m-0").encoded_details() is None


