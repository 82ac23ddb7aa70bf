"""GetIntroduction and ListIntroductions. An introduction is the business of its
introducer and the two introduced members (and of privileged principals);
anyone else gets NOT_FOUND. The list pages through the introductions read
model, newest first, then reads each introduction from its stream."""

from __future__ import annotations

from sqlalchemy import select

from offkai.members.v1 import introductions_pb2 as pb
from offkai_kit import paging
from offkai_kit.context import current_principal
from offkai_kit.db import Database
from offkai_kit.errors import NotFound
from offkai_members.domain.introduction.state import IntroductionState
from offkai_members.entrypoints import requests as r
from offkai_members.entrypoints.keysets import newest_first_after, time_position, time_token
from offkai_members.entrypoints.views import introduction_message
from offkai_members.facts import Facts
from offkai_members.projections.directory import summaries
from offkai_members.projections.tables import introduction_index


def _people(state: IntroductionState) -> tuple[str, str, str]:
    return state.introducer_id, state.first_id, state.second_id


class IntroductionReads:
    def __init__(self, db: Database, facts: Facts):
        self.db = db
        self.facts = facts

    async def get_introduction(self, request: pb.GetIntroductionRequest) -> pb.GetIntroductionResponse:
        viewer = current_principal()
        r.require(request, "introduction_id")
        state = await self.facts.introduction(request.introduction_id)
        if not state.exists or not (viewer.is_privileged or viewer.member_id in _people(state)):
            raise NotFound(f"introduction '{request.introduction_id}' not found")
        shown = await summaries(self.db, _people(state))
        return pb.GetIntroductionResponse(introduction=introduction_message(state, shown))

    async def list_introductions(self, request: pb.ListIntroductionsRequest) -> pb.ListIntroductionsResponse:
        viewer = current_principal()
        member_id = r.acting(request, viewer)
        viewer.require_self_or_privileged(member_id, "list introductions")
        role = r.introduction_role(request.role)
        wanted = r.statuses(request.statuses, r.INTRODUCTION_STATUSES)
        size = paging.page_size(request.page_size, default=50, maximum=200)
        scope = ["ListIntroductions", member_id, role, sorted(s.value for s in wanted)]
        i = introduction_index.c
        where = [i.member_id == member_id]
        if role is not None:
            where.append(i.role == role)
        if wanted:
            where.append(i.status.in_(sorted(s.value for s in wanted)))
        where += newest_first_after(i.made_at, i.introduction_id, time_position(request.page_token, scope))
        statement = (
            select(i.introduction_id, i.made_at)
            .where(*where)
            .order_by(i.made_at.desc(), i.introduction_id.desc())
            .limit(size + 1)
        )
        async with self.db.read() as conn:
            rows = (await conn.execute(statement)).all()
        page = rows[:size]
        states = [await self.facts.introduction(row.introduction_id) for row in page]
        # The index may lag the streams by a moment: judge the status on the state.
        states = [s for s in states if s.exists and (not wanted or s.status in wanted)]
        shown = await summaries(self.db, {p for s in states for p in _people(s)})
        out = pb.ListIntroductionsResponse(introductions=[introduction_message(s, shown) for s in states])
        if len(rows) > size:
            out.next_page_token = time_token(page[-1].made_at, page[-1].introduction_id, scope)
        return out
