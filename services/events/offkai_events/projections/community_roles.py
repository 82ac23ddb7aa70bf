"""Who owns and organizes which community, from the members service's
community streams: the fact ScheduleMeetup's rule needs (only a community's
owners and organizers schedule its meetups). Members' roles change there and
arrive here a few milliseconds later.

Erasure needs nothing here: the members service takes an erased member out of
their communities itself (CommunityLeft), and member ids are not personal.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from google.protobuf.message import Message
from sqlalchemy import Column, MetaData, String, Table, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.members.v1 import events_pb2 as members_events
from offkai.members.v1 import types_pb2 as members_types
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import Database, upsert

metadata = MetaData()

# Migration 0005 creates it. One row per member of a community, with their role
# there: "owner", "organizer" or "member".
community_roles = Table(
    "community_roles",
    metadata,
    Column("community_id", String(64), primary_key=True),
    Column("member_id", String(128), primary_key=True),
    Column("role", String(16), nullable=False),
)

ROLES = {
    members_types.COMMUNITY_ROLE_OWNER: "owner",
    members_types.COMMUNITY_ROLE_ORGANIZER: "organizer",
    members_types.COMMUNITY_ROLE_MEMBER: "member",
}
ORGANIZING = ("owner", "organizer")


class CommunityRoles:
    name = "community_roles"
    subjects = ["offkai.members.community.>"]

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        applier = APPLIERS.get(type(event.message))
        if applier is not None:  # following and unfollowing change no role
            await applier(conn, event.message)

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(community_roles))


async def _put(conn: AsyncConnection, community_id: str, member_id: str, role: str) -> None:
    await upsert(conn, community_roles, {"community_id": community_id, "member_id": member_id}, {"role": role})


async def _created(conn: AsyncConnection, e: members_events.CommunityCreated) -> None:
    await _put(conn, e.community_id, e.created_by, "owner")


async def _joined(conn: AsyncConnection, e: members_events.CommunityJoined) -> None:
    await _put(conn, e.community_id, e.member_id, "member")


async def _role_changed(conn: AsyncConnection, e: members_events.CommunityRoleChanged) -> None:
    await _put(conn, e.community_id, e.member_id, ROLES.get(e.role, "member"))


async def _left(conn: AsyncConnection, e: members_events.CommunityLeft) -> None:
    r = community_roles.c
    await conn.execute(delete(community_roles).where(r.community_id == e.community_id, r.member_id == e.member_id))


APPLIERS: dict[type[Message], Callable[[AsyncConnection, Message], Awaitable[None]]] = {
    members_events.CommunityCreated: _created,
    members_events.CommunityJoined: _joined,
    members_events.CommunityRoleChanged: _role_changed,
    members_events.CommunityLeft: _left,
}


async def organized_by(db: Database, member_id: str) -> frozenset[str]:
    """The communities ``member_id`` owns or organizes."""
    r = community_roles.c
    async with db.read() as conn:
        found = await conn.scalars(select(r.community_id).where(r.member_id == member_id, r.role.in_(ORGANIZING)))
        return frozenset(found.all())
