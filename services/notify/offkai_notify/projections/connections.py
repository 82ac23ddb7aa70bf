"""What the members service's relationship, introduction and invitation
events mean to members — connection requested (to the addressee), accepted
(to the requester; to both members of an introduction), introduction made
(to both members introduced), invitation received (to a member invited to
a meetup or a community) —
planned in the transaction that applies the event, keyed by its id.

An invitation to an email address is emailed there, once (a delivery to a
non-member, ``tables.NO_MEMBER``, keyed by the event like the others): in
the inviter's language (their notify choice, else their profile's, else
Japanese), times in the meetup's own zone, with the claim link; not to an
address that opted out of invitation emails.

Nothing is kept: the events carry the cards (names) the messages need. It
follows the member streams for MemberErased only: what it queued for an
erased member — or for an address on their behalf — is dropped at its own
point of the stream. What must not be told is not: declines, withdrawals and
blocks plan nothing. A community's name comes from the communities
projection.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from google.protobuf.message import Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.members.v1 import events_pb2 as members_events
from offkai.members.v1 import types_pb2 as members_types
from offkai_kit.clock import Clock, utc_now
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import after_commit
from offkai_kit.personal import erased_within
from offkai_notify.delivery import Address, PlannedDelivery
from offkai_notify.delivery.queue import enqueue, forget_member
from offkai_notify.delivery.tables import NO_MEMBER, invitation_opt_outs
from offkai_notify.domain.convert import instant
from offkai_notify.domain.invitation_addresses import address_hash
from offkai_notify.projections.applying import Applying
from offkai_notify.projections.audience import Wake
from offkai_notify.projections.communities import community_name
from offkai_notify.projections.recipients import recipients
from offkai_notify.projections.tables import subscriber_settings
from offkai_notify.render import DEFAULT_TIMEZONE, locale_of
from offkai_notify.render import messages as msg


class Connections:
    name = "connections"
    subjects = [
        "offkai.members.relationship.>",
        "offkai.members.introduction.>",
        "offkai.members.invitation.>",
        "offkai.members.member.>",
    ]

    def __init__(self, clock: Clock = utc_now, wake: Wake | None = None):
        self.clock = clock
        self.wake = wake

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        applier = APPLIERS.get(type(event.message))
        if applier is not None:
            await applier(Applying(conn, event, self.clock(), self.wake), event.message)

    async def reset(self, conn: AsyncConnection) -> None:
        """Nothing kept: deliveries belong to the queue, which a rebuild leaves alone."""


def _met_at(meetups) -> str:
    return meetups[0].title if meetups else ""


async def _erased(a: Applying, e: members_events.MemberErased) -> None:
    """What this projection queued for the member before their erasure goes,
    at its own point of the stream."""
    await forget_member(a.conn, e.member_id)


async def _requested(a: Applying, e: members_events.ConnectionRequested) -> None:
    message = msg.ConnectionRequested(from_name=e.requester.display_name, met_at=_met_at(e.met_at))
    await a.notify({e.addressee_id: message})


async def _accepted(a: Applying, e: members_events.ConnectionAccepted) -> None:
    provenance = e.provenance
    met_at = _met_at(provenance.met_at.meetups) if provenance.HasField("met_at") else ""
    messages = {e.requester_id: msg.ConnectionAccepted(by_name=e.addressee.display_name, met_at=met_at)}
    if provenance.HasField("introduced_by"):
        # Both accepted an introduction: neither asked the other, so both hear it.
        messages[e.addressee_id] = msg.ConnectionAccepted(by_name=e.requester.display_name, met_at=met_at)
    await a.notify(messages)


async def _introduced(a: Applying, e: members_events.IntroductionMade) -> None:
    introducer = e.introducer.display_name
    await a.notify({
        e.first_member_id: msg.IntroductionMade(introducer, e.second_member.display_name, e.note),
        e.second_member_id: msg.IntroductionMade(introducer, e.first_member.display_name, e.note),
    })


async def _invited(a: Applying, e: members_events.InvitationSent) -> None:
    target = e.target
    meetup = community = None
    if target.kind == members_types.INVITATION_TARGET_KIND_MEETUP:
        start = instant(target, "start")
        meetup = msg.Meetup(meetup_id=target.target_id, title=target.title, start=start, end=start,
                            timezone=target.timezone or "UTC")
    elif target.kind == members_types.INVITATION_TARGET_KIND_COMMUNITY:
        # The name as notify knows it now (renames included); the event's own
        # when the community has not reached this projection yet.
        name = await community_name(a.conn, target.target_id) or target.title
        community = msg.Community(target.target_id, name)
    else:
        return
    if e.invitee_member_id:
        await a.notify({e.invitee_member_id: msg.InvitationReceived(
            e.inviter.display_name, meetup=meetup, note=e.note, community=community)})
    elif e.invitee_email:
        # Empty when the inviter was erased before this was applied: their
        # key, which sealed the address, is gone.
        await _email_invitation(a, e, msg.InvitationEmailed(
            e.inviter.display_name, e.invitation_id, meetup=meetup, note=e.note, community=community))


async def _email_invitation(a: Applying, e: members_events.InvitationSent, message: msg.InvitationEmailed) -> None:
    """One email to the invited address, keyed by the event: a redelivered or
    replayed event queues nothing new."""
    if not a.plans:
        return
    if await erased_within(a.conn, e.inviter_id):
        # A replay after the inviter's erasure (whose key sealed the address:
        # it opens as nothing in the real stream) brings nothing back.
        return
    opted_out = await a.conn.scalar(select(invitation_opt_outs.c.address_hash).where(
        invitation_opt_outs.c.address_hash == address_hash(e.invitee_email)))
    if opted_out is not None:
        return
    locale, zone = await _inviters_language(a.conn, e.inviter_id)
    address = Address(email=e.invitee_email, on_behalf_of=e.inviter_id, locale=locale,
                      timezone=message.meetup.timezone if message.meetup is not None else zone)
    planned = PlannedDelivery(key=a.key, member_id=NO_MEMBER, channel_id=NO_MEMBER, message=message, urgent=False,
                              not_before=a.now, address=address)
    if await enqueue(a.conn, [planned], now=a.now) and a.wake is not None:
        after_commit(a.conn, a.wake)


async def _inviters_language(conn: AsyncConnection, inviter_id: str) -> tuple[str, str]:
    """The inviter's locale (their notify choice, else their profile's, else
    Japanese) and their profile's time zone (else Asia/Tokyo)."""
    chosen = await conn.scalar(select(subscriber_settings.c.locale).where(subscriber_settings.c.member_id == inviter_id))
    profile = (await conn.execute(select(recipients.c.locale, recipients.c.timezone)
                                  .where(recipients.c.member_id == inviter_id))).first()
    zone = profile.timezone if profile is not None and profile.timezone else DEFAULT_TIMEZONE
    return locale_of(chosen or "", profile.locale if profile is not None else ""), zone


APPLIERS: dict[type[Message], Callable[[Applying, Message], Awaitable[None]]] = {
    members_events.ConnectionRequested: _requested,
    members_events.ConnectionAccepted: _accepted,
    members_events.IntroductionMade: _introduced,
    members_events.InvitationSent: _invited,
    members_events.MemberErased: _erased,
}
