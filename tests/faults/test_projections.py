"""Rows 11 and 12: a projection dropped and rebuilt from the stream equals the live
one; a poison event becomes a dead letter that blocks only its aggregate, and
once the fix is deployed a replay applies it and everything behind it, once."""

from __future__ import annotations

import time

from sqlalchemy import select

from offkai.platform.v1 import operations_pb2 as ops
from offkai_kit.consumer.tracking import projection_positions
from offkai_kit.testing.polling import eventually
from tests.faults.invariants import caught_up, check, digest, stored_events, witness_digest
from tests.faults.support import timing


async def test_projection_rebuilt_under_load_equals_the_live_one(world):
    events = await world.replica().started()
    load = world.load(events).start()
    await load.until_ok(60)
    started = time.time()
    replayed = await world.rebuild(events, "meetup_catalog")  # while commands keep coming
    rebuilt_in = time.time() - started
    await load.until_ok(30)
    results = await load.stop()
    await caught_up(world, since=time.time())
    counts = await check(world, results)
    live = await digest(world)
    witnessed = await witness_digest(world)
    assert await world.rebuild(events, "meetup_catalog") == counts["events"]
    assert await world.rebuild(events, "meetup_schedule") == counts["events"]
    assert await digest(world) == live, "the rebuilt catalog and schedule differ from the live ones"
    assert await world.rebuild(events, "fault_witness") == counts["events"]
    assert await witness_digest(world) == witnessed, "the rebuilt witness differs: some event applied twice or not"
    timing("projection-rebuild", rebuilt_under_load=rebuilt_in, replayed_under_load=replayed, **counts)


async def test_poison_event_blocks_its_aggregate_until_replayed_after_the_fix(world):
    events = await world.replica(OFFKAI_WITNESS_REFUSE="Poison").started()
    load = world.load(events, poison_meetup=2).start()

    async def open_letters():
        reply = await world.operations(events, "ListDeadLetters", ops.ListDeadLettersRequest(
            projection="fault_witness"))
        return list(reply.dead_letters)

    (letter,) = await eventually(open_letters, timeout=20, what="the poison event dead-lettered")
    assert letter.event_type == "MeetupScheduled" and letter.version == 1
    assert "after 3 attempts" in letter.error  # OFFKAI_CONSUMER_MAX_ATTEMPTS
    poison = letter.stream_id

    async def blocked():
        reply = await world.operations(events, "ListBlockedAggregates", ops.ListBlockedAggregatesRequest())
        return [(a.projection, a.stream_id, a.reason, a.first_parked_version) for a in reply.aggregates]

    await eventually(lambda: _later_events_wait(blocked, poison), timeout=15, what="the poison meetup's RSVPs wait")
    await load.until_ok(40)
    results = await load.stop()
    stopped = time.time()
    # Every other aggregate flows, in every projection; the poison one in all but the witness.
    await caught_up(world, since=stopped, exclude=frozenset({poison}))
    head = max(s.version for s in await stored_events(world) if s.stream_id == poison)
    assert await _positions(world, poison) == {"meetup_catalog": head, "meetup_schedule": head}
    assert await blocked() == [("fault_witness", poison, "dead letter", 2)]

    # The fix is deployed: the replica restarts without the bug.
    events.process.stop()
    events.process.env.pop("OFFKAI_WITNESS_REFUSE")
    await events.started()
    fixed = time.time()
    reply = await world.operations(events, "ReplayDeadLetter", ops.ReplayDeadLetterRequest(
        projection="fault_witness", dead_letter_id=letter.id))
    assert reply.applied == head, "the dead letter and every event parked behind it"
    took = await caught_up(world, since=fixed)
    counts = await check(world, results)
    assert await blocked() == []
    (resolved,) = (await world.operations(events, "ListDeadLetters", ops.ListDeadLettersRequest(
        projection="fault_witness", include_resolved=True))).dead_letters
    assert (resolved.resolution, resolved.resolved_by) == ("replayed", "faults-operator")
    timing("poison-dead-letter", replayed=reply.applied, catch_up_after_fix=took, **counts)


async def _later_events_wait(blocked, poison: str) -> bool:
    return ("fault_witness", poison, "dead letter", 2) in await blocked()


async def _positions(world, stream_id: str) -> dict[str, int]:
    p = projection_positions.c
    async with world.db.read() as conn:
        rows = await conn.execute(select(p.projection, p.version).where(p.stream_id == stream_id))
        return dict(rows.all())
