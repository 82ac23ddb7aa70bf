"""Who can be notified and how to address them: name, locale and time zone of each
member, from the members service's stream (templates and quiet hours need them)."""

from __future__ import annotations

from sqlalchemy import Column, MetaData, String, Table, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.members.v1 import events_pb2 as members_events
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import Database, UtcDateTime, upsert

metadata = MetaData()

recipients = Table(
    "recipients",
    metadata,
    Column("member_id", String(128), primary_key=True),
    Column("display_name", String(80), nullable=False),
    Column("locale", String(8), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)


class Recipients:
    name = "recipients"
    subjects = ["offkai.members.member.>"]

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        match event.message:
            case members_events.MemberRegistered() as m:
                await upsert(
                    conn, recipients, {"member_id": m.member_id},
                    {"display_name": m.display_name, "locale": m.locale, "timezone": m.timezone,
                     "updated_at": event.occurred_at},
                )

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(recipients))


async def recipient(db: Database, member_id: str):
    async with db.read() as conn:
        return (await conn.execute(select(recipients).where(recipients.c.member_id == member_id))).first()
