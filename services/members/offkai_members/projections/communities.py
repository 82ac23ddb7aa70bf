"""Communities, their members (with roles) and followers, from the community
streams — what ListCommunities, ListCommunityMembers and ListMemberCommunities
page through. Counts are recounted from the rows on each change, so applying
the erasure and the CommunityLeft it causes in either order agrees."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime

from google.protobuf.message import Message
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import Database, upsert
from offkai_members.domain.community.convert import role_from_pb
from offkai_members.domain.community.state import CommunityRole
from offkai_members.domain.convert import instant
from offkai_members.projections.tables import communities, community_followers, community_members, community_tags

Applier = Callable[[AsyncConnection, Message, datetime], Awaitable[None]]
TABLES = (communities, community_tags, community_members, community_followers)
ROLE_RANKS = {CommunityRole.OWNER: 0, CommunityRole.ORGANIZER: 1, CommunityRole.MEMBER: 2}


def search_text(name: str, description: str, tags: Iterable[str]) -> str:
    """What ListCommunities' query words are looked for in, case-folded."""
    return " ".join([name, description, *tags]).casefold()


class CommunitiesProjection:
    name = "communities"
    subjects = ["offkai.members.community.>", "offkai.members.member.>"]

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        applier = APPLIERS.get(type(event.message))
        if applier is not None:
            await applier(conn, event.message, event.occurred_at)

    async def reset(self, conn: AsyncConnection) -> None:
        for table in TABLES:
            await conn.execute(delete(table))


async def _recount(conn: AsyncConnection, community_id: str) -> None:
    m, f = community_members.c, community_followers.c
    await conn.execute(
        update(communities)
        .where(communities.c.community_id == community_id)
        .values(
            member_count=select(func.count()).where(m.community_id == community_id).scalar_subquery(),
            follower_count=select(func.count()).where(f.community_id == community_id).scalar_subquery(),
        )
    )


async def _put_member(conn: AsyncConnection, community_id: str, member_id: str, role: CommunityRole, at) -> None:
    m = community_members.c
    done = await conn.execute(
        update(community_members)
        .where(m.community_id == community_id, m.member_id == member_id)
        .values(role=role.value, role_rank=ROLE_RANKS[role])
    )
    if done.rowcount == 0:
        await conn.execute(
            insert(community_members).values(
                community_id=community_id, member_id=member_id, role=role.value, role_rank=ROLE_RANKS[role],
                joined_at=at,
            )
        )
    await _recount(conn, community_id)


async def _created(conn: AsyncConnection, e: ev.CommunityCreated, at: datetime) -> None:
    d = e.details
    await upsert(
        conn,
        communities,
        {"community_id": e.community_id},
        dict(
            name=d.name,
            description=d.description,
            region_prefecture=d.region_prefecture,
            region_city=d.region_city,
            search_text=search_text(d.name, d.description, d.tags),
            created_by=e.created_by,
            created_at=instant(e, "created_at") or at,
            member_count=0,
            follower_count=0,
        ),
    )
    await conn.execute(delete(community_tags).where(community_tags.c.community_id == e.community_id))
    tags = [{"community_id": e.community_id, "tag": t} for t in dict.fromkeys(d.tags)]
    if tags:
        await conn.execute(insert(community_tags), tags)
    await _put_member(conn, e.community_id, e.created_by, CommunityRole.OWNER, instant(e, "created_at") or at)


async def _joined(conn: AsyncConnection, e: ev.CommunityJoined, at: datetime) -> None:
    await _put_member(conn, e.community_id, e.member_id, CommunityRole.MEMBER, instant(e, "joined_at") or at)


async def _role_changed(conn: AsyncConnection, e: ev.CommunityRoleChanged, at: datetime) -> None:
    # Only members of the community have roles changed: the join time stays.
    await _put_member(conn, e.community_id, e.member_id, role_from_pb(e.role), instant(e, "changed_at") or at)


async def _left(conn: AsyncConnection, e: ev.CommunityLeft, at: datetime) -> None:
    m = community_members.c
    await conn.execute(delete(community_members).where(m.community_id == e.community_id, m.member_id == e.member_id))
    await _recount(conn, e.community_id)


async def _followed(conn: AsyncConnection, e: ev.CommunityFollowed, at: datetime) -> None:
    await upsert(
        conn,
        community_followers,
        {"community_id": e.community_id, "member_id": e.member_id},
        {"followed_at": instant(e, "followed_at") or at},
    )
    await _recount(conn, e.community_id)


async def _unfollowed(conn: AsyncConnection, e: ev.CommunityUnfollowed, at: datetime) -> None:
    f = community_followers.c
    await conn.execute(
        delete(community_followers).where(f.community_id == e.community_id, f.member_id == e.member_id)
    )
    await _recount(conn, e.community_id)


async def _erased(conn: AsyncConnection, e: ev.MemberErased, at: datetime) -> None:
    touched: set[str] = set()
    for table in (community_members, community_followers):
        touched |= set(
            (await conn.scalars(select(table.c.community_id).where(table.c.member_id == e.member_id))).all()
        )
        await conn.execute(delete(table).where(table.c.member_id == e.member_id))
    for community_id in sorted(touched):
        await _recount(conn, community_id)


APPLIERS: dict[type[Message], Applier] = {
    ev.CommunityCreated: _created,
    ev.CommunityJoined: _joined,
    ev.CommunityRoleChanged: _role_changed,
    ev.CommunityLeft: _left,
    ev.CommunityFollowed: _followed,
    ev.CommunityUnfollowed: _unfollowed,
    ev.MemberErased: _erased,
}


async def joined_at(db: Database, community_id: str, member_id: str) -> datetime | None:
    m = community_members.c
    async with db.read() as conn:
        return await conn.scalar(select(m.joined_at).where(m.community_id == community_id, m.member_id == member_id))
