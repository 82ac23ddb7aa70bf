"""The outbox relay: publishes committed events to JetStream.

The ``events`` table is the outbox. A row is published with ``Nats-Msg-Id`` = its
event id and marked ``published_at`` only after JetStream's PubAck (a "duplicate"
ack means an earlier attempt got through: also success). Rows are picked by
``published_at IS NULL``, not by a position cursor, so an event whose transaction
committed late is never skipped.

Several replicas may run a relay against one database: a fencing lease
(``offkai_kit.lease``, name ``relay``) elects one publisher at a time; the others stand
by and take over when it stops renewing. Marking rows published is fenced: a holder
that lost its lease meanwhile (stalled, partitioned) marks nothing, and what it
published is deduplicated by JetStream. Within a stream, events are sent in version
order on one connection; should one fail and a later one land first, consumers park
the later one until the retry arrives (see offkai_kit.consumer).

nats-py's ``publish_async`` futures in flight when the server dies never resolve,
so each batch is bounded by a timeout and whatever did not ack is sent again, with
the same Nats-Msg-Id, on the next pass.

A service may run its API apart from its relay (``OFFKAI_ROLE=api`` and ``worker``, as
separate processes on one database): an API process then tells the relay's process
after each commit, by a plain NATS message on ``offkai_wake.<service>`` (at most one per
turn of its event loop), and the relay runs a pass at once; a message lost on the way
costs at most the poll interval.

The store is the source of truth, not the stream: when the stream is missing the
relay creates it again, and it audits the stream now and then
(``offkai_kit.healing``) to republish what the stream lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from nats.js.api import PubAck
from nats.js.errors import NoStreamResponseError, NotFoundError
from opentelemetry import metrics, trace
from sqlalchemy import func, select, update

from offkai_kit.config import ServiceSettings
from offkai_kit.db import Database
from offkai_kit.eventstore.records import RecordedEvent, subject_for
from offkai_kit.eventstore.schema import events
from offkai_kit.eventstore.store import record_from_row
from offkai_kit.lease import Lease, LeaseLost
from offkai_kit.personal import KEY_BUCKET, PersonalData, key_bucket
from offkai_kit.stream import ensure_stream
from offkai_kit.telemetry import context_from_traceparent, get_logger

log = get_logger(__name__)
_tracer = trace.get_tracer("offkai.outbox")
_meter = metrics.get_meter("offkai.outbox")
_published = _meter.create_counter("offkai.outbox.published", description="events published")
_failed = _meter.create_counter("offkai.outbox.failures", description="publish attempts that failed")

LEASE_NAME = "relay"


def headers_for(event: RecordedEvent) -> dict[str, str]:
    """The NATS headers an event travels with (see docs/stream.md)."""
    headers = {
        "Nats-Msg-Id": event.event_id,
        "Offkai-Event-Type": event.event_type,
        "Offkai-Stream-Id": event.stream_id,
        "Offkai-Version": str(event.version),
    }
    if event.traceparent:
        headers["traceparent"] = event.traceparent
        if event.tracestate:
            headers["tracestate"] = event.tracestate
    return headers


def message_for(service: str, event: RecordedEvent) -> tuple[str, bytes, dict[str, str]]:
    """An event as this service publishes it: subject, envelope bytes, headers."""
    return (subject_for(service, event.stream_type, event.event_type),
            event.envelope(service).SerializeToString(deterministic=True), headers_for(event))


async def publish_batch(js, service: str, settings: ServiceSettings,
                        batch: list[RecordedEvent]) -> list[tuple[str, asyncio.Future]]:
    """Publish ``batch`` in order without waiting for each PubAck, then wait for
    them all, at most OFFKAI_RELAY_PUBLISH_TIMEOUT_SECONDS: a future still pending
    then (a server that crashed meanwhile never answers) is cancelled, which frees
    its slot; the event goes again with the same id. Returns (event id, future)
    pairs, each future done or cancelled."""
    futures: list[tuple[str, asyncio.Future]] = []
    for event in batch:
        subject, data, headers = message_for(service, event)
        futures.append((event.event_id, await js.publish_async(subject, data, headers=headers,
                                                                stream=settings.stream_name)))
    if futures:
        _, not_done = await asyncio.wait([f for _, f in futures], timeout=settings.relay_publish_timeout_seconds)
        for future in not_done:
            future.cancel()
    return futures


class OutboxRelay:
    """Made with the service (the event store wakes it after each commit); it
    publishes once given a JetStream context with ``attach``."""

    def __init__(self, db: Database, settings: ServiceSettings, service: str, js=None, *, owner: str | None = None,
                 personal: PersonalData | None = None):
        self.db = db
        self.js = js
        # New keys go to the key bucket before the events sealed with them.
        self.personal = personal
        self.key_bucket = None
        self.settings = settings
        self.service = service
        self.lease = Lease(db, LEASE_NAME, owner or settings.resolved_instance_id, settings.relay_lease_seconds)
        self._wake = asyncio.Event()
        # Seconds the last failed pass waits before the next; 0 after a success.
        self.backoff = 0.0
        self.failed_passes = 0
        # Set when the stream had to be created again: the audit then runs at once.
        self.stream_recreated = asyncio.Event()
        self._keys_at = 0.0
        # In an API-only process: the connection and subject that wake the relay's
        # process (wake_elsewhere); a wake is pending while one is on its way.
        self._elsewhere: tuple | None = None
        self._waking = False
        self._wakes: set[asyncio.Task] = set()

    def attach(self, js, key_bucket=None) -> None:
        """The JetStream context to publish with, once NATS is connected."""
        self.js = js
        self.key_bucket = key_bucket

    @property
    def owner(self) -> str:
        return self.lease.owner

    def notify(self) -> None:
        """Called after a local commit: publish now rather than at the next poll,
        here or, in an API-only process, in the process running the relay."""
        self._wake.set()
        if self._elsewhere is not None and not self._waking:
            self._waking = True  # one message for every commit of this loop turn
            asyncio.get_running_loop().call_soon(self._send_wake)

    def wake_elsewhere(self, nc, subject: str) -> None:
        """This process does not run the relay: ``notify`` wakes the one that does,
        which listens on ``subject`` (``listen``)."""
        self._elsewhere = (nc, subject)

    async def listen(self, nc, subject: str, also: Sequence[Callable[[], None]] = ()) -> None:
        """Run a pass whenever an API process says it committed (``wake_elsewhere``),
        and call each of ``also`` (other loops' wake-ups); nats-py subscribes again
        after a reconnect."""

        async def woken(_msg) -> None:
            self._wake.set()
            for wake in also:
                wake()

        await nc.subscribe(subject, cb=woken)

    def _send_wake(self) -> None:
        self._waking = False
        nc, subject = self._elsewhere
        task = asyncio.ensure_future(nc.publish(subject))
        self._wakes.add(task)
        task.add_done_callback(self._sent)

    def _sent(self, task: asyncio.Task) -> None:
        self._wakes.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # NATS is away: the relay's poll finds the events all the same.
            log.debug("could not wake the relay", error=repr(task.exception()))

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            # Cleared before the pass, not after: a commit notified while the pass runs
            # (after it read its rows) must start the next pass at once, not wait
            # out the poll interval.
            self._wake.clear()
            try:
                published = await self.publish_pending()
                self.backoff = 0.0
            except Exception as exc:  # NATS or the database is away: retry, never give up
                _failed.add(1, {"service": self.service})
                self.failed_passes += 1
                self.backoff = min(max(self.backoff * 2, 0.25), self.settings.relay_max_backoff_seconds)
                log.warning("outbox relay pass failed; retrying", error=repr(exc), retry_in=self.backoff)
                await _sleep_or(stop, self.backoff)
                continue
            if published >= self.settings.relay_batch_size:
                continue  # more is waiting
            await _sleep_or(stop, self.settings.relay_poll_interval_seconds, self._wake)

    async def flush(self, timeout: float) -> bool:
        """Publish everything committed so far; True if nothing is left unpublished."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            try:
                if await self.publish_pending():
                    continue  # progress: go again at once
                if await self.pending() == 0:
                    return True
                # Another relay holds the lease, or JetStream refused: give it a moment.
            except Exception as exc:
                log.warning("outbox flush pass failed", error=repr(exc))
            await asyncio.sleep(0.1)
        return False

    async def pending(self) -> int:
        async with self.db.read() as conn:
            return await conn.scalar(
                select(func.count()).select_from(events).where(events.c.published_at.is_(None))
            )

    async def publish_pending(self) -> int:
        """One pass: if this relay holds the lease, publish up to a batch. Returns how
        many events were acknowledged by JetStream. Raises if none could be."""
        if not await self.lease.ensure():
            return 0
        async with self.db.read() as conn:
            rows = (
                await conn.execute(
                    select(events)
                    .where(events.c.published_at.is_(None))
                    .order_by(events.c.position)
                    .limit(self.settings.relay_batch_size)
                )
            ).all()
        # Keys after the batch is chosen: every key an event of it was sealed with was
        # made before its event committed, so it is in the bucket before the event
        # is on the stream. Erased keys are purged here too, events or not (an erasure
        # may come from a projection on another replica): at least once a second.
        now = asyncio.get_running_loop().time()
        if self.personal is not None and self.key_bucket is not None and (rows or now - self._keys_at >= 1.0):
            try:
                await self.personal.distribute(self.key_bucket)
            except (NoStreamResponseError, NotFoundError):
                # The bucket went with a JetStream disaster: make it again, keys and all.
                log.error("the key bucket is missing; creating it again")
                await self.restore_keys()
                await self.personal.distribute(self.key_bucket)
            self._keys_at = now
        if not rows:
            return 0
        acked = await self._publish([record_from_row(r) for r in rows])
        if acked:
            try:
                async with self.db.write() as conn:
                    await self.lease.fence(conn)
                    await conn.execute(
                        update(events)
                        .where(events.c.event_id.in_(acked), events.c.published_at.is_(None))
                        .values(published_at=datetime.now(UTC))
                    )
            except LeaseLost:
                # Published, but another relay holds the lease now: it publishes these
                # again and JetStream answers "duplicate".
                log.info("relay lease lost mid-pass; leaving the rows to the new holder")
                return 0
            _published.add(len(acked), {"service": self.service})
        if len(acked) < len(rows):
            _failed.add(len(rows) - len(acked), {"service": self.service})
            if not acked:
                raise RuntimeError(f"JetStream acknowledged none of {len(rows)} events")
        return len(acked)

    async def _publish(self, batch: list[RecordedEvent]) -> list[str]:
        # One span per batch, linked to each event's command; the message headers carry
        # the command's own trace context, so consumers continue the command's trace.
        links = [trace.Link(trace.get_current_span(context_from_traceparent(e.traceparent)).get_span_context())
                 for e in batch[:128] if e.traceparent]
        with _tracer.start_as_current_span(
            "outbox publish",
            kind=trace.SpanKind.PRODUCER,
            links=links,
            attributes={"messaging.system": "nats", "messaging.batch.message_count": len(batch),
                        "messaging.destination.name": self.settings.stream_name},
        ):
            futures = await publish_batch(self.js, self.service, self.settings, batch)
        acked = []
        missing_stream = False
        for event_id, future in futures:
            if future.cancelled():
                continue  # no answer in time
            error = future.exception()
            if error is None:
                if isinstance(future.result(), PubAck):
                    acked.append(event_id)
            else:
                missing_stream = missing_stream or isinstance(error, NoStreamResponseError | NotFoundError)
                log.debug("publish refused", event_id=event_id, error=repr(error))
        if missing_stream and not acked:
            await self._recreate_stream()
        return acked

    async def _recreate_stream(self) -> None:
        """The stream is gone (deleted, or the server lost its store): make it again,
        and let the audit put back what this service had published to it."""
        log.error("the stream is missing; creating it again", stream=self.settings.stream_name)
        await ensure_stream(self.js, self.settings)
        self.stream_recreated.set()
        await self.restore_keys()

    async def ensure_stream_and_keys(self) -> None:
        """Make the stream and the key bucket again if they are gone (a server back
        without its store); both are cheap checks when they are there."""
        try:
            await self.js.stream_info(self.settings.stream_name)
        except NotFoundError:
            await self._recreate_stream()
            return
        if self.personal is not None:
            try:
                await self.js.stream_info(f"KV_{KEY_BUCKET}")
            except NotFoundError:
                await self.restore_keys()

    async def restore_keys(self) -> None:
        """After a JetStream disaster the key bucket may be gone too: make it again
        and put every key this service holds back in."""
        if self.personal is None or self.js is None:
            return
        self.key_bucket = await key_bucket(self.js, self.settings.stream_replicas)
        await self.personal.redistribute()

    async def release(self) -> None:
        """Give the lease up at shutdown so a standby takes over at once."""
        await self.lease.release()


async def _sleep_or(stop: asyncio.Event, seconds: float, wake: asyncio.Event | None = None) -> None:
    waiters = [asyncio.ensure_future(stop.wait())]
    if wake is not None:
        waiters.append(asyncio.ensure_future(wake.wait()))
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waiters:
            w.cancel()
