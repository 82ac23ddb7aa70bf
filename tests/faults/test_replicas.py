"""Rows 5 and 6: two replicas of the events service on one database. One is killed
mid-load; the relay lease and the projections move to the other; a replica
restarted under its stable OFFKAI_INSTANCE_ID takes its own lease back at once;
nothing is applied twice and the scheduler's timed steps run once."""

from __future__ import annotations

import time
from collections import Counter

from sqlalchemy import func, select

from offkai.events.v1 import events_pb2 as ev
from offkai_kit.eventstore.schema import events as events_table
from offkai_kit.lease import leases
from offkai_kit.testing.polling import eventually
from tests.faults.invariants import caught_up, check, check_retries, stored_events
from tests.faults.support import timing

# Long enough that a replica restarted on a busy machine is back before its own lease
# would run out: the test tells "took it back at once" from "waited it out".
RELAY_LEASE = 20.0


async def relay_owner(world) -> str | None:
    async with world.db.read() as conn:
        return await conn.scalar(select(leases.c.owner).where(leases.c.name == "relay"))


async def last_published(world):
    async with world.db.read() as conn:
        return await conn.scalar(select(func.max(events_table.c.published_at)))


async def test_relay_lease_moves_and_a_restarted_replica_takes_its_own_back(pg_world):
    world = pg_world
    env = {"OFFKAI_RELAY_LEASE_SECONDS": str(RELAY_LEASE)}
    a = await world.replica("events-a", **env).started()
    b = await world.replica("events-b", **env).started()
    load = world.load(a, b).start()
    await load.until_ok(40)
    holder = {"faults:events-a": a, "faults:events-b": b}[await relay_owner(world)]
    other = b if holder is a else a

    holder.kill()
    killed = time.time()
    await eventually(lambda: _owned_by(world, other), timeout=RELAY_LEASE + 10, what="the relay lease moved")
    moved = time.time() - killed
    await load.until_ok(30)
    await holder.started()  # back as a standby: the lease is the other's now

    # The holder crashes and comes back under the same name before its lease ran out:
    # it takes the lease back at once instead of waiting it out.
    other.kill()
    crashed = time.time()
    async with world.db.read() as conn:  # as the crashed holder last renewed it
        expires = await conn.scalar(select(leases.c.expires_at).where(leases.c.name == "relay"))
    await other.started()
    await eventually(lambda: _published_since(world, crashed), timeout=RELAY_LEASE,
                     what="publishing resumed")
    resumed = (await last_published(world)).timestamp() - crashed
    assert crashed + resumed < expires.timestamp(), "published again only after the old lease ran out"
    assert await relay_owner(world) == f"faults:{other.name}"
    await load.until_ok(30)
    results = await load.stop()
    took = await caught_up(world, since=time.time())
    counts = await check(world, results)
    await check_retries(world, holder, results)
    timing("replica-sigkill-relay-lease", lease_moved=moved, own_lease_back_publishing=resumed, catch_up=took,
           **counts)


async def _owned_by(world, replica) -> bool:
    return await relay_owner(world) == f"faults:{replica.name}"


async def _published_since(world, at: float) -> bool:
    last = await last_published(world)
    return last is not None and last.timestamp() > at


async def test_two_replicas_apply_once_and_run_timed_steps_once(world):
    a = await world.replica("events-a").started()
    b = await world.replica("events-b").started()
    load = world.load(a, b, scenario="lottery", members=3, workers=2, pause=0.05).start()
    await load.until_ok(30)
    a.kill()  # the first started holds the projections: they move to b
    await load.until_ok(20)
    await a.started()
    await load.until_ok(20)
    results = await load.stop()
    stopped = time.time()

    async def all_steps_ran() -> bool:
        stored = await stored_events(world)
        published = {s.stream_id for s in stored if isinstance(s.message, ev.MeetupPublished)}
        ended = {s.stream_id for s in stored if isinstance(s.message, ev.MeetupEnded)}
        return bool(published) and published == ended

    # The last meetups end 5 s after they were scheduled.
    await eventually(all_steps_ran, timeout=20, what="every published meetup drawn and ended")
    took = await caught_up(world, since=stopped, bound=20)
    counts = await check(world, results, definite_errors_allowed=True)
    # RSVPs the kill delayed past a draw are refused (applications closed): definite, not lost.
    assert all(e["code"] == "FAILED_PRECONDITION" for e in results.definite_errors), results.definite_errors[:5]
    stored = await stored_events(world)
    published = {s.stream_id for s in stored if isinstance(s.message, ev.MeetupPublished)}
    draws = Counter(s.stream_id for s in stored if isinstance(s.message, ev.LotteryDrawn))
    ends = Counter(s.stream_id for s in stored if isinstance(s.message, ev.MeetupEnded))
    assert draws == Counter(published), f"draws per meetup: {dict(draws)}"
    assert ends == Counter(published), f"ends per meetup: {dict(ends)}"
    timing("two-replicas-timed-steps", catch_up=took, draws=len(draws), **counts)
