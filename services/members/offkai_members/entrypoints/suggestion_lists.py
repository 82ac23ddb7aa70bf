"""ListSuggestions: people a member may want to connect with, with reasons.

The signals come from the read models, each with one indexed query: the
meetups both checked in at (attendance), mutual connections (relationships),
shared communities (communities) and shared interests (directory). The
ranking is the domain's (``suggestions``): its sort key orders the list and
pages it (keyset), so a suggestion acted on between two pages shifts nothing.

In a busy region most of the people near a member share nothing with them but
the place; their order is just (city before prefecture, then member id), so
they are read from the directory a page at a time, in that order, instead of
being ranked all at once. Everyone with a signal is ranked (cheaply, with the
domain's ``rank_of``), the two are merged, and reasons are written for the page
alone.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import AsyncIterator

from sqlalchemy import func, select

from offkai.members.v1 import connections_pb2 as pb
from offkai.members.v1 import types_pb2 as types
from offkai_kit import paging
from offkai_kit.context import current_principal
from offkai_kit.db import Database, in_chunks
from offkai_kit.errors import NotFound
from offkai_members.domain.model import MeetupRef, Profile
from offkai_members.domain.suggestions import Candidate, Tier, Viewer, rank_of, region_key, suggest
from offkai_members.domain.validate import normalize_tag
from offkai_members.entrypoints import requests as r
from offkai_members.entrypoints.views import suggestion_message
from offkai_members.facts import Facts
from offkai_members.projections.relationships import blocked_either_way
from offkai_members.projections.tables import (
    communities,
    community_members,
    directory_interests,
    directory_members,
    meetup_check_ins,
    meetup_refs,
    relationship_connections,
    relationship_requests,
)

# Well under SQLite's limit on bound parameters.
CHUNK = 500
d = directory_members.c
ROW = (d.member_id, d.display_name, d.region_prefecture, d.region_city)



def _rank_position(position: dict) -> tuple:
    rank = position["rank"]
    if not isinstance(rank, list) or len(rank) != 6 or not all(type(x) is int for x in rank[:5]):
        raise ValueError("not a position")
    if not isinstance(rank[5], str):
        raise ValueError("not a position")
    return tuple(rank)


def _candidate(row, **signals) -> Candidate:
    return Candidate(member_id=row.member_id, display_name=row.display_name,
                     region_prefecture=row.region_prefecture, region_city=row.region_city, **signals)


class SuggestionLists:
    def __init__(self, db: Database, facts: Facts):
        self.db = db
        self.facts = facts

    async def list_suggestions(self, request: pb.ListSuggestionsRequest) -> pb.ListSuggestionsResponse:
        caller = current_principal()
        member_id = r.acting(request, caller)
        caller.require_self_or_privileged(member_id, "list suggestions")
        size = paging.page_size(request.page_size, default=20, maximum=100)
        scope = ["ListSuggestions", member_id]
        after = paging.decode(request.page_token, scope=scope, parse=_rank_position)
        state = await self.facts.member(member_id)
        if not state.active:
            raise NotFound(f"member '{member_id}' not found")
        viewer = await self.viewer(member_id, state.profile)
        page, more = await self.page(viewer, size, after)
        shown = {
            c.member_id: types.MemberSummary(member_id=c.member_id, display_name=c.display_name,
                                             region_prefecture=c.region_prefecture, region_city=c.region_city)
            for c in page
        }
        ranked = suggest(viewer, page)
        out = pb.ListSuggestionsResponse(
            suggestions=[suggestion_message(s, shown, state.profile.locale) for s in ranked]
        )
        if more:
            out.next_page_token = paging.encode({"rank": list(ranked[-1].rank)}, scope=scope)
        return out

    async def page(self, viewer: Viewer, size: int, after: tuple | None = None) -> tuple[list[Candidate], bool]:
        """The candidates of one page, best first, and whether more follow."""
        excluded = viewer.connections | viewer.pending | viewer.blocked | {viewer.member_id}
        signalled = [c for c in await self.signalled(viewer) if c.member_id not in excluded]
        keyed = [(rank, c) for c in signalled if (rank := rank_of(viewer, c)) is not None]
        if after is not None:
            keyed = [(rank, c) for rank, c in keyed if rank > after]
        best = heapq.nsmallest(size + 1, keyed, key=lambda rc: rc[0])
        skip = excluded | {c.member_id for c in signalled}
        async for candidate in self.only_near(viewer, after, skip, size + 1):
            best.append((rank_of(viewer, candidate), candidate))
        best = sorted(best, key=lambda rc: rc[0])[:size + 1]
        return [c for _, c in best[:size]], len(best) > size

    async def viewer(self, member_id: str, profile: Profile) -> Viewer:
        cm, cc, cr = community_members.c, relationship_connections.c, relationship_requests.c
        async with self.db.read() as conn:
            joined = dict((await conn.execute(
                select(cm.community_id, communities.c.name)
                .join_from(community_members, communities, communities.c.community_id == cm.community_id)
                .where(cm.member_id == member_id)
            )).all())
            connections = frozenset((await conn.scalars(select(cc.other_id).where(cc.member_id == member_id))).all())
            asked = (await conn.scalars(select(cr.addressee_id).where(cr.requester_id == member_id))).all()
            asking = (await conn.scalars(select(cr.requester_id).where(cr.addressee_id == member_id))).all()
        return Viewer(
            member_id=member_id,
            region_prefecture=profile.region_prefecture,
            region_city=profile.region_city,
            interests=tuple(dict.fromkeys(t for t in (normalize_tag(i) for i in profile.interests) if t)),
            communities=joined,
            connections=connections,
            pending=frozenset(asked) | frozenset(asking),
            blocked=frozenset(await blocked_either_way(self.db, member_id)),
        )

    async def signalled(self, viewer: Viewer) -> list[Candidate]:
        """Everyone with something in common with the viewer besides the place."""
        member_id = viewer.member_id
        cm, cc, di, m = community_members.c, relationship_connections.c, directory_interests.c, meetup_refs.c
        async with self.db.read() as conn:
            met: dict[str, list[MeetupRef]] = defaultdict(list)
            mine, theirs = meetup_check_ins.alias("mine"), meetup_check_ins.alias("theirs")
            for row in await conn.execute(
                select(theirs.c.member_id, m.meetup_id, m.title, m.start_at, m.timezone)
                .select_from(mine.join(theirs, theirs.c.meetup_id == mine.c.meetup_id)
                             .join(meetup_refs, m.meetup_id == mine.c.meetup_id))
                .where(mine.c.member_id == member_id, theirs.c.member_id != member_id)
            ):
                met[row.member_id].append(MeetupRef(row.meetup_id, row.title, row.start_at, row.timezone))

            friends = relationship_connections.alias("friends")
            mutual = dict((await conn.execute(
                select(friends.c.other_id, func.count())
                .select_from(relationship_connections.join(friends, friends.c.member_id == cc.other_id))
                .where(cc.member_id == member_id, friends.c.other_id != member_id)
                .group_by(friends.c.other_id)
            )).all())

            shared_communities: dict[str, set[str]] = defaultdict(set)
            if viewer.communities:
                for row in await conn.execute(select(cm.member_id, cm.community_id).where(
                        cm.community_id.in_(list(viewer.communities)), cm.member_id != member_id)):
                    shared_communities[row.member_id].add(row.community_id)

            shared_interests: dict[str, list[str]] = defaultdict(list)
            if viewer.interests:
                for row in await conn.execute(select(di.member_id, di.interest).where(
                        di.interest.in_(list(viewer.interests)), di.member_id != member_id)):
                    shared_interests[row.member_id].append(row.interest)

            ids = sorted(set(met) | set(mutual) | set(shared_communities) | set(shared_interests))
            rows = []
            for chunk in in_chunks(ids):
                rows += (await conn.execute(select(*ROW).where(d.member_id.in_(chunk)))).all()
        # Only members with a profile: the directory holds no erased ones.
        return [
            _candidate(
                row,
                met_at=tuple(met.get(row.member_id, ())),
                mutual_connections=mutual.get(row.member_id, 0),
                community_ids=frozenset(shared_communities.get(row.member_id, ())),
                interests=tuple(shared_interests.get(row.member_id, ())),
            )
            for row in rows
        ]

    async def only_near(
        self, viewer: Viewer, after: tuple | None, skip: frozenset[str] | set[str], wanted: int
    ) -> AsyncIterator[Candidate]:
        """Up to ``wanted`` people near the viewer who share nothing else with them,
        after ``after`` in rank order: those in the same city, then those elsewhere
        in the prefecture, each by member id."""
        prefecture, city = region_key(viewer.region_prefecture), region_key(viewer.region_city)
        if not prefecture:
            return
        tiers = [(Tier.SAME_CITY, d.city_key == city), (Tier.SAME_PREFECTURE, d.city_key != city)]
        if not city:
            tiers = [(Tier.SAME_PREFECTURE, d.city_key.is_not(None))]
        found = 0
        for tier, in_tier in tiers:
            if after is not None and after[0] > tier:
                continue
            # Within the tier, these rank after everyone with a signal (their keys are 0):
            # after a position with one, the tier's region-only people start from the top.
            start = after[5] if after is not None and after[0] == tier and not any(after[1:5]) else ""
            while found < wanted:
                async with self.db.read() as conn:
                    rows = (await conn.execute(
                        select(*ROW)
                        .where(d.prefecture_key == prefecture, in_tier, d.member_id > start)
                        .order_by(d.member_id)
                        .limit(CHUNK)
                    )).all()
                for row in rows:
                    if row.member_id not in skip:
                        found += 1
                        yield _candidate(row)
                        if found == wanted:
                            return
                if len(rows) < CHUNK:
                    break
                start = rows[-1].member_id
