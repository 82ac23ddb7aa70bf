"""Recovery paths of the consumer runner, against a real nats-server and database:
a poison event blocks only its aggregate until an operator replays or skips it; one
active runner per projection, with failover and fencing; no AckWait stall after a
NATS restart; a lost consumer or stream comes back without a restart."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import select, update

from offkai_kit.consumer import ProjectionRunner
from offkai_kit.consumer.tracking import dead_letters
from offkai_kit.db import Database
from offkai_kit.errors import FailedPrecondition
from offkai_kit.lease import leases
from offkai_kit.stream import connect
from offkai_kit.testing.consumers import settled
from offkai_kit.testing.polling import eventually

from .streaming import count, recorded, reg, republish, rows, running_world


async def open_letters(db) -> list:
    async with db.read() as conn:
        return (await conn.execute(select(dead_letters).where(dead_letters.c.resolved_at.is_(None)))).all()


async def poisoned_stream(world, db):
    """member-a: v1 fine, v2 poison, v3 and v4 fine; member-b flows beside it."""
    store = world.store
    await store.append("member-a", "member", 0, [reg("a1")])
    await store.append("member-a", "member", 1, [reg("poison-a2")])
    await store.append("member-b", "member", 0, [reg("b1")])
    await store.append("member-a", "member", 2, [reg("a3"), reg("a4")])
    await store.append("member-b", "member", 1, [reg("b2")])
    letters = await eventually(lambda: open_letters(db), what="dead letter")
    await eventually(lambda: count(db, 3), what="the healthy events")
    await settled(world.runner)
    return letters[0]


async def test_a_poison_event_blocks_its_aggregate_until_replayed(nats_server, db):
    async with running_world(db, nats_server.url, consumer_max_attempts=2) as world:
        letter = await poisoned_stream(world, db)
        assert (letter.stream_id, letter.version) == ("member-a", 2)
        assert await rows(db) == [("member-a", 1, "a1"), ("member-b", 1, "b1"), ("member-b", 2, "b2")]
        status = await world.runner.status()
        assert (status["dead_letters"], status["parked"], status["blocked_aggregates"]) == (1, 2, 1)
        blocked = await world.runner.blocked_aggregates()
        assert [(b["stream_id"], b["applied_version"], b["first_parked_version"], b["reason"]) for b in blocked] == [
            ("member-a", 1, 3, "dead letter")
        ]
        with pytest.raises(FailedPrecondition, match="still fails"):
            await world.runner.replay_dead_letter(letter.id, "ops")
        assert await rows(db) == [("member-a", 1, "a1"), ("member-b", 1, "b1"), ("member-b", 2, "b2")]

        world.projection.cured = True  # the fix is deployed
        assert await world.runner.replay_dead_letter(letter.id, "ops") == 3
        assert [r for r in await rows(db) if r[0] == "member-a"] == [
            ("member-a", 1, "a1"), ("member-a", 2, "poison-a2"), ("member-a", 3, "a3"), ("member-a", 4, "a4")
        ]
        status = await world.runner.status()
        assert (status["dead_letters"], status["parked"], status["blocked_aggregates"]) == (0, 0, 0)
        with pytest.raises(FailedPrecondition, match="replayed already"):
            await world.runner.replay_dead_letter(letter.id, "ops")

        await world.store.append("member-a", "member", 4, [reg("a5")])  # flows as usual again
        await eventually(lambda: count(db, 7), what="a5")
        assert len(await rows(db)) == len(set(await rows(db))), "nothing applied twice"


async def test_a_skipped_dead_letter_is_recorded_and_the_rest_follows(nats_server, db):
    async with running_world(db, nats_server.url, consumer_max_attempts=2) as world:
        letter = await poisoned_stream(world, db)
        assert await world.runner.skip_dead_letter(letter.id, "ops", "malformed by a bug, fixed in 1.2") == 2
        assert [r[2] for r in await rows(db) if r[0] == "member-a"] == ["a1", "a3", "a4"]
        async with db.read() as conn:
            kept = (await conn.execute(select(dead_letters))).one()
        assert (kept.resolution, kept.resolved_by, kept.note) == ("skipped", "ops", "malformed by a bug, fixed in 1.2")


async def test_a_standby_takes_over_when_the_active_runner_goes(nats_server, db, database_url):
    async with running_world(db, nats_server.url, consumer_lease_seconds=2) as world:
        await world.store.append("member-1", "member", 0, [reg("before")])
        await eventually(lambda: count(db, 1), what="first event")
        other_db = Database(database_url)
        other_nc = await connect(world.settings, "standby")
        standby = ProjectionRunner(other_db, other_nc, world.settings, "events", world.projection, owner="standby")
        stop = asyncio.Event()
        task = asyncio.create_task(standby.run(stop))
        try:
            await world.store.append("member-1", "member", 1, [reg("while-both")])
            await eventually(lambda: count(db, 2), what="second event")
            assert not standby.active and standby.applied == 0

            # The active one crashes: it stops renewing without releasing the lease.
            world.stop.set()
            await asyncio.gather(*world.tasks)
            await world.store.append("member-1", "member", 2, [reg("after")])
            await world.relay.flush(timeout=10)
            gone = time.monotonic()
            await eventually(lambda: count(db, 3), timeout=20, what="the standby took over")
            assert time.monotonic() - gone < 10, "took over about a lease later"
            assert standby.active and standby.applied == 1
        finally:
            stop.set()
            await task
            await standby.close()
            await other_nc.close()
            await other_db.dispose()
    assert [r[2] for r in await rows(db)] == ["before", "while-both", "after"]


async def test_a_runner_that_lost_its_lease_writes_nothing(nats_server, db):
    async with running_world(db, nats_server.url) as world:
        await world.store.append("member-1", "member", 0, [reg("one")])
        await eventually(lambda: count(db, 1), what="first event")
        # Another replica took the lease over while this one stalled.
        async with db.write() as conn:
            await conn.execute(update(leases).where(leases.c.name == world.runner.lease.name)
                               .values(owner="someone-else", term=leases.c.term + 1))
        await world.store.append("member-1", "member", 1, [reg("two")])
        await world.relay.flush(timeout=10)

        async def stepped_down() -> bool:
            return not world.runner.active

        await eventually(stepped_down, what="the runner noticed")
        assert await rows(db) == [("member-1", 1, "one")], "the fenced batch was not applied"
        info = await world.js.consumer_info("OFFKAI", world.runner.durable)
        assert info.num_pending + info.num_ack_pending == 1, "handed back for the new holder"


async def test_events_published_during_a_nats_outage_do_not_wait_out_ack_wait(nats_server, db):
    async with running_world(db, nats_server.url, consumer_ack_wait_seconds=30) as world:
        await world.store.append("member-1", "member", 0, [reg("up")])
        await eventually(lambda: count(db, 1), what="before the outage")
        nats_server.kill()
        for i in range(1, 21):
            await world.store.append("member-1", "member", i, [reg(f"down-{i}")])

        async def relay_failed_twice() -> bool:  # time passes in the outage; fetches would be tried
            return world.relay.failed_passes >= 2

        await eventually(relay_failed_twice, what="the outage lasted")
        nats_server.start()
        back = time.monotonic()
        await eventually(lambda: count(db, 21), timeout=40, what="the outage backlog")
        waited = time.monotonic() - back
        assert waited < 15, f"the backlog took {waited:.1f}s: it waited out AckWait (30 s)"


async def test_a_lost_consumer_and_stream_come_back_without_a_restart(nats_server, db):
    async with running_world(db, nats_server.url) as world:
        await world.store.append("member-1", "member", 0, [reg("one")])
        await eventually(lambda: count(db, 1), what="first event")
        await world.js.delete_stream("OFFKAI")
        await world.store.append("member-1", "member", 1, [reg("two")])
        await eventually(lambda: count(db, 2), timeout=30, what="after the stream was lost")
        assert world.relay.stream_recreated.is_set(), "the relay noticed and made it again"
        assert (await world.js.stream_info("OFFKAI")).state.messages >= 1


async def test_malformed_messages_are_dead_letters_and_the_consumer_goes_on(nats_server, db):
    async with running_world(db, nats_server.url) as world:
        future = recorded("member-future", 1, "f1")
        envelope = future.envelope("members")
        envelope.payload.type_url = "type.googleapis.com/offkai.members.v9.MemberRegistered"
        await world.js.publish("offkai.members.member.MemberRegistered", envelope.SerializeToString(),
                               headers={"Nats-Msg-Id": "future-1"})
        await world.js.publish("offkai.members.member.MemberRegistered", b"\x00\xffnot protobuf",
                               headers={"Nats-Msg-Id": "garbage-1"})
        await republish(world.js, recorded("member-future", 2, "f2"))  # waits behind its dead letter
        await world.store.append("member-ok", "member", 0, [reg("fine")])
        await eventually(lambda: count(db, 1), what="the healthy aggregate")
        await settled(world.runner)
        letters = sorted((r.stream_id, r.error.split(":")[0]) for r in await open_letters(db))
        assert letters == [
            ("", "undecodable message"),
            ("member-future", "unknown event type offkai.members.v9.MemberRegistered from members"),
        ]
        assert (await world.runner.status())["parked"] == 1
        (future_letter,) = [r for r in await open_letters(db) if r.stream_id]
        with pytest.raises(FailedPrecondition, match="still does not know"):
            await world.runner.replay_dead_letter(future_letter.id, "ops")
        assert await world.runner.skip_dead_letter(future_letter.id, "ops", "from a canary build") == 1
        assert [r[2] for r in await rows(db)] == ["f2", "fine"]


async def test_messages_out_with_a_crashed_runner_do_not_wait_out_ack_wait(nats_server, db):
    async with running_world(db, nats_server.url, consumer_ack_wait_seconds=30) as world:
        await world.store.append("member-1", "member", 0, [reg("one")])
        await eventually(lambda: count(db, 1), what="first event")
        world.stop.set()  # this replica stops applying ...
        await asyncio.gather(*world.tasks)
        await world.runner.close()
        for i in range(1, 6):
            await world.store.append("member-1", "member", i, [reg(f"later-{i}")])
        await world.relay.flush(timeout=10)
        # ... and a process that took its messages crashes before it commits or acks.
        crashed = await world.js.pull_subscribe_bind(durable=world.runner.durable, stream="OFFKAI")
        taken = await crashed.fetch(2, timeout=5)
        assert len(taken) == 2
        await crashed.unsubscribe()

        # The replica that takes over (the crashed one restarted under its name) ...
        runner = ProjectionRunner(db, world.nc, world.settings, "events", world.projection, owner="replica-1")
        stop = asyncio.Event()
        task = asyncio.create_task(runner.run(stop))
        try:
            back = time.monotonic()
            await eventually(lambda: count(db, 6), timeout=40, what="the events the crashed process held")
            waited = time.monotonic() - back
            assert waited < 15, f"took {waited:.1f}s: the messages waited out AckWait (30 s)"
            assert await rows(db) == [("member-1", v, n) for v, n in
                                      enumerate(["one", *(f"later-{i}" for i in range(1, 6))], start=1)]
        finally:
            stop.set()
            await task
            await runner.close()
