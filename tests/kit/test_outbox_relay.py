"""The outbox relay against a real nats-server: ordering, ids, outages, two relays."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, update

from offkai.members.v1.events_pb2 import MemberRegistered
from offkai_kit.db import Database
from offkai_kit.eventstore import EventStore
from offkai_kit.eventstore.schema import events
from offkai_kit.eventstore.store import record_from_row
from offkai_kit.healing import StreamAudit
from offkai_kit.lease import leases
from offkai_kit.outbox import OutboxRelay
from offkai_kit.stream import connect, ensure_stream
from offkai_kit.testing.databases import create_kit_tables
from offkai_kit.testing.polling import eventually

from .streaming import settings_for, stream_contents


def named(name: str) -> MemberRegistered:
    return MemberRegistered(member_id=name, display_name=name)


@pytest.fixture
async def stack(nats_server, db):
    settings = settings_for(nats_server.url)
    nc = await connect(settings, "test-relay")
    js = nc.jetstream()
    await ensure_stream(js, settings)
    yield settings, nc, js
    await nc.close()


async def test_publishes_in_stream_order_with_event_ids(stack, db):
    settings, nc, js = stack
    store = EventStore(db)
    await store.append("member-a", "member", 0, [named("a1"), named("a2")])
    await store.append("member-b", "member", 0, [named("b1")])
    await store.append("member-a", "member", 2, [named("a3")])
    relay = OutboxRelay(db, settings, "members", js=js)
    assert await relay.flush(timeout=10)
    found = await stream_contents(js)
    recorded = {e.event_id: e for s in ("member-a", "member-b") for e in await store.load(s)}
    assert [msg_id for msg_id, _ in found] == [env.event_id for _, env in found]
    assert set(recorded) == {env.event_id for _, env in found}
    a = [(env.version, env.payload.TypeName()) for _, env in found if env.stream_id == "member-a"]
    assert a == [(1, "offkai.members.v1.MemberRegistered"), (2, "offkai.members.v1.MemberRegistered"),
                 (3, "offkai.members.v1.MemberRegistered")]
    assert await relay.pending() == 0
    # Nothing new: another pass publishes nothing again.
    assert await relay.publish_pending() == 0
    assert (await js.stream_info("OFFKAI")).state.messages == 4


async def test_relay_rides_out_a_nats_outage(stack, db, nats_server):
    settings, nc, js = stack
    relay = OutboxRelay(db, settings, "members", js=js)
    store = EventStore(db, on_append=relay.notify)
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    try:
        await store.append("member-x", "member", 0, [named("before")])
        await eventually(lambda: _zero(relay), what="first publish")
        nats_server.stop()
        for i in range(20):
            await store.append(f"member-{i % 3}", "member", i // 3, [named(f"down-{i}")])

        async def backing_off() -> bool:
            return relay.failed_passes >= 3

        await eventually(backing_off, what="failed passes")
        # Each failure doubles the wait, up to the configured maximum.
        assert relay.backoff == settings.relay_max_backoff_seconds
        assert await relay.pending() == 20
        nats_server.start()
        await eventually(lambda: _zero(relay), timeout=20, what="publishing after restart")
    finally:
        stop.set()
        await task
    found = await stream_contents(js)
    assert len(found) == 21
    assert len({env.event_id for _, env in found}) == 21
    for stream in ("member-0", "member-1", "member-2"):
        versions = [env.version for _, env in found if env.stream_id == stream]
        assert versions == sorted(versions) == list(range(1, len(versions) + 1))


async def _zero(relay) -> bool:
    return await relay.pending() == 0


async def test_a_commit_during_a_pass_is_published_by_the_next_pass_at_once(nats_server, db):
    """A commit that notifies the relay while a pass runs (after it chose its rows)
    starts another pass at once: the notice is not cleared at the end of the pass,
    which would leave the event to the next poll (60 s here)."""
    settings = settings_for(nats_server.url, relay_poll_interval_seconds=60.0)
    nc = await connect(settings, "test-relay")
    js = nc.jetstream()
    await ensure_stream(js, settings)
    relay = OutboxRelay(db, settings, "members", js=js)
    store = EventStore(db, on_append=relay.notify)
    in_pass, go_on = asyncio.Event(), asyncio.Event()
    publish = relay._publish

    async def held_publish(batch):
        in_pass.set()
        await go_on.wait()
        return await publish(batch)

    relay._publish = held_publish
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    try:
        await store.append("member-a", "member", 0, [named("first")])
        await asyncio.wait_for(in_pass.wait(), 10)
        await store.append("member-b", "member", 0, [named("during the pass")])
        go_on.set()
        await eventually(lambda: _zero(relay), timeout=10, what="both published before the next poll")
    finally:
        stop.set()
        await task
        await nc.close()


async def test_two_relays_on_one_database_publish_each_event_once(stack, db, database_url):
    settings, nc, js = stack
    other_db = Database(database_url)
    relays = [OutboxRelay(db, settings, "members", js=js), OutboxRelay(other_db, settings, "members", js=js)]
    store = EventStore(db, on_append=lambda: [r.notify() for r in relays])
    stop = asyncio.Event()
    tasks = [asyncio.create_task(r.run(stop)) for r in relays]
    try:
        async def writer(stream: str):
            for v in range(10):
                await store.append(stream, "member", v, [named(f"{stream}-{v}")])

        await asyncio.gather(*(writer(f"member-{i}") for i in range(5)))
        await eventually(lambda: _zero(relays[0]), what="all published")
    finally:
        stop.set()
        await asyncio.gather(*tasks)
        await other_db.dispose()
    found = await stream_contents(js)
    assert len(found) == 50
    for i in range(5):
        assert [env.version for _, env in found if env.stream_id == f"member-{i}"] == list(range(1, 11))


async def test_event_committed_late_is_not_skipped(nats_server, postgres_url):
    """On PostgreSQL a transaction can take a lower position and commit after a
    higher one was published; the relay must still publish it."""
    db = Database(postgres_url)
    await create_kit_tables(db)
    settings = settings_for(nats_server.url)
    nc = await connect(settings, "test-late")
    js = nc.jetstream()
    await ensure_stream(js, settings)
    relay = OutboxRelay(db, settings, "members", js=js)
    store = EventStore(db)
    try:
        slow = await db.engine.connect()
        txn = await slow.begin()
        await slow.execute(insert(events).values(
            event_id="00000000-0000-0000-0000-00000000late", stream_id="member-late",
            stream_type="member", version=1, event_type="MemberRegistered",
            payload_type="offkai.members.v1.MemberRegistered",
            payload=named("late").SerializeToString(),
            occurred_at=datetime.now(UTC),
            correlation_id="c", causation_id="c"))
        await store.append("member-early", "member", 0, [named("early")])
        assert await relay.flush(timeout=5)  # publishes "early" (higher position)
        await txn.commit()
        await slow.close()
        assert await relay.flush(timeout=5)
        ids = [env.stream_id for _, env in await stream_contents(js)]
        assert ids == ["member-early", "member-late"]
    finally:
        await nc.close()
        await db.dispose()


async def test_a_restarted_relay_takes_its_own_lease_back_at_once(stack, db):
    settings, nc, js = stack
    store = EventStore(db)
    first = OutboxRelay(db, settings, "members", js=js, owner="pod-a")
    await store.append("member-1", "member", 0, [named("one")])
    assert await first.publish_pending() == 1
    # pod-a crashes (no release); another replica must wait out the lease …
    other = OutboxRelay(db, settings, "members", js=js, owner="pod-b")
    await store.append("member-1", "member", 1, [named("two")])
    assert await other.publish_pending() == 0
    # … but pod-a, restarted with the same identity, carries on at once.
    again = OutboxRelay(db, settings, "members", js=js, owner="pod-a")
    assert await again.publish_pending() == 1
    assert await again.pending() == 0


async def test_a_relay_that_lost_its_lease_marks_nothing(stack, db):
    settings, nc, js = stack
    store = EventStore(db)
    relay = OutboxRelay(db, settings, "members", js=js, owner="pod-a")
    assert await relay.lease.acquire()
    await store.append("member-1", "member", 0, [named("one")])
    # It stalls; its lease expires and pod-b takes over before it marks anything.
    async with db.write() as conn:
        await conn.execute(update(leases).where(leases.c.name == "relay")
                           .values(owner="pod-b", term=leases.c.term + 1))
    assert await relay.publish_pending() == 0
    assert await relay.pending() == 1, "left for the new holder"


async def test_the_audit_republishes_what_the_stream_lost(stack, db):
    settings, nc, js = stack
    store = EventStore(db)
    for i in range(5):
        await store.append(f"member-{i}", "member", 0, [named(f"m{i}a"), named(f"m{i}b")])
    relay = OutboxRelay(db, settings, "members", js=js)
    assert await relay.flush(timeout=10)
    audit = StreamAudit(db, js, settings, "members")
    assert (await audit.audit()).republished == 0, "nothing lost, nothing sent"
    # The stream loses them; JetStream still remembers their ids (its duplicate window).
    await js.purge_stream("OFFKAI", subject="offkai.members.>")
    report = await audit.audit()
    assert (report.on_stream, report.in_store, report.republished) == (0, 10, 10)
    found = await stream_contents(js)
    recorded = {e.event_id for i in range(5) for e in await store.load(f"member-{i}")}
    assert {env.event_id for _, env in found} == recorded
    for i in range(5):
        assert [env.version for _, env in found if env.stream_id == f"member-{i}"] == [1, 2], "in store order"
    assert (await audit.audit()).republished == 0


async def published_unmarked(db, relay: OutboxRelay, store: EventStore, names: list[str]) -> None:
    """Events the relay has published but not yet marked (the moment between its
    PubAck and its commit): on the stream, unpublished in the store."""
    for name in names:
        await store.append(f"member-{name}", "member", 0, [named(name)])
    async with db.read() as conn:
        rows = (await conn.execute(select(events).where(events.c.published_at.is_(None)))).all()
    assert len(await relay._publish([record_from_row(r) for r in rows])) == len(names)


async def test_a_stream_made_again_is_read_id_by_id_though_the_counts_agree(stack, db):
    settings, nc, js = stack
    store = EventStore(db)
    for i in range(4):
        await store.append(f"member-{i}", "member", 0, [named(f"old{i}")])
    relay = OutboxRelay(db, settings, "members", js=js)
    assert await relay.flush(timeout=10)
    audit = StreamAudit(db, js, settings, "members")
    assert (await audit.audit()).republished == 0
    # The server loses its store; the stream is made again and the relay publishes
    # the backlog, as many events as were lost, before it marks them.
    await js.delete_stream("OFFKAI")
    await ensure_stream(js, settings)
    await published_unmarked(db, relay, store, [f"new{i}" for i in range(5)])
    report = await audit.audit()
    assert (report.on_stream, report.in_store, report.republished) == (5, 4, 4)
    assert await relay.flush(timeout=10)
    found = await stream_contents(js)
    ids = [env.event_id for _, env in found]
    assert len(ids) == len(set(ids)) == 9, "every event once, none lost"


async def test_counts_can_hide_a_loss_that_an_asked_for_audit_finds(stack, db):
    settings, nc, js = stack
    store = EventStore(db)
    for i in range(3):
        await store.append(f"member-{i}", "member", 0, [named(f"old{i}")])
    relay = OutboxRelay(db, settings, "members", js=js)
    assert await relay.flush(timeout=10)
    audit = StreamAudit(db, js, settings, "members")
    assert (await audit.audit()).republished == 0
    # The same stream loses them (a purge), and messages not yet marked make up the count.
    await js.purge_stream("OFFKAI", subject="offkai.members.>")
    await published_unmarked(db, relay, store, ["x", "y", "z"])
    assert (await audit.audit()).republished == 0, "the periodic audit trusts equal counts"
    assert (await audit.audit(thorough=True)).republished == 3
    assert await relay.flush(timeout=10)
    ids = [env.event_id for _, env in await stream_contents(js)]
    assert len(ids) == len(set(ids)) == 6


async def test_first_look_at_a_stream_younger_than_the_store_reads_it_id_by_id(stack, db):
    settings, nc, js = stack
    store = EventStore(db)
    await store.append("member-1", "member", 0, [named("long-ago")])
    relay = OutboxRelay(db, settings, "members", js=js)
    assert await relay.flush(timeout=10)
    async with db.write() as conn:  # published an hour ago, to a stream since lost
        await conn.execute(update(events).values(published_at=datetime.now(UTC) - timedelta(hours=1)))
    await js.delete_stream("OFFKAI")
    await ensure_stream(js, settings)
    await published_unmarked(db, relay, store, ["since"])
    report = await StreamAudit(db, js, settings, "members").audit()
    assert (report.on_stream, report.in_store, report.republished) == (1, 1, 1)


async def test_a_wiped_stream_is_made_again_and_refilled(stack, db):
    settings, nc, js = stack
    store = EventStore(db)
    relay = OutboxRelay(db, settings, "members", js=js)
    await store.append("member-1", "member", 0, [named("before")])
    assert await relay.flush(timeout=10)
    await js.delete_stream("OFFKAI")
    await store.append("member-1", "member", 1, [named("after")])
    assert await relay.flush(timeout=10)
    assert relay.stream_recreated.is_set()
    report = await StreamAudit(db, js, settings, "members").audit()
    assert report.republished == 1
    assert sorted(env.version for _, env in await stream_contents(js)) == [1, 2]
