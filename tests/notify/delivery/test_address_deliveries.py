"""Deliveries to an address that is no member's (an emailed invitation),
through the real sender and a real SMTP server: retried like any email, with
the address kept only until the delivery is over (a dead letter keeps it,
to be replayed, until the inviter's erasure); cancelled, and the address
dropped, when the address opted out after it was planned."""

from __future__ import annotations

import email
import email.policy

from sqlalchemy import insert, select

from offkai_notify.delivery import Address, PlannedDelivery
from offkai_notify.delivery.queue import forget_member
from offkai_notify.delivery.tables import (
    NO_MEMBER,
    Status,
    deliveries,
    delivery_addresses,
    delivery_id_of,
    invitation_opt_outs,
)
from offkai_notify.domain.invitation_addresses import address_hash
from offkai_notify.domain.model import Trigger
from tests.notify.delivery.support import FAST
from tests.notify.samples import MESSAGES

INVITATION = MESSAGES[Trigger.INVITATION_EMAILED]
FRIEND = "friend@example.org"
ID = delivery_id_of("evt-inv", NO_MEMBER, NO_MEMBER)


def to_friend(world, locale: str = "en") -> PlannedDelivery:
    return PlannedDelivery(key="evt-inv", member_id=NO_MEMBER, channel_id=NO_MEMBER, message=INVITATION,
                           urgent=False, not_before=world.clock(),
                           address=Address(FRIEND, on_behalf_of="chika", locale=locale, timezone="Asia/Tokyo"))


async def state(world):
    async with world.db.read() as conn:
        row = (await conn.execute(select(deliveries).where(deliveries.c.delivery_id == ID))).one()
        kept = (await conn.scalars(select(delivery_addresses.c.address))).all()
    return row, kept


async def test_a_transient_failure_is_retried_and_the_address_goes_once_it_is_sent(world, smtp_server):
    smtp_server.handler.refuse_next_data("421 4.3.2 try again later")
    assert await world.plan(to_friend(world, locale="ja")) == 1
    assert await world.plan(to_friend(world, locale="ja")) == 0, "one delivery per key"
    sender = world.sender(smtp_server.port)

    await sender.send_due()
    row, kept = await state(world)
    assert (row.status, row.failure_code, kept) == (Status.RETRYING, "smtp_421", [FRIEND])
    world.clock.advance(FAST.max_delay)
    await sender.send_due()

    row, kept = await state(world)
    assert (row.status, row.attempts, row.masked_destination, row.message, kept) == (Status.SENT, 2, None, None, [])
    [envelope] = smtp_server.handler.envelopes
    assert envelope.rcpt_tos == [FRIEND]
    mail = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert mail["Subject"].startswith("Chikaさんからのお誘い")
    assert "https://offkai.test/invitations/inv-5c1d" in mail.get_body(("plain",)).get_content()
    # Planned again (a replayed event) after it went: no address comes back, nothing new is queued.
    assert await world.plan(to_friend(world)) == 0
    assert (await state(world))[1] == []


async def test_an_address_that_opted_out_after_it_was_planned_is_not_written_to(world, smtp_server):
    await world.plan(to_friend(world))
    async with world.db.write() as conn:
        await conn.execute(insert(invitation_opt_outs).values(address_hash=address_hash("FRIEND@example.org"),
                                                              opted_out_at=world.clock()))
    assert await world.sender(smtp_server.port).send_due() == 1

    row, kept = await state(world)
    assert (row.status, row.failure_code, row.channel_kind, row.masked_destination, kept) == (
        Status.CANCELLED, "opted_out", "email", None, [])
    assert smtp_server.handler.envelopes == []


async def test_a_dead_letter_keeps_its_address_for_replay_until_the_inviter_is_erased(world, smtp_server):
    smtp_server.handler.refuse_rcpt[FRIEND] = "550 5.1.1 no such user"
    await world.plan(to_friend(world))
    await world.sender(smtp_server.port).send_due()
    row, kept = await state(world)
    assert (row.status, row.failure_code, kept) == (Status.FAILED, "smtp_550", [FRIEND])

    async with world.db.write() as conn:
        await forget_member(conn, "someone-else")
    assert (await state(world))[1] == [FRIEND], "another member's erasure leaves it"
    async with world.db.write() as conn:
        await forget_member(conn, "chika")
    async with world.db.read() as conn:
        assert (await conn.execute(select(deliveries).where(deliveries.c.delivery_id == ID))).all() == []
        assert (await conn.execute(select(delivery_addresses))).all() == []
