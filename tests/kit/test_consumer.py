"""The consumer runner against a real nats-server and database: exactly-once effects
under redelivery, version gaps, poison messages, NATS restarts and rebuilds."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, delete, insert, select

from offkai.members.v1.events_pb2 import MemberRegistered
from offkai_kit.consumer import ProjectionRunner
from offkai_kit.consumer.tracking import dead_letters
from offkai_kit.db import Database
from offkai_kit.eventstore import EventStore
from offkai_kit.eventstore.records import RecordedEvent
from offkai_kit.outbox import OutboxRelay
from offkai_kit.stream import connect, ensure_stream
from offkai_kit.testing.consumers import settled
from offkai_kit.testing.polling import eventually

from .streaming import settings_for

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
    """Test projection: one row per applied event; raises for names starting 'poison'."""

    name = "names"
    subjects = ["offkai.members.member.>"]

    def __init__(self):
        self.calls = 0

    async def apply(self, conn, event):
        self.calls += 1
        if event.message.display_name.startswith("poison"):
            raise RuntimeError("cannot digest this")
        await conn.execute(insert(seen).values(
            stream_id=event.stream_id, version=event.version, name=event.message.display_name))

    async def reset(self, conn):
        await conn.execute(delete(seen))


async def rows(db):
    async with db.read() as conn:
        query = select(seen.c.stream_id, seen.c.version, seen.c.name).order_by(seen.c.stream_id, seen.c.version)
        return [tuple(r) for r in await conn.execute(query)]


@pytest.fixture
async def world(nats_server, db):
    async with db.write() as conn:
        await conn.run_sync(meta.create_all)
    settings = settings_for(nats_server.url)
    nc = await connect(settings, "test-consumer", on_reconnect=None)
    js = nc.jetstream()
    await ensure_stream(js, settings)
    projection = NameLog()
    runner = ProjectionRunner(db, nc, settings, "events", projection)
    relay = OutboxRelay(db, settings, "members", js=js)
    store = EventStore(db, on_append=relay.notify)
    stop = asyncio.Event()
    tasks = [asyncio.create_task(runner.run(stop)), asyncio.create_task(relay.run(stop))]
    yield store, runner, projection, js, nc
    stop.set()
    await asyncio.gather(*tasks)
    await nc.close()


def reg(name: str) -> MemberRegistered:
    return MemberRegistered(member_id=name, display_name=name)


async def count(db, n) -> bool:
    return len(await rows(db)) == n


async def test_applies_each_event_once_even_when_delivered_twice(world, db):
    store, runner, projection, js, nc = world
    recorded = await store.append("member-1", "member", 0, [reg("ann"), reg("bob")])
    await eventually(lambda: count(db, 2), what="projection")
    # The broker re-delivers an event already applied (as it does after a crash):
    # same envelope, new message id so JetStream's dedupe does not hide it.
    await republish(js, recorded[0])
    await republish(js, recorded[1])
    await store.append("member-1", "member", 2, [reg("cy")])
    await eventually(lambda: count(db, 3), what="third event")
    await settled(runner)  # the re-deliveries were handled too
    assert runner.outcomes["duplicate"] == 2
    assert await rows(db) == [("member-1", 1, "ann"), ("member-1", 2, "bob"), ("member-1", 3, "cy")]
    assert projection.calls == 3
    status = await runner.status()
    assert status["checkpoint"] >= 3 and status["dead_letters"] == 0


async def republish(js, event: RecordedEvent):
    env = event.envelope("members")
    await js.publish(f"offkai.members.{event.stream_type}.{event.event_type}",
                     env.SerializeToString(), headers={"Nats-Msg-Id": str(uuid.uuid4())})


async def test_version_gap_waits_for_the_missing_event(world, db):
    store, runner, projection, js, nc = world
    # Three events of one stream, published by hand without the second.
    events = [RecordedEvent(str(uuid.uuid4()), "member-gap", "member", v, "MemberRegistered",
                            "offkai.members.v1.MemberRegistered", reg(f"g{v}").SerializeToString(),
                            datetime.now(UTC), "c", "c")
              for v in (1, 2, 3)]
    await republish(js, events[0])
    await republish(js, events[2])
    await eventually(lambda: count(db, 1), what="v1")

    async def held_back() -> bool:
        return runner.outcomes["gap"] >= 2  # v3 came, waited, came again

    await eventually(held_back, what="v3 seen and held")
    assert await rows(db) == [("member-gap", 1, "g1")]
    await republish(js, events[1])
    await eventually(lambda: count(db, 3), what="v2 then v3")
    assert [r[1] for r in await rows(db)] == [1, 2, 3]


async def test_poison_message_becomes_a_dead_letter_and_others_flow(world, db):
    store, runner, projection, js, nc = world
    await store.append("member-p", "member", 0, [reg("poison-pill")])
    await store.append("member-q", "member", 0, [reg("fine")])
    await eventually(lambda: count(db, 1), what="healthy stream")

    async def dead():
        return (await runner.status())["dead_letters"] == 1

    await eventually(dead, what="dead letter")
    info = await js.consumer_info("OFFKAI", runner.durable)
    assert info.num_ack_pending == 0 and info.num_pending == 0
    async with db.read() as conn:
        letter = (await conn.execute(select(dead_letters))).one()
    assert (letter.stream_id, letter.version, letter.deliveries) == ("member-p", 1, 3)
    assert "cannot digest this" in letter.error
    assert await rows(db) == [("member-q", 1, "fine")]


async def test_consumer_survives_nats_restart_and_kill(world, db, nats_server):
    store, runner, projection, js, nc = world
    await store.append("member-r", "member", 0, [reg("r1")])
    await eventually(lambda: count(db, 1), what="before restart")
    nats_server.restart()
    await store.append("member-r", "member", 1, [reg("r2")])
    await eventually(lambda: count(db, 2), timeout=30, what="after a graceful restart")
    nats_server.kill()
    nats_server.start()
    await store.append("member-r", "member", 2, [reg("r3")])
    await eventually(lambda: count(db, 3), timeout=30, what="after SIGKILL")
    assert [r[2] for r in await rows(db)] == ["r1", "r2", "r3"]


async def test_rebuild_replays_to_the_same_projection(world, db):
    store, runner, projection, js, nc = world
    for i in range(5):
        await store.append(f"member-{i}", "member", 0, [reg(f"n{i}a"), reg(f"n{i}b")])
    await eventually(lambda: count(db, 10), what="live projection")
    live = await rows(db)
    replayed = await runner.rebuild(timeout=30)
    assert replayed == 10
    assert await rows(db) == live


async def test_two_replicas_share_a_consumer_and_apply_each_event_once(world, db, database_url, nats_server):
    store, runner, projection, js, nc = world
    other_db = Database(database_url)
    other_nc = await connect(runner.settings, "replica-2")
    replica = ProjectionRunner(other_db, other_nc, runner.settings, "events", NameLog())
    stop = asyncio.Event()
    task = asyncio.create_task(replica.run(stop))
    try:
        async def writer(stream: str):
            for v in range(20):
                await store.append(stream, "member", v, [reg(f"{stream}-{v}")])

        await asyncio.gather(*(writer(f"member-{i}") for i in range(10)))
        await eventually(lambda: count(db, 200), timeout=60, what="both replicas")
        await settled(runner, replica)
    finally:
        stop.set()
        await task
        await replica.close()
        await other_nc.close()
        await other_db.dispose()
    found = await rows(db)
    assert len(found) == 200 == len(set(found))
    assert runner.applied + replica.applied == 200
