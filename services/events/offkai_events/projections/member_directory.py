"""Member display names, from the members service's stream, so attendee lists can
show names without calling members. A name changes with ProfileUpdated and is
deleted with MemberErased (a rebuild, replaying the erasure, keeps none)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from google.protobuf.message import Message
from sqlalchemy import Column, MetaData, String, Table, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.members.v1 import events_pb2 as members_events
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import Database, UtcDateTime, upsert

metadata = MetaData()

member_directory = Table(
    "member_directory",
    metadata,
    Column("member_id", String(128), primary_key=True),
    Column("display_name", String(80), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)


class MemberDirectory:
    name = "member_directory"
    subjects = ["offkai.members.member.>"]

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        applier = APPLIERS.get(type(event.message))
        if applier is not None:  # the other member events change nothing here
            await applier(conn, event.message, event.occurred_at)

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(member_directory))


async def _registered(conn: AsyncConnection, e: members_events.MemberRegistered, at: datetime) -> None:
    await upsert(conn, member_directory, {"member_id": e.member_id}, {"display_name": e.display_name, "updated_at": at})


async def _profile_updated(conn: AsyncConnection, e: members_events.ProfileUpdated, at: datetime) -> None:
    await upsert(
        conn, member_directory, {"member_id": e.member_id}, {"display_name": e.profile.display_name, "updated_at": at}
    )


async def _erased(conn: AsyncConnection, e: members_events.MemberErased, at: datetime) -> None:
    await conn.execute(delete(member_directory).where(member_directory.c.member_id == e.member_id))


APPLIERS: dict[type[Message], Callable[[AsyncConnection, Message, datetime], Awaitable[None]]] = {
    members_events.MemberRegistered: _registered,
    members_events.ProfileUpdated: _profile_updated,
    members_events.MemberErased: _erased,
}


async def display_names(db: Database, member_ids: list[str]) -> dict[str, str]:
    async with db.read() as conn:
        rows = await conn.execute(
            select(member_directory.c.member_id, member_directory.c.display_name).where(
                member_directory.c.member_id.in_(member_ids)
            )
        )
        return {r.member_id: r.display_name for r in rows}
