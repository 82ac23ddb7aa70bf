"""ChannelsService: register, verify, resend a code, list, remove.

An email channel's verification code is made here, its keyed hash handed to
the domain, and the code itself queued as an urgent delivery to that very
channel in the transaction that records it — the only message a pending
channel receives. Removing a channel cancels what is still queued for it.
"""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import update

from offkai.notify.v1 import channels_pb2 as pb
from offkai.notify.v1 import events_pb2 as ev
from offkai_kit.context import current_principal
from offkai_kit.errors import PermissionDenied
from offkai_notify.delivery import PlannedDelivery
from offkai_notify.delivery.queue import enqueue
from offkai_notify.delivery.tables import DUE, Status, deliveries
from offkai_notify.domain import commands as c
from offkai_notify.domain.channels import attempts_left
from offkai_notify.domain.convert import enum_from_pb
from offkai_notify.domain.guards import is_privileged
from offkai_notify.domain.model import ChannelKind
from offkai_notify.entrypoints import requests as r
from offkai_notify.entrypoints.subscribers import Subscribers
from offkai_notify.entrypoints.views import channel_message
from offkai_notify.render.messages import EmailVerification


class Channels:
    def __init__(self, subscribers: Subscribers, keys: tuple[bytes, ...], *, local_destinations: bool = False,
                 wake=lambda: None):
        self.subscribers = subscribers
        self.key = keys[0]
        self.local_destinations = local_destinations
        # Tells the sender a code is waiting.
        self.wake = wake

    def _code(self, channel_id: str):
        code = r.new_code()
        return code, r.code_hash(self.key, channel_id, code)

    async def register(self, request: pb.RegisterChannelRequest) -> pb.RegisterChannelResponse:
        actor = current_principal()
        member_id = r.member_of(request.member_id, actor)
        kind = enum_from_pb(ChannelKind, request.kind)
        channel_id = r.new_channel_id()
        code, hashed = self._code(channel_id)
        secret = r.new_signing_secret() if kind is ChannelKind.WEBHOOK else ""
        command = c.RegisterChannel(
            actor=actor, member_id=member_id, channel_id=channel_id, kind=kind, address=request.address,
            label=request.label, code_hash=hashed if kind is ChannelKind.EMAIL else "", signing_secret=secret,
            local_destinations_allowed=self.local_destinations,
        )
        response = await self.subscribers.run(
            "RegisterChannel", request, member_id, command,
            lambda s: pb.RegisterChannelResponse(channel=channel_message(s.channels[channel_id]),
                                                 signing_secret=secret),
            alongside=_send_code(member_id, code), answer_of=(member_id,),
        )
        self.wake()
        return response

    async def verify(self, request: pb.VerifyChannelRequest) -> pb.VerifyChannelResponse:
        actor = current_principal()
        member_id = r.member_of(request.member_id, actor)
        r.require_ids(channel_id=request.channel_id)
        command = c.VerifyChannel(actor=actor, member_id=member_id, channel_id=request.channel_id,
                                  code=request.code, code_hash=r.code_hash(self.key, request.channel_id, request.code))

        def respond(s):
            channel = s.channels[request.channel_id]
            return pb.VerifyChannelResponse(channel=channel_message(channel), verified=channel.active,
                                            attempts_left=attempts_left(s, request.channel_id))

        return await self.subscribers.run("VerifyChannel", request, member_id, command, respond)

    async def resend(self, request: pb.ResendVerificationCodeRequest) -> pb.ResendVerificationCodeResponse:
        actor = current_principal()
        member_id = r.member_of(request.member_id, actor)
        r.require_ids(channel_id=request.channel_id)
        code, hashed = self._code(request.channel_id)
        command = c.ResendVerificationCode(actor=actor, member_id=member_id, channel_id=request.channel_id,
                                           code_hash=hashed)

        def respond(s):
            channel = s.channels[request.channel_id]
            response = pb.ResendVerificationCodeResponse(channel=channel_message(channel))
            if channel.code_expires_at is not None:
                response.code_expires_at.FromDatetime(channel.code_expires_at.astimezone(UTC))
            return response

        response = await self.subscribers.run("ResendVerificationCode", request, member_id, command, respond,
                                              alongside=_send_code(member_id, code))
        self.wake()
        return response

    async def list(self, request: pb.ListChannelsRequest) -> pb.ListChannelsResponse:
        actor = current_principal()
        member_id = r.member_of(request.member_id, actor)
        if member_id != actor.member_id and not is_privileged(actor):
            raise PermissionDenied("a member may list only their own channels")
        state = await self.subscribers.state(member_id)
        return pb.ListChannelsResponse(channels=[channel_message(ch) for ch in state.channels.values()])

    async def remove(self, request: pb.RemoveChannelRequest) -> pb.RemoveChannelResponse:
        actor = current_principal()
        member_id = r.member_of(request.member_id, actor)
        r.require_ids(channel_id=request.channel_id)
        command = c.RemoveChannel(actor=actor, member_id=member_id, channel_id=request.channel_id)
        return await self.subscribers.run("RemoveChannel", request, member_id, command,
                                          lambda s: pb.RemoveChannelResponse(),
                                          alongside=_cancel_queued(member_id, request.channel_id))


def _send_code(member_id: str, code: str):
    """Queue the code (never stored in an event) to the channel the decided
    EmailVerificationCodeIssued names, urgent: quiet hours do not hold it."""

    async def alongside(conn, events) -> None:
        for event in events:
            if isinstance(event, ev.EmailVerificationCodeIssued):
                issued = event.issued_at.ToDatetime(tzinfo=UTC)
                await enqueue(conn, [PlannedDelivery(
                    key=f"email-verification:{event.code_hash[:24]}", member_id=member_id,
                    channel_id=event.channel_id,
                    message=EmailVerification(code=code, expires_at=event.expires_at.ToDatetime(tzinfo=UTC)),
                    urgent=True, not_before=issued,
                )], now=issued)

    return alongside


def _cancel_queued(member_id: str, channel_id: str):
    async def alongside(conn, events) -> None:
        removed = [e for e in events if isinstance(e, ev.ChannelRemoved)]
        if not removed:
            return
        await conn.execute(
            update(deliveries)
            .where(deliveries.c.member_id == member_id, deliveries.c.channel_id == channel_id,
                   deliveries.c.status.in_([s.value for s in DUE]))
            .values(status=Status.CANCELLED.value, failure_code="channel_removed", message=None,
                    failed_at=removed[0].removed_at.ToDatetime(tzinfo=UTC), claimed_by=None, claimed_until=None)
        )

    return alongside

