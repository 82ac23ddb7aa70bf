"""The schedule projection: when each published meetup next needs a timed step
(a lottery draw, the seat-confirmation request, the release of unconfirmed
seats, the end), so the scheduler finds due meetups with one indexed query.

Only a few event types move a meetup's timed steps; on those the meetup is
loaded from the event store (the latest state, which includes the event being
applied) and ``next_due_at`` is stored — or the row deleted when nothing is
left to do (drafts, cancelled and ended meetups). Being a projection it is
applied exactly once per event, by whichever replica gets there, and it can be
rebuilt by replaying the stream.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.events.v1 import events_pb2 as ev
from offkai_events.domain import MEETUP, next_due_at
from offkai_events.scheduling.schedule_tables import meetup_schedule, meetup_schedule_holds
from offkai_kit.clock import Clock, utc_now
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import upsert
from offkai_kit.repository import Repository

# The events after which a meetup's next timed step may differ. Others (RSVPs,
# seats confirmed or released, check-ins…) never change what pending_steps sees.
TIMING_EVENTS = (
    ev.MeetupScheduled,
    ev.MeetupPublished,
    ev.MeetupUpdated,
    ev.FrameAdded,
    ev.FrameCapacityChanged,
    ev.LotteryDrawn,
    ev.SeatConfirmationRequested,
    ev.SeatConfirmationClosed,
    ev.MeetupCancelled,
    ev.MeetupEnded,
)


class ScheduleProjection:
    name = "meetup_schedule"
    subjects = ["offkai.events.meetup.>"]

    def __init__(self, repository: Repository, clock: Clock = utc_now):
        self.repository = repository
        self.clock = clock

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        if not isinstance(event.message, TIMING_EVENTS):
            return
        meetup_id = event.message.meetup_id
        # Read through the repository (its own connection, its cache): the event
        # is committed, so the state loaded includes it.
        loaded = await self.repository.load(MEETUP, event.stream_id)
        if loaded.version < event.version:
            raise RuntimeError(f"{event.stream_id} loaded at version {loaded.version}, before event {event.version}")
        due = next_due_at(loaded.state, self.clock())
        if due is None:
            await conn.execute(delete(meetup_schedule).where(meetup_schedule.c.meetup_id == meetup_id))
            # Not published (any more): the scheduler's notes on it are done with too.
            await conn.execute(delete(meetup_schedule_holds).where(meetup_schedule_holds.c.meetup_id == meetup_id))
            return
        await upsert(
            conn,
            meetup_schedule,
            {"meetup_id": meetup_id},
            {"next_due_at": due, "version": event.version},
        )

    async def reset(self, conn: AsyncConnection) -> None:
        # The scheduler's holds stay: they are keyed by schedule version, which a
        # replay reproduces, so dropped steps stay dropped across a rebuild.
        await conn.execute(delete(meetup_schedule))
