"""The follow-ups loop: runs the steps the trigger projection wrote
(``follow_up_steps``), each through the ordinary ``CommandRunner`` as the
follow-ups principal, with the step's id as the request id.

Every replica runs the loop; the steps are in the database, so they survive
restarts, and a step run twice — by two replicas at once, or again after a
crash between the append and deleting the row — appends nothing the second
time: the runner finds the first answer stored under the same (principal,
method, request id). A step the domain refuses (FAILED_PRECONDITION, NOT_FOUND…:
say the two introduced members blocked each other meanwhile) is dropped with a
log line; any other failure is retried with exponential backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from datetime import datetime, timedelta

from google.protobuf import empty_pb2, struct_pb2
from sqlalchemy import delete, select, update

from offkai_kit import context
from offkai_kit.clock import Clock, utc_now
from offkai_kit.commands import CommandRunner
from offkai_kit.db import Database
from offkai_kit.errors import Conflict, OffkaiError, Unavailable
from offkai_kit.telemetry import get_logger
from offkai_members.facts import Facts
from offkai_members.scheduling.follow_up_tables import follow_up_steps
from offkai_members.scheduling.steps import FOLLOW_UPS, STEPS

log = get_logger(__name__)

DEFAULT_TICK_SECONDS = 0.5
TRACE_KEYS = ("correlation_id", "causation_id")


class FollowUps:
    """Runs due follow-up steps; ``run(stop)`` is the background task."""

    def __init__(
        self,
        db: Database,
        commands: CommandRunner,
        facts: Facts,
        *,
        tick_seconds: float = DEFAULT_TICK_SECONDS,
        batch_size: int = 100,
        clock: Clock = utc_now,
        first_retry_seconds: float = 1.0,
        max_retry_seconds: float = 300.0,
    ):
        self.db = db
        self.commands = commands
        self.facts = facts
        self.tick_seconds = tick_seconds
        self.batch_size = batch_size
        self.clock = clock
        self.first_retry_seconds = first_retry_seconds
        self.max_retry_seconds = max_retry_seconds
        # For tests and status: steps run to the end, and dropped.
        self.done = 0
        self.dropped = 0

    async def run(self, stop: asyncio.Event) -> None:
        delay = self.tick_seconds
        while not stop.is_set():
            try:
                full = await self.tick()
                delay = self.tick_seconds
            except Exception as exc:  # the database is away, say: try again, slower
                log.error("follow-ups tick failed", error=repr(exc), retry_in=delay)
                full = False
                delay = min(delay * 2, max(self.tick_seconds, 30.0))
            if full:
                await asyncio.sleep(0)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)

    async def tick(self) -> bool:
        """Run every due step once; True when the batch was full (more may be due)."""
        now = self.clock()
        s = follow_up_steps.c
        async with self.db.read() as conn:
            due = (
                await conn.execute(
                    select(s.step_id, s.kind, s.args, s.attempts)
                    .where(s.due_at <= now)
                    .order_by(s.due_at, s.step_id)
                    .limit(self.batch_size)
                )
            ).all()
        for row in due:
            await self._run_step(row, now)
        return len(due) == self.batch_size

    async def _run_step(self, row, now: datetime) -> None:
        args = json.loads(row.args)
        try:
            await self._execute(row.step_id, row.kind, args)
        except (Unavailable, Conflict) as exc:
            await self._retry(row, now, exc)
            return
        except OffkaiError as exc:
            # The domain refuses it: it can never succeed.
            self.dropped += 1
            log.warning("follow-up step dropped: the domain refused it", step=row.kind, step_id=row.step_id,
                        reason=exc.message, **{k: v for k, v in args.items() if k not in TRACE_KEYS})
        except Exception as exc:
            await self._retry(row, now, exc)
            return
        else:
            self.done += 1
        async with self.db.write() as conn:
            await conn.execute(delete(follow_up_steps).where(follow_up_steps.c.step_id == row.step_id))

    async def _execute(self, step_id: str, kind: str, args: dict) -> None:
        plan = await STEPS[kind](self.facts, args)
        method = f"offkai.members.FollowUps/{type(plan.command).__name__}"
        request = struct_pb2.Struct()
        request.update({"step": kind, **{k: v for k, v in args.items() if k not in TRACE_KEYS}})
        correlation = args.get("correlation_id") or str(uuid.uuid5(uuid.NAMESPACE_URL, f"offkai-follow-up:{step_id}"))
        token = context.bind(
            context.RequestContext(
                principal=FOLLOW_UPS, correlation_id=correlation, causation_id=args.get("causation_id", correlation)
            )
        )
        try:
            await self.commands.execute(
                plan.decider,
                plan.stream_id,
                plan.command,
                lambda state: empty_pb2.Empty(),
                method=method,
                request=request,
                request_id=step_id,
            )
        finally:
            context.reset(token)

    async def _retry(self, row, now: datetime, exc: Exception) -> None:
        attempts = row.attempts + 1
        delay = min(self.first_retry_seconds * 2 ** (attempts - 1), self.max_retry_seconds)
        log.error("follow-up step failed; retrying later", step=row.kind, step_id=row.step_id, attempts=attempts,
                  retry_in=delay, error=repr(exc))
        async with self.db.write() as conn:
            await conn.execute(
                update(follow_up_steps)
                .where(follow_up_steps.c.step_id == row.step_id)
                .values(attempts=attempts, due_at=now + timedelta(seconds=delay), last_error=repr(exc)[:4000])
            )
