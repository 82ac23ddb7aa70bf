"""CommunitiesService's mutations: create, join, leave, follow, unfollow, change
a member's role. The handler looks up the member's card (does the member exist)
and passes it in the command; the community's own rules decide."""

from __future__ import annotations

from offkai.members.v1 import communities_pb2 as pb
from offkai_kit.commands import CommandRunner
from offkai_kit.context import current_principal
from offkai_kit.db import Database
from offkai_kit.errors import NotFound
from offkai_members.domain import community
from offkai_members.domain.community import commands as c
from offkai_members.domain.community.convert import role_to_pb
from offkai_members.domain.community.state import CommunityState
from offkai_members.entrypoints import requests as r
from offkai_members.entrypoints.mutating import Mutating
from offkai_members.entrypoints.views import community_message, summary
from offkai_members.facts import Facts
from offkai_members.projections.communities import joined_at
from offkai_members.projections.directory import summaries


class CommunityMutations(Mutating):
    def __init__(self, commands: CommandRunner, facts: Facts, db: Database):
        super().__init__(commands)
        self.facts = facts
        self.db = db

    async def _on_community(self, method, request, command, respond, answer_of=()):
        stream = community.stream_id(command.community_id)
        return await self.run(method, request, community.COMMUNITY, stream, command, respond, answer_of=answer_of)

    async def _membership(self, method: str, request, make, response):
        actor = current_principal()
        r.require(request, "community_id")
        member_id = r.acting(request, actor)
        if not actor.is_privileged and await self.facts.card(actor.member_id) is None:
            # Every call needs a registered caller; an erased one is no more.
            raise NotFound(f"member '{actor.member_id}' not found")
        command = await make(actor, member_id)
        return await self._on_community(
            method, request, command, lambda s: response(community=community_message(s, actor.member_id))
        )

    async def create_community(self, request: pb.CreateCommunityRequest) -> pb.CreateCommunityResponse:
        actor = current_principal()
        command = c.CreateCommunity(
            actor=actor,
            community_id=request.community_id,
            details=r.community_details(request.details),
            creator=await self.facts.card(actor.member_id),
        )
        return await self._on_community(
            "CreateCommunity",
            request,
            command,
            lambda s: pb.CreateCommunityResponse(community=community_message(s, actor.member_id)),
        )

    async def join_community(self, request: pb.JoinCommunityRequest) -> pb.JoinCommunityResponse:
        async def make(actor, member_id):
            return c.JoinCommunity(actor=actor, community_id=request.community_id, member_id=member_id,
                                   member=await self.facts.card(member_id))

        return await self._membership("JoinCommunity", request, make, pb.JoinCommunityResponse)

    async def leave_community(self, request: pb.LeaveCommunityRequest) -> pb.LeaveCommunityResponse:
        async def make(actor, member_id):
            return c.LeaveCommunity(actor=actor, community_id=request.community_id, member_id=member_id)

        return await self._membership("LeaveCommunity", request, make, pb.LeaveCommunityResponse)

    async def follow_community(self, request: pb.FollowCommunityRequest) -> pb.FollowCommunityResponse:
        async def make(actor, member_id):
            return c.FollowCommunity(actor=actor, community_id=request.community_id, member_id=member_id,
                                     member=await self.facts.card(member_id))

        return await self._membership("FollowCommunity", request, make, pb.FollowCommunityResponse)

    async def unfollow_community(self, request: pb.UnfollowCommunityRequest) -> pb.UnfollowCommunityResponse:
        async def make(actor, member_id):
            return c.UnfollowCommunity(actor=actor, community_id=request.community_id, member_id=member_id)

        return await self._membership("UnfollowCommunity", request, make, pb.UnfollowCommunityResponse)

    async def change_community_role(self, request: pb.ChangeCommunityRoleRequest) -> pb.ChangeCommunityRoleResponse:
        actor = current_principal()
        r.require(request, "community_id", "member_id")
        command = c.ChangeCommunityRole(
            actor=actor,
            community_id=request.community_id,
            member_id=request.member_id,
            role=r.community_role(request.role),
            member=await self.facts.card(request.member_id),
        )
        shown = await summaries(self.db, [request.member_id])
        since = await joined_at(self.db, request.community_id, request.member_id)

        def respond(state: CommunityState) -> pb.ChangeCommunityRoleResponse:
            member = pb.CommunityMember(
                member=summary(request.member_id, shown), role=role_to_pb(state.role_of(request.member_id))
            )
            if since is not None:
                member.joined_at.FromDatetime(since)
            return pb.ChangeCommunityRoleResponse(member=member)

        # The answer names the member (their summary): stored sealed for them.
        return await self._on_community("ChangeCommunityRole", request, command, respond, (request.member_id,))
