"""The consumer runner: feeds one projection from the JetStream stream.

One durable pull consumer per (service, projection), explicit ack. Each fetched
batch is applied in ONE database transaction together with the projection's
tracking (``offkai_kit.consumer.tracking``: position per source stream, failures,
checkpoint, dead letters); only after the commit are the messages acked. The batch
is first applied directly; if any message fails, it is rolled back and applied again
with a savepoint per message, so one bad message costs only itself. A redelivery —
and JetStream does redeliver, even messages already acked when the server was
killed — finds its version already applied and changes nothing: effects happen
once, by event identity (stream id + version), not by delivery count.

Versions are checked per source stream: version n+1 is applied only after n. A gap
is not applied: the message is nak'ed with a short delay and waits for the missing
one. A message that keeps failing is, after ``OFFKAI_CONSUMER_MAX_ATTEMPTS`` failed
attempts (counted in the database, across replicas), recorded as a dead letter
(listable through the Operations API) and terminated.

Projections subscribe to whole aggregates (``offkai.<service>.<type>.>``) because
the version check needs every event of a stream, even those the projection ignores.

nats-py pull subscriptions can go silent after a reconnect, so the runner
resubscribes on every reconnect and whenever fetches come back empty while the
consumer reports pending messages. ``fetch(heartbeat=...)`` is not used: with this
server it makes the follow-up pull fail and stalls messages until AckWait.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections import Counter
from datetime import UTC, datetime

from google.protobuf.message import DecodeError
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from opentelemetry import metrics, trace
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.platform.v1.envelope_pb2 import Envelope
from offkai_kit.config import ServiceSettings
from offkai_kit.consumer.messages import ConsumedEvent, Projection, parse
from offkai_kit.consumer.tracking import DeadLetter, Failures, Positions, Tracking, VersionGap
from offkai_kit.db import Database
from offkai_kit.telemetry import extract_context, get_logger

log = get_logger(__name__)
_tracer = trace.get_tracer("offkai.consumer")
_meter = metrics.get_meter("offkai.consumer")
_outcomes = _meter.create_counter("offkai.consumer.messages", description="consumed messages by outcome")

_AGGREGATE_SUBJECT = re.compile(r"^offkai\.[a-z_]+\.[a-z_]+\.>$")


class _ApplyCarefully(Exception):
    """A message failed on the fast path; redo the batch with savepoints."""


@contextlib.asynccontextmanager
async def _no_savepoint():
    yield


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
        self.tracking = Tracking(projection.name)
        self._sub = None
        self._stale = True
        self._lock = asyncio.Lock()
        self.applied = 0
        # Messages handled by this runner, by outcome (applied, duplicate, gap,
        # failed, dead): for status pages and tests.
        self.outcomes: Counter[str] = Counter()

    # --- consumer and subscription -------------------------------------------------

    def consumer_config(self) -> ConsumerConfig:
        s = self.settings
        return ConsumerConfig(
            durable_name=self.durable,
            deliver_policy=DeliverPolicy.ALL,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=s.consumer_ack_wait_seconds,
            # Unlimited: the runner counts real failures itself (see _Failures) and
            # dead-letters; the server's count also grows while an event waits out a gap.
            max_deliver=-1,
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
            if not msgs:
                continue
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
        """Apply a fetched batch in one transaction, then ack. The fast path applies
        every message directly; if any fails, the batch is rolled back and applied
        again with a savepoint per message, so one bad message costs only itself."""
        try:
            try:
                outcomes = await self._apply_batch(msgs, careful=False)
            except _ApplyCarefully:
                outcomes = await self._apply_batch(msgs, careful=True)
        except Exception as exc:
            # The transaction is gone: nothing was applied; let every message come again.
            log.error("projection batch failed", projection=self.projection.name, error=repr(exc))
            for msg in msgs:
                await _quietly(msg.nak(delay=1.0))
            return
        for msg, outcome, delay in outcomes:
            _outcomes.add(1, {"projection": self.projection.name, "outcome": outcome})
            self.outcomes[outcome] += 1
            if outcome == "applied":
                self.applied += 1
            if outcome in ("applied", "duplicate"):
                await _quietly(msg.ack())
            elif outcome == "dead":
                await _quietly(msg.term())
            else:
                await _quietly(msg.nak(delay=delay))

    async def _apply_batch(self, msgs, *, careful: bool) -> list[tuple[object, str, float]]:
        outcomes = []
        async with self.db.write() as conn:
            parsed = []
            for msg in msgs:
                try:
                    parsed.append((msg, parse(msg)))
                except (DecodeError, ValueError) as exc:  # can never succeed: dead at once
                    await self._dead_letter(conn, msg, None, f"undecodable message: {exc}")
                    outcomes.append((msg, "dead", 0))
            events = [e for _, e in parsed]
            positions = await self.tracking.positions(conn, {e.stream_id for e in events})
            failures = await self.tracking.failures(conn, {e.envelope.event_id for e in events})
            for msg, event in parsed:
                outcomes.append((msg, *await self._handle_one(conn, msg, event, positions, failures, careful)))
            await positions.save(conn)
            await failures.save(conn)
            await self.tracking.checkpoint(conn, max(m.metadata.sequence.stream for m in msgs))
        return outcomes

    async def _handle_one(self, conn: AsyncConnection, msg, event: ConsumedEvent,
                          positions: Positions, failures: Failures, careful: bool) -> tuple[str, float]:
        event_id = event.envelope.event_id
        with _tracer.start_as_current_span(
            f"{msg.subject} process",
            context=extract_context(msg.headers or {}),
            kind=trace.SpanKind.CONSUMER,
            attributes={"messaging.system": "nats", "messaging.consumer.group.name": self.durable,
                        "messaging.message.id": event_id},
        ) as span:
            try:
                if not positions.is_next(event.stream_id, event.version):
                    return "duplicate", 0
                async with conn.begin_nested() if careful else _no_savepoint():
                    await self.projection.apply(conn, event)
                positions.advance(event.stream_id, event.version, event_id)
                failures.settled(event_id)
                return "applied", 0
            except VersionGap as gap:  # raised before anything was written
                span.set_attribute("offkai.version_gap", True)
                waited = (datetime.now(UTC) - msg.metadata.timestamp).total_seconds()
                if waited > self.settings.consumer_gap_timeout_seconds:
                    await self._dead_letter(conn, msg, event, f"{gap}; waited {waited:.0f}s for the missing event")
                    return "dead", 0
                return "gap", min(0.25 * msg.metadata.num_delivered, 5.0)
            except Exception as exc:
                if not careful:
                    raise _ApplyCarefully from exc
                span.record_exception(exc)
                attempts = failures.failed(event_id, repr(exc))
                log.warning("projection failed to apply event", projection=self.projection.name,
                            event_id=event_id, attempts=attempts, error=repr(exc))
                if attempts >= self.settings.consumer_max_attempts:
                    failures.settled(event_id)  # the dead letter keeps the story
                    await self._dead_letter(conn, msg, event, f"{exc!r} (after {attempts} attempts)")
                    return "dead", 0
                backoff = self.settings.consumer_backoff_seconds
                return "failed", backoff[min(attempts, len(backoff)) - 1]

    async def _dead_letter(self, conn: AsyncConnection, msg, event: ConsumedEvent | None, error: str) -> None:
        env = event.envelope if event else Envelope()
        await self.tracking.dead_letter(conn, DeadLetter(
            event_id=env.event_id, event_type=env.event_type, stream_id=env.stream_id, version=env.version,
            subject=msg.subject, stream_sequence=msg.metadata.sequence.stream,
            deliveries=msg.metadata.num_delivered, error=error, envelope=msg.data,
        ))
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
                await self.tracking.reset(conn)
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
            checkpoint = await self.tracking.checkpoint_of(conn)
            dead = await self.tracking.dead_letter_count(conn)
        try:
            info = await self.js.consumer_info(self.settings.stream_name, self.durable)
            pending = info.num_pending + info.num_ack_pending
        except Exception:
            pending = 0
        return {"projection": self.projection.name, "consumer": self.durable,
                "checkpoint": checkpoint, "pending": pending, "dead_letters": dead}


async def _quietly(ack) -> None:
    # An ack lost to a broken connection is harmless: the redelivery is a duplicate.
    try:
        await ack
    except Exception as exc:
        log.debug("ack not sent", error=repr(exc))
