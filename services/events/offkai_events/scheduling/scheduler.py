"""The scheduler: runs each meetup's timed steps (lottery draws, the
seat-confirmation request, the release of unconfirmed seats, the end) when
they come due.

Every tick it selects the meetups whose ``meetup_schedule.next_due_at`` has
passed, loads each, asks the domain for ``due_steps`` and runs every command
through the ordinary ``CommandRunner.execute`` as the SCHEDULER principal.
Each step therefore happens exactly once, however many replicas run a
scheduler and however often they restart:

- a step is recorded as events, and deciding it again on a state that has
  them decides nothing (a second draw, a second end);
- two schedulers deciding on the same version race on the append; the store
  refuses one and the runner decides again on the fresh state, which says
  "done" — and the loser returns the winner's stored answer, because both use
  the same request id (step, meetup and the version it was found due at);
- the schedule is in the database, so steps that fell due while every replica
  was down are found by the first tick after start-up.

A step whose decide raises FailedPrecondition (say the meetup was cancelled
between loading and deciding) is dropped, with a log line, and never retried;
any other failure is retried with exponential backoff. What was dropped or is
backing off is kept in the scheduler's notes (``holds``), together with when
the meetup next needs a look.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import secrets
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from google.protobuf import empty_pb2, struct_pb2
from sqlalchemy import or_, select

from offkai_events.domain import MEETUP, SCHEDULER, stream_id
from offkai_events.domain.commands import Command
from offkai_events.domain.state import MeetupState
from offkai_events.domain.timed_steps import Step, due_steps, pending_steps
from offkai_events.scheduling.holds import Holds, save_holds
from offkai_events.scheduling.schedule_tables import meetup_schedule, meetup_schedule_holds
from offkai_kit import context
from offkai_kit.clock import Clock, utc_now
from offkai_kit.commands import CommandRunner
from offkai_kit.db import Database
from offkai_kit.decider import Decider
from offkai_kit.errors import FailedPrecondition
from offkai_kit.repository import Repository
from offkai_kit.telemetry import get_logger
from offkai_kit.validation import MAX_REQUEST_ID

log = get_logger(__name__)

DEFAULT_TICK_SECONDS = 1.0
# The failing "step" recorded when the meetup itself could not be loaded.
LOAD = "load"


def new_seed() -> str:
    return secrets.token_hex(16)


def step_key(step: Step) -> str:
    """A step's identity: its kind, frame and due time. A step whose time moves
    (the meetup was rescheduled) is a new step."""
    return f"{step.kind.__name__}:{step.frame_id}@{step.at.astimezone(UTC).isoformat()}"


class Scheduler:
    """Runs due timed steps; ``run(stop)`` is the background task."""

    def __init__(
        self,
        db: Database,
        repository: Repository,
        commands: CommandRunner,
        *,
        tick_seconds: float = DEFAULT_TICK_SECONDS,
        batch_size: int = 100,
        clock: Clock = utc_now,
        new_seed: Callable[[], str] = new_seed,
        first_retry_seconds: float = 1.0,
        max_retry_seconds: float = 300.0,
        decider: Decider[MeetupState] = MEETUP,
    ):
        self.db = db
        self.repository = repository
        self.commands = commands
        self.tick_seconds = tick_seconds
        self.batch_size = batch_size
        self.clock = clock
        self.new_seed = new_seed
        self.first_retry_seconds = first_retry_seconds
        self.max_retry_seconds = max_retry_seconds
        # The meetup's rules; tests hand in one whose decide fails on purpose.
        self.decider = decider
        # For operations and tests: completed ticks, and steps run (including
        # those that found their work done already by another replica).
        self.ticks = 0
        self.steps_run = 0

    async def run(self, stop: asyncio.Event) -> None:
        delay = self.tick_seconds
        while not stop.is_set():
            try:
                full = await self.tick()
                delay = self.tick_seconds
            except Exception as exc:  # the database is unreachable, say: try again, slower
                log.error("scheduler tick failed", error=repr(exc), retry_in=delay)
                full = False
                delay = min(delay * 2, max(self.tick_seconds, 30.0))
            if full:
                await asyncio.sleep(0)  # a backlog (e.g. after downtime): go on at once
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)

    async def tick(self) -> bool:
        """Look at every due meetup once; True when the batch was full (more may be due)."""
        now = self.clock()
        due = await self._due(now)
        for row in due:
            try:
                await self._look(row.meetup_id, row.version, Holds.from_row(row), now)
            except Exception as exc:  # e.g. the database went away mid-look; next tick retries
                log.error("scheduler could not look at a meetup", meetup_id=row.meetup_id, error=repr(exc))
        self.ticks += 1
        return len(due) == self.batch_size

    async def _due(self, now: datetime) -> list:
        s, h = meetup_schedule.c, meetup_schedule_holds.c
        statement = (
            select(s.meetup_id, s.version, h.dropped, h.failing_step, h.attempts, h.retry_at, h.last_error)
            .select_from(meetup_schedule.outerjoin(meetup_schedule_holds, h.meetup_id == s.meetup_id))
            .where(
                s.next_due_at <= now,
                # Notes made against an older schedule row no longer say when to look.
                or_(h.meetup_id.is_(None), h.schedule_version != s.version, h.look_at <= now),
            )
            .order_by(s.next_due_at, s.meetup_id)
            .limit(self.batch_size)
        )
        async with self.db.read() as conn:
            return (await conn.execute(statement)).all()

    async def _look(self, meetup_id: str, schedule_version: int, holds: Holds, now: datetime) -> None:
        try:
            loaded = await self.repository.load(self.decider, stream_id(meetup_id))
        except Exception as exc:
            # Say a stored event this build cannot fold: back off instead of failing every tick.
            holds.failed(LOAD, repr(exc), lambda attempts: self._retry_at(now, attempts))
            log.error("scheduler could not load a meetup; retrying later", meetup_id=meetup_id,
                      attempts=holds.attempts, error=repr(exc))
            await save_holds(self.db, meetup_id, schedule_version, holds, holds.retry_at)
            return
        holds.succeeded(LOAD)
        steps = [s for s in pending_steps(loaded.state, now) if s.at <= now]
        ran: set[str] = set()
        for step, command in zip(steps, due_steps(loaded.state, now, self.new_seed), strict=True):
            key = step_key(step)
            if key in holds.dropped:
                continue
            if holds.waiting(key, now):
                break  # later steps wait for it: draws before confirmation before the end
            try:
                await self._execute(meetup_id, key, command, loaded.version)
            except FailedPrecondition as exc:
                holds.drop(key)
                log.warning("scheduled step dropped: the meetup no longer allows it",
                            meetup_id=meetup_id, step=key, reason=exc.message)
                continue
            except Exception as exc:
                holds.failed(key, repr(exc), lambda attempts: self._retry_at(now, attempts))
                log.error("scheduled step failed; retrying later", meetup_id=meetup_id, step=key,
                          attempts=holds.attempts, retry_at=holds.retry_at.isoformat(), error=repr(exc))
                break
            holds.succeeded(key)
            ran.add(key)
            self.steps_run += 1
        state = (await self.repository.load(self.decider, stream_id(meetup_id))).state if ran else loaded.state
        look_at = self._look_at(state, holds, ran, now)
        await save_holds(self.db, meetup_id, schedule_version, holds, look_at)

    async def _execute(self, meetup_id: str, key: str, command: Command, version: int) -> None:
        method = f"offkai.events.Scheduler/{type(command).__name__}"
        # Two schedulers that found the step due at the same version share the id,
        # so the loser of the race gets the winner's answer; one found due later,
        # on a state where it is done already, decides nothing.
        request_id = f"{meetup_id}:{getattr(command, 'frame_id', '')}@{version}"
        if len(request_id) > MAX_REQUEST_ID:
            request_id = hashlib.sha256(request_id.encode()).hexdigest()
        request = struct_pb2.Struct()
        request.update({"meetup_id": meetup_id, "step": key, "version": version})
        ident = str(uuid.uuid5(uuid.NAMESPACE_URL, f"offkai-scheduler:{method}:{request_id}"))
        token = context.bind(context.RequestContext(principal=SCHEDULER, correlation_id=ident, causation_id=ident))
        try:
            await self.commands.execute(
                self.decider,
                stream_id(meetup_id),
                command,
                lambda state: empty_pb2.Empty(),
                method=method,
                request=request,
                request_id=request_id,
            )
        finally:
            context.reset(token)

    def _look_at(self, state: MeetupState, holds: Holds, ran: set[str], now: datetime) -> datetime | None:
        """When this meetup next needs the scheduler; None: not while the schedule stays as it is."""
        for step in pending_steps(state, now):
            key = step_key(step)
            if key in holds.dropped:
                continue
            if holds.failing_step == key:
                return holds.retry_at
            if step.at > now:
                return step.at
            if key in ran:
                # Ran without error yet still pending: never expected; back off
                # rather than spin on it every tick.
                holds.failed(key, "still pending after it ran", lambda attempts: self._retry_at(now, attempts))
                log.error("scheduled step still pending after it ran", meetup_id=state.meetup_id, step=key)
                return holds.retry_at
            return now  # came due meanwhile (e.g. the meetup changed): next tick
        return None

    def _retry_at(self, now: datetime, attempts: int) -> datetime:
        delay = min(self.first_retry_seconds * 2 ** (attempts - 1), self.max_retry_seconds)
        return now + timedelta(seconds=delay)
