"""Introductions per member — the ones they made and the ones they received,
with the status — from the introduction streams: what ListIntroductions pages
through (each page is then read from the introductions themselves). An erased
member's rows go."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from google.protobuf.message import Message
from sqlalchemy import delete, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.consumer import ConsumedEvent
from offkai_members.domain.convert import instant
from offkai_members.domain.introduction.state import IntroductionStatus
from offkai_members.projections.tables import introduction_index

Applier = Callable[[AsyncConnection, Message, datetime], Awaitable[None]]
MADE, RECEIVED = "made", "received"


class IntroductionsProjection:
    name = "introductions"
    subjects = ["offkai.members.introduction.>", "offkai.members.member.>"]

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        applier = APPLIERS.get(type(event.message))
        if applier is not None:
            await applier(conn, event.message, event.occurred_at)

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(introduction_index))


async def _made(conn: AsyncConnection, e: ev.IntroductionMade, at: datetime) -> None:
    made_at = instant(e, "made_at") or at
    await conn.execute(delete(introduction_index).where(introduction_index.c.introduction_id == e.introduction_id))
    rows = [
        {"member_id": member, "introduction_id": e.introduction_id, "role": role,
         "status": IntroductionStatus.PENDING.value, "made_at": made_at}
        for member, role in ((e.introducer_id, MADE), (e.first_member_id, RECEIVED), (e.second_member_id, RECEIVED))
    ]
    await conn.execute(insert(introduction_index), rows)


async def _status(conn: AsyncConnection, introduction_id: str, status: IntroductionStatus) -> None:
    await conn.execute(
        update(introduction_index)
        .where(introduction_index.c.introduction_id == introduction_id)
        .values(status=status.value)
    )


async def _declined(conn: AsyncConnection, e: ev.IntroductionDeclined, at: datetime) -> None:
    await _status(conn, e.introduction_id, IntroductionStatus.DECLINED)


async def _completed(conn: AsyncConnection, e: ev.IntroductionCompleted, at: datetime) -> None:
    await _status(conn, e.introduction_id, IntroductionStatus.COMPLETED)


async def _erased(conn: AsyncConnection, e: ev.MemberErased, at: datetime) -> None:
    await conn.execute(delete(introduction_index).where(introduction_index.c.member_id == e.member_id))


APPLIERS: dict[type[Message], Applier] = {
    ev.IntroductionMade: _made,
    ev.IntroductionDeclined: _declined,
    ev.IntroductionCompleted: _completed,
    ev.MemberErased: _erased,
}
