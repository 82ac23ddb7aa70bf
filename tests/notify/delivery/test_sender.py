"""The sender against a real SMTP server (aiosmtpd) and a real HTTP server:
what arrives, in whose language and time; what is retried, what becomes a
dead letter, and that every delivery arrives once."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import time
from datetime import timedelta

from aiohttp import web
from sqlalchemy import select

from offkai.notify.v1 import events_pb2 as ev
from offkai_kit.testing.polling import eventually
from offkai_notify.adapters.signing import verify
from offkai_notify.delivery import PlannedDelivery
from offkai_notify.delivery.claims import stream_id
from offkai_notify.delivery.tables import Status, deliveries, delivery_id_of
from offkai_notify.domain.model import Trigger
from tests.notify.delivery.support import FAST
from tests.notify.integration.servers import SMTP, SmtpHandler, start_smtp
from tests.notify.samples import MESSAGES

CONFIRMED = MESSAGES[Trigger.RSVP_CONFIRMED]


def planned(world, key="evt-1", member="ayumi", channel="ch-mail", message=CONFIRMED) -> PlannedDelivery:
    return PlannedDelivery(key=key, member_id=member, channel_id=channel, message=message, urgent=False,
                           not_before=world.clock())


async def row(world, key="evt-1", member="ayumi", channel="ch-mail"):
    async with world.db.read() as conn:
        return (await conn.execute(
            select(deliveries).where(deliveries.c.delivery_id == delivery_id_of(key, member, channel))
        )).one()


async def outcome_events(world, key="evt-1", member="ayumi", channel="ch-mail"):
    return [e.message() for e in await world.store.load(stream_id(delivery_id_of(key, member, channel)))]


def received_mail(server):
    return [email.message_from_bytes(e.original_content, policy=email.policy.default)
            for e in server.handler.envelopes]


async def test_email_and_webhook_arrive_in_the_recipients_language_and_local_time(world, smtp_server, http_server):
    await world.recipient("ayumi", "あゆみ", "ja", "Asia/Tokyo")
    await world.recipient("ben", "Ben", "en", "Europe/London")
    await world.email("ayumi", "ch-mail", "ayumi@example.com")
    await world.webhook("ben", "ch-hook", http_server.url("/hook"), secret="ben-signing-secret")
    await world.plan(planned(world), planned(world, member="ben", channel="ch-hook"))

    assert await world.sender(smtp_server.port).send_due() == 2

    (mail,) = received_mail(smtp_server)
    mail_id = delivery_id_of("evt-1", "ayumi", "ch-mail")
    assert mail["Message-ID"] == f"<{mail_id}@offkai.test>"
    assert mail["To"] == "ayumi@example.com"
    assert mail["Subject"].startswith("参加が確定しました")
    assert "https://offkai.test/unsubscribe?token=" in mail["List-Unsubscribe"]
    text, html = mail.get_payload()
    assert "あゆみさん" in text.get_content() and "19:00 – 22:00 (日本時間)" in text.get_content()
    assert "19:00" in html.get_content() and "&lt;Go&gt;" in html.get_content()

    (post,) = http_server.received
    hook_id = delivery_id_of("evt-1", "ben", "ch-hook")
    assert post.headers["idempotency-key"] == hook_id
    assert verify("ben-signing-secret", post.headers["offkai-timestamp"], post.headers["offkai-signature"],
                  post.body, time.time())
    body = json.loads(post.body)
    assert body["delivery_id"] == hook_id and body["locale"] == "en" and body["trigger"] == "rsvp_confirmed"
    assert body["subject"].startswith("You're in") and "10:00 AM – 1:00 PM (British Time)" in body["text"]

    for member, channel, kind in (("ayumi", "ch-mail", "email"), ("ben", "ch-hook", "webhook")):
        done = await row(world, member=member, channel=channel)
        assert (done.status, done.attempts, done.channel_kind) == (Status.SENT, 1, kind)
        assert done.message is None, "a sent message's text is not kept"
        (sent,) = await outcome_events(world, member=member, channel=channel)
        assert isinstance(sent, ev.NotificationSent) and sent.attempts == 1 and sent.triggering_event_id == "evt-1"
    assert "example.com" not in str(await outcome_events(world))


async def test_smtp_421_is_retried_and_the_message_arrives_once(world, smtp_server):
    smtp_server.handler.refuse_next_data("421 4.3.2 try again later")
    await world.email("ayumi", "ch-mail", "ayumi@example.com")
    await world.plan(planned(world))
    sender = world.sender(smtp_server.port)

    await sender.send_due()
    waiting = await row(world)
    assert (waiting.status, waiting.attempts, waiting.failure_code) == (Status.RETRYING, 1, "smtp_421")
    assert waiting.next_attempt_at > world.clock()
    assert await sender.send_due() == 0, "not before its time"
    world.clock.advance(FAST.max_delay)
    await sender.send_due()

    assert (await row(world)).status == Status.SENT
    assert len(smtp_server.handler.envelopes) == 1
    assert [type(e).__name__ for e in await outcome_events(world)] == ["NotificationSent"]
    assert (await outcome_events(world))[0].attempts == 2


async def test_a_send_that_could_outlast_its_claim_is_not_started(world, smtp_server):
    """A round that runs long (here: the first send takes the whole claim) leaves the
    rest unsent and due again, so that no other replica takes a row while it is on the
    wire; the next round sends it, and each message arrives once."""
    claim = timedelta(minutes=2)
    original = SmtpHandler.handle_DATA

    async def slow(self, server, session, envelope):
        world.clock.advance(claim)
        return await original(self, server, session, envelope)

    smtp_server.handler.handle_DATA = slow.__get__(smtp_server.handler)
    await world.email("ayumi", "ch-mail", "ayumi@example.com")
    await world.plan(planned(world, key="evt-1"), planned(world, key="evt-2"))
    sender = world.sender(smtp_server.port, claim_for=claim, concurrency=1, send_budget=timedelta(seconds=30))

    assert await sender.send_due() == 2
    rows = [await row(world, key) for key in ("evt-1", "evt-2")]
    assert sorted(r.status for r in rows) == sorted([Status.SENT, Status.QUEUED])
    waiting = next(r for r in rows if r.status == Status.QUEUED)
    assert (waiting.attempts, waiting.claimed_by) == (0, None), "not attempted, not held"
    assert len(smtp_server.handler.envelopes) == 1

    assert await world.sender(smtp_server.port, owner="replica-2").send_due() == 1
    assert [r.status for r in [await row(world, key) for key in ("evt-1", "evt-2")]] == [Status.SENT] * 2
    ids = [m["Message-ID"] for m in received_mail(smtp_server)]
    assert len(ids) == 2 and len(set(ids)) == 2


async def test_smtp_550_is_a_dead_letter_at_once(world, smtp_server):
    smtp_server.handler.refuse_rcpt["gone@example.com"] = "550 5.1.1 no such user"
    await world.email("ayumi", "ch-mail", "gone@example.com")
    await world.plan(planned(world))
    sender = world.sender(smtp_server.port)

    await sender.send_due()
    world.clock.advance(timedelta(days=1))
    assert await sender.send_due() == 0, "a permanent failure is not retried"

    dead = await row(world)
    assert (dead.status, dead.attempts, dead.failure_class, dead.failure_code) == (
        Status.FAILED, 1, "permanent", "smtp_550")
    assert dead.message is not None, "a dead letter keeps its message to be replayed"
    (failed,) = await outcome_events(world)
    assert isinstance(failed, ev.NotificationFailed) and failed.failure.code == "smtp_550"
    assert smtp_server.handler.envelopes == []


def drops_first_data() -> type[SMTP]:
    """An SMTP server that hangs up in the middle of the first DATA and takes
    every later one."""
    dropped = []

    class DropsFirstData(SMTP):
        async def smtp_DATA(self, arg):
            if not dropped:
                dropped.append(True)
                await self.push("354 End data with <CR><LF>.<CR><LF>")
                self.transport.close()
                return
            await super().smtp_DATA(arg)

    return DropsFirstData


async def test_a_connection_dropped_mid_data_is_retried_and_arrives_once(world):
    server = await start_smtp(SmtpHandler(), drops_first_data())
    try:
        await world.email("ayumi", "ch-mail", "ayumi@example.com")
        await world.plan(planned(world))
        sender = world.sender(server.port)
        await sender.send_due()
        assert ((await row(world)).status, (await row(world)).failure_code) == (Status.RETRYING, "connection")
        world.clock.advance(FAST.max_delay)
        await sender.send_due()
        assert (await row(world)).status == Status.SENT
        assert len(server.handler.envelopes) == 1
    finally:
        server.server.close()


async def test_a_webhook_429_is_not_retried_before_its_retry_after(world, http_server, smtp_server):
    world.clock.release()  # real time: Retry-After is about seconds that pass
    arrivals: list[float] = []

    async def answer(request):
        arrivals.append(time.monotonic())
        if len(arrivals) == 1:
            return web.Response(status=429, headers={"Retry-After": "2"})
        return web.Response(status=204)

    http_server.answer = answer
    await world.webhook("ben", "ch-hook", http_server.url("/hook"))
    await world.plan(planned(world, member="ben", channel="ch-hook"))
    sender = world.sender(smtp_server.port)
    stop = asyncio.Event()
    running = asyncio.create_task(sender.run(stop))
    try:
        async def sent() -> bool:
            return (await row(world, member="ben", channel="ch-hook")).status == Status.SENT

        await eventually(sent, what="the webhook delivery sent")
    finally:
        stop.set()
        await running
    assert len(arrivals) == 2
    assert arrivals[1] - arrivals[0] >= 2.0
    keys = {r.headers["idempotency-key"] for r in http_server.received}
    assert keys == {delivery_id_of("evt-1", "ben", "ch-hook")}


async def test_a_webhook_that_times_out_is_retried(world, http_server, smtp_server):
    calls = []
    hold = asyncio.Event()  # the first answer never comes in time

    async def answer(request):
        calls.append(request)
        if len(calls) == 1:
            await hold.wait()
        return web.Response(status=200)

    http_server.answer = answer
    await world.webhook("ben", "ch-hook", http_server.url("/hook"))
    await world.plan(planned(world, member="ben", channel="ch-hook"))
    # Long enough for the second answer on a loaded machine; the first never comes.
    sender = world.sender(smtp_server.port, webhook_timeout=2)
    try:
        await sender.send_due()
        waiting = await row(world, member="ben", channel="ch-hook")
        assert (waiting.status, waiting.failure_class, waiting.failure_code) == (Status.RETRYING, "transient",
                                                                                  "timeout")
        world.clock.advance(FAST.max_delay)
        await sender.send_due()
    finally:
        hold.set()
    sent = await row(world, member="ben", channel="ch-hook")
    assert sent.status == Status.SENT, (sent.status, sent.failure_code)
    assert len({r.headers["idempotency-key"] for r in http_server.received}) == 1


async def test_a_removed_or_unverified_channel_is_not_sent_to_and_says_why(world, smtp_server):
    await world.email("ayumi", "ch-mail", "ayumi@example.com", verified=False)
    await world.plan(
        planned(world, key="evt-1"),
        planned(world, key="verify", message=MESSAGES[Trigger.EMAIL_VERIFICATION]),
        planned(world, key="evt-2", channel="ch-gone"),
    )
    await world.sender(smtp_server.port).send_due()

    assert ((await row(world)).status, (await row(world)).failure_code) == (Status.CANCELLED, "channel_unverified")
    gone = await row(world, key="evt-2", channel="ch-gone")
    assert (gone.status, gone.failure_code) == (Status.CANCELLED, "channel_removed")
    assert (await row(world, key="verify")).status == Status.SENT
    (mail,) = received_mail(smtp_server)
    assert "482913" in mail.get_payload()[0].get_content()
    assert mail["List-Unsubscribe"] is None, "nobody unsubscribes from their verification code"


async def test_a_message_that_cannot_be_read_is_a_dead_letter_not_a_crash(world, smtp_server):
    await world.email("ayumi", "ch-mail", "ayumi@example.com")
    await world.plan(planned(world), planned(world, key="evt-2"))
    async with world.db.write() as conn:
        await conn.execute(deliveries.update().where(deliveries.c.key == "evt-1").values(message='{"type":"Nope"}'))

    await world.sender(smtp_server.port).send_due()

    broken = await row(world)
    assert (broken.status, broken.failure_class, broken.failure_code) == (Status.FAILED, "permanent", "internal")
    (failed,) = await outcome_events(world)
    assert isinstance(failed, ev.NotificationFailed) and failed.failure.code == "internal"
    assert (await row(world, key="evt-2")).status == Status.SENT, "the rest of the round goes out"


async def test_an_outcome_is_written_when_its_send_ends_not_when_the_round_does(world, smtp_server, http_server):
    """A slow webhook in the round must not keep a sent email's row claimed: held until
    the round ends, the claim could lapse and another replica send the email again."""
    stalled, release = asyncio.Event(), asyncio.Event()

    async def answer(request):
        stalled.set()
        await release.wait()
        return web.Response(status=204)

    http_server.answer = answer
    await world.email("ayumi", "ch-mail", "ayumi@example.com")
    await world.webhook("ben", "ch-hook", http_server.url("/hook"))
    await world.plan(planned(world), planned(world, member="ben", channel="ch-hook"))
    sender = world.sender(smtp_server.port, webhook_timeout=60)
    round_ = asyncio.create_task(sender.send_due())
    try:
        await stalled.wait()

        async def email_written():
            written = await row(world)
            return written.status == Status.SENT and written.claimed_by is None

        await eventually(email_written, timeout=10, what="the email's outcome written while the webhook hangs")
        assert (await row(world, member="ben", channel="ch-hook")).claimed_by == "replica-1"
    finally:
        release.set()
        assert await round_ == 2
    assert (await row(world, member="ben", channel="ch-hook")).status == Status.SENT
    assert len(smtp_server.handler.envelopes) == 1 and len(http_server.received) == 1
    assert [type(e).__name__ for e in await outcome_events(world)] == ["NotificationSent"]
