"""MembersService's mutations: registration, profile, handles, erasure.

Handle values not visible to everyone never reach the stream: the handle's event
carries its kind and visibility only, and the value goes to the service's own
table (sealed with the member's key) in the same transaction, through the kit
runner's ``alongside`` hook. Erasure destroys the member's key in its own
transaction too, and deletes their hidden values; afterwards the cached
aggregates are dropped, so nothing opened with the key stays in memory.
"""

from __future__ import annotations

from collections.abc import Sequence

from google.protobuf.message import Message
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.members.v1 import events_pb2 as ev
from offkai.members.v1 import members_pb2 as pb
from offkai.members.v1 import types_pb2 as types
from offkai_kit.commands import CommandRunner
from offkai_kit.context import current_principal
from offkai_kit.errors import NotFound
from offkai_kit.personal import KeyRing, PersonalData
from offkai_kit.repository import Repository
from offkai_members.adapters.hidden_handles import HiddenHandles
from offkai_members.domain import member as m
from offkai_members.domain.convert import handle_to_pb, timestamp
from offkai_members.domain.handle_values import normalize_handle
from offkai_members.domain.member import commands as c
from offkai_members.domain.member.guards import existing, require_profile_owner
from offkai_members.domain.member.state import MemberState
from offkai_members.domain.model import Visibility
from offkai_members.entrypoints import requests as r
from offkai_members.entrypoints.mutating import Mutating
from offkai_members.entrypoints.profile_reads import profile_message
from offkai_members.facts import Facts


class MemberMutations(Mutating):
    def __init__(
        self,
        commands: CommandRunner,
        facts: Facts,
        hidden: HiddenHandles,
        personal: PersonalData,
        keyring: KeyRing,
        repository: Repository,
    ):
        super().__init__(commands)
        self.facts = facts
        self.hidden = hidden
        self.personal = personal
        self.keyring = keyring
        self.repository = repository

    async def _on_member(self, method, request, command, respond, alongside=None, personal=True):
        """A command on the member's stream; its answer shows the member's profile
        or handles unless ``personal`` is False."""
        answer_of = (command.member_id,) if personal else ()
        return await self.run(
            method, request, m.MEMBER, m.stream_id(command.member_id), command, respond, alongside, answer_of
        )

    async def _own_hidden(self, actor_id: str, member_id: str) -> dict[str, str]:
        """The member's hidden values, for an answer the member themself reads."""
        return await self.hidden.values(member_id) if actor_id == member_id else {}

    def _respond_member(self, actor_id: str, hidden: dict[str, str]):
        def respond(state: MemberState):
            return profile_message(state, actor_id, None, hidden)

        return respond

    # -- profile ---------------------------------------------------------------

    async def register_member(self, request: pb.RegisterMemberRequest) -> pb.RegisterMemberResponse:
        actor = current_principal()
        command = r.register_member(request, actor)
        respond = self._respond_member(actor.member_id, {})
        return await self._on_member(
            "RegisterMember", request, command, lambda s: pb.RegisterMemberResponse(member=respond(s))
        )

    async def update_profile(self, request: pb.UpdateProfileRequest) -> pb.UpdateProfileResponse:
        actor = current_principal()
        command = r.update_profile(request, actor)
        respond = self._respond_member(actor.member_id, await self._own_hidden(actor.member_id, command.member_id))
        return await self._on_member(
            "UpdateProfile", request, command, lambda s: pb.UpdateProfileResponse(member=respond(s))
        )

    # -- handles ---------------------------------------------------------------

    async def add_handle(self, request: pb.AddHandleRequest) -> pb.AddHandleResponse:
        actor = current_principal()
        command = r.add_handle(request, actor, r.new_id())
        value = normalize_handle(command.kind, request.value) if command.kind is not None else None
        key = await self.hidden.key_of(command.member_id)

        async def keep(conn: AsyncConnection, events: Sequence[Message]) -> None:
            for e in events:
                if isinstance(e, ev.HandleAdded) and e.visibility != types.HANDLE_VISIBILITY_EVERYONE:
                    await self.hidden.put(conn, key, e.member_id, e.handle_id, value)

        def respond(state: MemberState) -> pb.AddHandleResponse:
            handle = handle_to_pb(state.handle(command.handle_id))
            handle.value = value or ""
            return pb.AddHandleResponse(handle=handle)

        return await self._on_member("AddHandle", request, command, respond, keep)

    async def change_handle(self, request: pb.ChangeHandleRequest) -> pb.ChangeHandleResponse:
        actor = current_principal()
        member_id = r.acting(request, actor)
        r.require(request, "handle_id")
        state = await self.facts.member(member_id)
        # The house order first (the decide would say the same), so a stranger
        # learns nothing from a bad mask: NOT_FOUND, PERMISSION_DENIED, then the mask.
        existing(state, member_id)
        require_profile_owner(actor, member_id, "change a handle")
        handle = state.handle(request.handle_id)
        if handle is None:
            raise NotFound(f"member '{member_id}' has no handle '{request.handle_id}'")
        take_value, take_visibility = r.handle_mask(request)
        current = handle.value
        if handle.visibility is not Visibility.EVERYONE:
            current = (await self.hidden.values(member_id, [handle.handle_id])).get(handle.handle_id, "")
        command = c.ChangeHandle(
            actor=actor,
            member_id=member_id,
            handle_id=handle.handle_id,
            value=request.value if take_value else current,
            visibility=r.visibility(request.visibility) if take_visibility else handle.visibility,
            current_value=current,
        )
        value = normalize_handle(handle.kind, command.value) or ""
        key = await self.hidden.key_of(member_id)

        async def keep(conn: AsyncConnection, events: Sequence[Message]) -> None:
            for e in events:
                if not isinstance(e, ev.HandleChanged):
                    continue
                if e.visibility == types.HANDLE_VISIBILITY_EVERYONE:
                    await self.hidden.remove(conn, member_id, e.handle_id)  # on the stream now
                else:
                    await self.hidden.put(conn, key, member_id, e.handle_id, value)

        def respond(after: MemberState) -> pb.ChangeHandleResponse:
            out = handle_to_pb(after.handle(handle.handle_id))
            out.value = value
            return pb.ChangeHandleResponse(handle=out)

        return await self._on_member("ChangeHandle", request, command, respond, keep)

    async def remove_handle(self, request: pb.RemoveHandleRequest) -> pb.RemoveHandleResponse:
        actor = current_principal()
        r.require(request, "handle_id")
        command = c.RemoveHandle(actor=actor, member_id=r.acting(request, actor), handle_id=request.handle_id)

        async def keep(conn: AsyncConnection, events: Sequence[Message]) -> None:
            for e in events:
                if isinstance(e, ev.HandleRemoved):
                    await self.hidden.remove(conn, e.member_id, e.handle_id)

        return await self._on_member(
            "RemoveHandle", request, command, lambda s: pb.RemoveHandleResponse(), keep, personal=False
        )

    # -- erasure ---------------------------------------------------------------

    async def erase_member(self, request: pb.EraseMemberRequest) -> pb.EraseMemberResponse:
        actor = current_principal()
        command = c.EraseMember(actor=actor, member_id=r.acting(request, actor))

        async def shred(conn: AsyncConnection, events: Sequence[Message]) -> None:
            for e in events:
                if isinstance(e, ev.MemberErased):
                    await self.personal.forget(conn, e.member_id)
                    await self.hidden.forget_member(conn, e.member_id)

        answer = await self._on_member(
            "EraseMember",
            request,
            command,
            lambda s: pb.EraseMemberResponse(member_id=s.member_id, erased_at=timestamp(s.erased_at)),
            shred,
            personal=False,
        )
        # Relationships, introductions and invitations cached here were opened with
        # the key: drop them all, so they are read again (personal fields now empty).
        self.repository.forget_all()
        self.keyring.forget(command.member_id)
        return answer
