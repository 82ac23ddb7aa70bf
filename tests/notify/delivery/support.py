"""A notify database with subscribers and recipients, and senders on it
pointed at real local servers: what the delivery tests build on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from offkai.notify.v1 import events_pb2 as ev
from offkai_kit.db import Database, upsert
from offkai_kit.eventstore import EventStore
from offkai_kit.repository import Repository
from offkai_kit.testing.clock import SettableClock
from offkai_notify.adapters.limiter import HostLimiter
from offkai_notify.adapters.smtp import SmtpSecurity, SmtpSettings
from offkai_notify.delivery import PlannedDelivery
from offkai_notify.delivery.queue import enqueue
from offkai_notify.delivery.sender import LinkSettings, Sender
from offkai_notify.delivery.transports import Transports
from offkai_notify.domain import stream_id
from offkai_notify.domain.convert import enum_to_pb, timestamp
from offkai_notify.domain.model import ChannelKind, ChannelStatus
from offkai_notify.domain.retry import RetryPolicy
from offkai_notify.projections.recipients import recipients

APP_URL = "https://offkai.test"
DOMAIN = "offkai.test"
# Quick retries, so tests wait seconds, not minutes.
FAST = RetryPolicy(base_delay=timedelta(milliseconds=50), max_delay=timedelta(milliseconds=200), max_attempts=4)


def transports(smtp_port: int, *, webhook_timeout: float = 5.0) -> Transports:
    smtp = SmtpSettings(host="127.0.0.1", port=smtp_port, security=SmtpSecurity.NONE, timeout=5,
                        sender="offkai <noreply@offkai.test>")
    limiter = HostLimiter(concurrency=8, rate_per_second=1000, burst=1000)
    return Transports(smtp, limiter=limiter, message_id_domain=DOMAIN, webhook_timeout=webhook_timeout)


@dataclass
class World:
    db: Database
    store: EventStore
    clock: SettableClock

    async def subscriber(self, member_id: str, *events) -> None:
        version = await self.store.version(stream_id(member_id))
        await self.store.append(stream_id(member_id), "subscriber", version, list(events))

    async def email(self, member_id: str, channel_id: str, address: str, *, verified: bool = True) -> None:
        at = timestamp(datetime(2027, 1, 1, tzinfo=UTC))
        events = [ev.ChannelRegistered(
            member_id=member_id, channel_id=channel_id, kind=enum_to_pb(ChannelKind.EMAIL), address=address,
            status=enum_to_pb(ChannelStatus.PENDING_VERIFICATION), registered_at=at,
        )]
        if verified:
            events.append(ev.ChannelVerified(member_id=member_id, channel_id=channel_id, verified_at=at))
        await self.subscriber(member_id, *events)

    async def webhook(self, member_id: str, channel_id: str, url: str, secret: str = "s3cret-key-for-tests") -> None:
        await self.subscriber(member_id, ev.ChannelRegistered(
            member_id=member_id, channel_id=channel_id, kind=enum_to_pb(ChannelKind.WEBHOOK), address=url,
            status=enum_to_pb(ChannelStatus.ACTIVE), signing_secret=secret,
            registered_at=timestamp(datetime(2027, 1, 1, tzinfo=UTC)),
        ))

    async def recipient(self, member_id: str, name: str, locale: str, timezone: str) -> None:
        async with self.db.write() as conn:
            await upsert(conn, recipients, {"member_id": member_id},
                         {"display_name": name, "locale": locale, "timezone": timezone, "updated_at": self.clock()})

    async def plan(self, *planned: PlannedDelivery) -> int:
        async with self.db.write() as conn:
            return await enqueue(conn, planned, now=self.clock())

    def sender(self, smtp_port: int, *, owner: str = "replica-1", policy: RetryPolicy = FAST,
               webhook_timeout: float = 5.0, batch_size: int = 200, **options) -> Sender:
        return Sender(
            self.db, Repository(self.store), self.store, transports(smtp_port, webhook_timeout=webhook_timeout),
            LinkSettings(APP_URL, (b"unsubscribe-key",)), owner=owner, clock=self.clock, policy=policy,
            batch_size=batch_size, poll_seconds=0.05, jitter=lambda: 0.0, **options,
        )
