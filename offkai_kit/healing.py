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

Counting is cheap, reading every message id is not, so an audit first compares
counts: the store's published events, read *before* the stream's message count (the
stream may hold messages the relay has published but not yet marked, and those must
not stand in for lost ones). Counts cannot see a loss the relay's in-flight publishes
make up for, so the audit reads the ids whatever the counts say when it is asked
(``AuditStream``), when the stream is not the one it saw last (made again: a wiped
store, a deleted stream), and when the stream it first sees is younger than events
the store says were published to it.

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
from offkai_kit.eventstore.schema import events
from offkai_kit.eventstore.store import record_from_row
from offkai_kit.outbox import message_for, publish_batch
from offkai_kit.telemetry import get_logger

log = get_logger(__name__)

# Expiring streams: events this close to the age limit may be gone by the time we look.
_AGE_MARGIN = timedelta(hours=1)
# How far the NATS server's clock and ours may differ when the stream's creation time
# is compared with the store's publication times.
_CLOCK_SKEW = timedelta(minutes=1)
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
        # When the stream this audit last looked at was made (None: not looked yet).
        self._created: datetime | None = None

    def _since(self) -> datetime | None:
        days = self.settings.stream_max_age_days
        if not days:
            return None
        return datetime.now(UTC) - timedelta(days=days) + _AGE_MARGIN

    def _published_query(self, *columns):
        e = events.c
        query = select(*columns).select_from(events).where(e.published_at.is_not(None))
        since = self._since()
        return query if since is None else query.where(e.occurred_at >= since)

    async def _published(self) -> tuple[int, datetime | None]:
        """(events the store says were published, the earliest publication time)."""
        async with self.db.read() as conn:
            row = (await conn.execute(self._published_query(func.count(), func.min(events.c.published_at)))).one()
        return row[0], row[1]

    async def _on_stream(self) -> tuple[int, datetime | None]:
        """(messages on the stream for this service's subjects, when the stream was made)."""
        info = await self.js.stream_info(self.settings.stream_name, subjects_filter=self.subjects)
        return sum((info.state.subjects or {}).values()), info.created

    def _made_again(self, created: datetime | None, first_published: datetime | None) -> bool:
        """Whether the stream may have lost everything: it is not the stream this audit
        saw last, or (first look) it is younger than events published to it."""
        if created is None:
            return False
        if self._created is not None:
            return created != self._created
        return first_published is not None and created > first_published + _CLOCK_SKEW

    async def audit(self, *, thorough: bool = False) -> AuditReport:
        """Compare, and republish whatever the stream lost. ``thorough`` reads the
        stream's ids even when the counts agree. Raises when JetStream did not take
        every republished event; the next audit then reads the ids again."""
        # The store first: a message the stream holds may be of an event published
        # since, and must not make up for a lost one.
        in_store, first_published = await self._published()
        on_stream, created = await self._on_stream()
        thorough = self._made_again(created, first_published) or thorough
        if on_stream >= in_store and not thorough:
            self._created = created
            return AuditReport(on_stream, in_store, 0)
        if on_stream < in_store:
            log.error("the stream lost events; republishing them from the store", service=self.service,
                      on_stream=on_stream, in_store=in_store)
        # Which events were published is read before the stream's ids: the message of
        # each is on the stream by then, so the read below sees it unless it was lost.
        async with self.db.read() as conn:
            published = (await conn.execute(
                self._published_query(events.c.position, events.c.event_id).order_by(events.c.position))).all()
        present = await self._ids_on_stream()
        missing = [position for position, event_id in published if event_id not in present]
        await self._republish(missing)
        self._created = created  # only now: an audit that failed midway reads the ids again
        if missing:
            log.warning("republished events the stream had lost", service=self.service, count=len(missing))
        return AuditReport(on_stream, in_store, len(missing))

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

    async def _republish(self, positions: list[int]) -> None:
        """Publish the events at ``positions`` again, in store order, a batch at a
        time; raises unless JetStream took every one (the audit then runs again)."""
        for start in range(0, len(positions), _FETCH):
            chunk = positions[start:start + _FETCH]
            async with self.db.read() as conn:
                rows = (await conn.execute(
                    select(events).where(events.c.position.in_(chunk)).order_by(events.c.position))).all()
            batch = [record_from_row(row) for row in rows]
            answers = await publish_batch(self.js, self.service, self.settings, batch)
            unanswered = sum(1 for _, future in answers if future.cancelled() or future.exception() is not None)
            if unanswered:
                raise RuntimeError(f"JetStream took {len(batch) - unanswered} of {len(batch)} republished events")
            # Remembered by the duplicate window, yet not on the stream (a purge):
            # again under a derived id.
            remembered = {event_id for event_id, future in answers if future.result().duplicate}
            for event in batch:
                if event.event_id in remembered:
                    await self._publish_derived(event)

    async def _publish_derived(self, event) -> None:
        subject, data, headers = message_for(self.service, event)
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
