"""The events service split (OFFKAI_ROLE): an API process and a worker on one
database. The worker is killed (SIGKILL) mid-load again and again, then the API
process; commands keep being answered while the worker is away, and once both are
back every invariant holds: every answered command's events stored once, on the
stream once, projected once, nothing left in the outbox."""

from __future__ import annotations

import time

from tests.faults.invariants import caught_up, check, check_retries
from tests.faults.support import timing
from tests.faults.test_service_crashes import unpublished


async def test_worker_and_api_killed_under_load(world):
    worker = await world.replica("events-worker", OFFKAI_ROLE="worker").started()
    api = await world.replica("events-api", OFFKAI_ROLE="api").started()
    load = world.load(api, workers=4, pause=0.01).start()
    await load.until_ok(40)
    for _ in range(3):
        worker.kill()  # a batch committed and not acked, a publish not marked: all come again
        await load.until_ok(30)  # the API answers without its worker ...
        assert await unpublished(world) > 0  # ... and its outbox fills
        await worker.started()
        await load.until_ok(20)
    api.kill()  # commits in flight: the load's retries find their first answers
    await api.started()
    back = time.time()
    await load.until_ok(40)
    results = await load.stop()
    took = await caught_up(world, since=back)
    counts = await check(world, results)
    await check_retries(world, api, results)
    timing("split-worker-and-api-sigkill", catch_up=took, **counts)
