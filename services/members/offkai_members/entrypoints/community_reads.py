"""GetCommunity, ListCommunities, ListCommunityMembers, ListMemberCommunities.

GetCommunity reads the community's stream (current). The lists page through the
communities read model, by (name, id) or, for members, by (role, join time,
id). Every call needs a registered caller (or a privileged one).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import or_, select

from offkai.members.v1 import communities_pb2 as pb
from offkai_kit import paging, validation
from offkai_kit.context import current_principal
from offkai_kit.db import Database
from offkai_kit.errors import InvalidArgument, NotFound, PermissionDenied, Violations
from offkai_kit.principal import Principal
from offkai_members.domain.community.convert import role_to_pb
from offkai_members.domain.community.state import CommunityRole
from offkai_members.domain.validate import normalize_tag
from offkai_members.entrypoints import requests as r
from offkai_members.entrypoints.keysets import ascending_after, key_position, key_token
from offkai_members.entrypoints.views import community_message, community_row_message, summary
from offkai_members.facts import Facts
from offkai_members.projections.communities import ROLE_RANKS
from offkai_members.projections.directory import summaries
from offkai_members.projections.relationships import blocked_either_way
from offkai_members.projections.tables import communities, community_followers, community_members, community_tags


def _like(word: str) -> str:
    """A LIKE pattern for ``word`` anywhere, its own wildcards taken literally."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class CommunityReads:
    def __init__(self, db: Database, facts: Facts):
        self.db = db
        self.facts = facts

    async def _caller(self) -> Principal:
        caller = current_principal()
        if not caller.is_privileged and not (await self.facts.member(caller.member_id)).active:
            raise PermissionDenied("only registered members may look at communities; register first")
        return caller

    async def get_community(self, request: pb.GetCommunityRequest) -> pb.GetCommunityResponse:
        caller = await self._caller()
        r.require(request, "community_id")
        state = await self.facts.community(request.community_id)
        if not state.exists:
            raise NotFound(f"community '{request.community_id}' not found")
        return pb.GetCommunityResponse(community=community_message(state, caller.member_id))

    async def _messages(self, conn, rows, caller_id: str) -> list[pb.Community]:
        """Read-model rows as Community messages, with their tags and the caller's place."""
        ids = [row.community_id for row in rows]
        if not ids:
            return []
        t, m, f = community_tags.c, community_members.c, community_followers.c
        tags = defaultdict(list)
        for row in await conn.execute(select(t.community_id, t.tag).where(t.community_id.in_(ids)).order_by(t.tag)):
            tags[row.community_id].append(row.tag)
        roles = dict((await conn.execute(
            select(m.community_id, m.role).where(m.community_id.in_(ids), m.member_id == caller_id))).all())
        follows = set((await conn.scalars(
            select(f.community_id).where(f.community_id.in_(ids), f.member_id == caller_id))).all())
        return [
            community_row_message(row, tags[row.community_id], roles.get(row.community_id), row.community_id in follows)
            for row in rows
        ]

    async def list_communities(self, request: pb.ListCommunitiesRequest) -> pb.ListCommunitiesResponse:
        filters = Violations()
        validation.search_filters(request, ("prefecture", "city", "tag", "query"), filters)
        filters.raise_if_any()
        caller = await self._caller()
        size = paging.page_size(request.page_size, default=50, maximum=200)
        tag = normalize_tag(request.tag)
        words = request.query.casefold().split()
        scope = ["ListCommunities", request.prefecture, request.city, tag, words]
        c = communities.c
        where = ascending_after((c.name, c.community_id), key_position(request.page_token, scope, (str, str)))
        if request.prefecture:
            where.append(c.region_prefecture == request.prefecture)
        if request.city:
            where.append(c.region_city == request.city)
        if tag:
            t = community_tags.c
            where.append(c.community_id.in_(select(t.community_id).where(t.tag == tag)))
        for word in words:
            where.append(c.search_text.like(_like(word), escape="\\"))
        statement = select(communities).where(*where).order_by(c.name, c.community_id).limit(size + 1)
        async with self.db.read() as conn:
            rows = (await conn.execute(statement)).all()
            out = pb.ListCommunitiesResponse(communities=await self._messages(conn, rows[:size], caller.member_id))
        if len(rows) > size:
            last = rows[size - 1]
            out.next_page_token = key_token((last.name, last.community_id), scope)
        return out

    async def list_community_members(
        self, request: pb.ListCommunityMembersRequest
    ) -> pb.ListCommunityMembersResponse:
        caller = await self._caller()
        r.require(request, "community_id")
        if not (await self.facts.community(request.community_id)).exists:
            raise NotFound(f"community '{request.community_id}' not found")
        role = r.community_role(request.role)
        if role is None and request.role:
            raise InvalidArgument.field("role", "unknown role")
        size = paging.page_size(request.page_size, default=100, maximum=1000)
        scope = ["ListCommunityMembers", request.community_id, role and role.value, caller.member_id]
        m = community_members.c
        position = paging.decode(request.page_token, scope=scope, parse=_member_position)
        hidden = await blocked_either_way(self.db, caller.member_id)
        where = [m.community_id == request.community_id]
        if role is not None:
            where.append(m.role_rank == ROLE_RANKS[role])
        if hidden:
            where.append(m.member_id.not_in(sorted(hidden)))
        if position is not None:
            rank, joined, member_id = position
            where.append(or_(
                m.role_rank > rank,
                (m.role_rank == rank) & (m.joined_at > joined),
                (m.role_rank == rank) & (m.joined_at == joined) & (m.member_id > member_id),
            ))
        statement = (
            select(m.member_id, m.role, m.role_rank, m.joined_at)
            .where(*where)
            .order_by(m.role_rank, m.joined_at, m.member_id)
            .limit(size + 1)
        )
        async with self.db.read() as conn:
            rows = (await conn.execute(statement)).all()
        page = rows[:size]
        shown = await summaries(self.db, [row.member_id for row in page])
        out = pb.ListCommunityMembersResponse()
        for row in page:
            item = out.members.add(member=summary(row.member_id, shown), role=role_to_pb(CommunityRole(row.role)))
            item.joined_at.FromDatetime(row.joined_at)
        if len(rows) > size:
            last = page[-1]
            out.next_page_token = paging.encode(
                {"rank": last.role_rank, "at": last.joined_at.isoformat(), "id": last.member_id}, scope=scope
            )
        return out

    async def list_member_communities(
        self, request: pb.ListMemberCommunitiesRequest
    ) -> pb.ListMemberCommunitiesResponse:
        caller = current_principal()
        member_id = r.acting(request, caller)
        caller.require_self_or_privileged(member_id, "list their communities")
        size = paging.page_size(request.page_size, default=50, maximum=200)
        scope = ["ListMemberCommunities", member_id]
        c, m, f = communities.c, community_members.c, community_followers.c
        mine = or_(
            c.community_id.in_(select(m.community_id).where(m.member_id == member_id)),
            c.community_id.in_(select(f.community_id).where(f.member_id == member_id)),
        )
        where = [mine, *ascending_after((c.name, c.community_id), key_position(request.page_token, scope, (str, str)))]
        statement = select(communities).where(*where).order_by(c.name, c.community_id).limit(size + 1)
        async with self.db.read() as conn:
            rows = (await conn.execute(statement)).all()
            theirs = await self._messages(conn, rows[:size], member_id)
            # The "caller" fields are the caller's, who may be an admin looking.
            seen = theirs if member_id == caller.member_id else await self._messages(conn, rows[:size], caller.member_id)
        out = pb.ListMemberCommunitiesResponse()
        for community, as_seen in zip(theirs, seen, strict=True):
            out.communities.add(community=as_seen, role=community.caller_role, follows=community.caller_follows)
        if len(rows) > size:
            last = rows[size - 1]
            out.next_page_token = key_token((last.name, last.community_id), scope)
        return out


def _member_position(position: dict) -> tuple[int, datetime, str]:
    """Where a ListCommunityMembers page ended: (role rank, join time, member id)."""
    rank, at, member_id = position["rank"], datetime.fromisoformat(position["at"]), position["id"]
    if type(rank) is not int or at.tzinfo is None or not isinstance(member_id, str):
        raise ValueError("not a position")
    return rank, at.astimezone(UTC), member_id
