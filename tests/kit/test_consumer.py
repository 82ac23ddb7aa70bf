"""The consumer runner against a real nats-server and database: exactly-once effects
under redelivery, early events parked until their predecessor, poison messages,
NATS restarts, rebuilds and replicas."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from offkai_kit.consumer import ProjectionRunner
from offkai_kit.consumer.tracking import dead_letters
from offkai_kit.db import Database
from offkai_kit.stream import connect
from offkai_kit.testing.consumers import settled
from offkai_kit.testing.polling import eventually

from .streaming import NameLog, count, recorded, reg, republish, rows, running_world


@pytest.fixture
async def world(nats_server, db):
    async with running_world(db, nats_server.url) as world:
        yield world


async def test_applies_each_event_once_even_when_delivered_twice(world, db):
    first = await world.store.append("member-1", "member", 0, [reg("ann"), reg("bob")])
    await eventually(lambda: count(db, 2), what="projection")
    # The broker re-delivers an event already applied (as it does after a crash):
    # same envelope, new message id so JetStream's dedupe does not hide it.
    await republish(world.js, first[0])
    await republish(world.js, first[1])
    await world.store.append("member-1", "member", 2, [reg("cy")])
    await eventually(lambda: count(db, 3), what="third event")
    await settled(world.runner)  # the re-deliveries were handled too
    assert world.runner.outcomes["duplicate"] == 2
    assert await rows(db) == [("member-1", 1, "ann"), ("member-1", 2, "bob"), ("member-1", 3, "cy")]
    assert world.projection.calls == 3
    status = await world.runner.status()
    assert status["checkpoint"] >= 3 and status["dead_letters"] == 0


async def test_an_early_event_is_parked_until_its_predecessor_arrives(world, db):
    # Three events of one stream, published by hand without the second.
    events = [recorded("member-gap", v, f"g{v}") for v in (1, 2, 3)]
    await republish(world.js, events[0])
    await republish(world.js, events[2])
    await eventually(lambda: count(db, 1), what="v1")

    async def held_back() -> bool:
        return world.runner.outcomes["parked"] == 1  # v3 came early: parked, not applied

    await eventually(held_back, what="v3 seen and held")
    assert await rows(db) == [("member-gap", 1, "g1")]
    assert (await world.runner.status())["parked"] == 1
    info = await world.js.consumer_info("OFFKAI", world.runner.durable)
    assert info.num_ack_pending == 0, "a parked event holds no JetStream ack slot"
    await republish(world.js, events[1])
    await eventually(lambda: count(db, 3), what="v2 then v3")
    assert [r[1] for r in await rows(db)] == [1, 2, 3]
    assert (await world.runner.status())["parked"] == 0


async def test_poison_message_becomes_a_dead_letter_and_others_flow(world, db):
    await world.store.append("member-p", "member", 0, [reg("poison-pill")])
    await world.store.append("member-q", "member", 0, [reg("fine")])
    await eventually(lambda: count(db, 1), what="healthy stream")

    async def dead():
        return (await world.runner.status())["dead_letters"] == 1

    await eventually(dead, what="dead letter")
    await settled(world.runner)
    async with db.read() as conn:
        letter = (await conn.execute(select(dead_letters))).one()
    assert (letter.stream_id, letter.version, letter.deliveries) == ("member-p", 1, 3)
    assert "cannot digest this" in letter.error
    assert await rows(db) == [("member-q", 1, "fine")]


async def test_consumer_survives_nats_restart_and_kill(world, db, nats_server):
    await world.store.append("member-r", "member", 0, [reg("r1")])
    await eventually(lambda: count(db, 1), what="before restart")
    nats_server.restart()
    await world.store.append("member-r", "member", 1, [reg("r2")])
    await eventually(lambda: count(db, 2), timeout=30, what="after a graceful restart")
    nats_server.kill()
    nats_server.start()
    await world.store.append("member-r", "member", 2, [reg("r3")])
    await eventually(lambda: count(db, 3), timeout=30, what="after SIGKILL")
    assert [r[2] for r in await rows(db)] == ["r1", "r2", "r3"]


async def test_rebuild_replays_to_the_same_projection(world, db):
    for i in range(5):
        await world.store.append(f"member-{i}", "member", 0, [reg(f"n{i}a"), reg(f"n{i}b")])
    await eventually(lambda: count(db, 10), what="live projection")
    live = await rows(db)
    replayed = await world.runner.rebuild(timeout=30)
    assert replayed == 10
    assert await rows(db) == live


async def test_two_replicas_one_active_apply_each_event_once(world, db, database_url):
    other_db = Database(database_url)
    other_nc = await connect(world.settings, "replica-2")
    replica = ProjectionRunner(other_db, other_nc, world.settings, "events", NameLog(), owner="replica-2")
    stop = asyncio.Event()
    task = asyncio.create_task(replica.run(stop))
    try:
        async def writer(stream: str):
            for v in range(20):
                await world.store.append(stream, "member", v, [reg(f"{stream}-{v}")])

        await asyncio.gather(*(writer(f"member-{i}") for i in range(10)))
        await eventually(lambda: count(db, 200), timeout=60, what="both replicas")
        await settled(world.runner, replica)
    finally:
        stop.set()
        await task
        await replica.close()
        await other_nc.close()
        await other_db.dispose()
    found = await rows(db)
    assert len(found) == 200 == len(set(found))
    assert sorted([world.runner.applied, replica.applied]) == [0, 200], "one applied everything, the standby nothing"
