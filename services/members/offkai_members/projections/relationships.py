"""Connections (with their provenance), pending requests and blocks, per member,
from the relationship streams — what ListConnections, ListConnectionRequests and
ListBlockedMembers page through, and what other lists read to leave blocked
members out and show where two members stand. An erased member's rows go."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime

from google.protobuf.message import Message
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.members.v1 import events_pb2 as ev
from offkai.members.v1 import types_pb2 as pb
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import Database, upsert
from offkai_members.domain.convert import instant
from offkai_members.domain.relationship.state import Standing
from offkai_members.projections.tables import (
    relationship_blocks,
    relationship_connections,
    relationship_requests,
)

Applier = Callable[[AsyncConnection, Message, datetime], Awaitable[None]]
TABLES = (relationship_connections, relationship_requests, relationship_blocks)


class RelationshipsProjection:
    name = "relationships"
    subjects = ["offkai.members.relationship.>", "offkai.members.member.>"]

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        applier = APPLIERS.get(type(event.message))
        if applier is not None:
            await applier(conn, event.message, event.occurred_at)

    async def reset(self, conn: AsyncConnection) -> None:
        for table in TABLES:
            await conn.execute(delete(table))


async def _drop_request(conn: AsyncConnection, requester_id: str, addressee_id: str) -> None:
    r = relationship_requests.c
    await conn.execute(
        delete(relationship_requests).where(
            or_(
                and_(r.requester_id == requester_id, r.addressee_id == addressee_id),
                and_(r.requester_id == addressee_id, r.addressee_id == requester_id),
            )
        )
    )


async def _requested(conn: AsyncConnection, e: ev.ConnectionRequested, at: datetime) -> None:
    await upsert(
        conn,
        relationship_requests,
        {"requester_id": e.requester_id, "addressee_id": e.addressee_id},
        {
            "note": e.note,
            "met_at": pb.MetAt(meetups=e.met_at).SerializeToString(deterministic=True),
            "requested_at": instant(e, "requested_at") or at,
        },
    )


async def _accepted(conn: AsyncConnection, e: ev.ConnectionAccepted, at: datetime) -> None:
    await _drop_request(conn, e.requester_id, e.addressee_id)
    provenance = e.provenance.SerializeToString(deterministic=True)
    connected_at = instant(e, "connected_at") or at
    for member, other in ((e.requester_id, e.addressee_id), (e.addressee_id, e.requester_id)):
        await upsert(
            conn,
            relationship_connections,
            {"member_id": member, "other_id": other},
            {"connected_at": connected_at, "provenance": provenance},
        )


async def _request_ended(
    conn: AsyncConnection, e: ev.ConnectionDeclined | ev.ConnectionRequestCancelled, at: datetime
) -> None:
    await _drop_request(conn, e.requester_id, e.addressee_id)


async def _removed(conn: AsyncConnection, e: ev.ConnectionRemoved, at: datetime) -> None:
    c = relationship_connections.c
    await conn.execute(
        delete(relationship_connections).where(
            or_(
                and_(c.member_id == e.member_id, c.other_id == e.other_member_id),
                and_(c.member_id == e.other_member_id, c.other_id == e.member_id),
            )
        )
    )


async def _blocked(conn: AsyncConnection, e: ev.MemberBlocked, at: datetime) -> None:
    await upsert(
        conn,
        relationship_blocks,
        {"blocker_id": e.blocker_id, "blocked_id": e.blocked_id},
        {"blocked_at": instant(e, "blocked_at") or at},
    )


async def _unblocked(conn: AsyncConnection, e: ev.MemberUnblocked, at: datetime) -> None:
    b = relationship_blocks.c
    await conn.execute(delete(relationship_blocks).where(b.blocker_id == e.blocker_id, b.blocked_id == e.blocked_id))


async def _erased(conn: AsyncConnection, e: ev.MemberErased, at: datetime) -> None:
    m = e.member_id
    c, r, b = relationship_connections.c, relationship_requests.c, relationship_blocks.c
    await conn.execute(delete(relationship_connections).where(or_(c.member_id == m, c.other_id == m)))
    await conn.execute(delete(relationship_requests).where(or_(r.requester_id == m, r.addressee_id == m)))
    # The blocks others placed on the erased member stay: they protect them from
    # nothing any more, but an id is not personal and the block is theirs.
    await conn.execute(delete(relationship_blocks).where(b.blocker_id == m))


APPLIERS: dict[type[Message], Applier] = {
    ev.ConnectionRequested: _requested,
    ev.ConnectionAccepted: _accepted,
    ev.ConnectionDeclined: _request_ended,
    ev.ConnectionRequestCancelled: _request_ended,
    ev.ConnectionRemoved: _removed,
    ev.MemberBlocked: _blocked,
    ev.MemberUnblocked: _unblocked,
    ev.MemberErased: _erased,
}



# -- reads -------------------------------------------------------------------------


async def blocked_either_way(db: Database, member_id: str) -> set[str]:
    """Members ``member_id`` blocked or was blocked by: left out of what they see."""
    b = relationship_blocks.c
    async with db.read() as conn:
        blocked = (await conn.scalars(select(b.blocked_id).where(b.blocker_id == member_id))).all()
        blockers = (await conn.scalars(select(b.blocker_id).where(b.blocked_id == member_id))).all()
    return {*blocked, *blockers}


async def standings(db: Database, member_id: str, others: Iterable[str]) -> dict[str, Standing]:
    """Where ``member_id`` stands with each of ``others`` (NONE when nothing)."""
    wanted = sorted(set(others) - {member_id})
    found = dict.fromkeys(wanted, Standing.NONE)
    if not wanted:
        return found
    c, r, b = relationship_connections.c, relationship_requests.c, relationship_blocks.c
    async with db.read() as conn:
        for other in (await conn.scalars(
            select(c.other_id).where(c.member_id == member_id, c.other_id.in_(wanted)))).all():
            found[other] = Standing.CONNECTED
        for other in (await conn.scalars(
            select(r.addressee_id).where(r.requester_id == member_id, r.addressee_id.in_(wanted)))).all():
            found[other] = Standing.REQUEST_SENT
        for other in (await conn.scalars(
            select(r.requester_id).where(r.addressee_id == member_id, r.requester_id.in_(wanted)))).all():
            found[other] = Standing.REQUEST_RECEIVED
        for other in (await conn.scalars(
            select(b.blocker_id).where(b.blocked_id == member_id, b.blocker_id.in_(wanted)))).all():
            found[other] = Standing.BLOCKED_BY_OTHER
        for other in (await conn.scalars(
            select(b.blocked_id).where(b.blocker_id == member_id, b.blocked_id.in_(wanted)))).all():
            found[other] = Standing.BLOCKED
    return found
