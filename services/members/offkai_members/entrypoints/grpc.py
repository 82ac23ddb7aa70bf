"""offkai.members.v1.MembersService: translates RPCs to commands and states to replies."""

from __future__ import annotations

from offkai.members.v1 import members_pb2 as pb
from offkai.members.v1 import members_pb2_grpc
from offkai_kit.commands import CommandRunner
from offkai_kit.context import current_principal
from offkai_kit.errors import InvalidArgument, NotFound
from offkai_kit.repository import Repository
from offkai_members.domain import member as m
from offkai_members.domain.member.commands import RegisterMember
from offkai_members.domain.model import Profile


def member_message(state: m.MemberState) -> pb.Member:
    profile = state.profile
    return pb.Member(
        member_id=state.member_id,
        display_name=profile.display_name,
        region_prefecture=profile.region_prefecture,
        region_city=profile.region_city,
        timezone=profile.timezone,
        locale=profile.locale,
    )


class MembersServicer(members_pb2_grpc.MembersServiceServicer):
    def __init__(self, commands: CommandRunner, repository: Repository):
        self.commands = commands
        self.repository = repository

    async def RegisterMember(self, request: pb.RegisterMemberRequest, context) -> pb.RegisterMemberResponse:
        actor = current_principal()
        command = RegisterMember(
            actor=actor,
            member_id=request.member_id or actor.member_id,
            profile=Profile(
                display_name=request.display_name,
                region_prefecture=request.region_prefecture,
                region_city=request.region_city,
                timezone=request.timezone or "Asia/Tokyo",
                locale=request.locale or "ja",
            ),
        )
        return await self.commands.execute(
            m.MEMBER,
            m.stream_id(command.member_id),
            command,
            lambda state: pb.RegisterMemberResponse(member=member_message(state)),
            method="RegisterMember",
            request=request,
            request_id=request.request_id,
        )

    async def GetMember(self, request: pb.GetMemberRequest, context) -> pb.GetMemberResponse:
        current_principal()
        if not request.member_id:
            raise InvalidArgument.field("member_id", "is required")
        loaded = await self.repository.load(m.MEMBER, m.stream_id(request.member_id))
        if not loaded.state.active:
            raise NotFound(f"no member {request.member_id}")
        return pb.GetMemberResponse(member=member_message(loaded.state))
