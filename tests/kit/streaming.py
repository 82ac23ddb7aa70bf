"""Helpers for the kit's streaming tests: settings for a test nats-server, a reader
that returns everything on the stream, a test projection and a running world of
store, relay and projection runner."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from sqlalchemy import Column, Integer, MetaData, String, Table, delete, insert, select

from offkai.members.v1.events_pb2 import MemberRegistered
from offkai.platform.v1.envelope_pb2 import Envelope
from offkai_kit.config import ServiceSettings
from offkai_kit.consumer import ProjectionRunner
from offkai_kit.db import Database
from offkai_kit.eventstore import EventStore
from offkai_kit.eventstore.records import RecordedEvent
from offkai_kit.outbox import OutboxRelay
from offkai_kit.stream import connect, ensure_stream

meta = MetaData()
# No unique key on purpose: an event applied twice shows up as two rows.
seen = Table(
    "test_seen", meta,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("stream_id", String(200)),
    Column("version", Integer),
    Column("name", String(100)),
)


class NameLog:
    """Test projection: one row per applied event; raises for names starting with
    "poison" until ``cured``."""

    name = "names"
    subjects = ["offkai.members.member.>"]

    def __init__(self):
        self.calls = 0
        self.cured = False

    async def apply(self, conn, event):
        self.calls += 1
        if event.message.display_name.startswith("poison") and not self.cured:
            raise RuntimeError("cannot digest this")
        await conn.execute(insert(seen).values(
            stream_id=event.stream_id, version=event.version, name=event.message.display_name))

    async def reset(self, conn):
        await conn.execute(delete(seen))


async def rows(db) -> list[tuple]:
    async with db.read() as conn:
        query = select(seen.c.stream_id, seen.c.version, seen.c.name).order_by(seen.c.stream_id, seen.c.version)
        return [tuple(r) for r in await conn.execute(query)]


async def count(db, n: int) -> bool:
    return len(await rows(db)) == n


def reg(name: str) -> MemberRegistered:
    return MemberRegistered(member_id=name, display_name=name)


def recorded(stream_id: str, version: int, name: str) -> RecordedEvent:
    """An event as a producer would have recorded it (for publishing by hand)."""
    return RecordedEvent(str(uuid.uuid4()), stream_id, "member", version, "MemberRegistered",
                         "offkai.members.v1.MemberRegistered", reg(name).SerializeToString(),
                         datetime.now(UTC), "c", "c")


async def republish(js, event: RecordedEvent) -> None:
    """Publish an event by hand, under a fresh message id (JetStream's dedupe does
    not hide it): a redelivery, or an event published out of order."""
    env = event.envelope("members")
    await js.publish(f"offkai.members.{event.stream_type}.{event.event_type}",
                     env.SerializeToString(), headers={"Nats-Msg-Id": str(uuid.uuid4())})


@dataclass
class World:
    settings: ServiceSettings
    nc: object
    js: object
    store: EventStore
    relay: OutboxRelay
    runner: ProjectionRunner
    projection: NameLog
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list = field(default_factory=list)


@contextlib.asynccontextmanager
async def running_world(db: Database, nats_url: str, *, owner: str = "replica-1", **overrides):
    """A store with its relay, and the NameLog projection's runner, as a service runs
    them (reconnects wired to the runner as the runtime wires them)."""
    async with db.write() as conn:
        await conn.run_sync(meta.create_all)
    settings = settings_for(nats_url, **overrides)
    runners: list[ProjectionRunner] = []

    async def on_reconnect():
        for r in runners:
            r.resubscribe()

    nc = await connect(settings, f"test-{owner}", on_reconnect=on_reconnect)
    js = nc.jetstream()
    await ensure_stream(js, settings)
    projection = NameLog()
    runner = ProjectionRunner(db, nc, settings, "events", projection, owner=owner)
    runners.append(runner)
    relay = OutboxRelay(db, settings, "members", js=js, owner=owner)
    world = World(settings, nc, js, EventStore(db, on_append=relay.notify), relay, runner, projection)
    world.tasks = [asyncio.create_task(runner.run(world.stop)), asyncio.create_task(relay.run(world.stop))]
    try:
        yield world
    finally:
        world.stop.set()
        await asyncio.gather(*world.tasks)
        await runner.close()
        await nc.close()


def settings_for(nats_url: str, database_url: str = "", **overrides) -> ServiceSettings:
    values = dict(
        service_name="members",
        nats_url=nats_url,
        database_url=database_url,
        relay_poll_interval_seconds=0.05,
        relay_publish_timeout_seconds=1.0,
        relay_max_backoff_seconds=0.5,
        consumer_fetch_timeout_seconds=0.2,
        consumer_max_attempts=3,
        consumer_backoff_seconds=[0.1, 0.1, 0.1],
    )
    values.update(overrides)
    return ServiceSettings(**values)


async def stream_contents(js, stream: str = "OFFKAI") -> list[tuple[str, Envelope]]:
    """(Nats-Msg-Id, envelope) for every message on the stream, in stream order."""
    info = await js.stream_info(stream)
    total = info.state.messages
    if total == 0:
        return []
    sub = await js.pull_subscribe(
        "offkai.>", stream=stream,
        config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL, ack_policy=AckPolicy.NONE,
                              inactive_threshold=5),
    )
    found = []
    while len(found) < total:
        for msg in await sub.fetch(total - len(found), timeout=2):
            env = Envelope()
            env.ParseFromString(msg.data)
            found.append((msg.headers["Nats-Msg-Id"], env))
    await sub.unsubscribe()
    return found
