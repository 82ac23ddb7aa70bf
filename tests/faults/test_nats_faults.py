"""Rows 1, 2 and 7: nats-server crashes, stalls and loses its data under load."""

from __future__ import annotations

import shutil
import time

import grpc
import nats

from offkai_kit.testing.polling import eventually
from tests.faults.invariants import caught_up, check, check_retries, digest, stored_events, stream_messages
from tests.faults.support import timing


async def test_nats_killed_mid_load_and_restarted_on_its_store(world):
    events = await world.replica().started()
    load = world.load(events).start()
    await load.until_ok(40)
    world.nats.kill()
    await load.running_for(2)
    world.nats.start()
    back = time.time()
    await load.until_ok(40)
    results = await load.stop()
    took = await caught_up(world, since=back)
    counts = await check(world, results)
    await check_retries(world, events, results)
    timing("nats-sigkill", catch_up=took, **counts)


async def test_nats_suspended_mid_load_then_resumed(world):
    events = await world.replica().started()
    load = world.load(events).start()
    await load.until_ok(40)
    world.nats.suspend()
    await load.running_for(8)
    world.nats.resume()
    back = time.time()
    await load.until_ok(40)
    results = await load.stop()
    took = await caught_up(world, since=back)
    counts = await check(world, results)
    timing("nats-sigstop-8s", catch_up=took, **counts)


async def test_jetstream_store_wiped_heals_without_a_restart(world):
    events = await world.replica().started()
    pid = events.pid
    load = world.load(events).start()
    await load.until_ok(60)
    world.nats.stop()
    shutil.rmtree(world.nats.store_dir)  # the server comes back with nothing: no stream, no consumers
    await load.running_for(2)  # meanwhile the outbox fills
    world.nats.start()
    back = time.time()
    await load.until_ok(40)
    results = await load.stop()
    took = await caught_up(world, since=back)
    counts = await check(world, results)
    assert events.pid == pid and events.running, "healed by the running service, not by a restart"
    live = await digest(world)
    assert await world.rebuild(events, "meetup_catalog") == counts["events"]
    assert await digest(world) == live, "the rebuilt catalog differs from the live one"
    timing("jetstream-wiped", catch_up=took, **counts)


async def test_stream_purged_is_refilled_and_rebuilds_refuse_until_then(world):
    events = await world.replica().started()
    load = world.load(events).start()
    await load.until_ok(60)
    results = await load.stop()
    await caught_up(world, since=time.time())
    live = await digest(world)
    nc = await nats.connect(world.nats.url)
    try:
        js = nc.jetstream()
        for _ in range(3):
            await js.purge_stream("OFFKAI", subject="offkai.events.>")
            purged = time.time()
            try:
                await world.rebuild(events, "meetup_catalog")
            except grpc.aio.AioRpcError as refused:
                assert refused.code() == grpc.StatusCode.FAILED_PRECONDITION, refused.details()
                assert "lost events" in refused.details()
                break
            # The periodic audit refilled the stream first; the rebuild was right to go on.
        else:
            raise AssertionError("the audit always refilled the stream before a rebuild could be tried")
    finally:
        await nc.close()
    assert await digest(world) == live, "a refused rebuild changed nothing"
    await eventually(lambda: refilled(world), timeout=15, what="the audit refilled the stream")
    took = time.time() - purged
    counts = await check(world, results)
    assert counts["republished"] > 0
    assert await world.rebuild(events, "meetup_catalog") == counts["events"]
    assert await digest(world) == live, "the catalog rebuilt from the refilled stream differs from the live one"
    timing("stream-purged", refilled=took, **counts)


async def refilled(world) -> bool:
    stored = await stored_events(world)
    return len(await stream_messages(world)) == len(stored)
