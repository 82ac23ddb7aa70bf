"""The member directory: each registered member's name, region, locale and
interests, from the member stream — what lists show of a member and what
suggestions rank by. An erased member's row goes (and a rebuild, replaying
MemberErased, leaves none either)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime

from google.protobuf.message import Message
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.members.v1 import events_pb2 as ev
from offkai.members.v1 import types_pb2 as pb
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import Database, upsert
from offkai_members.domain.convert import instant
from offkai_members.domain.suggestions import region_key
from offkai_members.domain.validate import normalize_tag
from offkai_members.projections.tables import directory_interests, directory_members

Applier = Callable[[AsyncConnection, Message, datetime], Awaitable[None]]


class DirectoryProjection:
    name = "member_directory"
    subjects = ["offkai.members.member.>"]

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        applier = APPLIERS.get(type(event.message))
        if applier is not None:  # handle events change nothing here
            await applier(conn, event.message, event.occurred_at)

    async def reset(self, conn: AsyncConnection) -> None:
        for table in (directory_members, directory_interests):
            await conn.execute(delete(table))


async def _put(
    conn: AsyncConnection, member_id: str, display_name: str, prefecture: str, city: str, locale: str,
    interests: Iterable[str], registered_at: datetime | None,
) -> None:
    values = dict(
        display_name=display_name,
        region_prefecture=prefecture,
        region_city=city,
        prefecture_key=region_key(prefecture),
        city_key=region_key(city),
        locale=locale,
    )
    if registered_at is not None:
        await upsert(conn, directory_members, {"member_id": member_id}, {**values, "registered_at": registered_at})
    else:  # a change: the member's row is there since MemberRegistered
        await conn.execute(update(directory_members).where(directory_members.c.member_id == member_id).values(values))
    await conn.execute(delete(directory_interests).where(directory_interests.c.member_id == member_id))
    rows = [{"member_id": member_id, "interest": i} for i in dict.fromkeys(normalize_tag(t) for t in interests) if i]
    if rows:
        await conn.execute(insert(directory_interests), rows)


async def _registered(conn: AsyncConnection, e: ev.MemberRegistered, at: datetime) -> None:
    await _put(conn, e.member_id, e.display_name, e.region_prefecture, e.region_city, e.locale, e.interests,
               instant(e, "registered_at") or at)


async def _profile_updated(conn: AsyncConnection, e: ev.ProfileUpdated, at: datetime) -> None:
    p = e.profile
    await _put(conn, e.member_id, p.display_name, p.region_prefecture, p.region_city, p.locale, p.interests, None)


async def _erased(conn: AsyncConnection, e: ev.MemberErased, at: datetime) -> None:
    for table in (directory_members, directory_interests):
        await conn.execute(delete(table).where(table.c.member_id == e.member_id))


APPLIERS: dict[type[Message], Applier] = {
    ev.MemberRegistered: _registered,
    ev.ProfileUpdated: _profile_updated,
    ev.MemberErased: _erased,
}


async def summaries(db: Database, member_ids: Iterable[str]) -> dict[str, pb.MemberSummary]:
    """How lists show these members; members not in the directory (never
    registered, or erased) are left out."""
    wanted = sorted(set(member_ids))
    if not wanted:
        return {}
    d = directory_members.c
    async with db.read() as conn:
        rows = (
            await conn.execute(
                select(d.member_id, d.display_name, d.region_prefecture, d.region_city).where(d.member_id.in_(wanted))
            )
        ).all()
    return {
        r.member_id: pb.MemberSummary(
            member_id=r.member_id,
            display_name=r.display_name,
            region_prefecture=r.region_prefecture,
            region_city=r.region_city,
        )
        for r in rows
    }
