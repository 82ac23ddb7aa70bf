"""The kit's command path against the ``eventsourcing`` library (9.5.6, as people
would otherwise pick it) on the same SQLite file and the same PostgreSQL database.

Ours is what every mutating RPC does — ``CommandRunner.execute``: the idempotency
look-up, load (cache + tail), decide, append with the answer in one transaction.
Theirs is ``Application.repository.get`` + a command method + ``Application.save``
with the library's defaults. The same four operations on each: create an aggregate
(one event); load + command + append on a 10-event aggregate; on a 1,000-event one;
creates from 4 concurrent writers (4 tasks for ours, 4 threads for theirs). Runs
alternate; medians are reported."""

from __future__ import annotations

import asyncio
import itertools
import os
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from sqlalchemy.engine import make_url

from bench import results
from bench.harness import kit_database
from offkai.members.v1.events_pb2 import MemberRegistered
from offkai.members.v1.members_pb2 import Member
from offkai_kit.decider import Decider
from offkai_kit.testing.commands import command_runner
from offkai_kit.testing.databases import create_postgres_database, drop_postgres_database, postgres_unreachable_reason

N = int(os.environ.get("OFFKAI_BENCH_STORE_OPS", 300))
ROUNDS = int(os.environ.get("OFFKAI_BENCH_ROUNDS", 3))
WRITERS = 4
AGGREGATES = 50

# A small aggregate: the names registered so far.
names = Decider(
    stream_type="names",
    initial=(),
    evolve=lambda state, event: (*state, event.display_name),
    decide=lambda state, name, now: [MemberRegistered(member_id="m", display_name=name)],
)


def _respond(state) -> Member:
    return Member(display_name=str(len(state)))


class Ours:
    def __init__(self, db):
        self.runner = command_runner(db)

    async def command(self, stream: str, name: str) -> None:
        await self.runner.execute(names, stream, name, _respond, method="Add", request=Member(display_name=name),
                                  request_id=uuid.uuid4().hex)

    async def build(self, events: int) -> list[str]:
        streams = [f"names-{uuid.uuid4()}" for _ in range(AGGREGATES)]
        for s in streams:
            await self.runner.store.append(s, "names", 0, [MemberRegistered(display_name=f"n{i}")
                                                           for i in range(events)])
        return streams


class Names(Aggregate):
    @event("Registered")
    def __init__(self, name: str):
        self.names = [name]

    @event("Added")
    def add(self, name: str):
        self.names.append(name)


class Registry(Application):
    def build(self, events: int) -> list:
        ids = []
        for _ in range(AGGREGATES):
            aggregate = Names("n0")
            for i in range(1, events):
                aggregate.add(f"n{i}")
            self.save(aggregate)
            ids.append(aggregate.id)
        return ids

    def create(self) -> None:
        self.save(Names("first"))

    def command(self, aggregate_id, name: str) -> None:
        aggregate = self.repository.get(aggregate_id)
        aggregate.add(name)
        self.save(aggregate)


async def _rate(n: int, run) -> float:
    start = time.perf_counter()
    await run()
    return n / (time.perf_counter() - start)


async def compare(label: str, db, theirs) -> None:
    ours = Ours(db)
    pool = ThreadPoolExecutor(WRITERS)
    small_ours, small_theirs = await ours.build(10), theirs.build(10)
    big_ours, big_theirs = await ours.build(1000), theirs.build(1000)
    samples: dict[str, tuple[list, list]] = {k: ([], []) for k in ("create", "10", "1000", "writers")}

    async def ours_create():
        for i in range(N):
            await ours.command(f"names-{uuid.uuid4()}", f"n{i}")

    async def theirs_create():
        for _ in range(N):
            theirs.create()

    def ours_on(streams, n):
        async def run():
            cycle = itertools.cycle(streams)
            for i in range(n):
                await ours.command(next(cycle), f"x{i}")
        return run

    def theirs_on(ids, n):
        async def run():
            cycle = itertools.cycle(ids)
            for i in range(n):
                theirs.command(next(cycle), f"x{i}")
        return run

    async def ours_writers():
        async def writer():
            for i in range(N // WRITERS):
                await ours.command(f"names-{uuid.uuid4()}", f"n{i}")
        await asyncio.gather(*(writer() for _ in range(WRITERS)))

    async def theirs_writers():
        def writer():
            for _ in range(N // WRITERS):
                theirs.create()
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(pool, writer) for _ in range(WRITERS)))

    big_n = max(20, N // 10)
    for _ in range(ROUNDS):
        for key, o, t, n in (("create", ours_create, theirs_create, N),
                             ("10", ours_on(small_ours, N), theirs_on(small_theirs, N), N),
                             ("1000", ours_on(big_ours, big_n), theirs_on(big_theirs, big_n), big_n),
                             ("writers", ours_writers, theirs_writers, N - N % WRITERS)):
            samples[key][0].append(await _rate(n, o))
            samples[key][1].append(await _rate(n, t))
    pool.shutdown()
    names_of = {"create": "create an aggregate (1 event)", "10": "load+command+append, 10 events",
                "1000": "load+command+append, 1,000 events", "writers": f"{WRITERS} concurrent writers, creates"}
    for key, (o, t) in samples.items():
        results.add("eventstore", f"{names_of[key]} ({label})", o, t, "/s", "eventsourcing", target=1.5)


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/store.db"
        db = await kit_database(f"sqlite+aiosqlite:///{path}")
        theirs = Registry(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path})
        await compare("SQLite", db, theirs)
        theirs.close()
        await db.dispose()
    reason = await postgres_unreachable_reason()
    if reason:
        print(f"event store (PostgreSQL): skipped — {reason}")
        return
    url = await create_postgres_database()
    try:
        db = await kit_database(url)
        u = make_url(url)
        theirs = Registry(env={"PERSISTENCE_MODULE": "eventsourcing.postgres", "POSTGRES_DBNAME": u.database,
                             "POSTGRES_HOST": u.host, "POSTGRES_PORT": str(u.port or 5432),
                             "POSTGRES_USER": u.username, "POSTGRES_PASSWORD": u.password or "unused"})
        await compare("PostgreSQL", db, theirs)
        theirs.close()
        await db.dispose()
    finally:
        await drop_postgres_database(url)
