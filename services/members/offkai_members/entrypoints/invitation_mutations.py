"""InvitationsService's mutations: send, claim, decline an invitation.

The handler finds the target (a published meetup, from what the service learnt
from the events service's stream; or a community), whether the invitee is in
already and whether a block stands between inviter and invitee. Acceptance is
never a caller's word: the service records it itself when it sees the invitee
join or RSVP (``scheduling``)."""

from __future__ import annotations

from offkai.members.v1 import invitations_pb2 as pb
from offkai_kit.commands import CommandRunner
from offkai_kit.context import current_principal
from offkai_kit.db import Database
from offkai_members.domain import invitation
from offkai_members.domain.invitation.state import InvitationState, TargetKind
from offkai_members.entrypoints import requests as r
from offkai_members.entrypoints.mutating import Mutating
from offkai_members.entrypoints.views import invitation_message
from offkai_members.facts import Facts
from offkai_members.projections.directory import summaries


class InvitationMutations(Mutating):
    def __init__(self, commands: CommandRunner, facts: Facts, db: Database):
        super().__init__(commands)
        self.facts = facts
        self.db = db

    async def _on_invitation(self, method, request, command, member_ids, response, viewer_id: str):
        shown = await summaries(self.db, member_ids)

        def respond(state: InvitationState):
            return response(invitation=invitation_message(state, shown, viewer_id))

        stream = invitation.stream_id(command.invitation_id)
        # The answer shows inviter and invitee, the inviter's note (and address).
        return await self.run(method, request, invitation.INVITATION, stream, command, respond,
                              answer_of=tuple(member_ids))

    async def send_invitation(self, request: pb.SendInvitationRequest) -> pb.SendInvitationResponse:
        actor = current_principal()
        inviter_id = r.acting(request, actor, "inviter_id")
        invitee_id = request.invitee_member_id
        kind = r.target_kind(request.target_kind)
        target, already_in, blocked = None, False, False
        if kind is TargetKind.MEETUP and request.target_id:
            target = await self.facts.meetup_target(request.target_id)
            already_in = bool(invitee_id) and await self.facts.has_rsvp(invitee_id, request.target_id)
        elif kind is TargetKind.COMMUNITY and request.target_id:
            target = await self.facts.community_target(request.target_id)
            state = await self.facts.community(request.target_id)
            already_in = bool(invitee_id) and state.role_of(invitee_id) is not None
        if invitee_id:
            blocked = (await self.facts.relationship(inviter_id, invitee_id)).blocked
        command = r.send_invitation(
            request,
            actor,
            r.new_invitation_id(),
            inviter_id=inviter_id,
            inviter=await self.facts.card(inviter_id),
            invitee=await self.facts.card(invitee_id) if invitee_id else None,
            target_kind=kind,
            target=target,
            blocked_between=blocked,
            invitee_already_in=already_in,
        )
        return await self._on_invitation(
            "SendInvitation", request, command, (inviter_id, invitee_id), pb.SendInvitationResponse, actor.member_id
        )

    async def claim_invitation(self, request: pb.ClaimInvitationRequest) -> pb.ClaimInvitationResponse:
        actor = current_principal()
        r.require(request, "invitation_id")
        member_id = r.acting(request, actor)
        state = await self.facts.invitation(request.invitation_id)
        command = r.claim_invitation(request, actor, member_id, member=await self.facts.card(member_id))
        return await self._on_invitation(
            "ClaimInvitation", request, command, (state.inviter_id, member_id), pb.ClaimInvitationResponse,
            actor.member_id,
        )

    async def decline_invitation(self, request: pb.DeclineInvitationRequest) -> pb.DeclineInvitationResponse:
        actor = current_principal()
        r.require(request, "invitation_id")
        state = await self.facts.invitation(request.invitation_id)
        command = r.decline_invitation(request, actor, r.acting(request, actor))
        return await self._on_invitation(
            "DeclineInvitation", request, command, (state.inviter_id, state.invitee), pb.DeclineInvitationResponse,
            actor.member_id,
        )
