"""What a running service has written, read so that a test can say "this refused
request changed nothing": the event store's version (last position and event count),
the recorded command answers, and every projection's checkpoint and per-stream
positions — taken once the service is quiet (its outbox published, its projections
settled), so that what an earlier request set going is not counted."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy import func, select

from offkai_kit.consumer.tracking import projection_checkpoints, projection_positions
from offkai_kit.eventstore.schema import events
from offkai_kit.idempotency import command_results
from offkai_kit.service import Runtime
from offkai_kit.testing.consumers import consumer_settled
from offkai_kit.testing.polling import eventually


@dataclass(frozen=True)
class StoreState:
    last_position: int
    event_count: int
    answers: int
    checkpoints: dict[str, int]
    positions: dict[tuple[str, str], int]


async def quiet(runtime: Runtime, timeout: float = 15.0) -> None:
    """Every committed event published and every projection runner settled."""

    async def check() -> bool:
        if await runtime.relay.pending():
            return False
        settled = await asyncio.gather(*(consumer_settled(r.js, r.settings.stream_name, r.durable)
                                         for r in runtime.runners.values()))
        return all(settled)

    await eventually(check, timeout=timeout, what=f"{runtime.spec.name} quiet")


async def state_of(runtime: Runtime) -> StoreState:
    """The state once quiet, read until two reads with a quiet check between them agree:
    JetStream counts a stored message as pending for a consumer a moment after it
    acknowledged the publish (the consumers are signalled asynchronously), so a
    consumer can look settled just before the last event reaches it."""
    state = await _read_quiet(runtime)
    for _ in range(50):
        again = await _read_quiet(runtime)
        if again == state:
            return state
        state = again
    raise AssertionError(f"{runtime.spec.name} never stayed quiet: {state}")


async def _read_quiet(runtime: Runtime) -> StoreState:
    await quiet(runtime)
    async with runtime.db.read() as conn:
        last, count = (await conn.execute(
            select(func.coalesce(func.max(events.c.position), 0), func.count()).select_from(events))).one()
        answers = (await conn.execute(select(func.count()).select_from(command_results))).scalar()
        checkpoints = dict((await conn.execute(
            select(projection_checkpoints.c.projection, projection_checkpoints.c.stream_sequence))).all())
        p = projection_positions.c
        positions = {(row.projection, row.stream_id): row.version
                     for row in await conn.execute(select(p.projection, p.stream_id, p.version))}
    return StoreState(last, count, answers, checkpoints, positions)


async def correlations_after(runtime: Runtime, position: int) -> set[str]:
    """The correlation ids of the events appended after ``position``."""
    async with runtime.db.read() as conn:
        return set((await conn.scalars(
            select(events.c.correlation_id).where(events.c.position > position).distinct())).all())
