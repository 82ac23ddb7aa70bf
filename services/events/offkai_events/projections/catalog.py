"""The catalog projection: meetups as rows (community, region, tags, times,
status, organizers) and who took part in which meetup, kept from the meetup
stream's event payloads alone so it can be dropped and replayed at will.
``catalog_search`` answers queries from these rows.

Given a ``MemberErasure``, it also follows the members service's member streams
and hands it each MemberErased, together with this transaction: it knows which
meetups the member took part in, as of the same point of the stream."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from google.protobuf.message import Message
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.events.v1 import events_pb2 as ev
from offkai.events.v1 import types_pb2 as pb
from offkai.members.v1 import events_pb2 as members_events
from offkai_events.domain.payloads import instant
from offkai_events.domain.state import MeetupStatus
from offkai_events.projections.catalog_tables import (
    catalog_meetup_members,
    catalog_meetup_organizers,
    catalog_meetup_tags,
    catalog_meetups,
)
from offkai_events.projections.erasure import MemberErasure
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import upsert

# Applies one event's payload, given when it occurred (UTC).
Applier = Callable[[AsyncConnection, Message, datetime], Awaitable[None]]


class CatalogProjection:
    name = "meetup_catalog"

    def __init__(self, erasure: MemberErasure | None = None):
        self.erasure = erasure
        self.subjects = ["offkai.events.meetup.>"]
        if erasure is not None:
            self.subjects.append("offkai.members.member.>")

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        if isinstance(event.message, members_events.MemberErased):
            if self.erasure is not None:
                await self.erasure.erase(conn, event.message.member_id)
            return
        applier = APPLIERS.get(type(event.message))
        if applier is not None:  # the other meetup events change nothing here
            await applier(conn, event.message, event.occurred_at.astimezone(UTC))

    async def reset(self, conn: AsyncConnection) -> None:
        for table in (catalog_meetups, catalog_meetup_tags, catalog_meetup_organizers, catalog_meetup_members):
            await conn.execute(delete(table))


async def _scheduled(conn: AsyncConnection, e: ev.MeetupScheduled, at: datetime) -> None:
    await _put_details(conn, e.meetup_id, e.details, at, status=MeetupStatus.DRAFT)


async def _published(conn: AsyncConnection, e: ev.MeetupPublished, at: datetime) -> None:
    await _put_details(conn, e.meetup_id, e.details, at, status=MeetupStatus.PUBLISHED)


async def _updated(conn: AsyncConnection, e: ev.MeetupUpdated, at: datetime) -> None:
    await _put_details(conn, e.meetup_id, e.details, at)


async def _cancelled(conn: AsyncConnection, e: ev.MeetupCancelled, at: datetime) -> None:
    await _set_status(conn, e.meetup_id, MeetupStatus.CANCELLED, at)


async def _ended(conn: AsyncConnection, e: ev.MeetupEnded, at: datetime) -> None:
    await _set_status(conn, e.meetup_id, MeetupStatus.ENDED, at)


async def _took_part(
    conn: AsyncConnection,
    e: ev.LotteryEntered | ev.RsvpConfirmed | ev.RsvpWaitlisted | ev.AttendeeCheckedIn,
    at: datetime,
) -> None:
    """What first brings someone into a meetup: an RSVP, a lottery entry, a
    walk-in's check-in. Later events about them (cancelled, promoted,
    released…) change nothing here: the member "has or had" a part."""
    m = catalog_meetup_members.c
    known = await conn.scalar(select(m.since).where(m.meetup_id == e.meetup_id, m.member_id == e.member_id))
    if known is None:
        await conn.execute(insert(catalog_meetup_members).values(meetup_id=e.meetup_id, member_id=e.member_id, since=at))


async def _put_details(
    conn: AsyncConnection, meetup_id: str, d: pb.MeetupDetails, at: datetime, *, status: MeetupStatus | None = None
) -> None:
    values = dict(
        community_id=d.community_id,
        prefecture=d.region.prefecture,
        city=d.region.city,
        start_at=instant(d, "start"),
        end_at=instant(d, "end"),
        title=d.title,
        updated_at=at,
    )
    if status is not None:
        values["status"] = status.value
    await upsert(conn, catalog_meetups, {"meetup_id": meetup_id}, values)
    # Tags and organizers are replaced whole: the payload carries the full lists.
    for table, column, wanted in (
        (catalog_meetup_tags, "tag", d.tags),
        (catalog_meetup_organizers, "member_id", d.organizer_ids),
    ):
        await conn.execute(delete(table).where(table.c.meetup_id == meetup_id))
        rows = [{"meetup_id": meetup_id, column: value} for value in dict.fromkeys(wanted)]
        if rows:
            await conn.execute(insert(table), rows)


async def _set_status(conn: AsyncConnection, meetup_id: str, status: MeetupStatus, at: datetime) -> None:
    await conn.execute(
        update(catalog_meetups)
        .where(catalog_meetups.c.meetup_id == meetup_id)
        .values(status=status.value, updated_at=at)
    )


APPLIERS: dict[type[Message], Applier] = {
    ev.MeetupScheduled: _scheduled,
    ev.MeetupPublished: _published,
    ev.MeetupUpdated: _updated,
    ev.MeetupCancelled: _cancelled,
    ev.MeetupEnded: _ended,
    ev.LotteryEntered: _took_part,
    ev.RsvpConfirmed: _took_part,
    ev.RsvpWaitlisted: _took_part,
    ev.AttendeeCheckedIn: _took_part,
}
