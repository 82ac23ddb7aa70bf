"""ListSuggestions: people a member may want to connect with, with reasons.

The signals come from the read models, each with one indexed query: the
meetups both checked in at (attendance), mutual connections (relationships),
shared communities (communities), shared interests and the same region
(directory). The ranking is the domain's pure ``suggestions.suggest``; its sort
key pages the list (keyset), so a suggestion acted on between two pages shifts
nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func, select

from offkai.members.v1 import connections_pb2 as pb
from offkai.members.v1 import types_pb2 as types
from offkai_kit import paging
from offkai_kit.context import current_principal
from offkai_kit.db import Database
from offkai_kit.errors import NotFound
from offkai_members.domain.model import MeetupRef
from offkai_members.domain.suggestions import Candidate, Viewer, suggest
from offkai_members.domain.validate import normalize_tag
from offkai_members.entrypoints import requests as r
from offkai_members.entrypoints.views import suggestion_message
from offkai_members.facts import Facts
from offkai_members.projections.directory import region_key
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

# SQLite's limit on bound parameters is generous in modern builds; stay well under it.
CHUNK = 500


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(values), CHUNK):
        yield values[i:i + CHUNK]


def _rank_position(position: dict) -> tuple:
    rank = position["rank"]
    if not isinstance(rank, list) or len(rank) != 6 or not all(type(x) is int for x in rank[:5]):
        raise ValueError("not a position")
    if not isinstance(rank[5], str):
        raise ValueError("not a position")
    return tuple(rank)


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
        viewer, candidates, rows = await self.gather(member_id, state.profile)
        ranked = suggest(viewer, candidates)
        if after is not None:
            ranked = [s for s in ranked if s.rank > after]
        page = ranked[:size]
        shown = {
            s.member_id: types.MemberSummary(
                member_id=s.member_id,
                display_name=rows[s.member_id].display_name,
                region_prefecture=rows[s.member_id].region_prefecture,
                region_city=rows[s.member_id].region_city,
            )
            for s in page
        }
        out = pb.ListSuggestionsResponse(
            suggestions=[suggestion_message(s, shown, state.profile.locale) for s in page]
        )
        if len(ranked) > size:
            out.next_page_token = paging.encode({"rank": list(page[-1].rank)}, scope=scope)
        return out

    async def gather(self, member_id: str, profile) -> tuple[Viewer, list[Candidate], dict]:
        """The viewer and every candidate with at least one thing in common."""
        cm, cc, cr = community_members.c, relationship_connections.c, relationship_requests.c
        d, di, m = directory_members.c, directory_interests.c, meetup_refs.c
        interests = tuple(dict.fromkeys(normalize_tag(t) for t in profile.interests if normalize_tag(t)))
        prefecture = region_key(profile.region_prefecture)
        async with self.db.read() as conn:
            joined = dict(
                (await conn.execute(
                    select(cm.community_id, communities.c.name)
                    .join_from(community_members, communities, communities.c.community_id == cm.community_id)
                    .where(cm.member_id == member_id)
                )).all()
            )
            connections = frozenset((await conn.scalars(select(cc.other_id).where(cc.member_id == member_id))).all())
            pending = frozenset(
                (await conn.scalars(select(cr.addressee_id).where(cr.requester_id == member_id))).all()
            ) | frozenset((await conn.scalars(select(cr.requester_id).where(cr.addressee_id == member_id))).all())

            met: dict[str, list[MeetupRef]] = defaultdict(list)
            mine, theirs = meetup_check_ins.alias("mine"), meetup_check_ins.alias("theirs")
            for row in await conn.execute(
                select(theirs.c.member_id, m.meetup_id, m.title, m.start_at, m.timezone)
                .select_from(
                    mine.join(theirs, theirs.c.meetup_id == mine.c.meetup_id).join(
                        meetup_refs, m.meetup_id == mine.c.meetup_id
                    )
                )
                .where(mine.c.member_id == member_id, theirs.c.member_id != member_id)
            ):
                met[row.member_id].append(MeetupRef(row.meetup_id, row.title, row.start_at, row.timezone))

            friends = relationship_connections.alias("friends")
            mutual = dict(
                (await conn.execute(
                    select(friends.c.other_id, func.count())
                    .select_from(relationship_connections.join(friends, friends.c.member_id == cc.other_id))
                    .where(cc.member_id == member_id, friends.c.other_id != member_id)
                    .group_by(friends.c.other_id)
                )).all()
            )

            shared_communities: dict[str, set[str]] = defaultdict(set)
            if joined:
                for row in await conn.execute(
                    select(cm.member_id, cm.community_id).where(
                        cm.community_id.in_(list(joined)), cm.member_id != member_id
                    )
                ):
                    shared_communities[row.member_id].add(row.community_id)

            shared_interests: dict[str, list[str]] = defaultdict(list)
            if interests:
                for row in await conn.execute(
                    select(di.member_id, di.interest).where(di.interest.in_(interests), di.member_id != member_id)
                ):
                    shared_interests[row.member_id].append(row.interest)

            columns = (d.member_id, d.display_name, d.region_prefecture, d.region_city)
            rows = {}
            if prefecture:
                rows = {row.member_id: row for row in await conn.execute(
                    select(*columns).where(d.prefecture_key == prefecture, d.member_id != member_id))}
            others = sorted((set(met) | set(mutual) | set(shared_communities) | set(shared_interests)) - set(rows))
            for chunk in _chunks(others):
                rows.update({row.member_id: row for row in await conn.execute(
                    select(*columns).where(d.member_id.in_(chunk)))})

        viewer = Viewer(
            member_id=member_id,
            region_prefecture=profile.region_prefecture,
            region_city=profile.region_city,
            interests=interests,
            communities=joined,
            connections=connections,
            pending=pending,
            blocked=frozenset(await blocked_either_way(self.db, member_id)),
        )
        candidates = [
            Candidate(
                member_id=row.member_id,
                display_name=row.display_name,
                region_prefecture=row.region_prefecture,
                region_city=row.region_city,
                met_at=tuple(met.get(row.member_id, ())),
                mutual_connections=mutual.get(row.member_id, 0),
                community_ids=frozenset(shared_communities.get(row.member_id, ())),
                interests=tuple(shared_interests.get(row.member_id, ())),
            )
            # Only members with a profile: the directory holds no erased ones.
            for row in rows.values()
        ]
        return viewer, candidates, rows
