"""notify's fan-out: one announcement to 10,000 recipients — half by email,
half by signed webhook — through the delivery queue (``enqueue`` in one
transaction) and the sender (claim, channel read from the subscriber
aggregate, render in the recipient's language and zone, send, outcomes and
NotificationSent events written per round), from the first insert until every
delivery is sent.

The baseline sends the same messages, rendered beforehand, with bare
aiosmtplib clients keeping ``PER_HOST`` connections (as notify's pool does)
and a bare httpx client, at the same concurrency per destination host.
Both go to the same local aiosmtpd and aiohttp servers, which run in a process
of their own (``bench.notify_sinks``) and count what arrives, so each run also
checks every message arrived exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosmtplib
import httpx
import structlog
from sqlalchemy import func, insert, select

from bench import results
from offkai.notify.v1 import events_pb2 as ev
from offkai_kit.db import Database
from offkai_kit.eventstore import EventStore
from offkai_kit.migrate import upgrade
from offkai_kit.ports import free_port
from offkai_kit.process import end_with_parent
from offkai_kit.repository import Repository
from offkai_notify.adapters.limiter import HostLimiter
from offkai_notify.adapters.signing import signature
from offkai_notify.adapters.smtp import Email, SmtpSecurity, SmtpSettings, build_message, message_id_for
from offkai_notify.delivery import PlannedDelivery
from offkai_notify.delivery.queue import enqueue
from offkai_notify.delivery.sender import LinkSettings, Sender, _recipient
from offkai_notify.delivery.tables import Status, deliveries
from offkai_notify.delivery.transports import Outgoing, Transports, webhook_payload
from offkai_notify.domain import stream_id
from offkai_notify.domain.convert import enum_to_pb, timestamp
from offkai_notify.domain.model import Category, ChannelKind, ChannelStatus
from offkai_notify.domain.state import SubscriberState
from offkai_notify.projections.recipients import recipients
from offkai_notify.render import render
from offkai_notify.render.messages import Audience, Meetup, MeetupPublished

RECIPIENTS = 10_000
# Sends in flight per destination host, for notify's limiter and the bare clients alike.
PER_HOST = 16
# Request timeout of both, generous: a loaded machine must not turn into retries.
TIMEOUT = 30.0
APP_URL = "https://offkai.example"
DOMAIN = "offkai.example"
SECRET = "bench-signing-secret"
START = datetime(2027, 2, 6, 10, 0, tzinfo=UTC)
ANNOUNCEMENT = MeetupPublished(
    Meetup(meetup_id="m-bench", title="Rust & Go mini-off in Shibuya", start=START, end=START + timedelta(hours=3),
           timezone="Asia/Tokyo", venue_name="Cafe Komorebi", venue_address="1-2-3 Dogenzaka, Shibuya, Tokyo",
           access="Shibuya, Hachiko exit, 5 min walk", community_name="Rust Tokyo"),
    Audience.COMMUNITY, "Bring your laptop and questions.",
)


def _member(i: int) -> str:
    return f"member-{i:05}"


def _kind(i: int) -> ChannelKind:
    return ChannelKind.EMAIL if i % 2 == 0 else ChannelKind.WEBHOOK


async def _seed(db: Database, store: EventStore, http_port: int) -> None:
    """10,000 members, each with one active channel (webhooks opted in to announcements)."""
    at = timestamp(START - timedelta(days=30))
    for first in range(0, RECIPIENTS, 1000):
        async with db.write() as conn:
            rows = []
            for i in range(first, min(first + 1000, RECIPIENTS)):
                member = _member(i)
                if _kind(i) is ChannelKind.EMAIL:
                    events = [ev.ChannelRegistered(member_id=member, channel_id="ch", kind=enum_to_pb(ChannelKind.EMAIL),
                                                   address=f"{member}@example.com", registered_at=at,
                                                   status=enum_to_pb(ChannelStatus.PENDING_VERIFICATION)),
                              ev.ChannelVerified(member_id=member, channel_id="ch", verified_at=at)]
                else:
                    events = [ev.ChannelRegistered(member_id=member, channel_id="ch",
                                                   kind=enum_to_pb(ChannelKind.WEBHOOK),
                                                   address=f"http://127.0.0.1:{http_port}/hooks/{member}",
                                                   status=enum_to_pb(ChannelStatus.ACTIVE), signing_secret=SECRET,
                                                   registered_at=at),
                              ev.CategoryPreferenceSet(member_id=member, category=enum_to_pb(Category.ANNOUNCEMENTS),
                                                       channel_id="ch", enabled=True, set_at=at)]
                await store.append_within(conn, stream_id(member), "subscriber", events)
                rows.append({"member_id": member, "display_name": f"Member {i}", "locale": ("ja", "en")[i % 3 == 0],
                             "timezone": "Asia/Tokyo", "updated_at": START})
            await conn.execute(insert(recipients), rows)


async def _rendered(db: Database, links: LinkSettings) -> tuple[list, list]:
    """What notify sends, made ahead for the bare clients: emails and webhook posts."""
    async with db.read() as conn:
        profiles = {r.member_id: r for r in await conn.execute(select(recipients))}
    mails, posts = [], []
    sender = "offkai <noreply@offkai.example>"
    for i in range(RECIPIENTS):
        member = _member(i)
        who = _recipient(member, SubscriberState(), profiles[member])
        delivery_id = f"bare{i:028}"
        if _kind(i) is ChannelKind.EMAIL:
            from offkai_notify.domain.state import Channel

            channel = Channel("ch", ChannelKind.EMAIL, f"{member}@example.com", "", ChannelStatus.ACTIVE, START)
            link = links.links(member, channel, Category.ANNOUNCEMENTS, START)
            out = render(ANNOUNCEMENT, who, link)
            mails.append((f"{member}@example.com", build_message(Email(
                to=f"{member}@example.com", subject=out.subject, text=out.text, html=out.html,
                message_id=message_id_for(delivery_id, DOMAIN), unsubscribe_url=link.unsubscribe_url), sender)))
        else:
            out = render(ANNOUNCEMENT, who, links.links(member, _webhook_channel(), Category.ANNOUNCEMENTS, START))
            body = json.dumps(webhook_payload(Outgoing(delivery_id, "meetup_published", "announcements", who.locale,
                                                       out)), ensure_ascii=False, separators=(",", ":"),
                              sort_keys=True).encode()
            posts.append((member, delivery_id, body))
    return mails, posts


def _webhook_channel():
    from offkai_notify.domain.state import Channel

    return Channel("ch", ChannelKind.WEBHOOK, "http://127.0.0.1/", "", ChannelStatus.ACTIVE, START)


async def _bare(mails: list, posts: list, smtp_port: int, http_port: int) -> None:
    """The bare clients at their best: ``PER_HOST`` SMTP connections opened once and
    kept, each sending its share one message after another (as notify's pool does), and
    one pooled httpx client posting ``PER_HOST`` at a time."""
    post_slots = asyncio.Semaphore(PER_HOST)
    waiting = iter(mails)

    async def mailer() -> None:
        smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=smtp_port, start_tls=False, use_tls=False, timeout=TIMEOUT)
        await smtp.connect()
        try:
            for to, message in waiting:
                await smtp.send_message(message, sender="noreply@offkai.example", recipients=[to])
        finally:
            await smtp.quit()

    async with httpx.AsyncClient(timeout=TIMEOUT, limits=httpx.Limits(max_connections=200,
                                                                 max_keepalive_connections=50)) as client:
        async def post(member, key, body) -> None:
            async with post_slots:
                t = int(time.time())
                response = await client.post(
                    f"http://127.0.0.1:{http_port}/hooks/{member}", content=body,
                    headers={"Content-Type": "application/json; charset=utf-8", "Offkai-Timestamp": str(t),
                             "Offkai-Signature": signature(SECRET, t, body), "Idempotency-Key": key})
                response.raise_for_status()

        await asyncio.gather(*(mailer() for _ in range(PER_HOST)), *(post(*p) for p in posts))


async def _ours(db: Database, sender: Sender, key: str) -> None:
    planned = [PlannedDelivery(key=key, member_id=_member(i), channel_id="ch", message=ANNOUNCEMENT, urgent=False,
                               not_before=datetime.now(UTC)) for i in range(RECIPIENTS)]
    async with db.write() as conn:
        await enqueue(conn, planned)
    sender.wake()
    while True:
        async with db.read() as conn:
            done = await conn.scalar(select(func.count()).select_from(deliveries).where(
                deliveries.c.key == key, deliveries.c.status == Status.SENT.value))
        if done == RECIPIENTS:
            return
        await asyncio.sleep(0.05)


async def _counts(http_port: int, reset: bool = False) -> dict:
    async with httpx.AsyncClient() as client:
        if reset:
            await client.post(f"http://127.0.0.1:{http_port}/reset")
            return {}
        return (await client.get(f"http://127.0.0.1:{http_port}/counts")).json()


@contextlib.contextmanager
def _sinks(smtp_port: int, http_port: int):
    proc = subprocess.Popen([sys.executable, "-m", "bench.notify_sinks", str(smtp_port), str(http_port)],
                            stdout=subprocess.PIPE, preexec_fn=end_with_parent(signal.SIGTERM))
    try:
        assert proc.stdout.readline().strip() == b"ready"
        yield
    finally:
        proc.terminate()
        proc.wait()


async def _timed(run) -> float:
    started = time.perf_counter()
    await run
    return time.perf_counter() - started


async def main(repeats: int = 3) -> None:
    # Sends log at INFO; a benchmark's terminal is not where that cost belongs.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    smtp_port, http_port = free_port(), free_port()
    with tempfile.TemporaryDirectory() as tmp, _sinks(smtp_port, http_port):
        db = Database(f"sqlite+aiosqlite:///{Path(tmp) / 'notify.db'}")
        await upgrade(db, "offkai_notify.migrations")
        store = EventStore(db)
        await _seed(db, store, http_port)
        links = LinkSettings(APP_URL, (b"bench-unsubscribe-key",))
        smtp = SmtpSettings(host="127.0.0.1", port=smtp_port, security=SmtpSecurity.NONE, timeout=TIMEOUT,
                            sender="offkai <noreply@offkai.example>")
        limiter = HostLimiter(concurrency=PER_HOST, rate_per_second=1e6, burst=1_000_000)
        transports = Transports(smtp, limiter=limiter, message_id_domain=DOMAIN, webhook_timeout=TIMEOUT)
        sender = Sender(db, Repository(store, cache_size=RECIPIENTS), store, transports, links, owner="bench",
                        batch_size=500, concurrency=4 * PER_HOST, workers=2, poll_seconds=0.05)
        mails, posts = await _rendered(db, links)
        stop = asyncio.Event()
        running = asyncio.create_task(sender.run(stop))
        ours_rates, base_rates = [], []
        try:
            for n in range(repeats):
                await _counts(http_port, reset=True)
                ours_rates.append(RECIPIENTS / await _timed(_ours(db, sender, f"announce-{n}")))
                arrived = await _counts(http_port)
                assert arrived == {"mail": RECIPIENTS // 2, "posts": RECIPIENTS // 2, "mail_ids": RECIPIENTS // 2,
                                   "post_keys": RECIPIENTS // 2}, arrived
                await _counts(http_port, reset=True)
                base_rates.append(RECIPIENTS / await _timed(_bare(mails, posts, smtp_port, http_port)))
                assert (await _counts(http_port))["mail"] == RECIPIENTS // 2
        finally:
            stop.set()
            await running
            await transports.aclose()
            await db.dispose()
    # The first of our runs loads every subscriber aggregate cold; the others find them cached.
    results.add("notify", "notify fan-out, 10k recipients (½ email, ½ webhook)", ours_rates, base_rates, "msg/s",
                "bare aiosmtplib + httpx", target=0.8, ours_runs=ours_rates, baseline_runs=base_rates)


if __name__ == "__main__":
    logging.disable(logging.WARNING)
    asyncio.run(main())
