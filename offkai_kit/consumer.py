"""The consumer runner: feeds one projection from the JetStream stream.

One durable pull consumer per (service, projection), explicit ack. Each fetched
batch is applied in ONE database transaction, each message in its own savepoint,
together with the projection's position per source stream; only after the commit are
the messages acked. So a redelivery — and JetStream does redeliver, even messages
already acked when the server was killed — finds its version already applied and
changes nothing: effects happen once, by event identity (stream id + version), not
by delivery count.

Versions are checked per source stream: version n+1 is applied only after n. A gap
is not applied: the message is nak'ed with a short delay and waits for the missing
one. A message that keeps failing is, at its last allowed delivery, recorded as a
dead letter (listable through the Operations API) and terminated.

Projections subscribe to whole aggregates (``offkai.<service>.<type>.>``) because
the version check needs every event of a stream, even those the projection ignores.

nats-py pull subscriptions can go silent after a reconnect, so the runner
resubscribes on every reconnect and whenever fetches come back empty while the
consumer reports pending messages. ``fetch(heartbeat=...)`` is not used: with this
server it makes the follow-up pull fail and stalls messages until AckWait.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from google.protobuf.message import DecodeError, Message
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from opentelemetry import metrics, trace
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.platform.v1.envelope_pb2 import Envelope
from offkai_kit.config import ServiceSettings
from offkai_kit.db import Database
from offkai_kit.eventstore.records import UnknownEventType, decode_payload
from offkai_kit.eventstore.schema import dead_letters, projection_checkpoints, projection_positions
from offkai_kit.telemetry import extract_context, get_logger

log = get_logger(__name__)
_tracer = trace.get_tracer("offkai.consumer")
_meter = metrics.get_meter("offkai.consumer")
_outcomes = _meter.create_counter("offkai.consumer.messages", description="consumed messages by outcome")

_AGGREGATE_SUBJECT = re.compile(r"^offkai\.[a-z_]+\.[a-z_]+\.>$")
_GAP_DELAY = 0.5


@dataclass(frozen=True)
class ConsumedEvent:
    envelope: Envelope
    # The decoded payload; None for an event type this build does not know yet.
    message: Message | None
    subject: str
    stream_sequence: int
    deliveries: int

    @property
    def event_type(self) -> str:
        return self.envelope.event_type

    @property
    def stream_id(self) -> str:
        return self.envelope.stream_id

    @property
    def version(self) -> int:
        return self.envelope.version

    @property
    def occurred_at(self) -> datetime:
        return self.envelope.occurred_at.ToDatetime(tzinfo=UTC)


class Projection(Protocol):
    """A read model kept from the stream. ``apply`` runs inside the batch's
    transaction; ``reset`` empties the projection's tables for a rebuild."""

    name: str
    subjects: Sequence[str]

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None: ...

    async def reset(self, conn: AsyncConnection) -> None: ...


class VersionGap(Exception):
    pass


class ProjectionRunner:
    def __init__(self, db: Database, nc, settings: ServiceSettings, service: str, projection: Projection):
        for subject in projection.subjects:
            if not _AGGREGATE_SUBJECT.match(subject):
                raise ValueError(
                    f"projection {projection.name}: subscribe to whole aggregates "
                    f"(offkai.<service>.<type>.>), not {subject!r}"
                )
        self.db = db
        self.nc = nc
        self.js = nc.jetstream()
        self.settings = settings
        self.projection = projection
        self.durable = f"{service}_{projection.name}"
        self._sub = None
        self._stale = True
        self._lock = asyncio.Lock()
        self.applied = 0

    # --- consumer and subscription -------------------------------------------------

    def consumer_config(self) -> ConsumerConfig:
        s = self.settings
        return ConsumerConfig(
            durable_name=self.durable,
            deliver_policy=DeliverPolicy.ALL,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=s.consumer_ack_wait_seconds,
            max_deliver=s.consumer_max_deliver,
            max_ack_pending=max(1000, s.consumer_batch_size * 4),
            filter_subjects=list(self.projection.subjects),
        )

    async def ensure_consumer(self) -> None:
        await self.js.add_consumer(self.settings.stream_name, self.consumer_config())

    def resubscribe(self) -> None:
        """Called on reconnect: the old pull subscription may never deliver again."""
        self._stale = True

    async def _subscribe(self) -> None:
        if self._sub is not None:
            try:
                await self._sub.unsubscribe()
            except Exception:  # the old one may be dead already; that is why we are here
                pass
        await self.ensure_consumer()
        self._sub = await self.js.pull_subscribe_bind(durable=self.durable, stream=self.settings.stream_name)
        self._stale = False

    async def close(self) -> None:
        # Unsubscribe before the connection drains: nats-py's drain waits on the pull
        # subscription's internal queue, which fetch() never marks done.
        if self._sub is not None:
            try:
                await self._sub.unsubscribe()
            except Exception as exc:
                log.debug("unsubscribe at close failed", error=repr(exc))
            self._sub = None

    # --- the loop -----------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        idle = 0
        delay = 0.2
        while not stop.is_set():
            try:
                if self._stale or self._sub is None:
                    await self._subscribe()
                msgs = await self._sub.fetch(
                    self.settings.consumer_batch_size, timeout=self.settings.consumer_fetch_timeout_seconds
                )
            except TimeoutError:  # nats.errors.TimeoutError is one too: nothing to fetch
                idle += 1
                if idle % 5 == 0:
                    await self._check_stalled()
                continue
            except Exception as exc:
                if stop.is_set():
                    return
                log.warning("consumer fetch failed; resubscribing", projection=self.projection.name,
                            error=repr(exc), retry_in=delay)
                self._stale = True
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            idle, delay = 0, 0.2
            async with self._lock:
                await self.handle(msgs)

    async def _check_stalled(self) -> None:
        try:
            info = await self.js.consumer_info(self.settings.stream_name, self.durable)
        except NotFoundError:
            self._stale = True  # the server lost the consumer: recreate it
            return
        except Exception:
            return
        if info.num_pending or (info.num_ack_pending and not info.num_waiting):
            self._stale = True

    # --- one batch ----------------------------------------------------------------

    async def handle(self, msgs) -> None:
        outcomes: list[tuple[object, str, float]] = []
        try:
            async with self.db.write() as conn:
                top = 0
                for msg in msgs:
                    meta = msg.metadata
                    top = max(top, meta.sequence.stream)
                    outcomes.append((msg, *await self._handle_one(conn, msg)))
                await self._checkpoint(conn, top)
        except Exception as exc:
            # The transaction is gone: nothing was applied; let every message come again.
            log.error("projection batch failed", projection=self.projection.name, error=repr(exc))
            for msg in msgs:
                await _quietly(msg.nak(delay=1.0))
            return
        for msg, outcome, delay in outcomes:
            _outcomes.add(1, {"projection": self.projection.name, "outcome": outcome})
            if outcome in ("applied", "duplicate"):
                await _quietly(msg.ack())
            elif outcome == "dead":
                await _quietly(msg.term())
            else:
                await _quietly(msg.nak(delay=delay))

    async def _handle_one(self, conn: AsyncConnection, msg) -> tuple[str, float]:
        deliveries = msg.metadata.num_delivered
        last_try = deliveries >= self.settings.consumer_max_deliver
        try:
            event = parse(msg)
        except (DecodeError, ValueError) as exc:  # can never succeed: dead at once
            await self._dead_letter(conn, msg, None, f"undecodable message: {exc}")
            return "dead", 0
        parent = extract_context(msg.headers or {})
        with _tracer.start_as_current_span(
            f"{msg.subject} process",
            context=parent,
            kind=trace.SpanKind.CONSUMER,
            attributes={"messaging.system": "nats", "messaging.consumer.group.name": self.durable,
                        "messaging.message.id": event.envelope.event_id},
        ) as span:
            try:
                async with conn.begin_nested():
                    fresh = await self._advance(conn, event)
                    if fresh:
                        await self.projection.apply(conn, event)
                if fresh:
                    self.applied += 1
                return ("applied" if fresh else "duplicate"), 0
            except VersionGap as gap:
                span.set_attribute("offkai.version_gap", True)
                if last_try:
                    await self._dead_letter(conn, msg, event, str(gap))
                    return "dead", 0
                return "gap", _GAP_DELAY * deliveries
            except Exception as exc:
                span.record_exception(exc)
                log.warning("projection failed to apply event", projection=self.projection.name,
                            event_id=event.envelope.event_id, deliveries=deliveries, error=repr(exc))
                if last_try:
                    await self._dead_letter(conn, msg, event, repr(exc))
                    return "dead", 0
                backoff = self.settings.consumer_backoff_seconds
                return "failed", backoff[min(deliveries, len(backoff)) - 1]

    async def _advance(self, conn: AsyncConnection, event: ConsumedEvent) -> bool:
        """Move this projection's position in the event's stream to its version.
        True: apply it. False: already applied. Raises VersionGap if one is missing."""
        name, stream, version = self.projection.name, event.stream_id, event.version
        pos = projection_positions.c
        if version > 1:
            moved = await conn.execute(
                update(projection_positions)
                .where(pos.projection == name, pos.stream_id == stream, pos.version == version - 1)
                .values(version=version, event_id=event.envelope.event_id)
            )
            if moved.rowcount == 1:
                return True
        current = await conn.scalar(
            select(pos.version).where(pos.projection == name, pos.stream_id == stream)
        )
        if current is not None and current >= version:
            return False
        if current is None and version == 1:
            await conn.execute(
                insert(projection_positions).values(
                    projection=name, stream_id=stream, version=1, event_id=event.envelope.event_id
                )
            )
            return True
        raise VersionGap(f"{stream}: version {version} arrived after {current or 0}")

    async def _checkpoint(self, conn: AsyncConnection, sequence: int) -> None:
        cp = projection_checkpoints.c
        now = datetime.now(UTC)
        done = await conn.execute(
            update(projection_checkpoints)
            .where(cp.projection == self.projection.name)
            .values(stream_sequence=func.max(cp.stream_sequence, sequence) if self.db.is_sqlite
                    else func.greatest(cp.stream_sequence, sequence), updated_at=now)
        )
        if done.rowcount == 0:
            await conn.execute(
                insert(projection_checkpoints).values(
                    projection=self.projection.name, stream_sequence=sequence, updated_at=now
                )
            )

    async def _dead_letter(self, conn: AsyncConnection, msg, event: ConsumedEvent | None, error: str) -> None:
        env = event.envelope if event else Envelope()
        await conn.execute(
            insert(dead_letters).values(
                projection=self.projection.name,
                event_id=env.event_id,
                event_type=env.event_type,
                stream_id=env.stream_id,
                version=env.version,
                subject=msg.subject,
                stream_sequence=msg.metadata.sequence.stream,
                deliveries=msg.metadata.num_delivered,
                error=error[:4000],
                envelope=msg.data,
                recorded_at=datetime.now(UTC),
            )
        )
        log.error("dead letter recorded", projection=self.projection.name, event_id=env.event_id,
                  subject=msg.subject, error=error)

    # --- operations ---------------------------------------------------------------

    async def rebuild(self, timeout: float = 300.0) -> int:
        """Drop the projection and replay the stream into it; returns once caught up."""
        async with self._lock:
            try:
                await self.js.delete_consumer(self.settings.stream_name, self.durable)
            except NotFoundError:
                pass
            async with self.db.write() as conn:
                await self.projection.reset(conn)
                for table in (projection_positions, projection_checkpoints, dead_letters):
                    await conn.execute(delete(table).where(table.c.projection == self.projection.name))
            self.applied = 0
            await self._subscribe()
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            info = await self.js.consumer_info(self.settings.stream_name, self.durable)
            if info.num_pending == 0 and info.num_ack_pending == 0:
                return self.applied
            await asyncio.sleep(0.1)
        raise TimeoutError(f"rebuild of {self.projection.name} did not catch up in {timeout}s")

    async def status(self) -> dict:
        async with self.db.read() as conn:
            checkpoint = await conn.scalar(
                select(projection_checkpoints.c.stream_sequence).where(
                    projection_checkpoints.c.projection == self.projection.name
                )
            )
            dead = await conn.scalar(
                select(func.count()).select_from(dead_letters).where(
                    dead_letters.c.projection == self.projection.name
                )
            )
        try:
            info = await self.js.consumer_info(self.settings.stream_name, self.durable)
            pending = info.num_pending + info.num_ack_pending
        except Exception:
            pending = 0
        return {"projection": self.projection.name, "consumer": self.durable,
                "checkpoint": checkpoint or 0, "pending": pending, "dead_letters": dead or 0}


def parse(msg) -> ConsumedEvent:
    envelope = Envelope()
    envelope.ParseFromString(msg.data)
    if not envelope.event_id or not envelope.stream_id or envelope.version < 1:
        raise ValueError("envelope lacks event_id, stream_id or version")
    try:
        message = decode_payload(envelope.payload.TypeName(), envelope.payload.value)
    except UnknownEventType:
        message = None  # a newer producer's event: positions still advance past it
    return ConsumedEvent(envelope, message, msg.subject, msg.metadata.sequence.stream,
                         msg.metadata.num_delivered)


async def _quietly(ack) -> None:
    # An ack lost to a broken connection is harmless: the redelivery is a duplicate.
    try:
        await ack
    except Exception as exc:
        log.debug("ack not sent", error=repr(exc))
