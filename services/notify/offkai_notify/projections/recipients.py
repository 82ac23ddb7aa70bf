"""Who can be notified and how to address them: name, locale, time zone and
region (prefecture, for "near me") of each member, from the members service's
stream (templates, quiet hours and announcements need them).

On MemberErased the member's row is deleted and, given a ``MemberErasure``,
everything else notify keeps to write to them goes with it (see ``erasure``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, MetaData, String, Table, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.members.v1 import events_pb2 as members_events
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import Database, UtcDateTime, upsert
from offkai_notify.projections.erasure import MemberErasure

metadata = MetaData()

recipients = Table(
    "recipients",
    metadata,
    Column("member_id", String(128), primary_key=True),
    Column("display_name", String(80), nullable=False),
    Column("locale", String(8), nullable=False),
    Column("timezone", String(64), nullable=False),
    # Migration 0005; "" when the member gave none.
    Column("prefecture", String(64), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)


class Recipients:
    name = "recipients"
    subjects = ["offkai.members.member.>"]

    def __init__(self, erasure: MemberErasure | None = None):
        self.erasure = erasure

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        match event.message:
            case members_events.MemberRegistered() as m:
                await _put(conn, m.member_id, m.display_name, m.locale, m.timezone, m.region_prefecture,
                           event.occurred_at)
            case members_events.ProfileUpdated() as m:
                p = m.profile
                await _put(conn, m.member_id, p.display_name, p.locale, p.timezone, p.region_prefecture,
                           event.occurred_at)
            case members_events.MemberErased() as m:
                await conn.execute(delete(recipients).where(recipients.c.member_id == m.member_id))
                if self.erasure is not None:
                    await self.erasure.erase(conn, m.member_id)

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(recipients))


async def _put(conn: AsyncConnection, member_id: str, name: str, locale: str, timezone: str, prefecture: str,
               at: datetime) -> None:
    await upsert(
        conn, recipients, {"member_id": member_id},
        {"display_name": name, "locale": locale, "timezone": timezone, "prefecture": prefecture,
         "updated_at": at},
    )


async def recipient(db: Database, member_id: str):
    async with db.read() as conn:
        return (await conn.execute(select(recipients).where(recipients.c.member_id == member_id))).first()


async def living_in(conn: AsyncConnection, prefecture: str) -> set[str]:
    """Members whose profile's region is ``prefecture``."""
    if not prefecture:
        return set()
    return set((await conn.scalars(select(recipients.c.member_id).where(recipients.c.prefecture == prefecture))).all())
