"""Invitations with their outcome, per inviter, invitee and target, from the
invitation streams: what ListInvitations pages through and what an organizer's
report (GetInvitationReport) counts. An erased member's rows go, as inviter or
invitee."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from google.protobuf.message import Message
from sqlalchemy import delete, or_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import upsert
from offkai_members.domain.convert import instant
from offkai_members.domain.invitation.convert import outcome_from_pb, target_kind_from_pb
from offkai_members.domain.invitation.state import InvitationStatus
from offkai_members.projections.tables import invitation_index

Applier = Callable[[AsyncConnection, Message, datetime], Awaitable[None]]


class InvitationsProjection:
    name = "invitations"
    subjects = ["offkai.members.invitation.>", "offkai.members.member.>"]

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        applier = APPLIERS.get(type(event.message))
        if applier is not None:
            await applier(conn, event.message, event.occurred_at)

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(invitation_index))


async def _set(conn: AsyncConnection, invitation_id: str, **values) -> None:
    await conn.execute(
        update(invitation_index).where(invitation_index.c.invitation_id == invitation_id).values(**values)
    )


async def _sent(conn: AsyncConnection, e: ev.InvitationSent, at: datetime) -> None:
    await upsert(
        conn,
        invitation_index,
        {"invitation_id": e.invitation_id},
        dict(
            inviter_id=e.inviter_id,
            invitee_id=e.invitee_member_id,
            target_kind=target_kind_from_pb(e.target.kind).value,
            target_id=e.target.target_id,
            status=InvitationStatus.SENT.value,
            outcome="",
            sent_at=instant(e, "sent_at") or at,
        ),
    )


async def _claimed(conn: AsyncConnection, e: ev.InvitationClaimed, at: datetime) -> None:
    await _set(conn, e.invitation_id, invitee_id=e.member_id)


async def _declined(conn: AsyncConnection, e: ev.InvitationDeclined, at: datetime) -> None:
    await _set(conn, e.invitation_id, status=InvitationStatus.DECLINED.value)


async def _accepted(conn: AsyncConnection, e: ev.InvitationAccepted, at: datetime) -> None:
    await _set(conn, e.invitation_id, status=InvitationStatus.ACCEPTED.value, outcome=outcome_from_pb(e.outcome).value)


async def _erased(conn: AsyncConnection, e: ev.MemberErased, at: datetime) -> None:
    i = invitation_index.c
    await conn.execute(delete(invitation_index).where(or_(i.inviter_id == e.member_id, i.invitee_id == e.member_id)))


APPLIERS: dict[type[Message], Applier] = {
    ev.InvitationSent: _sent,
    ev.InvitationClaimed: _claimed,
    ev.InvitationDeclined: _declined,
    ev.InvitationAccepted: _accepted,
    ev.MemberErased: _erased,
}
