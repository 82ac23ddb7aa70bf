"""Communities as notify needs them for announcements: each one's name, its
members (with their role: organizers schedule, members hear of new meetups)
and its followers, from the members service's community streams.

The members service takes an erased member out of their communities itself
(CommunityLeft); this projection follows the member streams as well, so a
follower is forgotten on MemberErased too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from google.protobuf.message import Message
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.members.v1 import events_pb2 as members_events
from offkai.members.v1 import types_pb2 as members_types
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import upsert
from offkai_notify.projections.tables import communities, community_members

ROLES = {
    members_types.COMMUNITY_ROLE_OWNER: "owner",
    members_types.COMMUNITY_ROLE_ORGANIZER: "organizer",
    members_types.COMMUNITY_ROLE_MEMBER: "member",
}
ORGANIZING = ("owner", "organizer")


class Communities:
    name = "communities"
    subjects = ["offkai.members.community.>", "offkai.members.member.>"]

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        applier = APPLIERS.get(type(event.message))
        if applier is not None:
            await applier(conn, event.message)

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(communities))
        await conn.execute(delete(community_members))


async def _row(conn: AsyncConnection, community_id: str, member_id: str):
    c = community_members.c
    return (await conn.execute(
        select(c.role, c.following).where(c.community_id == community_id, c.member_id == member_id)
    )).first()


async def _put(conn: AsyncConnection, community_id: str, member_id: str, *, role: str | None = None,
               following: bool | None = None) -> None:
    """Change the member's role or following, keeping the other; a row with
    neither is deleted."""
    row = await _row(conn, community_id, member_id)
    role = role if role is not None else (row.role if row else "")
    following = following if following is not None else (row.following if row else False)
    c = community_members.c
    if not role and not following:
        await conn.execute(
            delete(community_members).where(c.community_id == community_id, c.member_id == member_id)
        )
        return
    await upsert(conn, community_members, {"community_id": community_id, "member_id": member_id},
                 {"role": role, "following": following})


async def _created(conn: AsyncConnection, e: members_events.CommunityCreated) -> None:
    await upsert(conn, communities, {"community_id": e.community_id}, {"name": e.details.name})
    await _put(conn, e.community_id, e.created_by, role="owner")


async def _joined(conn: AsyncConnection, e: members_events.CommunityJoined) -> None:
    if e.community_name:
        await conn.execute(
            update(communities).where(communities.c.community_id == e.community_id).values(name=e.community_name)
        )
    await _put(conn, e.community_id, e.member_id, role="member")


async def _role_changed(conn: AsyncConnection, e: members_events.CommunityRoleChanged) -> None:
    await _put(conn, e.community_id, e.member_id, role=ROLES.get(e.role, "member"))


async def _left(conn: AsyncConnection, e: members_events.CommunityLeft) -> None:
    await _put(conn, e.community_id, e.member_id, role="")


async def _followed(conn: AsyncConnection, e: members_events.CommunityFollowed) -> None:
    await _put(conn, e.community_id, e.member_id, following=True)


async def _unfollowed(conn: AsyncConnection, e: members_events.CommunityUnfollowed) -> None:
    await _put(conn, e.community_id, e.member_id, following=False)


async def _erased(conn: AsyncConnection, e: members_events.MemberErased) -> None:
    await conn.execute(delete(community_members).where(community_members.c.member_id == e.member_id))


APPLIERS: dict[type[Message], Callable[[AsyncConnection, Message], Awaitable[None]]] = {
    members_events.CommunityCreated: _created,
    members_events.CommunityJoined: _joined,
    members_events.CommunityRoleChanged: _role_changed,
    members_events.CommunityLeft: _left,
    members_events.CommunityFollowed: _followed,
    members_events.CommunityUnfollowed: _unfollowed,
    members_events.MemberErased: _erased,
}


async def community_name(conn: AsyncConnection, community_id: str) -> str:
    found = await conn.scalar(select(communities.c.name).where(communities.c.community_id == community_id))
    return found or ""


async def audience_of(conn: AsyncConnection, community_id: str) -> tuple[set[str], set[str]]:
    """The community's members, and its followers who are not members."""
    c = community_members.c
    rows = (await conn.execute(
        select(c.member_id, c.role, c.following).where(c.community_id == community_id)
    )).all()
    members = {r.member_id for r in rows if r.role}
    return members, {r.member_id for r in rows if r.following and not r.role}
