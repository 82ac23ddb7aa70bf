"""The weekly digest: one message per member, in their local Monday morning
(``domain.digest``), listing the published meetups of the coming week in
their region (their profile's prefecture). No region, or nothing coming up:
no message that week.

Each member gets a row (``notify_digests``) with their next due time when
the scheduler first sees them; once due it is queued, keyed
``digest:<member>:<ISO week>`` (a second pass the same week queues nothing
new), and moved to the next week. One found due more than ``LATE`` after
its time is skipped for that week.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.events.v1 import types_pb2 as events_pb
from offkai_kit.validation import zone
from offkai_notify.domain.digest import next_digest_at
from offkai_notify.projections import audience
from offkai_notify.projections.recipients import recipients
from offkai_notify.projections.tables import meetups
from offkai_notify.render import messages as msg
from offkai_notify.render.from_events import meetup_from_details
from offkai_notify.scheduling.tables import digests

WEEK = timedelta(days=7)
MAX_MEETUPS = 10
# A digest found due later than this (notify was down over the member's
# Monday morning) is skipped: a "this week" message on Sunday night is noise.
LATE = timedelta(hours=12)


def _zone_name(name: str) -> str:
    return name if zone(name) is not None else "UTC"


def digest_key(member_id: str, due_at: datetime, timezone: str) -> str:
    year, week, _ = due_at.astimezone(zone(_zone_name(timezone))).isocalendar()
    return f"digest:{member_id}:{year}-W{week:02d}"


async def schedule_new(conn: AsyncConnection, now: datetime, limit: int) -> int:
    """Give up to ``limit`` members without a digest row their first due time."""
    r, g = recipients.c, digests.c
    new = (await conn.execute(
        select(r.member_id, r.timezone)
        .where(~select(g.member_id).where(g.member_id == r.member_id).exists())
        .limit(limit)
    )).all()
    if new:
        await conn.execute(insert(digests), [
            {"member_id": row.member_id, "due_at": next_digest_at(now, _zone_name(row.timezone))} for row in new
        ])
    return len(new)


async def send_due(conn: AsyncConnection, now: datetime, limit: int, wake: audience.Wake | None = None) -> int:
    r, g = recipients.c, digests.c
    due = (await conn.execute(
        select(g.member_id, g.due_at, r.timezone, r.prefecture)
        .select_from(digests.join(recipients, r.member_id == g.member_id))
        .where(g.due_at <= now)
        .order_by(g.due_at, g.member_id)
        .limit(limit)
    )).all()
    upcoming: dict[str, tuple[msg.Meetup, ...]] = {}
    for row in due:
        if row.prefecture and row.prefecture not in upcoming:
            upcoming[row.prefecture] = await _upcoming(conn, row.prefecture, now)
        found = upcoming.get(row.prefecture, ())
        if found and now - row.due_at <= LATE:
            digest = msg.WeeklyDigest(meetups=found, region=row.prefecture)
            await audience.notify(conn, digest_key(row.member_id, row.due_at, row.timezone),
                                  {row.member_id: digest}, now, wake=wake)
        await conn.execute(
            update(digests).where(g.member_id == row.member_id)
            .values(due_at=next_digest_at(now, _zone_name(row.timezone)))
        )
    return len(due)


async def _upcoming(conn: AsyncConnection, prefecture: str, now: datetime) -> tuple[msg.Meetup, ...]:
    m = meetups.c
    rows = (await conn.execute(
        select(m.meetup_id, m.details)
        .where(m.prefecture == prefecture, m.status == "published", m.start_at > now, m.start_at <= now + WEEK)
        .order_by(m.start_at, m.meetup_id)
        .limit(MAX_MEETUPS)
    )).all()
    found = []
    for row in rows:
        d = events_pb.MeetupDetails()
        d.ParseFromString(row.details)
        found.append(meetup_from_details(row.meetup_id, d))
    return tuple(found)
