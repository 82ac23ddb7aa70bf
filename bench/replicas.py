"""The replica design measured: one active runner per projection (and one relay)
among a service's replicas, elected by a fencing lease, the others standing by.

``python -m bench replicas [--seconds S] [--postgres] [--lease-seconds L]``

Real processes (the fault suite's harness, ``tests.faults.support``): a nats-server,
replicas of the events service with the witness projection, the fault suite's load
client (``tests.faults.load``: schedule, publish, five RSVPs and a cancel per meetup).

1. Throughput, in one run with the same load client settings: first with one
   replica, then with a second one started beside it (the load then goes to both).
   For each phase: commands answered OK per second, events appended per second,
   events one projection applied per second (the witness's rows), and how far the
   catalog was behind the store at the end of the phase.
2. Failover: with two replicas under load, SIGKILL the one that holds the catalog's
   lease (and the relay's), then measure until the standby holds them, until every
   event stored before the kill is published, and until the catalog, the schedule
   and the witness have applied every event stored before the kill; the killed one
   is started again (as the standby) and the other way round, ``--failovers`` times.

The leases are the production defaults unless ``--lease-seconds`` sets both.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from offkai_kit.consumer.tracking import projection_positions
from offkai_kit.eventstore.schema import events
from offkai_kit.lease import leases
from offkai_kit.testing.databases import create_postgres_database, drop_postgres_database
from tests.faults.invariants import MEETUP_PROJECTIONS, caught_up, check
from tests.faults.support import LoadResults, Replica, World
from tests.faults.witness import applied as witness_applied

CATALOG_LEASE = "projection:events_meetup_catalog"
RELAY_LEASE = "relay"
# The production defaults (offkai_kit.config), spelled out: the fault suite's are shorter.
DEFAULT_LEASES = {"OFFKAI_CONSUMER_LEASE_SECONDS": "10", "OFFKAI_RELAY_LEASE_SECONDS": "15"}
LOAD = {"workers": 6, "pause": 0.0, "members": 5}


async def counts(world: World) -> dict[str, int]:
    async with world.db.read() as conn:
        return {
            "events": await conn.scalar(select(func.count()).select_from(events)),
            "applied": await conn.scalar(select(func.count()).select_from(witness_applied)),
        }


async def catalog_behind(world: World) -> int:
    """Meetup events in the store the catalog has not applied yet."""
    e, p = events.c, projection_positions.c
    async with world.db.read() as conn:
        heads = dict((await conn.execute(select(e.stream_id, func.max(e.version)).where(
            e.stream_type == "meetup").group_by(e.stream_id))).all())
        at = dict((await conn.execute(select(p.stream_id, p.version).where(p.projection == "meetup_catalog"))).all())
    return sum(v - at.get(s, 0) for s, v in heads.items())


async def phase(world: World, targets: list[Replica], seconds: float) -> tuple[dict, LoadResults]:
    load = world.load(*targets, **LOAD, seconds=seconds + 120).start()
    await load.until_ok(20, timeout=60)  # warmed up
    before, t0, ok0 = await counts(world), time.time(), len(load.results().ok)
    await load.running_for(seconds)
    after, t1, ok1 = await counts(world), time.time(), len(load.results().ok)
    behind = await catalog_behind(world)
    results = await load.stop()
    took = await caught_up(world, since=time.time(), bound=60)
    span = t1 - t0
    return {
        "replicas": len(targets),
        "commands_per_s": round((ok1 - ok0) / span, 1),
        "appended_per_s": round((after["events"] - before["events"]) / span, 1),
        "applied_per_s": round((after["applied"] - before["applied"]) / span, 1),
        "catalog_behind_at_end": behind,
        "caught_up_after_stop_s": round(took, 2),
    }, results


async def owners(world: World) -> dict[str, str]:
    async with world.db.read() as conn:
        return dict((await conn.execute(select(leases.c.name, leases.c.owner))).all())


async def published_up_to(world: World, position: int) -> bool:
    async with world.db.read() as conn:
        return not await conn.scalar(select(func.count()).select_from(events).where(
            events.c.position <= position, events.c.published_at.is_(None)))


async def applied_up_to(world: World, heads: dict[str, int]) -> bool:
    p = projection_positions.c
    async with world.db.read() as conn:
        for name in MEETUP_PROJECTIONS:
            at = dict((await conn.execute(select(p.stream_id, p.version).where(p.projection == name))).all())
            if any(at.get(s, 0) < v for s, v in heads.items()):
                return False
    return True


async def failover(world: World, replicas: dict[str, Replica]) -> dict:
    holder_id = (await owners(world))[CATALOG_LEASE]
    holder = replicas[holder_id]
    standby = next(r for r in replicas.values() if r is not holder)
    e = events.c
    holder.kill()
    killed = time.time()
    async with world.db.read() as conn:
        position = await conn.scalar(select(func.max(e.position)))
        heads = dict((await conn.execute(select(e.stream_id, func.max(e.version)).where(
            e.stream_type == "meetup").group_by(e.stream_id))).all())
    took: dict[str, float] = {}
    while len(took) < 4:
        now = time.time() - killed
        leased = await owners(world)
        if "catalog_lease" not in took and leased.get(CATALOG_LEASE) == f"faults:{standby.name}":
            took["catalog_lease"] = now
        if "relay_lease" not in took and leased.get(RELAY_LEASE) == f"faults:{standby.name}":
            took["relay_lease"] = now
        if "published" not in took and await published_up_to(world, position):
            took["published"] = now
        if "projections_current" not in took and await applied_up_to(world, heads):
            took["projections_current"] = now
        if now > 120:
            raise AssertionError(f"no failover within 120 s: {took}")
        await asyncio.sleep(0.1)
    await holder.started()  # back, as the standby
    return {"killed": holder.name, **{k: round(v, 2) for k, v in took.items()}}


async def measure(root: Path, url: str | None, seconds: float, failovers: int, lease_env: dict) -> dict:
    world = World.create(root, url)
    try:
        a = await world.replica("events-a", **lease_env).started()
        one, results_one = await phase(world, [a], seconds)
        b = await world.replica("events-b", **lease_env).started()
        two, results_two = await phase(world, [a, b], seconds)
        load = world.load(a, b, **LOAD, seconds=3600).start()
        await load.until_ok(20, timeout=60)
        overs = []
        for _ in range(failovers):
            overs.append(await failover(world, {f"faults:{r.name}": r for r in (a, b)}))
            await load.until_ok(20, timeout=60)
        results = await load.stop()
        await caught_up(world, since=time.time(), bound=60)
        counts_ = await check(world, LoadResults.merged(results_one, results_two, results))
        return {"throughput": [one, two], "failovers": overs, "checked": counts_}
    finally:
        await world.close()


def print_report(report: dict, lease_env: dict, database: str) -> None:
    print(f"replicas of the events service on {database}, leases {lease_env}")
    for row in report["throughput"]:
        print(f"  {row['replicas']} replica(s): {row['commands_per_s']} commands/s, {row['appended_per_s']} events "
              f"appended/s, {row['applied_per_s']} applied/s by a projection (the witness); catalog {row['catalog_behind_at_end']} "
              f"events behind at the end, caught up {row['caught_up_after_stop_s']} s after the load stopped")
    for row in report["failovers"]:
        print(f"  SIGKILL {row['killed']} (holding the leases): standby took the catalog lease after "
              f"{row['catalog_lease']} s, the relay lease after {row['relay_lease']} s; everything stored before "
              f"the kill published after {row['published']} s and applied by every projection after "
              f"{row['projections_current']} s")
    if report["failovers"]:
        current = [r["projections_current"] for r in report["failovers"]]
        print(f"  projections current again after a kill: median {statistics.median(current):.1f} s")
    print(f"  checked after the run: {report['checked']}")


async def run(args) -> dict:
    lease_env = ({"OFFKAI_CONSUMER_LEASE_SECONDS": str(args.lease_seconds),
                  "OFFKAI_RELAY_LEASE_SECONDS": str(args.lease_seconds)} if args.lease_seconds else DEFAULT_LEASES)
    with tempfile.TemporaryDirectory(prefix="offkai-replicas-") as tmp:
        url = await create_postgres_database() if args.postgres else None
        try:
            report = await measure(Path(tmp), url, args.seconds, args.failovers, lease_env)
        finally:
            if url:
                await drop_postgres_database(url)
    print_report(report, lease_env, "PostgreSQL" if args.postgres else "SQLite")
    return report


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench replicas", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each throughput phase")
    parser.add_argument("--failovers", type=int, default=2)
    parser.add_argument("--lease-seconds", type=float, default=0.0, help="both leases (default: production's)")
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    asyncio.run(run(args))
