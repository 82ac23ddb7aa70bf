"""The meetups projection: what notify knows of each meetup (details, status,
frames) and where each member stands in it (applied, going, waitlisted,
cancelled; checked in, no-show), from the events service's meetup streams —
and, in the same transaction, what those events mean to members:

- the deliveries each event triggers (``meetup_triggers``, ``rsvp_triggers``),
  keyed by the event's id, so a redelivered or replayed event queues nothing
  new;
- the reminders table (``scheduling.reminder_rows``): made when a member takes
  a seat, moved when the meetup moves, dropped when the seat is given up or the
  meetup cancelled or ended.

Meetups and RSVPs are one projection because they are one aggregate's stream:
the planners of a MeetupUpdated or MeetupCancelled need who holds which place
as of that event, not as of another consumer's position.

It follows the member streams too: on MemberErased the member's places and
reminders are deleted, and what it queued for them (see ``erasure``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from google.protobuf.message import Message
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.members.v1 import events_pb2 as members_events
from offkai_kit.clock import Clock, utc_now
from offkai_kit.consumer import ConsumedEvent
from offkai_notify.delivery.queue import forget_member
from offkai_notify.projections import meetup_rows, meetup_triggers, rsvp_triggers
from offkai_notify.projections.applying import Applying
from offkai_notify.projections.audience import Wake
from offkai_notify.projections.tables import meetup_frames, meetup_rsvps, meetups
from offkai_notify.scheduling.tables import reminders

Applier = Callable[[Applying, Message], Awaitable[None]]


class Meetups:
    name = "meetups"
    subjects = ["offkai.events.meetup.>", "offkai.members.member.>"]

    def __init__(self, clock: Clock = utc_now, wake: Wake | None = None):
        self.clock = clock
        self.wake = wake

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        applier = APPLIERS.get(type(event.message))
        if applier is not None:  # the check-in code, answers changed… change nothing here
            await applier(Applying(conn, event, self.clock(), self.wake), event.message)

    async def reset(self, conn: AsyncConnection) -> None:
        # The reminders are made from these rows: they go and come back with them.
        for table in (meetups, meetup_frames, meetup_rsvps, reminders):
            await conn.execute(delete(table))


async def _erased(a: Applying, e: members_events.MemberErased) -> None:
    """At this projection's own point of the stream: what it planned for the
    member before the erasure (another projection's ``erasure`` may have run
    earlier) is dropped too."""
    await meetup_rows.forget_member(a.conn, e.member_id)
    await a.conn.execute(delete(reminders).where(reminders.c.member_id == e.member_id))
    await forget_member(a.conn, e.member_id)


APPLIERS: dict[type[Message], Applier] = {
    **meetup_triggers.APPLIERS,
    **rsvp_triggers.APPLIERS,
    members_events.MemberErased: _erased,
}
