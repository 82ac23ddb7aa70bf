"""The fault suite's checker: after a row, count what the store, the stream, the
projections and the load client say, and compare — nothing read from logs.

- every command the client got OK for has its events in the store (events carry
  the request id as their correlation id), and every client event in the store
  belongs to a command that got OK;
- every stored event is on the stream exactly once (by envelope event id; a
  republished copy's message id may carry ``:republished:<n>``), and the stream
  holds nothing the store does not;
- the outbox is empty;
- every meetup projection applied every event once: its positions equal the
  store's head of every meetup stream, nothing is parked, the witness projection
  has exactly one row per event, and the catalog's counts match the store;
- dead letters: none open unless the row expects them;
- no attempt ever ended INTERNAL or UNKNOWN, and no command got a definite error
  unless the row allows it.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import time
from collections import Counter
from dataclasses import dataclass

import grpc
import nats
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from sqlalchemy import func, select

from offkai.events.v1 import events_pb2 as ev
from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import meetups_pb2_grpc
from offkai.platform.v1.envelope_pb2 import Envelope
from offkai_events.projections.catalog_tables import (
    catalog_meetup_members,
    catalog_meetup_organizers,
    catalog_meetup_tags,
    catalog_meetups,
)
from offkai_events.scheduling.schedule_tables import meetup_schedule
from offkai_kit.consumer.tracking import dead_letters, projection_parked, projection_positions
from offkai_kit.eventstore.records import decode_payload
from offkai_kit.eventstore.schema import events
from offkai_kit.testing.services import bearer
from tests.faults.support import CATCH_UP_SECONDS, LoadResults, Replica, World
from tests.faults.witness import applied as witness_applied

# The projections fed from the meetup stream (the member directory has no producer here).
MEETUP_PROJECTIONS = ("meetup_catalog", "meetup_schedule", "fault_witness")
CATALOG_TABLES = (catalog_meetups, catalog_meetup_tags, catalog_meetup_organizers, catalog_meetup_members)
# Request ids the load client makes: <run prefix>-w<worker>-m<meetup>-<step>.
CLIENT_REQUEST = re.compile(r"^[0-9a-f]{8}-w\d+-m\d+-")
TOOK_PART = (ev.RsvpConfirmed, ev.RsvpWaitlisted, ev.LotteryEntered, ev.AttendeeCheckedIn)
METHODS = {
    "ScheduleMeetup": pb.ScheduleMeetupRequest, "PublishMeetup": pb.PublishMeetupRequest,
    "RsvpToFrame": pb.RsvpToFrameRequest, "CancelRsvp": pb.CancelRsvpRequest, "CheckIn": pb.CheckInRequest,
}


@dataclass(frozen=True)
class Stored:
    position: int
    event_id: str
    stream_id: str
    version: int
    event_type: str
    correlation_id: str
    published: bool
    message: object


async def stored_events(world: World) -> list[Stored]:
    e = events.c
    async with world.db.read() as conn:
        rows = (await conn.execute(select(events).order_by(e.position))).all()
    return [Stored(r.position, r.event_id, r.stream_id, r.version, r.event_type, r.correlation_id,
                   r.published_at is not None, decode_payload(r.payload_type, r.payload)) for r in rows]


def heads(stored: list[Stored]) -> dict[str, int]:
    found: dict[str, int] = {}
    for s in stored:
        found[s.stream_id] = max(found.get(s.stream_id, 0), s.version)
    return found


async def lag(world: World, exclude: frozenset[str] = frozenset()) -> list[str]:
    """What is not caught up yet (empty: the outbox is empty and every meetup
    projection has applied every stored event, nothing parked), leaving the
    streams in ``exclude`` out."""
    e, p, parked = events.c, projection_positions.c, projection_parked.c
    behind = []
    async with world.db.read() as conn:
        unpublished = await conn.scalar(select(func.count()).select_from(events).where(e.published_at.is_(None)))
        if unpublished:
            behind.append(f"{unpublished} events unpublished")
        store = dict((await conn.execute(
            select(e.stream_id, func.max(e.version)).where(e.stream_type == "meetup").group_by(e.stream_id))).all())
        store = {stream: version for stream, version in store.items() if stream not in exclude}
        for name in MEETUP_PROJECTIONS:
            applied = dict((await conn.execute(select(p.stream_id, p.version).where(p.projection == name))).all())
            missing = sum(store[s] - applied.get(s, 0) for s in store if applied.get(s, 0) < store[s])
            if missing:
                behind.append(f"{name} lacks {missing} events")
            waiting = await conn.scalar(
                select(func.count()).select_from(projection_parked).where(
                    parked.projection == name, parked.stream_id.not_in(exclude or {""})))
            if waiting:
                behind.append(f"{name} has {waiting} parked")
    return behind


async def caught_up(world: World, since: float, bound: float = CATCH_UP_SECONDS,
                    exclude: frozenset[str] = frozenset()) -> float:
    """Wait until nothing lags (the outbox, the projections, the stream); fails unless
    that happens within ``bound`` seconds of ``since`` (a time.time(), usually when
    the fault ended). Returns how long after ``since`` it was."""
    behind: list[str] = []
    while time.time() < since + bound:
        try:
            behind = await lag(world, exclude)
        except Exception as exc:  # the database may still be coming back
            behind = [repr(exc)]
        if not behind:
            try:  # the stream audit may still be putting back what the stream lost
                behind = await stream_short(world)
            except Exception as exc:  # NATS may still be coming back
                behind = [repr(exc)]
        if not behind:
            return time.time() - since
        await asyncio.sleep(0.1)
    raise AssertionError(f"not caught up {bound}s after the fault ended: {behind}")


async def stream_short(world: World, subjects: str = "offkai.events.>") -> list[str]:
    """What the stream lacks, by count (``check`` then compares the ids)."""
    async with world.db.read() as conn:
        stored = await conn.scalar(select(func.count()).select_from(events))
    nc = await nats.connect(world.nats.url)
    try:
        info = await nc.jetstream().stream_info("OFFKAI", subjects_filter=subjects)
    finally:
        await nc.close()
    on_stream = sum((info.state.subjects or {}).values())
    return [f"the stream holds {on_stream} of {stored} events"] if on_stream < stored else []


async def stream_messages(world: World, subjects: str = "offkai.events.>") -> list[tuple[str, Envelope]]:
    """(Nats-Msg-Id, envelope) of every message on ``subjects`` (by default the events
    service's)."""
    nc = await nats.connect(world.nats.url)
    try:
        js = nc.jetstream()
        info = await js.stream_info("OFFKAI", subjects_filter=subjects)
        total = sum((info.state.subjects or {}).values())
        if not total:
            return []
        sub = await js.pull_subscribe(subjects, stream="OFFKAI", config=ConsumerConfig(
            deliver_policy=DeliverPolicy.ALL, ack_policy=AckPolicy.NONE, inactive_threshold=10,
            max_ack_pending=-1))
        found = []
        while len(found) < total:
            for msg in await sub.fetch(min(total - len(found), 1000), timeout=5):
                envelope = Envelope()
                envelope.ParseFromString(msg.data)
                found.append((msg.headers["Nats-Msg-Id"], envelope))
        await sub.unsubscribe()
        return found
    finally:
        await nc.close()


async def check(world: World, results: LoadResults, *, open_dead_letters: int = 0,
                definite_errors_allowed: bool = False) -> dict:
    """Every invariant of the module docstring; returns counts for the row's own
    assertions and for the timings."""
    stored = await stored_events(world)
    assert stored, "nothing was stored at all"

    # -- the client's commands and the store ---------------------------------------
    ok = {r["rid"]: r for r in results.ok}
    assert ok, "the load got no command through"
    by_correlation = Counter(s.correlation_id for s in stored)
    lost = [rid for rid in ok if not by_correlation[rid]]
    assert not lost, f"{len(lost)} commands answered OK have no events in the store, e.g. {lost[:5]}"
    strays = {c for c in by_correlation if CLIENT_REQUEST.match(c) and c not in ok}
    assert not strays, f"events of commands never answered OK: {sorted(strays)[:5]}"
    bad_codes = {code: n for code, n in results.codes().items() if code in ("INTERNAL", "UNKNOWN")}
    assert not bad_codes, f"attempts answered {bad_codes}: {[a for a in results.attempts if a['code'] in bad_codes][:3]}"
    if not definite_errors_allowed:
        assert not results.definite_errors, f"definite errors: {results.definite_errors[:5]}"

    # -- the stream ------------------------------------------------------------------
    on_stream = await stream_messages(world)
    copies = Counter(envelope.event_id for _, envelope in on_stream)
    doubled = {event_id: n for event_id, n in copies.items() if n > 1}
    assert not doubled, f"{len(doubled)} events are on the stream more than once, e.g. {list(doubled.items())[:5]}"
    mismatched = [(msg_id, env.event_id) for msg_id, env in on_stream if msg_id.split(":republished:")[0] != env.event_id]
    assert not mismatched, f"message ids that are not their event's id: {mismatched[:5]}"
    store_ids = {s.event_id for s in stored}
    missing = store_ids - set(copies)
    assert not missing, f"{len(missing)} stored events are not on the stream, e.g. {sorted(missing)[:5]}"
    foreign = set(copies) - store_ids
    assert not foreign, f"{len(foreign)} events on the stream are not in the store, e.g. {sorted(foreign)[:5]}"

    # -- the outbox --------------------------------------------------------------------
    unpublished = [s.event_id for s in stored if not s.published]
    assert not unpublished, f"{len(unpublished)} events still in the outbox"

    # -- projections ---------------------------------------------------------------------
    meetups = [s for s in stored if s.stream_id.startswith("meetup-")]
    head = heads(meetups)
    p, dl = projection_positions.c, dead_letters.c
    async with world.db.read() as conn:
        for name in MEETUP_PROJECTIONS:
            # Their positions on meetup streams (the catalog also follows members' erasures).
            applied = dict((await conn.execute(select(p.stream_id, p.version).where(
                p.projection == name, p.stream_id.like("meetup-%")))).all())
            assert applied == head, (
                f"{name}: positions differ from the store's heads for "
                f"{sorted(s for s in set(head) | set(applied) if applied.get(s) != head.get(s))[:5]}")
        parked = await conn.scalar(select(func.count()).select_from(projection_parked))
        assert parked == 0, f"{parked} events still parked"
        letters = (await conn.execute(select(dead_letters).where(dl.resolved_at.is_(None)))).all()
        assert len(letters) == open_dead_letters, f"open dead letters: {[(r.projection, r.error) for r in letters]}"
        witness = Counter(r.event_id for r in await conn.execute(select(witness_applied.c.event_id)))
        twice = {event_id: n for event_id, n in witness.items() if n > 1}
        assert not twice, f"{len(twice)} events applied more than once by the witness, e.g. {list(twice.items())[:5]}"
        assert set(witness) == {s.event_id for s in meetups}, "the witness did not apply exactly the stored events"
        catalog = await conn.scalar(select(func.count()).select_from(catalog_meetups))
        members = await conn.scalar(select(func.count()).select_from(catalog_meetup_members))
        ended = await conn.scalar(select(func.count()).select_from(catalog_meetups).where(
            catalog_meetups.c.status == "ended"))
    assert catalog == len(head), f"catalog has {catalog} meetups, the store {len(head)}"
    took_part = {(s.message.meetup_id, s.message.member_id) for s in meetups if isinstance(s.message, TOOK_PART)}
    assert members == len(took_part), f"catalog has {members} members, the store says {len(took_part)}"
    store_ended = sum(1 for s in meetups if isinstance(s.message, ev.MeetupEnded))
    assert ended == store_ended, f"catalog has {ended} ended meetups, the store {store_ended}"
    return {"commands": len(ok), "events": len(stored), "on_stream": len(on_stream), "meetups": len(head),
            "republished": sum(1 for msg_id, _ in on_stream if ":republished:" in msg_id)}


async def check_retries(world: World, replica: Replica, results: LoadResults, sample: int = 20) -> None:
    """A command sent again with its request id gets its first answer and appends nothing."""
    before = len(await stored_events(world))
    picked = results.ok[:: max(1, len(results.ok) // sample)][:sample]
    async with grpc.aio.insecure_channel(replica.address) as channel:
        stub = meetups_pb2_grpc.MeetupsServiceStub(channel)
        for record in picked:
            request = METHODS[record["method"]].FromString(bytes.fromhex(record["request"]))
            reply = await getattr(stub, record["method"])(
                request, metadata=bearer(record["caller"], *record["roles"]), timeout=10)
            assert reply.SerializeToString(deterministic=True).hex() == record["answer"], (
                f"{record['method']} {record['rid']} answered differently on a retry")
    assert len(await stored_events(world)) == before, "a retried command appended events"


async def digest(world: World, tables=CATALOG_TABLES + (meetup_schedule,)) -> str:
    """A digest of the projection tables (rows in primary-key order)."""
    h = hashlib.sha256()
    async with world.db.read() as conn:
        for table in tables:
            rows = (await conn.execute(select(table).order_by(*table.primary_key.columns))).all()
            h.update(f"{table.name}:{len(rows)}\n".encode())
            for row in rows:
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


async def witness_digest(world: World) -> str:
    """The witness's rows as a multiset (its own row ids say nothing)."""
    w = witness_applied.c
    async with world.db.read() as conn:
        rows = sorted(tuple(r) for r in await conn.execute(select(w.event_id, w.stream_id, w.version)))
    return hashlib.sha256(repr(rows).encode()).hexdigest()
