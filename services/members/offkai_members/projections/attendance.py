"""What members knows of meetups, learnt from the events service's stream alone:
each meetup's title, start, time zone, community, organizers and status; who
checked in where (AttendeeCheckedIn — never a caller's word); and whose RSVPs
stand.

"People you met", suggestions, the "met at" provenance of connections,
invitation targets and organizers' reports read these tables. An erased
member's check-ins and RSVPs go (organizer ids stay: an id is not personal).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from google.protobuf.message import Message
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.events.v1 import events_pb2 as meetup_events
from offkai.events.v1 import types_pb2 as meetup_types
from offkai.members.v1 import events_pb2 as ev
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import upsert
from offkai_members.domain.convert import instant
from offkai_members.projections.tables import (
    meetup_check_ins,
    meetup_organizers,
    meetup_refs,
    meetup_rsvps,
)

Applier = Callable[[AsyncConnection, Message, datetime], Awaitable[None]]
TABLES = (meetup_refs, meetup_organizers, meetup_check_ins, meetup_rsvps)

DRAFT, PUBLISHED, CANCELLED, ENDED = "draft", "published", "cancelled", "ended"


class AttendanceProjection:
    name = "attendance"
    subjects = ["offkai.events.meetup.>", "offkai.members.member.>"]

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        applier = APPLIERS.get(type(event.message))
        if applier is not None:
            await applier(conn, event.message, event.occurred_at)

    async def reset(self, conn: AsyncConnection) -> None:
        for table in TABLES:
            await conn.execute(delete(table))


# -- meetups -------------------------------------------------------------------


async def _put_details(
    conn: AsyncConnection, meetup_id: str, d: meetup_types.MeetupDetails, status: str | None
) -> None:
    values = dict(
        title=d.title, start_at=instant(d, "start"), timezone=d.timezone, community_id=d.community_id
    )
    if status is not None:
        values["status"] = status
    exists = await conn.scalar(select(meetup_refs.c.status).where(meetup_refs.c.meetup_id == meetup_id))
    if exists is None:
        values.setdefault("status", DRAFT)
    await upsert(conn, meetup_refs, {"meetup_id": meetup_id}, values)
    # The payload carries the whole list: replace it.
    await conn.execute(delete(meetup_organizers).where(meetup_organizers.c.meetup_id == meetup_id))
    rows = [{"meetup_id": meetup_id, "member_id": m} for m in dict.fromkeys(d.organizer_ids)]
    if rows:
        await conn.execute(insert(meetup_organizers), rows)


async def _scheduled(conn: AsyncConnection, e: meetup_events.MeetupScheduled, at: datetime) -> None:
    await _put_details(conn, e.meetup_id, e.details, DRAFT)


async def _published(conn: AsyncConnection, e: meetup_events.MeetupPublished, at: datetime) -> None:
    await _put_details(conn, e.meetup_id, e.details, PUBLISHED)


async def _updated(conn: AsyncConnection, e: meetup_events.MeetupUpdated, at: datetime) -> None:
    await _put_details(conn, e.meetup_id, e.details, None)


async def _status(conn: AsyncConnection, meetup_id: str, status: str) -> None:
    await conn.execute(update(meetup_refs).where(meetup_refs.c.meetup_id == meetup_id).values(status=status))


async def _cancelled(conn: AsyncConnection, e: meetup_events.MeetupCancelled, at: datetime) -> None:
    await _status(conn, e.meetup_id, CANCELLED)


async def _ended(conn: AsyncConnection, e: meetup_events.MeetupEnded, at: datetime) -> None:
    await _status(conn, e.meetup_id, ENDED)


# -- check-ins -----------------------------------------------------------------


async def _checked_in(conn: AsyncConnection, e: meetup_events.AttendeeCheckedIn, at: datetime) -> None:
    c = meetup_check_ins.c
    known = await conn.scalar(select(c.member_id).where(c.meetup_id == e.meetup_id, c.member_id == e.member_id))
    if known is None:  # the events service emits one per member and meetup; be sure anyway
        await conn.execute(
            insert(meetup_check_ins).values(
                meetup_id=e.meetup_id, member_id=e.member_id, checked_in_at=instant(e, "checked_in_at") or at
            )
        )


# -- RSVPs standing ------------------------------------------------------------


async def _rsvped(
    conn: AsyncConnection,
    e: meetup_events.RsvpConfirmed | meetup_events.RsvpWaitlisted | meetup_events.LotteryEntered,
    at: datetime,
) -> None:
    key = {"meetup_id": e.meetup_id, "member_id": e.member_id, "frame_id": e.frame_id}
    r = meetup_rsvps.c
    found = await conn.scalar(
        select(r.member_id).where(r.meetup_id == e.meetup_id, r.member_id == e.member_id, r.frame_id == e.frame_id)
    )
    if found is None:
        await conn.execute(insert(meetup_rsvps).values(**key))


async def _rsvp_ended(
    conn: AsyncConnection, e: meetup_events.RsvpCancelled | meetup_events.SeatReleased, at: datetime
) -> None:
    r = meetup_rsvps.c
    await conn.execute(
        delete(meetup_rsvps).where(r.meetup_id == e.meetup_id, r.member_id == e.member_id, r.frame_id == e.frame_id)
    )


# -- erasure -------------------------------------------------------------------


async def _erased(conn: AsyncConnection, e: ev.MemberErased, at: datetime) -> None:
    m = e.member_id
    await conn.execute(delete(meetup_check_ins).where(meetup_check_ins.c.member_id == m))
    await conn.execute(delete(meetup_rsvps).where(meetup_rsvps.c.member_id == m))


APPLIERS: dict[type[Message], Applier] = {
    meetup_events.MeetupScheduled: _scheduled,
    meetup_events.MeetupPublished: _published,
    meetup_events.MeetupUpdated: _updated,
    meetup_events.MeetupCancelled: _cancelled,
    meetup_events.MeetupEnded: _ended,
    meetup_events.AttendeeCheckedIn: _checked_in,
    meetup_events.RsvpConfirmed: _rsvped,
    meetup_events.RsvpWaitlisted: _rsvped,
    meetup_events.LotteryEntered: _rsvped,
    meetup_events.RsvpCancelled: _rsvp_ended,
    meetup_events.SeatReleased: _rsvp_ended,
    ev.MemberErased: _erased,
}
