"""Keeping the reminders table in step with the meetups projection, in the
transaction of the event that changes it: a member who takes a seat gets the
meetup's reminders, a meetup that moves gets them again at its new time, and
a seat given up, a cancelled or ended meetup, or an erased member lose them.

Offsets: the meetup's ``reminder_offsets`` (MeetupDetails, checked by the
events service), or the defaults when it has none (a day and an hour before
the start, ``domain.reminders.DEFAULT_OFFSETS``). A reminder whose instant has
passed when it is (re)scheduled is not kept (see ``reminders_for``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_notify.domain.reminders import reminders_for
from offkai_notify.scheduling.tables import reminders


async def schedule(conn: AsyncConnection, meetup_id: str, member_ids: list[str], start: datetime,
                   offsets: Sequence[timedelta], now: datetime) -> None:
    """(Re)schedule the members' reminders for a meetup starting at ``start``,
    ``offsets`` before it (empty: the defaults)."""
    if not member_ids:
        return
    await drop(conn, meetup_id, member_ids)
    rows = [
        {"meetup_id": meetup_id, "member_id": member_id, "offset_key": r.key,
         "offset_seconds": int(r.offset.total_seconds()), "due_at": r.at}
        for member_id in member_ids
        for r in reminders_for(start, now, offsets)
    ]
    if rows:
        await conn.execute(insert(reminders), rows)


async def drop(conn: AsyncConnection, meetup_id: str, member_ids: list[str] | None = None) -> None:
    """Drop the meetup's reminders: the members' only, or everyone's."""
    r = reminders.c
    statement = delete(reminders).where(r.meetup_id == meetup_id)
    if member_ids is not None:
        statement = statement.where(r.member_id.in_(member_ids))
    await conn.execute(statement)
