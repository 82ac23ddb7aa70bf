"""Sending the reminders that came due: each one planned for the member's
channels that take reminders, carrying how to get there and in, the tools
checklist, and — for members holding a main-session seat — the join URL and
the online pre-meeting link.

A reminder row is deleted in the transaction that queues it, and its
deliveries are keyed ``reminder:<meetup>:<member>:<offset>``: planned again
(by a replica that lost its lease mid-pass, say) it queues nothing new. One
found due after the meetup started, or for a meetup no longer published, or
a member no longer going, is dropped unsent. The member's quiet hours hold a
reminder only while they end before the meetup starts; otherwise it goes now.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_notify.projections import audience, meetup_rows
from offkai_notify.projections.communities import community_name
from offkai_notify.render import messages as msg
from offkai_notify.render.from_events import (
    access_from_venue,
    checklist_from_details,
    meetup_from_details,
    pre_meeting_from_details,
)
from offkai_notify.scheduling.tables import reminders


def reminder_key(meetup_id: str, member_id: str, offset_key: str) -> str:
    return f"reminder:{meetup_id}:{member_id}:{offset_key}"


async def send_due(conn: AsyncConnection, now: datetime, limit: int, wake: audience.Wake | None = None) -> int:
    """Queue up to ``limit`` due reminders; how many rows were handled."""
    r = reminders.c
    due = (await conn.execute(
        select(r.meetup_id, r.member_id, r.offset_key, r.offset_seconds)
        .where(r.due_at <= now)
        .order_by(r.due_at, r.meetup_id, r.member_id)
        .limit(limit)
    )).all()
    by_meetup = defaultdict(list)
    for row in due:
        by_meetup[row.meetup_id].append(row)
    for meetup_id, rows in by_meetup.items():
        await _send(conn, meetup_id, rows, now, wake)
    if due:
        # Still due: a row the meetups projection moved meanwhile (its meetup
        # moved) stays for its new time.
        await conn.execute(delete(reminders).where(r.due_at <= now, or_(*(
            and_(r.meetup_id == row.meetup_id, r.member_id == row.member_id, r.offset_key == row.offset_key)
            for row in due
        ))))
    return len(due)


async def _send(conn: AsyncConnection, meetup_id: str, rows: list, now: datetime, wake) -> None:
    meetup = await meetup_rows.meetup(conn, meetup_id)
    if meetup is None or meetup.status != "published" or meetup.start <= now:
        return
    d = meetup.details
    going = await meetup_rows.going(conn, meetup_id)
    community = await community_name(conn, meetup.community_id)
    access, checklist = access_from_venue(d.venue), checklist_from_details(d)
    for row in rows:
        if row.member_id not in going:
            continue
        entitled = going[row.member_id]
        message = msg.Reminder(
            meetup=meetup_from_details(meetup_id, d, community_name=community, with_online_url=entitled),
            before=timedelta(seconds=row.offset_seconds),
            access=access,
            checklist=checklist,
            pre_meeting=pre_meeting_from_details(d) if entitled else None,
        )
        key = reminder_key(meetup_id, row.member_id, row.offset_key)
        await audience.notify(conn, key, {row.member_id: message}, now, useful_until=meetup.start, wake=wake)
