"""Conversions and the snapshot codec: details survive the trip through
protobuf, a snapshot restores the very state it was taken of, and a big
meetup folds quickly."""

from __future__ import annotations

from datetime import timedelta

from offkai.events.v1 import events_pb2 as ev
from offkai.events.v1 import snapshot_pb2 as sp
from offkai_events.domain import MEETUP, stream_id
from offkai_events.domain import commands as c
from offkai_events.domain.decide import decide
from offkai_events.domain.model import FrameSession, MeetupFormat, SeatConfirmationPolicy
from offkai_events.domain.payloads import (
    details_from_pb,
    details_to_pb,
    frame_from_pb,
    frame_to_pb,
    rsvp_details_from_pb,
    rsvp_details_to_pb,
    timestamp,
)
from offkai_events.domain.snapshot_codec import restore, snapshot
from offkai_events.domain.state import INITIAL
from offkai_events.domain.timed_steps import SCHEDULER
from offkai_kit.db import Database
from offkai_kit.eventstore import EventStore, Snapshot
from offkai_kit.repository import Repository
from offkai_kit.testing.databases import create_kit_tables
from tests.events.unit.support import (
    MEETUP_ID,
    ORGANIZER,
    START,
    after_party,
    details,
    frame,
    lottery,
    member,
    pre_meeting,
    published,
    rsvp_details,
    run,
    with_rsvps,
)


def test_details_frames_and_rsvp_details_round_trip_through_protobuf():
    rich = details(
        format=MeetupFormat.HYBRID,
        online_url="https://meet.example.com/x",
        pre_meeting=pre_meeting(),
        after_party=after_party(),
        seat_confirmation=SeatConfirmationPolicy(timedelta(days=2), None),
        check_in_opens_before=timedelta(0),
    )
    assert details_from_pb(details_to_pb(rich)) == rich
    assert details_from_pb(details_to_pb(details())) == details()
    for f in (frame(), lottery()):
        assert frame_from_pb(frame_to_pb(f)) == f
    assert rsvp_details_from_pb(rsvp_details_to_pb(rsvp_details())) == rsvp_details()


def test_an_unset_check_in_window_defaults_to_two_hours():
    message = details_to_pb(details())
    message.ClearField("check_in_opens_before")
    assert details_from_pb(message).check_in_opens_before == timedelta(hours=2)


def busy_state():
    policy = SeatConfirmationPolicy(timedelta(days=3), timedelta(days=1))
    frames = [frame(capacity=2), lottery(), frame("party", session=FrameSession.AFTER_PARTY)]
    state = published(frames, seat_confirmation=policy, after_party=after_party())
    state = with_rsvps(state, "m-1", "m-2", "m-3")
    state = with_rsvps(state, "m-4", "m-5", frame_id="lottery")
    state = with_rsvps(state, "m-1", frame_id="party")
    state, _ = run(state, c.DrawLottery(actor=SCHEDULER, meetup_id=MEETUP_ID, frame_id="lottery", seed="s"),
                   lottery().draw_at)
    state, _ = run(state, c.RequestSeatConfirmation(actor=SCHEDULER, meetup_id=MEETUP_ID), START - timedelta(days=3))
    state, _ = run(state, c.ConfirmSeat(actor=member("m-1"), meetup_id=MEETUP_ID, frame_id="in-person",
                                        member_id="m-1"), START - timedelta(days=3))
    state, _ = run(state, c.CheckIn(actor=ORGANIZER, meetup_id=MEETUP_ID, member_id="m-1"), START)
    state, _ = run(state, c.CancelMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, reason="rain"), START)
    return state


def test_a_snapshot_restores_the_state_it_was_taken_of():
    state = busy_state()
    data = snapshot(state)
    assert restore(data) == state
    assert snapshot(restore(data)) == data
    assert restore(snapshot(INITIAL)) == INITIAL


def test_the_decider_is_wired_for_the_kit():
    assert MEETUP.stream_type == "meetup"
    assert stream_id(MEETUP_ID) == f"meetup-{MEETUP_ID}"
    assert MEETUP.restore(MEETUP.snapshot(busy_state())) == busy_state()


def test_five_thousand_rsvps_fold_and_round_trip():
    """Correctness at size; how fast it is lives in bench/meetup_load.py."""
    state = published([frame(capacity=2500, waitlist_enabled=True)])
    at = timestamp(START - timedelta(days=1))
    told = rsvp_details_to_pb(rsvp_details())
    common = dict(meetup_id=MEETUP_ID, frame_id="in-person", rsvp=told)
    events = [ev.RsvpConfirmed(member_id=f"m-{i}", confirmed_at=at, **common) for i in range(2500)]
    events += [ev.RsvpWaitlisted(member_id=f"w-{i}", waitlisted_at=at, position=i + 1, **common) for i in range(2500)]
    folded = MEETUP.fold(state, events)
    assert len(folded.rsvps) == 5000
    assert restore(snapshot(folded)) == folded


async def test_a_store_holding_an_old_schema_snapshot_loads_from_the_events(tmp_path, monkeypatch):
    """A schema-1 snapshot (a message per RSVP) left in a store is ignored: the
    meetup folds from its events; a current snapshot restores to the same state."""
    import tests.events.unit.support as support

    log: list = []

    def recording(state, command, now):
        events = decide(state, command, now)
        log.extend(events)
        return events

    monkeypatch.setattr(support, "decide", recording)
    folded = busy_state()
    assert MEETUP.fold(INITIAL, log) == folded

    db = Database(f"sqlite+aiosqlite:///{tmp_path}/meetups.db")
    await create_kit_tables(db)
    try:
        store = EventStore(db)
        stream = stream_id(MEETUP_ID)
        await store.append(stream, "meetup", 0, log)
        old = sp.MeetupSnapshot(meetup_id=MEETUP_ID, rsvps=[sp.RsvpSnapshot(frame_id="in-person", member_id="ghost")])
        await store.append(stream, "meetup", len(log), [], snapshot=Snapshot(stream, len(log), 1, old.SerializeToString()))
        assert await store.load_snapshot(stream, 1) is not None

        loaded = (await Repository(store).load(MEETUP, stream)).state
        assert loaded == folded
        assert loaded.rsvp("in-person", "ghost") is None
        assert loaded.rsvps.rows is None  # folded from the events

        current = Snapshot(stream, len(log), MEETUP.snapshot_schema, MEETUP.snapshot(folded))
        await store.append(stream, "meetup", len(log), [], snapshot=current)
        restored = (await Repository(store).load(MEETUP, stream)).state
        assert restored.rsvps.rows is not None  # from the snapshot
        assert restored == folded
        assert restored.queues == folded.queues
    finally:
        await db.dispose()
