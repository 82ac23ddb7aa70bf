"""The kit against bare baselines: appends vs one-row commits, the relay vs bare
publish_async, the consumer runner vs bare fetch+ack."""

from __future__ import annotations

import asyncio
import tempfile
import uuid

from sqlalchemy import Column, Integer, MetaData, String, Table, insert

from bench.harness import compare, kit_database, rate, report, temp_nats
from offkai.members.v1.events_pb2 import MemberRegistered
from offkai_kit.config import ServiceSettings
from offkai_kit.consumer import ProjectionRunner
from offkai_kit.eventstore import EventStore
from offkai_kit.outbox import OutboxRelay
from offkai_kit.stream import connect, ensure_stream
from offkai_kit.testing.databases import create_postgres_database, drop_postgres_database, postgres_unreachable_reason

N_APPENDS = 500
N_MESSAGES = 5000

bare = Table("bare", MetaData(), Column("id", Integer, primary_key=True), Column("v", String(40)))


async def appends(url: str, label: str) -> None:
    db = await kit_database(url)
    async with db.write() as conn:
        await conn.run_sync(bare.metadata.create_all)
    store = EventStore(db)
    event = MemberRegistered(member_id="m", display_name="bench")

    async def ours():
        for _ in range(N_APPENDS):
            await store.append(f"member-{uuid.uuid4()}", "member", 0, [event])

    async def baseline():
        for _ in range(N_APPENDS):
            async with db.write() as conn:
                await conn.execute(insert(bare).values(v=str(uuid.uuid4())))

    report(f"append 1 event ({label})", *await compare(N_APPENDS, ours, baseline), "ev/s")
    await db.dispose()


async def relay_and_consumer() -> None:
    with temp_nats() as server, tempfile.TemporaryDirectory() as tmp:
        settings = ServiceSettings(service_name="members", nats_url=server.url, relay_batch_size=1000,
                                   consumer_batch_size=256, consumer_fetch_timeout_seconds=0.5)
        nc = await connect(settings, "bench")
        js = nc.jetstream()
        await ensure_stream(js, settings)
        payload = MemberRegistered(member_id="m", display_name="bench").SerializeToString()

        async def bare_publish():
            futures = [await js.publish_async("offkai.bench.bare.Sent", payload,
                                              headers={"Nats-Msg-Id": str(uuid.uuid4())})
                       for _ in range(N_MESSAGES)]
            await asyncio.gather(*futures)

        bare_rate = await rate(N_MESSAGES, bare_publish, repeats=1)

        db = await kit_database(f"sqlite+aiosqlite:///{tmp}/relay.db")
        store = EventStore(db)
        event = MemberRegistered(member_id="m", display_name="bench")
        for i in range(0, N_MESSAGES, 50):  # 100 streams of 50 events
            await store.append(f"member-{i}", "member", 0, [event] * 50)
        relay = OutboxRelay(db, settings, "members", js=js)
        relay_rate = await rate(N_MESSAGES, lambda: relay.flush(timeout=120), repeats=1)
        report("outbox relay publish (SQLite)", relay_rate, bare_rate, "msg/s")

        sub = await js.pull_subscribe("offkai.bench.>", durable="bare", stream="OFFKAI")

        async def bare_consume():
            got = 0
            while got < N_MESSAGES:
                for msg in await sub.fetch(256, timeout=2):
                    await msg.ack()
                    got += 1

        bare_consume_rate = await rate(N_MESSAGES, bare_consume, repeats=1)

        class Nothing:
            name = "bench"
            subjects = ["offkai.members.member.>"]

            async def apply(self, conn, event):
                pass

            async def reset(self, conn):
                pass

        runner = ProjectionRunner(db, nc, settings, "bench", Nothing())
        stop = asyncio.Event()

        async def consume():
            task = asyncio.create_task(runner.run(stop))
            while runner.applied < N_MESSAGES:
                await asyncio.sleep(0.01)
            stop.set()
            await task

        report("consumer runner apply+checkpoint (SQLite)", await rate(N_MESSAGES, consume, repeats=1),
               bare_consume_rate, "msg/s")
        await runner.close()
        await nc.close()
        await db.dispose()


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        await appends(f"sqlite+aiosqlite:///{tmp}/append.db", "SQLite")
    reason = await postgres_unreachable_reason()
    if reason:
        print(f"append (PostgreSQL): skipped — {reason}")
    else:
        url = await create_postgres_database()
        try:
            await appends(url, "PostgreSQL")
        finally:
            await drop_postgres_database(url)
    await relay_and_consumer()
