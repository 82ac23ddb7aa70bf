"""IntroductionsService's mutations: make, accept, decline an introduction.

The facts come from the relationship streams (is the introducer connected to
both, are the two connected already, does a block stand between them) and the
member streams (cards); the introduction's own rules decide. Completing one is
followed up by the service itself (``scheduling``): it connects the two."""

from __future__ import annotations

from offkai.members.v1 import introductions_pb2 as pb
from offkai_kit.commands import CommandRunner
from offkai_kit.context import current_principal
from offkai_kit.db import Database
from offkai_members.domain import introduction
from offkai_members.domain.introduction.state import IntroductionState
from offkai_members.entrypoints import requests as r
from offkai_members.entrypoints.mutating import Mutating
from offkai_members.entrypoints.views import introduction_message
from offkai_members.facts import Facts
from offkai_members.projections.directory import summaries


class IntroductionMutations(Mutating):
    def __init__(self, commands: CommandRunner, facts: Facts, db: Database):
        super().__init__(commands)
        self.facts = facts
        self.db = db

    async def _on_introduction(self, method, request, command, member_ids, response):
        shown = await summaries(self.db, member_ids)

        def respond(state: IntroductionState):
            return response(introduction=introduction_message(state, shown))

        stream = introduction.stream_id(command.introduction_id)
        # The answer shows the three members and the introducer's note.
        return await self.run(method, request, introduction.INTRODUCTION, stream, command, respond,
                              answer_of=tuple(member_ids))

    async def make_introduction(self, request: pb.MakeIntroductionRequest) -> pb.MakeIntroductionResponse:
        actor = current_principal()
        r.require(request, "first_member_id", "second_member_id")
        introducer_id = r.acting(request, actor, "introducer_id")
        first_id, second_id = request.first_member_id, request.second_member_id
        between = await self.facts.relationship(first_id, second_id)
        command = r.make_introduction(
            request,
            actor,
            r.new_id(),
            introducer=await self.facts.card(introducer_id),
            first=await self.facts.card(first_id),
            second=await self.facts.card(second_id),
            introducer_connected_to_first=(await self.facts.relationship(introducer_id, first_id)).connected,
            introducer_connected_to_second=(await self.facts.relationship(introducer_id, second_id)).connected,
            blocked_between=between.blocked,
            connected_between=between.connected,
        )
        return await self._on_introduction(
            "MakeIntroduction", request, command, (introducer_id, first_id, second_id), pb.MakeIntroductionResponse
        )

    async def accept_introduction(self, request: pb.AcceptIntroductionRequest) -> pb.AcceptIntroductionResponse:
        actor = current_principal()
        r.require(request, "introduction_id")
        member_id = r.acting(request, actor)
        state = await self.facts.introduction(request.introduction_id)
        blocked = False
        if state.exists and state.introduced(member_id):
            blocked = (await self.facts.relationship(member_id, state.other_of(member_id))).blocked
        command = r.accept_introduction(
            request, actor, member_id, member=await self.facts.card(member_id), blocked_between=blocked
        )
        return await self._on_introduction(
            "AcceptIntroduction", request, command, _people(state), pb.AcceptIntroductionResponse
        )

    async def decline_introduction(self, request: pb.DeclineIntroductionRequest) -> pb.DeclineIntroductionResponse:
        actor = current_principal()
        r.require(request, "introduction_id")
        state = await self.facts.introduction(request.introduction_id)
        command = r.decline_introduction(request, actor, r.acting(request, actor))
        return await self._on_introduction(
            "DeclineIntroduction", request, command, _people(state), pb.DeclineIntroductionResponse
        )


def _people(state: IntroductionState) -> tuple[str, ...]:
    return (state.introducer_id, state.first_id, state.second_id) if state.exists else ()
