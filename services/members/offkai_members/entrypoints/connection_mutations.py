"""ConnectionsService's mutations: request, accept, decline, withdraw, remove a
connection; block and unblock. Each acts on the pair's relationship stream with
the two members' cards as facts, and — for requests and acceptances — the
meetups both checked in at, as the service learnt them from the events
service's stream (never from the caller)."""

from __future__ import annotations

from offkai.members.v1 import connections_pb2 as pb
from offkai_kit.commands import CommandRunner
from offkai_kit.context import current_principal
from offkai_kit.errors import NotFound
from offkai_members.domain import relationship
from offkai_members.domain.relationship import commands as c
from offkai_members.domain.relationship.state import RelationshipState
from offkai_members.entrypoints import requests as r
from offkai_members.entrypoints.mutating import Mutating
from offkai_members.entrypoints.views import relationship_message
from offkai_members.facts import Facts, is_member_id

# Which commands carry the meetups both checked in at.
MET_AT = (c.RequestConnection, c.AcceptConnection)


class ConnectionMutations(Mutating):
    def __init__(self, commands: CommandRunner, facts: Facts):
        super().__init__(commands)
        self.facts = facts

    async def _pair(self, method: str, request, kind: type, response: type):
        actor = current_principal()
        r.require(request, "other_member_id")
        member_id, other_id = r.acting(request, actor), request.other_member_id
        for who in (member_id, other_id):
            if not is_member_id(who):  # no stream can name it: no such member
                raise NotFound(f"member '{who}' not found")
        command = r.relationship_command(
            kind,
            request,
            actor,
            member_id,
            member=await self.facts.card(member_id),
            other=await self.facts.card(other_id),
            met_at=await self.facts.met_at(member_id, other_id) if kind in MET_AT else (),
        )

        def respond(state: RelationshipState):
            return response(relationship=relationship_message(state, member_id, other_id, actor))

        stream = relationship.stream_id(member_id, other_id)
        return await self.run(method, request, relationship.RELATIONSHIP, stream, command, respond)

    async def request_connection(self, request: pb.RequestConnectionRequest) -> pb.RequestConnectionResponse:
        return await self._pair("RequestConnection", request, c.RequestConnection, pb.RequestConnectionResponse)

    async def accept_connection(self, request: pb.AcceptConnectionRequest) -> pb.AcceptConnectionResponse:
        return await self._pair("AcceptConnection", request, c.AcceptConnection, pb.AcceptConnectionResponse)

    async def decline_connection(self, request: pb.DeclineConnectionRequest) -> pb.DeclineConnectionResponse:
        return await self._pair("DeclineConnection", request, c.DeclineConnection, pb.DeclineConnectionResponse)

    async def withdraw_connection_request(
        self, request: pb.WithdrawConnectionRequestRequest
    ) -> pb.WithdrawConnectionRequestResponse:
        return await self._pair(
            "WithdrawConnectionRequest", request, c.WithdrawConnectionRequest, pb.WithdrawConnectionRequestResponse
        )

    async def remove_connection(self, request: pb.RemoveConnectionRequest) -> pb.RemoveConnectionResponse:
        return await self._pair("RemoveConnection", request, c.RemoveConnection, pb.RemoveConnectionResponse)

    async def block_member(self, request: pb.BlockMemberRequest) -> pb.BlockMemberResponse:
        return await self._pair("BlockMember", request, c.BlockMember, pb.BlockMemberResponse)

    async def unblock_member(self, request: pb.UnblockMemberRequest) -> pb.UnblockMemberResponse:
        return await self._pair("UnblockMember", request, c.UnblockMember, pb.UnblockMemberResponse)
