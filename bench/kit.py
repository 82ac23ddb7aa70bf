"""The kit against bare baselines: appends vs one-row commits, the relay vs bare
publish_async, the consumer runner vs bare fetch+ack."""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid

from sqlalchemy import Column, Integer, MetaData, String, Table, insert

from bench import results
from bench.harness import compare, kit_database, rate, temp_nats
from offkai.members.v1.events_pb2 import MemberRegistered
from offkai_kit.config import ServiceSettings
from offkai_kit.consumer import ProjectionRunner
from offkai_kit.eventstore import EventStore
from offkai_kit.outbox import OutboxRelay
from offkai_kit.stream import connect, ensure_stream
from offkai_kit.testing.databases import create_postgres_database, drop_postgres_database, postgres_unreachable_reason

N_APPENDS = 500
N_MESSAGES = 5000
ROUNDS = int(os.environ.get("OFFKAI_BENCH_ROUNDS", 3))

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

    ours_rate, base_rate = await compare(N_APPENDS, ours, baseline)
    results.add("eventstore", f"append 1 event ({label})", ours_rate, base_rate, "ev/s", "one-row insert")
    await db.dispose()


async def relay_and_consumer() -> None:
    """Alternating rounds: bare publish, the relay, bare fetch+ack, the runner; each
    round on its own events (its own aggregate type, so its own subjects)."""
    samples: dict[str, list[float]] = {"bare_pub": [], "relay": [], "bare_fetch": [], "runner": []}
    with temp_nats() as server, tempfile.TemporaryDirectory() as tmp:
        settings = ServiceSettings(service_name="members", nats_url=server.url, relay_batch_size=1000,
                                   consumer_batch_size=256, consumer_fetch_timeout_seconds=0.5)
        nc = await connect(settings, "bench")
        js = nc.jetstream()
        await ensure_stream(js, settings)
        payload = MemberRegistered(member_id="m", display_name="bench").SerializeToString()
        db = await kit_database(f"sqlite+aiosqlite:///{tmp}/relay.db")
        store = EventStore(db)
        event = MemberRegistered(member_id="m", display_name="bench")
        relay = OutboxRelay(db, settings, "members", js=js)
        async def one_round(r: int) -> None:
            kind = "round" + "abcdefghijklmnop"[r]

            async def bare_publish():
                futures = [await js.publish_async(f"offkai.bench.{kind}.Sent", payload,
                                                  headers={"Nats-Msg-Id": str(uuid.uuid4())})
                           for _ in range(N_MESSAGES)]
                await asyncio.gather(*futures)

            samples["bare_pub"].append(await rate(N_MESSAGES, bare_publish, repeats=1))
            for i in range(0, N_MESSAGES, 50):  # 100 streams of 50 events
                await store.append(f"{kind}-{i}", kind, 0, [event] * 50)
            samples["relay"].append(await rate(N_MESSAGES, lambda: relay.flush(timeout=120), repeats=1))

            sub = await js.pull_subscribe(f"offkai.bench.{kind}.>", durable=f"bare{r}", stream="OFFKAI")

            async def bare_consume():
                got = 0
                while got < N_MESSAGES:
                    for msg in await sub.fetch(256, timeout=2):
                        await msg.ack()
                        got += 1

            samples["bare_fetch"].append(await rate(N_MESSAGES, bare_consume, repeats=1))

            class Nothing:
                name = f"bench_{kind}"
                subjects = [f"offkai.members.{kind}.>"]

                async def apply(self, conn, event):
                    pass

                async def reset(self, conn):
                    pass

            runner = ProjectionRunner(db, nc, settings, "bench", Nothing())
            stop = asyncio.Event()
            task = None

            async def consume():
                nonlocal task
                task = asyncio.create_task(runner.run(stop))
                while runner.applied < N_MESSAGES:
                    await asyncio.sleep(0.01)

            # Timed until the last event is applied, like the bare loop until its last
            # ack: stopping waits out the open fetch (up to its timeout), not a cost of
            # consuming.
            samples["runner"].append(await rate(N_MESSAGES, consume, repeats=1))
            stop.set()
            await task
            await runner.close()
        for r in range(ROUNDS):
            await one_round(r)
        results.add("stream", "outbox relay publish (SQLite)", samples["relay"], samples["bare_pub"], "msg/s",
                    "bare publish_async", target=0.7)
        results.add("stream", "consumer runner apply+checkpoint (SQLite)", samples["runner"],
                    samples["bare_fetch"], "msg/s", "bare fetch+ack", target=0.5)
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
