"""Putting the stream right from the store: the stream audit.

offkai's SQL stores are the source of truth; JetStream is a copy that can lose data
(a wiped store directory, a purge, acknowledged writes lost in a crash — Jepsen found
the last under JetStream's default fsync settings). The audit compares what the stream
holds for this service's subjects (``offkai.<service>.>``) with what the store says
it published; when the stream holds fewer, it reads the message ids on the stream,
finds the events it lacks and publishes them again, in store order, with their
original event ids — consumers apply them once, in order (they park what comes early).

JetStream remembers message ids for its duplicate window even after a purge, and would
drop a republished event as a "duplicate" although the stream no longer holds it. So
an event whose republication is answered "duplicate" is sent once more under a
derived message id (``<event id>:republished:<n>``); consumers deduplicate by stream
and version, never by message id.

Streams whose events expire (``OFFKAI_STREAM_MAX_AGE_DAYS``) are audited over the
events young enough to still be there.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from sqlalchemy import func, select, update

from offkai_kit.config import ServiceSettings
from offkai_kit.db import Database
from offkai_kit.eventstore.records import subject_for
from offkai_kit.eventstore.schema import events
from offkai_kit.eventstore.store import record_from_row
from offkai_kit.outbox import headers_for
from offkai_kit.telemetry import get_logger

log = get_logger(__name__)

# Expiring streams: events this close to the age limit may be gone by the time we look.
_AGE_MARGIN = timedelta(hours=1)
_FETCH = 1000


@dataclass(frozen=True)
class AuditReport:
    # Messages on the stream for this service's subjects.
    on_stream: int
    # Events the store says were published (and should still be there).
    in_store: int
    # Events the stream lacked, now published again.
    republished: int


class StreamAudit:
    def __init__(self, db: Database, js, settings: ServiceSettings, service: str):
        self.db = db
        self.js = js
        self.settings = settings
        self.service = service
        self.subjects = f"offkai.{service}.>"

    def _since(self) -> datetime | None:
        days = self.settings.stream_max_age_days
        if not days:
            return None
        return datetime.now(UTC) - timedelta(days=days) + _AGE_MARGIN

    async def counts(self) -> tuple[int, int]:
        """(messages on the stream for this service, published events in the store)."""
        info = await self.js.stream_info(self.settings.stream_name, subjects_filter=self.subjects)
        on_stream = sum((info.state.subjects or {}).values())
        e = events.c
        query = select(func.count()).select_from(events).where(e.published_at.is_not(None))
        since = self._since()
        if since is not None:
            query = query.where(e.occurred_at >= since)
        async with self.db.read() as conn:
            in_store = await conn.scalar(query)
        return on_stream, in_store

    async def audit(self) -> AuditReport:
        """Compare, and republish whatever the stream lost."""
        on_stream, in_store = await self.counts()
        if on_stream >= in_store:
            return AuditReport(on_stream, in_store, 0)
        log.error("the stream lost events; republishing them from the store", service=self.service,
                  on_stream=on_stream, in_store=in_store)
        present = await self._ids_on_stream()
        republished = await self._republish_missing(present)
        return AuditReport(on_stream, in_store, republished)

    async def _ids_on_stream(self) -> set[str]:
        """The event ids of this service's messages on the stream (headers only)."""
        sub = await self.js.pull_subscribe(
            self.subjects,
            stream=self.settings.stream_name,
            config=ConsumerConfig(
                deliver_policy=DeliverPolicy.ALL, ack_policy=AckPolicy.NONE, headers_only=True,
                inactive_threshold=30, max_ack_pending=-1,
            ),
        )
        found: set[str] = set()
        try:
            while True:
                info = await sub.consumer_info()
                if info.num_pending == 0:
                    break
                for msg in await sub.fetch(min(info.num_pending, _FETCH), timeout=5):
                    msg_id = (msg.headers or {}).get("Nats-Msg-Id", "")
                    found.add(msg_id.split(":republished:")[0])
        finally:
            await sub.unsubscribe()
        return found

    async def _republish_missing(self, present: set[str]) -> int:
        e = events.c
        query = select(events).where(e.published_at.is_not(None)).order_by(e.position)
        since = self._since()
        if since is not None:
            query = query.where(e.occurred_at >= since)
        republished = 0
        async with self.db.read() as conn:
            rows = (await conn.execute(query)).all()
        for row in rows:
            if row.event_id in present:
                continue
            await self._publish(record_from_row(row))
            republished += 1
        log.warning("republished events the stream had lost", service=self.service, count=republished)
        return republished

    async def _publish(self, event) -> None:
        subject = subject_for(self.service, event.stream_type, event.event_type)
        data = event.envelope(self.service).SerializeToString(deterministic=True)
        headers = headers_for(event)
        ack = await self.js.publish(subject, data, headers=headers, stream=self.settings.stream_name)
        if ack.duplicate:
            # Remembered by the duplicate window, yet not on the stream (a purge).
            headers["Nats-Msg-Id"] = f"{event.event_id}:republished:{uuid.uuid4().hex[:8]}"
            await self.js.publish(subject, data, headers=headers, stream=self.settings.stream_name)


async def republish_from(db: Database, position: int) -> int:
    """Mark every event from ``position`` on as unpublished, so the relay publishes
    them again (with their own ids; JetStream drops those it still holds). Returns
    how many were marked."""
    e = events.c
    async with db.write() as conn:
        done = await conn.execute(
            update(events).where(e.position >= position, e.published_at.is_not(None)).values(published_at=None)
        )
    return done.rowcount
