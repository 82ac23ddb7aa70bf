"""The follow-ups' trigger projection: watches the stream and writes the steps the
service must take (``steps.STEPS``) into ``follow_up_steps``; the ``FollowUps``
loop runs them.

Being a projection, it applies each event exactly once and in order per stream,
so the steps are written once, in the same transaction as what it learnt. A
step's id is derived from the triggering event and the step's target, so a
rebuild writes the same ids again and re-running them appends nothing (the
command runner returns their stored answers).

What it keeps to find the steps, all in this one projection:

- invitations still open and when each invitee last came in (joined a
  community; RSVPed, joined a waitlist or entered a lottery of a meetup): when
  both are known and the coming-in was not before the invitation, the
  invitation is accepted — whichever of the two arrived first;
- for erasure: every pair with a relationship stream, every membership and
  every pending introduction, so a MemberErased finds all of them; and the
  erased members, so a relationship, membership or introduction that slipped in
  after an erasure (a command racing it) is ended too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from datetime import datetime

from google.protobuf.message import Message
from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.events.v1 import events_pb2 as meetup_events
from offkai.members.v1 import events_pb2 as ev
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import upsert
from offkai_members.domain.convert import instant
from offkai_members.domain.invitation.convert import target_kind_from_pb
from offkai_members.domain.invitation.state import OUTCOME_FOR, TargetKind
from offkai_members.scheduling import steps
from offkai_members.scheduling.follow_up_tables import (
    follow_up_erased,
    follow_up_introductions,
    follow_up_invitations,
    follow_up_memberships,
    follow_up_pairs,
    follow_up_presence,
    follow_up_steps,
)

TABLES = (
    follow_up_steps,
    follow_up_pairs,
    follow_up_memberships,
    follow_up_introductions,
    follow_up_erased,
    follow_up_invitations,
    follow_up_presence,
)

Applier = Callable[[AsyncConnection, ConsumedEvent], Awaitable[None]]


def step_id(kind: str, trigger_event_id: str, args: dict) -> str:
    """The step's identity (and its command's request id): the same wherever and
    however often the trigger is applied."""
    text = json.dumps([kind, trigger_event_id, args], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class FollowUpTriggers:
    name = "follow_ups"
    subjects = [
        "offkai.members.member.>",
        "offkai.members.community.>",
        "offkai.members.relationship.>",
        "offkai.members.introduction.>",
        "offkai.members.invitation.>",
        "offkai.events.meetup.>",
    ]

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        applier = APPLIERS.get(type(event.message))
        if applier is not None:
            await applier(conn, event)

    async def reset(self, conn: AsyncConnection) -> None:
        for table in TABLES:
            await conn.execute(delete(table))


async def _step(conn: AsyncConnection, event: ConsumedEvent, kind: str, **args: str) -> None:
    ident = step_id(kind, event.envelope.event_id, args)
    s = follow_up_steps.c
    if await conn.scalar(select(s.step_id).where(s.step_id == ident)) is not None:
        return
    trace = {"correlation_id": event.envelope.correlation_id, "causation_id": event.envelope.event_id}
    await conn.execute(
        insert(follow_up_steps).values(
            step_id=ident,
            kind=kind,
            args=json.dumps({**args, **trace}, sort_keys=True),
            created_at=event.occurred_at,
            due_at=event.occurred_at,
            attempts=0,
        )
    )


async def _ensure(conn: AsyncConnection, table, **key: str) -> None:
    where = [table.c[k] == v for k, v in key.items()]
    if await conn.scalar(select(table.c[next(iter(key))]).where(*where)) is None:
        await conn.execute(insert(table).values(**key))


async def _erased(conn: AsyncConnection, member_id: str) -> bool:
    e = follow_up_erased.c
    return await conn.scalar(select(e.member_id).where(e.member_id == member_id)) is not None


# -- erasure -------------------------------------------------------------------


async def _member_erased(conn: AsyncConnection, event: ConsumedEvent) -> None:
    m = event.message.member_id
    await _ensure(conn, follow_up_erased, member_id=m)
    p, c, i = follow_up_pairs.c, follow_up_memberships.c, follow_up_introductions.c
    for other in (await conn.scalars(select(p.other_id).where(p.member_id == m).order_by(p.other_id))).all():
        await _step(conn, event, steps.FORGET_ERASED_MEMBER, member_id=m, other_id=other)
    for community_id in (
        await conn.scalars(select(c.community_id).where(c.member_id == m).order_by(c.community_id))
    ).all():
        await _step(conn, event, steps.LEAVE_COMMUNITY, member_id=m, community_id=community_id)
    for introduction_id in (
        await conn.scalars(select(i.introduction_id).where(i.member_id == m).order_by(i.introduction_id))
    ).all():
        await _step(conn, event, steps.DECLINE_INTRODUCTION, member_id=m, introduction_id=introduction_id)
    # What is left of the member here: nothing personal, only what finds late arrivals.
    await conn.execute(delete(follow_up_pairs).where(or_(p.member_id == m, p.other_id == m)))
    await conn.execute(delete(follow_up_memberships).where(c.member_id == m))
    await conn.execute(delete(follow_up_introductions).where(i.member_id == m))
    await conn.execute(delete(follow_up_presence).where(follow_up_presence.c.member_id == m))
    await conn.execute(delete(follow_up_invitations).where(follow_up_invitations.c.invitee_id == m))


# -- relationships -------------------------------------------------------------


def _pair_of(e: Message) -> tuple[str, str]:
    for a, b in (("requester_id", "addressee_id"), ("member_id", "other_member_id"), ("blocker_id", "blocked_id")):
        if hasattr(e, a):
            return getattr(e, a), getattr(e, b)
    raise TypeError(f"no pair in {type(e).__name__}")


async def _relationship(conn: AsyncConnection, event: ConsumedEvent) -> None:
    a, b = _pair_of(event.message)
    for member, other in ((a, b), (b, a)):
        await _ensure(conn, follow_up_pairs, member_id=member, other_id=other)
    if isinstance(event.message, ev.ConnectionRequested | ev.ConnectionAccepted):
        for member, other in ((a, b), (b, a)):
            if await _erased(conn, member):  # it slipped in after the erasure
                await _step(conn, event, steps.FORGET_ERASED_MEMBER, member_id=member, other_id=other)


# -- communities ---------------------------------------------------------------


async def _in_community(conn: AsyncConnection, event: ConsumedEvent, member_id: str, community_id: str) -> None:
    await _ensure(conn, follow_up_memberships, member_id=member_id, community_id=community_id)
    if await _erased(conn, member_id):
        await _step(conn, event, steps.LEAVE_COMMUNITY, member_id=member_id, community_id=community_id)


async def _community_created(conn: AsyncConnection, event: ConsumedEvent) -> None:
    e = event.message
    await _in_community(conn, event, e.created_by, e.community_id)


async def _community_joined(conn: AsyncConnection, event: ConsumedEvent) -> None:
    e = event.message
    await _in_community(conn, event, e.member_id, e.community_id)
    await _came_in(conn, event, e.member_id, TargetKind.COMMUNITY, e.community_id, instant(e, "joined_at"))


async def _community_role_changed(conn: AsyncConnection, event: ConsumedEvent) -> None:
    e = event.message
    await _in_community(conn, event, e.member_id, e.community_id)


async def _community_left(conn: AsyncConnection, event: ConsumedEvent) -> None:
    e, c = event.message, follow_up_memberships.c
    await conn.execute(
        delete(follow_up_memberships).where(c.member_id == e.member_id, c.community_id == e.community_id)
    )


# -- introductions -------------------------------------------------------------


async def _introduction_made(conn: AsyncConnection, event: ConsumedEvent) -> None:
    e = event.message
    for member in (e.first_member_id, e.second_member_id):
        await _ensure(conn, follow_up_introductions, member_id=member, introduction_id=e.introduction_id)
        if await _erased(conn, member):
            await _step(conn, event, steps.DECLINE_INTRODUCTION, member_id=member, introduction_id=e.introduction_id)


async def _introduction_closed(conn: AsyncConnection, event: ConsumedEvent) -> None:
    i = follow_up_introductions.c
    await conn.execute(delete(follow_up_introductions).where(i.introduction_id == event.message.introduction_id))


async def _introduction_completed(conn: AsyncConnection, event: ConsumedEvent) -> None:
    e = event.message
    await _introduction_closed(conn, event)
    await _step(
        conn,
        event,
        steps.CONNECT_INTRODUCED,
        introduction_id=e.introduction_id,
        introducer_id=e.introducer_id,
        first_id=e.first_member_id,
        second_id=e.second_member_id,
    )


# -- invitations ---------------------------------------------------------------


async def _accept_if_came_in(conn: AsyncConnection, event: ConsumedEvent, invitation_id: str) -> None:
    """Record the invitation accepted when its invitee came in since it was sent."""
    v, p = follow_up_invitations.c, follow_up_presence.c
    row = (
        await conn.execute(
            select(v.invitee_id, v.target_kind, v.target_id, v.sent_at, p.since)
            .select_from(
                follow_up_invitations.join(
                    follow_up_presence,
                    (p.member_id == v.invitee_id) & (p.target_kind == v.target_kind) & (p.target_id == v.target_id),
                )
            )
            .where(v.invitation_id == invitation_id, v.invitee_id != "")
        )
    ).first()
    if row is not None and row.since >= row.sent_at:
        outcome = OUTCOME_FOR[TargetKind(row.target_kind)]
        await _step(conn, event, steps.RECORD_INVITATION_ACCEPTED, invitation_id=invitation_id,
                    member_id=row.invitee_id, outcome=outcome.value)


async def _invitation_sent(conn: AsyncConnection, event: ConsumedEvent) -> None:
    e = event.message
    await upsert(
        conn,
        follow_up_invitations,
        {"invitation_id": e.invitation_id},
        dict(
            invitee_id=e.invitee_member_id,
            target_kind=target_kind_from_pb(e.target.kind).value,
            target_id=e.target.target_id,
            sent_at=instant(e, "sent_at") or event.occurred_at,
        ),
    )
    await _accept_if_came_in(conn, event, e.invitation_id)


async def _invitation_claimed(conn: AsyncConnection, event: ConsumedEvent) -> None:
    e = event.message
    await conn.execute(
        update(follow_up_invitations)
        .where(follow_up_invitations.c.invitation_id == e.invitation_id)
        .values(invitee_id=e.member_id)
    )
    await _accept_if_came_in(conn, event, e.invitation_id)


async def _invitation_closed(conn: AsyncConnection, event: ConsumedEvent) -> None:
    v = follow_up_invitations.c
    await conn.execute(delete(follow_up_invitations).where(v.invitation_id == event.message.invitation_id))


async def _came_in(
    conn: AsyncConnection, event: ConsumedEvent, member_id: str, kind: TargetKind, target_id: str,
    at: datetime | None,
) -> None:
    since = at or event.occurred_at
    await upsert(
        conn,
        follow_up_presence,
        {"member_id": member_id, "target_kind": kind.value, "target_id": target_id},
        {"since": since},
    )
    v = follow_up_invitations.c
    open_ones = (
        await conn.scalars(
            select(v.invitation_id)
            .where(v.invitee_id == member_id, v.target_kind == kind.value, v.target_id == target_id)
            .order_by(v.invitation_id)
        )
    ).all()
    for invitation_id in open_ones:
        await _accept_if_came_in(conn, event, invitation_id)


async def _rsvped(conn: AsyncConnection, event: ConsumedEvent) -> None:
    e = event.message
    await _came_in(conn, event, e.member_id, TargetKind.MEETUP, e.meetup_id, None)


APPLIERS: dict[type[Message], Applier] = {
    ev.MemberErased: _member_erased,
    ev.ConnectionRequested: _relationship,
    ev.ConnectionAccepted: _relationship,
    ev.ConnectionDeclined: _relationship,
    ev.ConnectionRequestCancelled: _relationship,
    ev.ConnectionRemoved: _relationship,
    ev.MemberBlocked: _relationship,
    ev.MemberUnblocked: _relationship,
    ev.CommunityCreated: _community_created,
    ev.CommunityJoined: _community_joined,
    ev.CommunityRoleChanged: _community_role_changed,
    ev.CommunityLeft: _community_left,
    ev.IntroductionMade: _introduction_made,
    ev.IntroductionDeclined: _introduction_closed,
    ev.IntroductionCompleted: _introduction_completed,
    ev.InvitationSent: _invitation_sent,
    ev.InvitationClaimed: _invitation_claimed,
    ev.InvitationAccepted: _invitation_closed,
    ev.InvitationDeclined: _invitation_closed,
    meetup_events.RsvpConfirmed: _rsvped,
    meetup_events.RsvpWaitlisted: _rsvped,
    meetup_events.LotteryEntered: _rsvped,
}
