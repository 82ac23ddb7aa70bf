"""Rows 3, 4 and 10: the events service killed (SIGKILL) between its commits and its
publishing, between its projection commits and their acks, and stopped (SIGTERM)
under load."""

from __future__ import annotations

import asyncio
import sqlite3
import time

from sqlalchemy import func, select

from offkai_kit.eventstore.schema import events as events_table
from offkai_kit.testing.polling import eventually
from tests.faults.invariants import caught_up, check, check_retries
from tests.faults.support import NOT_SERVING, timing


async def _async(value):
    return value


async def unpublished(world) -> int:
    async with world.db.read() as conn:
        return await conn.scalar(
            select(func.count()).select_from(events_table).where(events_table.c.published_at.is_(None)))


async def test_service_killed_with_events_in_its_outbox(world):
    events = await world.replica().started()
    load = world.load(events).start()
    await load.until_ok(30)
    world.nats.stop()
    await load.until_ok(60)  # committed, not published: the outbox fills
    assert await unpublished(world) > 0
    events.kill()
    await load.running_for(1)
    world.nats.start()
    await events.started()
    back = time.time()
    await load.until_ok(40)
    results = await load.stop()
    took = await caught_up(world, since=back)
    counts = await check(world, results)
    await check_retries(world, events, results)
    timing("service-sigkill-outbox-full", catch_up=took, **counts)


async def test_service_killed_between_projection_commits_and_acks(world):
    events = await world.replica().started()
    load = world.load(events, workers=4, pause=0.01).start()
    for _ in range(3):
        await load.until_ok(60)
        events.kill()  # whatever batch was committed and not yet acked comes again
        await events.started()
    back = time.time()
    await load.until_ok(40)
    results = await load.stop()
    took = await caught_up(world, since=back)
    counts = await check(world, results)
    timing("service-sigkill-x3", catch_up=took, **counts)


async def test_sigterm_under_load_finishes_in_flight_calls_and_loses_nothing(world):
    events = await world.replica().started()
    load = world.load(events).start()
    await load.until_ok(40)
    # Hold SQLite's write lock from outside, so the service's calls are surely in
    # flight (waiting on it) when SIGTERM comes.
    seen: list[tuple[float, int]] = []
    watching = asyncio.create_task(events.watch_health(seen))
    await eventually(lambda: _async(seen), what="the health watch started")
    lock = sqlite3.connect(world.root / "data" / "events.db", isolation_level=None, timeout=30)
    try:
        lock.execute("BEGIN IMMEDIATE")
        await asyncio.sleep(0.5)
        events.terminate()
        term = time.time()
        # Watchers hear NOT_SERVING while the calls it took are still waiting.
        await eventually(lambda: _async(seen[-1][1] == NOT_SERVING), timeout=5, what="NOT_SERVING")
        not_serving = seen[-1][0]
        assert events.running, "still finishing what it took"
        # A Watch stream is never "finished": left open it would hold the server up
        # to the whole grace period (OFFKAI_GRPC_SHUTDOWN_GRACE_SECONDS).
        watching.cancel()
    finally:
        lock.execute("COMMIT")
        lock.close()
    loop = asyncio.get_running_loop()
    assert await loop.run_in_executor(None, events.exit_code, 30) == 0
    exited = time.time()
    assert await unpublished(world) == 0, "the outbox was flushed before exiting"
    await events.started()
    await load.until_ok(30)
    results = await load.stop()
    took = await caught_up(world, since=time.time())
    counts = await check(world, results)
    in_flight = [a for a in results.attempts if a["t0"] < term < a["t1"]]
    assert in_flight, "calls were in flight at SIGTERM"
    assert all(a["code"] == "OK" for a in in_flight), [a for a in in_flight if a["code"] != "OK"][:5]
    # After SIGTERM nothing but OK (finished) or UNAVAILABLE (refused: go elsewhere).
    assert set(results.codes(since=term, until=exited)) <= {"OK", "UNAVAILABLE"}
    timing("service-sigterm", not_serving_after=not_serving - term, stopped_after=exited - term,
           in_flight=len(in_flight), catch_up=took, **counts)
