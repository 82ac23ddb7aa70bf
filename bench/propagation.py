"""Propagation: a commit in one service until the row it causes is visible in another
service's projection, at a steady open-loop rate — against the bare chain.

- **ours** — the producing service's side: ``EventStore.append`` of one event (a new
  aggregate each time) on its own database, the commit waking its ``OutboxRelay``
  (``run`` loop, as the service runs it), which publishes to JetStream; the consuming
  service's side: a ``ProjectionRunner`` on a database of its own, with a projection
  that upserts one row per event (its fetch, batch transaction with tracking and
  lease fence, ack). Timed from the append's commit (an ``after_commit`` callback of
  its transaction) to the commit of the projection's transaction holding the row.
- **bare** — raw nats-py: ``js.publish`` of the same payload, a pull ``fetch`` with the
  runner's batch size and timeout, the same one-row upsert + commit through the same
  engine, then ``ack``. Timed from the publish call to the upsert's commit.

Both run in this process, each side on its own NATS connection (one event loop, as
the two are a producer and a consumer of one machine either way), the same rate,
alternating rounds; p50/p99 per round, medians over rounds. The target (issue 11) is
ours' p99 ≤ 3× the bare chain's: a speed ratio (bare / ours) ≥ 1/3."""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
import uuid

from sqlalchemy import Column, Integer, MetaData, String, Table, text

from bench import results
from bench.harness import kit_database, temp_nats
from offkai.members.v1.events_pb2 import MemberRegistered
from offkai_kit.config import ServiceSettings
from offkai_kit.consumer import ProjectionRunner
from offkai_kit.db import after_commit
from offkai_kit.eventstore import EventStore
from offkai_kit.outbox import OutboxRelay
from offkai_kit.stream import connect, ensure_stream
from offkai_kit.testing.databases import create_postgres_database, drop_postgres_database, postgres_unreachable_reason

RATE = float(os.environ.get("OFFKAI_BENCH_PROPAGATION_RATE", 100))  # events per second
LOW_RATE = 20.0
SECONDS = float(os.environ.get("OFFKAI_BENCH_PROPAGATION_SECONDS", 5))
ROUNDS = int(os.environ.get("OFFKAI_BENCH_ROUNDS", 3))
TARGET = 1 / 3  # ours' p99 at most 3x the bare chain's

rows = MetaData()
Table("propagated", rows, Column("id", String(64), primary_key=True), Column("n", Integer, nullable=False))
UPSERT = text("INSERT INTO propagated (id, n) VALUES (:id, 1) ON CONFLICT (id) DO UPDATE SET n = propagated.n + 1")


class Clocks:
    """When each event (keyed by its aggregate / message id) started and became visible."""

    def __init__(self) -> None:
        self.sent: dict[str, float] = {}
        self.seen: dict[str, float] = {}
        self.arrived = asyncio.Event()
        self.expected = 0

    def start(self, key: str) -> None:
        self.sent[key] = time.perf_counter()

    def visible(self, key: str) -> None:
        self.seen[key] = time.perf_counter()
        if len(self.seen) >= self.expected:
            self.arrived.set()

    def latencies_ms(self) -> list[float]:
        return sorted((self.seen[k] - self.sent[k]) * 1000 for k in self.sent if k in self.seen)


class OneRow:
    """The consuming service's projection: one upserted row per event, its visibility
    timed when the runner's batch transaction commits."""

    name = "bench_propagation"
    subjects = ["offkai.members.member.>"]

    def __init__(self) -> None:
        self.clocks = Clocks()

    async def apply(self, conn, event) -> None:
        key = event.stream_id
        await conn.execute(UPSERT, {"id": key})
        after_commit(conn, lambda: self.clocks.visible(key))

    async def reset(self, conn) -> None:
        await conn.execute(text("DELETE FROM propagated"))


async def open_loop(rate: float, seconds: float, send) -> int:
    """``send(n)`` started at n / rate seconds, whatever the earlier ones are doing."""
    start = time.perf_counter()
    tasks, n = [], 0
    while (at := start + n / rate) < start + seconds:
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        tasks.append(asyncio.create_task(send(n)))
        n += 1
    await asyncio.gather(*tasks)
    return n


async def _until_arrived(clocks: Clocks, sent: int, timeout: float) -> None:
    clocks.expected = sent
    if len(clocks.seen) >= sent:
        return
    try:
        await asyncio.wait_for(clocks.arrived.wait(), timeout)
    except TimeoutError:
        pass  # reported below as lost


def _summary(clocks: Clocks, sent: int) -> dict:
    lat = clocks.latencies_ms()
    if not lat:
        return {"p50": float("nan"), "p99": float("nan"), "sent": sent, "seen": 0}
    return {"p50": lat[min(len(lat) - 1, int(0.50 * len(lat)))], "p99": lat[min(len(lat) - 1, int(0.99 * len(lat)))],
            "sent": sent, "seen": len(lat)}


async def measure(producer_url: str, consumer_url: str, label: str, *, rate: float = RATE, seconds: float = SECONDS,
                  rounds: int = ROUNDS) -> results.Row:
    with temp_nats() as server:
        settings = ServiceSettings(service_name="members", nats_url=server.url)
        producer_db, consumer_db = await kit_database(producer_url), await kit_database(consumer_url)
        async with consumer_db.write() as conn:
            await conn.run_sync(rows.create_all)
        stop = asyncio.Event()
        # The producing service: its connection, store, relay.
        producer_nc = await connect(settings, "bench-producer")
        producer_js = producer_nc.jetstream()
        await ensure_stream(producer_js, settings)
        relay = OutboxRelay(producer_db, settings, "members", js=producer_js)
        store = EventStore(producer_db, on_append=relay.notify)
        # The consuming service: its connection and projection runner.
        consumer_nc = await connect(settings, "bench-consumer")
        projection = OneRow()
        runner = ProjectionRunner(consumer_db, consumer_nc, settings, "bench", projection)
        # The bare chain: raw publish on the producer's connection, a pull consumer on the consumer's.
        bare_sub = await consumer_nc.jetstream().pull_subscribe("offkai.bench.propagation.>", durable="bare_prop",
                                                                stream=settings.stream_name)
        bare_clocks = Clocks()

        async def bare_consume() -> None:
            while not stop.is_set():
                try:
                    msgs = await bare_sub.fetch(settings.consumer_batch_size,
                                                timeout=settings.consumer_fetch_timeout_seconds)
                except TimeoutError:
                    continue
                async with consumer_db.write() as conn:
                    for msg in msgs:
                        await conn.execute(UPSERT, {"id": msg.data.decode()})
                now = time.perf_counter()
                for msg in msgs:
                    bare_clocks.seen[msg.data.decode()] = now
                if len(bare_clocks.seen) >= bare_clocks.expected:
                    bare_clocks.arrived.set()
                for msg in msgs:
                    await msg.ack()

        tasks = [asyncio.create_task(relay.run(stop)), asyncio.create_task(runner.run(stop)),
                 asyncio.create_task(bare_consume())]
        event = MemberRegistered(member_id="m", display_name="bench")

        async def ours_round() -> dict:
            clocks = projection.clocks = Clocks()
            clocks.expected = 1 << 30
            tag = uuid.uuid4().hex[:8]

            async def send(n: int) -> None:
                key = f"member-{tag}-{n}"

                async def committed(conn) -> None:
                    after_commit(conn, lambda: clocks.start(key))

                await store.append(key, "member", 0, [event], within=committed)

            sent = await open_loop(rate, seconds, send)
            await _until_arrived(clocks, sent, 30)
            return _summary(clocks, sent)

        async def bare_round() -> dict:
            nonlocal bare_clocks
            clocks = bare_clocks = Clocks()
            clocks.expected = 1 << 30
            tag = uuid.uuid4().hex[:8]

            async def send(n: int) -> None:
                key = f"bare-{tag}-{n}"
                clocks.start(key)
                await producer_js.publish("offkai.bench.propagation.Sent", key.encode(), headers={"Nats-Msg-Id": key})

            sent = await open_loop(rate, seconds, send)
            await _until_arrived(clocks, sent, 30)
            return _summary(clocks, sent)

        try:
            # Warm-up: both paths once, briefly (consumers created, statements cached).
            await bare_round()
            await ours_round()
            ours, bare = [], []
            for _ in range(rounds):
                bare.append(await bare_round())
                ours.append(await ours_round())
        finally:
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            await runner.close()
            await producer_nc.close()
            await consumer_nc.close()
            await producer_db.dispose()
            await consumer_db.dispose()
    lost = sum(r["sent"] - r["seen"] for r in ours + bare)
    row = results.add(
        "propagation", f"propagation p99, commit → other service's projection, {rate:g}/s ({label})",
        [r["p99"] for r in ours], [r["p99"] for r in bare], "ms", "bare publish→fetch→upsert", target=TARGET,
        p50_ms=statistics.median(r["p50"] for r in ours), bare_p50_ms=statistics.median(r["p50"] for r in bare),
        rounds=[{"ours": o, "bare": b} for o, b in zip(ours, bare, strict=True)], lost=lost,
        load_average=os.getloadavg()[0],
    )
    print(f"{'':<52} p50 {row.extra['p50_ms']:.1f} ms (bare {row.extra['bare_p50_ms']:.1f} ms), "
          f"p99 {row.ours:.1f} ms (bare {row.baseline:.1f} ms), lost {lost}, load {row.extra['load_average']:.1f}")
    return row


async def main() -> None:
    # The target's rate, and a low one at which neither side queues: the fixed cost of the path.
    for rate in (RATE, LOW_RATE):
        with tempfile.TemporaryDirectory() as tmp:
            await measure(f"sqlite+aiosqlite:///{tmp}/producer.db", f"sqlite+aiosqlite:///{tmp}/consumer.db", "SQLite",
                          rate=rate)
    reason = await postgres_unreachable_reason()
    if reason:
        print(f"propagation (PostgreSQL): skipped — {reason}")
        return
    for rate in (RATE, LOW_RATE):
        producer, consumer = await create_postgres_database(), await create_postgres_database()
        try:
            await measure(producer, consumer, "PostgreSQL", rate=rate)
        finally:
            await drop_postgres_database(producer)
            await drop_postgres_database(consumer)

