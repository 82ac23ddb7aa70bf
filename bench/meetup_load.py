"""Loading a meetup with 5,000 RSVPs against loading one with 10.

Two cases: *warm* — the command runner has the aggregate in memory and reads only
what was appended since (every replica that served the meetup recently); *cold* — a
fresh process, which restores the latest snapshot and folds the events after it.
The baseline is the same load of a meetup with 10 RSVPs."""

from __future__ import annotations

import tempfile
import uuid
from datetime import UTC, datetime, timedelta

from bench import results
from bench.harness import kit_database, median_seconds
from offkai_events.domain import MEETUP, stream_id
from offkai_events.domain import commands as c
from offkai_events.domain.decide import decide
from offkai_events.domain.model import (
    Frame,
    FrameMode,
    MeetupDetails,
    MeetupFormat,
    Region,
    RsvpDetails,
    SelfIntroduction,
    Venue,
)
from offkai_kit.eventstore import EventStore, Snapshot
from offkai_kit.principal import Principal
from offkai_kit.repository import Repository

ORGANIZER = Principal("org", frozenset({"member", "organizer"}))
NOW = datetime.now(UTC)


INTRO = RsvpDetails(introduction=SelfIntroduction("engineer", "to meet people", "climbing"))


def rsvp(meetup_id: str, i: int) -> c.RsvpToFrame:
    """Member ``m<i>``'s RSVP to the meetup's one frame, with a self-introduction."""
    return c.RsvpToFrame(actor=Principal(f"m{i}", frozenset({"member"})), meetup_id=meetup_id,
                         frame_id="main", member_id=f"m{i}", details=INTRO)


def commands_for(meetup_id: str, rsvps: int, now: datetime) -> list:
    """Schedule and publish a meetup whose one frame seats half of ``rsvps``, then the
    RSVPs (half going, half waitlisted)."""
    start = now + timedelta(days=30)
    details = MeetupDetails(
        title="Bench meetup", community_id="bench", organizer_ids=("org",), format=MeetupFormat.IN_PERSON,
        start=start, end=start + timedelta(hours=3), timezone="Asia/Tokyo",
        region=Region("Tokyo", "Shibuya"), venue=Venue(name="Cafe", address="1-2-3 Dogenzaka"),
    )
    frame = Frame("main", "Main", capacity=max(1, rsvps // 2), mode=FrameMode.FIRST_COME, waitlist_enabled=True)
    return [
        c.ScheduleMeetup(actor=ORGANIZER, meetup_id=meetup_id, details=details, frames=(frame,), check_in_code="BENCH1",
                         organized_communities=frozenset({"bench"})),
        c.PublishMeetup(actor=ORGANIZER, meetup_id=meetup_id),
        *(rsvp(meetup_id, i) for i in range(rsvps)),
    ]


async def build(store: EventStore, rsvps: int) -> str:
    """Append a published meetup with ``rsvps`` RSVPs (half going, half waitlisted)
    in chunks, then the snapshot the command runner would have kept."""
    meetup_id = str(uuid.uuid4())
    state, version, pending = MEETUP.initial, 0, []
    commands = commands_for(meetup_id, rsvps, NOW)
    for command in commands:
        events = decide(state, command, NOW)
        state = MEETUP.fold(state, events)
        pending += events
        if len(pending) >= 500:
            await store.append(stream_id(meetup_id), "meetup", version, pending)
            version, pending = version + len(pending), []
    await store.append(stream_id(meetup_id), "meetup", version, pending)
    version += len(pending)
    snap_at = version - version % MEETUP.snapshot_every
    if snap_at:
        # The snapshot the runner keeps every snapshot_every events; the tail after it is folded.
        snap_state = MEETUP.fold(MEETUP.initial, [e.message() for e in await store.load(stream_id(meetup_id))][:snap_at])
        await store.append(stream_id(meetup_id), "meetup", version, [],
                           snapshot=Snapshot(stream_id(meetup_id), snap_at, MEETUP.snapshot_schema,
                                             MEETUP.snapshot(snap_state)))
    return meetup_id


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = await kit_database(f"sqlite+aiosqlite:///{tmp}/meetups.db")
        store = EventStore(db)
        small, big = await build(store, 10), await build(store, 5000)
        warm = Repository(store)
        await warm.load(MEETUP, stream_id(small))
        await warm.load(MEETUP, stream_id(big))
        small_warm = await median_seconds(lambda: warm.load(MEETUP, stream_id(small)))
        big_warm = await median_seconds(lambda: warm.load(MEETUP, stream_id(big)))
        results.add("meetup_load", "load a 5,000-RSVP meetup, warm", big_warm * 1000, small_warm * 1000, "ms",
                    "10 RSVPs")
        small_cold = await median_seconds(lambda: Repository(store).load(MEETUP, stream_id(small)))
        big_cold = await median_seconds(lambda: Repository(store).load(MEETUP, stream_id(big)))
        # Issue 11: cold, at most 1.2x the 10-RSVP load.
        results.add("meetup_load", "load a 5,000-RSVP meetup, cold", big_cold * 1000, small_cold * 1000, "ms",
                    "10 RSVPs", target=1 / 1.2)
        await db.dispose()
