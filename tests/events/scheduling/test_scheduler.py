"""The scheduler of timed steps, against a real nats-server and SQLite and
PostgreSQL: a lottery draws on time exactly once with two replicas running,
racing schedulers take each step once, steps due during downtime run right
after start-up, refused steps are dropped for good, failing ones back off."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace
from datetime import UTC, timedelta

from sqlalchemy import select

from offkai_events.domain import MEETUP, decide
from offkai_events.domain import commands as c
from offkai_events.scheduling.schedule_tables import meetup_schedule, meetup_schedule_holds
from offkai_events.scheduling.scheduler import Scheduler
from offkai_kit.db import Database
from offkai_kit.errors import FailedPrecondition
from offkai_kit.testing.clock import SettableClock
from offkai_kit.testing.commands import command_runner
from offkai_kit.testing.polling import eventually
from tests.events.support import (
    caught_up,
    details,
    lottery,
    meetup,
    recorded,
    rsvp,
    wiring,
)

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


async def row(runtime, table, meetup_id: str):
    async with runtime.db.read() as conn:
        return (await conn.execute(select(table).where(table.c.meetup_id == meetup_id))).first()


async def ticked(schedulers, times: int = 10) -> None:
    """Wait until every scheduler completed ``times`` more ticks."""
    marks = [s.ticks for s in schedulers]

    async def done():
        return all(s.ticks >= mark + times for s, mark in zip(schedulers, marks, strict=True))

    await eventually(done)


async def lottery_meetup(runtime, t, draw_at, *applicants, frames=None) -> str:
    meetup_id = await meetup(runtime, details(t + DAY), frames=frames or (lottery(draw_at, capacity=1),))
    for name in applicants:
        await rsvp(runtime, meetup_id, name, frame_id="lottery")
    return meetup_id


async def test_a_lottery_draws_on_time_exactly_once_with_two_replicas(start):
    schedulers: list[Scheduler] = []
    wire = wiring(schedulers=schedulers, tick=0.02)
    clock = SettableClock()
    async with start(wire, "replica-1", clock=clock) as one, start(wire, "replica-2", clock=clock) as two:
        t = clock.advance(timedelta(0))  # stands still from here
        draw_at = t + HOUR
        meetup_id = await lottery_meetup(one, t, draw_at, "mika", "kenji", "ren")
        await caught_up(one)
        await ticked(schedulers, 5)
        assert await recorded(one, meetup_id, "LotteryDrawn") == [], "not before its time"

        clock.set(draw_at)
        drawn = await eventually(lambda: recorded(two, meetup_id, "LotteryDrawn"))
        assert drawn[0].drawn_at.ToDatetime(tzinfo=UTC) == draw_at
        await ticked(schedulers, 20)
        assert len(await recorded(one, meetup_id, "LotteryDrawn")) == 1
        assert (len(drawn[0].winner_ids), len(drawn[0].waitlisted_ids)) == (1, 2)
        # The schedule moved on to the end.
        await caught_up(one)
        assert (await row(one, meetup_schedule, meetup_id)).next_due_at == t + DAY + 3 * HOUR


async def test_racing_schedulers_take_each_step_once(start, database_url):
    """Two schedulers (own engines, own caches) tick at the same instant over
    the same due meetups: every step is taken once."""
    clock = SettableClock()
    async with start(wiring(), clock=clock) as runtime:  # projections only, no scheduler task
        t = clock()
        draw_at = t + HOUR
        frames = (lottery(draw_at), lottery(draw_at, frame_id="students"))
        meetups = [await lottery_meetup(runtime, t, draw_at, frames=frames) for _ in range(4)]
        for i, meetup_id in enumerate(meetups):
            await rsvp(runtime, meetup_id, f"member-{i}", frame_id="lottery")
            await rsvp(runtime, meetup_id, f"student-{i}", frame_id="students")
        await caught_up(runtime)

        databases = [Database(database_url) for _ in range(2)]
        runners = [command_runner(db, clock=SettableClock(draw_at)) for db in databases]
        racers = [Scheduler(db, r.repository, r, clock=r.clock) for db, r in zip(databases, runners, strict=True)]
        try:
            await asyncio.gather(*(r.tick() for r in racers))
            await asyncio.gather(*(r.tick() for r in racers))
        finally:
            for db in databases:
                await db.dispose()
        for meetup_id in meetups:
            drawn = await recorded(runtime, meetup_id, "LotteryDrawn")
            assert sorted(d.frame_id for d in drawn) == ["lottery", "students"]
        assert sum(r.steps_run for r in racers) >= 8, "every step ran (the loser's run decided nothing)"


async def test_a_step_due_while_the_service_was_down_runs_right_after_start_up(start):
    clock = SettableClock()
    async with start(wiring(schedulers=[]), clock=clock) as runtime:
        t = clock.advance(timedelta(0))
        meetup_id = await lottery_meetup(runtime, t, t + HOUR, "mika", "kenji")
        await caught_up(runtime)
        assert (await row(runtime, meetup_schedule, meetup_id)).next_due_at == t + HOUR
    # Down across the draw time; a new process comes up.
    clock.set(t + 2 * HOUR)
    schedulers: list[Scheduler] = []
    async with start(wiring(schedulers=schedulers), "after-restart", clock=clock) as runtime:
        await eventually(lambda: _first_tick(schedulers[0]))
        drawn = await recorded(runtime, meetup_id, "LotteryDrawn")
        assert len(drawn) == 1, "drawn by the first tick"
        assert drawn[0].drawn_at.ToDatetime(tzinfo=UTC) == t + 2 * HOUR

        # Later steps follow when their time comes; the end clears the schedule.
        clock.set(t + DAY + 3 * HOUR)
        await eventually(lambda: recorded(runtime, meetup_id, "MeetupEnded"))
        await caught_up(runtime)
        assert await row(runtime, meetup_schedule, meetup_id) is None
        assert await row(runtime, meetup_schedule_holds, meetup_id) is None
        assert len(await recorded(runtime, meetup_id, "LotteryDrawn")) == 1


async def _first_tick(scheduler: Scheduler) -> bool:
    return scheduler.ticks >= 1


async def test_a_step_the_meetup_no_longer_allows_is_dropped_for_good(start):
    """A FailedPrecondition from decide (e.g. cancelled between load and decide)
    drops that step — not retried by this replica, another one, or after a
    restart — while the meetup's later steps still run."""
    calls: Counter[str] = Counter()

    def refusing(state, command, at):
        calls[type(command).__name__] += 1
        if isinstance(command, c.DrawLottery):
            raise FailedPrecondition("the draw is off")
        return decide(state, command, at)

    clock = SettableClock()
    schedulers: list[Scheduler] = []
    wire = wiring(schedulers=schedulers, decider=replace(MEETUP, decide=refusing))
    async with start(wire, clock=clock) as runtime:
        t = clock.advance(timedelta(0))
        meetup_id = await lottery_meetup(runtime, t, t + HOUR, "mika")
        await caught_up(runtime)
        clock.set(t + 2 * HOUR)
        await eventually(lambda: row(runtime, meetup_schedule_holds, meetup_id))
        await ticked(schedulers, 10)
        holds = await row(runtime, meetup_schedule_holds, meetup_id)
        assert holds.dropped == f"DrawLottery:lottery@{(t + HOUR).isoformat()}"
        assert (holds.failing_step, holds.look_at) == (None, t + DAY + 3 * HOUR), "next: the end"
        async with start(wire, "replica-2", clock=clock):
            await ticked(schedulers, 10)
        assert calls["DrawLottery"] == 1

        clock.set(t + DAY + 3 * HOUR)
        await eventually(lambda: recorded(runtime, meetup_id, "MeetupEnded"))
        assert await recorded(runtime, meetup_id, "LotteryDrawn") == []
        assert calls["DrawLottery"] == 1
        await caught_up(runtime)
        assert await row(runtime, meetup_schedule_holds, meetup_id) is None, "forgotten once it ended"


async def test_other_failures_back_off_and_retry_until_the_step_runs(start):
    calls: Counter[str] = Counter()

    def flaky(state, command, at):
        calls[type(command).__name__] += 1
        if isinstance(command, c.DrawLottery) and calls["DrawLottery"] <= 2:
            raise RuntimeError("database hiccup")
        return decide(state, command, at)

    clock = SettableClock()
    schedulers: list[Scheduler] = []
    wire = wiring(schedulers=schedulers, decider=replace(MEETUP, decide=flaky), first_retry_seconds=60)
    async with start(wire, clock=clock) as runtime:
        t = clock.advance(timedelta(0))
        meetup_id = await lottery_meetup(runtime, t, t + HOUR, "mika", "kenji")
        await caught_up(runtime)
        due = t + 2 * HOUR
        clock.set(due)

        async def failing(attempts: int):
            holds = await row(runtime, meetup_schedule_holds, meetup_id)
            return holds if holds is not None and holds.attempts == attempts else None

        holds = await eventually(lambda: failing(1))
        assert holds.failing_step.startswith("DrawLottery:lottery@")
        assert holds.retry_at == due + timedelta(seconds=60)
        assert "database hiccup" in holds.last_error
        await ticked(schedulers, 10)
        assert calls["DrawLottery"] == 1, "not retried before its time"

        clock.set(due + timedelta(seconds=60))
        holds = await eventually(lambda: failing(2))
        assert holds.retry_at == due + timedelta(seconds=60 + 120), "the wait doubles"

        clock.set(due + timedelta(seconds=180))
        drawn = await eventually(lambda: recorded(runtime, meetup_id, "LotteryDrawn"))
        assert len(drawn) == 1 and calls["DrawLottery"] == 3
        holds = await eventually(lambda: failing(0))
        assert (holds.failing_step, holds.retry_at, holds.last_error) == (None, None, None)
