"""The consumer runner: feeds one projection from the JetStream stream.

One durable pull consumer per (service, projection), explicit ack, and **one active
runner per projection** among a service's replicas: a fencing lease
(``offkai_kit.lease``) elects it, the others stand by and take over when it stops
renewing. With one fetcher the stream's order is kept, so the events of one
aggregate arrive in version order and are never split between replicas.

Each fetched batch is applied in ONE database transaction together with the
projection's tracking (``offkai_kit.consumer.tracking``: position per source stream,
failures, checkpoint, dead letters, parked events) and the lease's fence; only after
the commit are the messages acked. The tracking a batch needs is read in one query
and written back in a few statements (new positions in one multi-row insert, moved
ones in guarded updates: one executemany on SQLite, one per stream on PostgreSQL).
The next batch is fetched while one is applied (one fetch ahead, on the same
subscription); it is handled only after the batch before it was committed and acked,
and given back (nak) if the subscription was replaced or the lease lost meanwhile.
The batch is first applied directly; if any message fails, it is rolled back and
applied again with a savepoint per message, so one bad message costs only itself. A redelivery — and JetStream does redeliver, even
messages already acked when the server was killed — finds its version already applied
and changes nothing: effects happen once, by event identity, not by delivery count.

Versions are checked per source stream: version n+1 is applied only after n. An
event that arrives early (its predecessor was lost or is still being retried by the
producer) is **parked** in the database and acked; it is applied, in the same
transaction, right after its predecessor. An event that keeps failing is, after
``OFFKAI_CONSUMER_MAX_ATTEMPTS`` failed attempts (counted in the database), a **dead
letter**; it blocks its source stream in this projection — later events of the stream
are parked — until an operator replays it (after a fix; the parked events follow in
order) or skips it, both through the Operations API. Other streams keep flowing.

nats-py buffers pull requests made while disconnected and sends them on reconnect,
where they take the outage backlog; so the runner does not fetch while disconnected,
and never throws away a subscription holding delivered messages (it handles them
first). ``fetch(heartbeat=...)`` is not used: with this server it makes the follow-up
pull fail and stalls messages until AckWait. A deleted consumer or stream is created
again. Messages that were out with a runner that is gone (a crashed process, a
broken connection) are not left to wait out AckWait: a runner taking over, or
reconnecting, starts the consumer again from its ack floor.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections import Counter
from dataclasses import replace
from datetime import timedelta

from google.protobuf.message import DecodeError
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from opentelemetry import metrics, trace
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.platform.v1.envelope_pb2 import Envelope
from offkai_kit.clock import Clock, utc_now
from offkai_kit.config import ServiceSettings
from offkai_kit.consumer.messages import ConsumedEvent, Projection, parse, parse_envelope
from offkai_kit.consumer.tracking import (
    DeadLetter,
    Failures,
    Parked,
    Positions,
    Tracking,
    projection_positions,
)
from offkai_kit.db import Database
from offkai_kit.errors import FailedPrecondition, NotFound
from offkai_kit.lease import Lease, LeaseLost
from offkai_kit.personal import Keys, open_message
from offkai_kit.stream import ensure_stream
from offkai_kit.telemetry import extract_context, get_logger

log = get_logger(__name__)
_tracer = trace.get_tracer("offkai.consumer")
_meter = metrics.get_meter("offkai.consumer")
_outcomes = _meter.create_counter("offkai.consumer.messages", description="consumed messages by outcome")

_AGGREGATE_SUBJECT = re.compile(r"^offkai\.[a-z_]+\.[a-z_]+\.>$")
# How often a replica without the lease asks for it, at most.
STANDBY_POLL_SECONDS = 1.0
# How often parked events are looked at when nothing else happens.
UNPARK_INTERVAL_SECONDS = 1.0


class _ApplyCarefully(Exception):
    """A message failed on the fast path; redo the batch with savepoints."""


class _Batch:
    """What one transaction knows about the streams it touches."""

    def __init__(self, positions: Positions, failures: Failures, blocked: set[str], parked: dict[str, set[int]]):
        self.positions = positions
        self.failures = failures
        self.blocked = blocked
        self.parked = parked
        self.applied = 0


class ProjectionRunner:
    def __init__(
        self,
        db: Database,
        nc,
        settings: ServiceSettings,
        service: str,
        projection: Projection,
        *,
        owner: str | None = None,
        clock: Clock = utc_now,
        keys: Keys | None = None,
    ):
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
        self.clock = clock
        # Opens sealed personal fields (the producing services' keys).
        self.keys = keys
        self.durable = f"{service}_{projection.name}"
        self.tracking = Tracking(projection.name)
        self.lease = Lease(db, f"projection:{self.durable}", owner or settings.resolved_instance_id,
                           settings.consumer_lease_seconds, clock=clock)
        self.active = False
        self._sub = None
        self._stale = True
        # Set on taking the lease and on reconnecting: see _reclaim_pending.
        self._reclaim = True
        self._lock = asyncio.Lock()
        self._maybe_parked = True
        self._last_unpark = 0.0
        self.applied = 0
        # Messages handled by this runner, by outcome (applied, duplicate, parked,
        # failed, dead): for status pages and tests.
        self.outcomes: Counter[str] = Counter()

    # --- consumer and subscription -------------------------------------------------

    def consumer_config(self, start_sequence: int = 0) -> ConsumerConfig:
        """The durable consumer; from ``start_sequence`` on when it was started
        again from its ack floor (see ``_reclaim_pending``), else from the start."""
        s = self.settings
        return ConsumerConfig(
            durable_name=self.durable,
            deliver_policy=DeliverPolicy.BY_START_SEQUENCE if start_sequence > 1 else DeliverPolicy.ALL,
            opt_start_seq=start_sequence if start_sequence > 1 else None,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=s.consumer_ack_wait_seconds,
            # Unlimited: the runner counts real failures itself and dead-letters.
            max_deliver=-1,
            max_ack_pending=max(1000, s.consumer_batch_size * 4),
            filter_subjects=list(self.projection.subjects),
        )

    async def ensure_consumer(self) -> None:
        """Create (or update) the durable consumer, and the stream if it is gone. An
        existing consumer keeps where it starts from (a start policy cannot be
        updated); its other settings follow the configuration."""
        try:
            info = await self.js.consumer_info(self.settings.stream_name, self.durable)
            start = info.config.opt_start_seq or 0
        except NotFoundError:
            start = 0
        await self._create_consumer(self.consumer_config(start))

    async def _create_consumer(self, config: ConsumerConfig) -> None:
        try:
            await self.js.add_consumer(self.settings.stream_name, config)
        except NotFoundError:
            await ensure_stream(self.js, self.settings)
            await self.js.add_consumer(self.settings.stream_name, config)

    async def _reclaim_pending(self) -> None:
        """Messages delivered to a runner that is gone — a crashed process, a replica
        whose lease ran out, a connection that broke with messages in flight — would
        come back only after AckWait (30 s by default), and the events after them
        would wait parked that long. So when this runner takes over (or reconnects)
        and the consumer still has messages out, it starts the consumer again from
        its ack floor: everything not acked comes at once; what was acked above the
        floor comes again and is a duplicate, changing nothing."""
        try:
            info = await self.js.consumer_info(self.settings.stream_name, self.durable)
        except NotFoundError:
            return  # made afresh by _subscribe
        if not info.num_ack_pending:
            return
        start = info.ack_floor.stream_seq + 1
        log.warning("messages still out with a runner that is gone; redelivering them from the ack floor",
                    projection=self.projection.name, outstanding=info.num_ack_pending, from_sequence=start)
        with contextlib.suppress(NotFoundError):
            await self.js.delete_consumer(self.settings.stream_name, self.durable)
        await self._create_consumer(self.consumer_config(start))

    def resubscribe(self) -> None:
        """After a reconnect: check the consumer still exists (the server may have
        lost it) and take back what was in flight when the connection broke; what
        the subscription holds is handled first."""
        self._stale = True
        self._reclaim = True

    async def _subscribe(self) -> None:
        await self.ensure_consumer()
        if self._reclaim:
            if self._sub is not None:
                await self._replace_subscription()
            await self._reclaim_pending()
            self._reclaim = False
        if self._sub is None:
            self._sub = await self.js.pull_subscribe_bind(durable=self.durable, stream=self.settings.stream_name)
        self._stale = False

    async def _replace_subscription(self, *, handle_queued: bool = True) -> None:
        """A new pull subscription; messages already delivered to the old one are
        handled first, not left to wait out AckWait."""
        old, self._sub = self._sub, None
        if old is not None:
            queued = _queued(old)
            if queued and handle_queued:
                await self._handle_locked(queued)
            with contextlib.suppress(Exception):  # the old one may be dead already
                await old.unsubscribe()
        self._stale = True

    async def close(self) -> None:
        # Unsubscribe before the connection drains: nats-py's drain waits on the pull
        # subscription's internal queue, which fetch() never marks done.
        if self._sub is not None:
            queued = _queued(self._sub)
            for msg in queued:  # not ours to apply any more: give them back at once
                await _quietly(msg.nak())
            with contextlib.suppress(Exception):
                await self._sub.unsubscribe()
            self._sub = None
        if self.active:
            with contextlib.suppress(Exception):
                await self.lease.release()
            self.active = False

    # --- the loop -----------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        idle = 0
        delay = 0.2
        # The next batch's fetch, asked for before the current batch is applied so that
        # the server delivers it meanwhile; its messages are handled (and acked) only
        # after the current batch committed, in stream order.
        ahead: tuple[asyncio.Task, object] | None = None
        try:
            while not stop.is_set():
                try:
                    if ahead is not None:
                        (fetching, sub), ahead = ahead, None
                        msgs = await fetching
                    else:
                        if not self.nc.is_connected:
                            # Pull requests made now would be buffered and sent on reconnect.
                            await _sleep_or(stop, 0.1)
                            continue
                        if not await self._hold():
                            await _sleep_or(stop, min(STANDBY_POLL_SECONDS, self.settings.consumer_lease_seconds / 3))
                            continue
                        if self._stale or self._sub is None:
                            await self._subscribe()
                        sub = self._sub
                        msgs = await sub.fetch(
                            self.settings.consumer_batch_size, timeout=self.settings.consumer_fetch_timeout_seconds
                        )
                except TimeoutError:  # nats.errors.TimeoutError is one too: nothing to fetch
                    idle += 1
                    if idle % 5 == 0:
                        await self._check_stalled()
                    await self._unpark_if_due(force=True)
                    continue
                except Exception as exc:
                    if stop.is_set():
                        return
                    log.warning("consumer fetch failed; retrying", projection=self.projection.name,
                                error=repr(exc), retry_in=delay)
                    self._stale = True
                    await _sleep_or(stop, delay)
                    delay = min(delay * 2, 5.0)
                    continue
                idle, delay = 0, 0.2
                if msgs and (sub is not self._sub or not self.active):
                    # Fetched from a subscription replaced meanwhile (a rebuild, a
                    # reconnect) or after the lease was lost: not ours to apply.
                    for msg in msgs:
                        await _quietly(msg.nak())
                    continue
                if msgs:
                    if self.active and not self._stale and self.nc.is_connected and not stop.is_set():
                        ahead = (asyncio.create_task(self._fetch_ahead(sub)), sub)
                        # Let the fetch send its pull request (its task, then the
                        # client's flusher) before this batch takes the loop.
                        await asyncio.sleep(0)
                        await asyncio.sleep(0)
                    await self._handle_locked(msgs)
                await self._unpark_if_due()
        finally:
            if ahead is not None:
                await self._give_back(ahead[0])

    async def _fetch_ahead(self, sub) -> list:
        return await sub.fetch(self.settings.consumer_batch_size, timeout=self.settings.consumer_fetch_timeout_seconds)

    @staticmethod
    async def _give_back(fetching: asyncio.Task) -> None:
        """A fetch ahead that will not be handled: its messages go back at once."""
        try:
            msgs = await fetching
        except Exception:
            return
        for msg in msgs:
            await _quietly(msg.nak())

    async def _hold(self) -> bool:
        """Whether this replica is the active runner (taking the lease if free)."""
        try:
            held = await self.lease.ensure()
        except Exception as exc:  # the database is away: nobody can apply anything now
            log.warning("projection lease check failed", projection=self.projection.name, error=repr(exc))
            held = False
        if held and not self.active:
            log.info("projection runner active", projection=self.projection.name, owner=self.lease.owner,
                     term=self.lease.term)
            self.active, self._stale, self._reclaim = True, True, True
        elif not held and self.active:
            log.info("projection runner standing by (lease lost)", projection=self.projection.name)
            self.active = False
            if self._sub is not None:
                for msg in _queued(self._sub):
                    await _quietly(msg.nak())
        return held

    async def _check_stalled(self) -> None:
        try:
            info = await self.js.consumer_info(self.settings.stream_name, self.durable)
        except NotFoundError:
            self._stale = True  # the server lost the consumer (or the stream): recreate it
            return
        except Exception:
            return
        if info.num_pending and not info.num_waiting:
            # Messages wait, yet no pull request of ours is open: the subscription went
            # silent. Replace it, keeping what it already holds.
            await self._replace_subscription()

    async def _handle_locked(self, msgs) -> None:
        async with self._lock:
            await self.handle(msgs)

    # --- one batch ----------------------------------------------------------------

    async def handle(self, msgs) -> None:
        """Apply a fetched batch in one transaction, then ack."""
        try:
            try:
                outcomes = await self._apply_batch(msgs, careful=False)
            except _ApplyCarefully:
                outcomes = await self._apply_batch(msgs, careful=True)
        except LeaseLost:
            log.info("projection lease lost mid-batch; handing the batch back", projection=self.projection.name)
            self.active = False
            for msg in msgs:
                await _quietly(msg.nak())
            return
        except Exception as exc:
            # The transaction is gone: nothing was applied; let every message come again.
            log.error("projection batch failed", projection=self.projection.name, error=repr(exc))
            for msg in msgs:
                await _quietly(msg.nak(delay=1.0))
            return
        counted = Counter(outcome for _, outcome, _ in outcomes)
        for outcome, count in counted.items():
            _outcomes.add(count, {"projection": self.projection.name, "outcome": outcome})
        self.outcomes.update(counted)
        for msg, outcome, delay in outcomes:
            if outcome in ("applied", "duplicate", "parked"):
                await _quietly(msg.ack())
            elif outcome == "dead":
                await _quietly(msg.term())
            else:
                await _quietly(msg.nak(delay=delay))

    async def _apply_batch(self, msgs, *, careful: bool) -> list[tuple[object, str, float]]:
        outcomes = []
        async with self.db.write() as conn:
            await self.lease.fence(conn)
            parsed = []
            for msg in msgs:
                try:
                    parsed.append((msg, parse(msg)))
                except (DecodeError, ValueError) as exc:  # can never succeed: dead at once
                    await self._dead_letter(conn, _letter_of_message(msg, f"undecodable message: {exc}"))
                    outcomes.append((msg, "dead", 0))
            if self.keys is not None:
                parsed = [(msg, await self._opened(e)) for msg, e in parsed]
            events = [e for _, e in parsed]
            batch = await self._begin(conn, {e.stream_id for e in events}, {e.envelope.event_id for e in events})
            for msg, event in parsed:
                outcome, delay = await self._one(conn, event, batch, careful)
                outcomes.append((msg, outcome, delay))
            for stream_id in {e.stream_id for e in events}:
                await self._unpark_successors(conn, stream_id, batch, careful)
            await self._finish(conn, batch)
            await self.tracking.checkpoint(conn, max(m.metadata.sequence.stream for m in msgs))
        self.applied += batch.applied
        return outcomes

    async def _opened(self, event: ConsumedEvent) -> ConsumedEvent:
        if event.message is None or self.keys is None:
            return event
        opened = await open_message(event.message, event.envelope.service, self.keys)
        return event if opened is event.message else replace(event, message=opened)

    async def _begin(self, conn: AsyncConnection, streams: set[str], event_ids: set[str]) -> _Batch:
        return _Batch(*await self.tracking.batch_state(conn, streams, event_ids))

    @staticmethod
    async def _finish(conn: AsyncConnection, batch: _Batch) -> None:
        await batch.positions.save(conn)
        await batch.failures.save(conn)

    async def _one(self, conn: AsyncConnection, event: ConsumedEvent, batch: _Batch, careful: bool) -> tuple[str, float]:
        stream_id, version = event.stream_id, event.version
        at = batch.positions.at(stream_id)
        if version <= at or version in batch.parked.get(stream_id, ()):
            return "duplicate", 0
        if stream_id in batch.blocked or version > at + 1:
            await self._park(conn, event, batch)
            return "parked", 0
        if event.message is None:
            # A type this build does not know (a newer producer, another contract
            # version): applying nothing could leave the read model wrong, so it waits,
            # with its aggregate, for an operator (replay after upgrading, or skip).
            await self._dead_letter(conn, _letter_of_event(
                event, f"unknown event type {event.envelope.payload.TypeName() or '(none)'} from "
                       f"{event.envelope.service or 'an unnamed service'}: this build cannot apply it"))
            batch.blocked.add(stream_id)
            return "dead", 0
        result = await self._apply(conn, event, batch, careful)
        if result == "failed":
            attempts = batch.failures.current[event.envelope.event_id]
            backoff = self.settings.consumer_backoff_seconds
            return "failed", backoff[min(attempts, len(backoff)) - 1]
        return result, 0

    async def _apply(self, conn: AsyncConnection, event: ConsumedEvent, batch: _Batch, careful: bool) -> str:
        """Apply the next event of its stream: "applied", "failed" (try again later)
        or "dead" (given up: the stream is blocked in this projection)."""
        event_id = event.envelope.event_id
        with _tracer.start_as_current_span(
            f"{event.subject} process",
            context=extract_context({"traceparent": event.envelope.traceparent,
                                     "tracestate": event.envelope.tracestate}),
            kind=trace.SpanKind.CONSUMER,
            attributes={"messaging.system": "nats", "messaging.consumer.group.name": self.durable,
                        "messaging.message.id": event_id},
        ) as span:
            try:
                if careful:
                    async with conn.begin_nested():
                        await self.projection.apply(conn, event)
                else:
                    await self.projection.apply(conn, event)
            except Exception as exc:
                if not careful:
                    raise _ApplyCarefully from exc
                span.record_exception(exc)
                attempts = batch.failures.failed(event_id, repr(exc))
                log.warning("projection failed to apply event", projection=self.projection.name,
                            event_id=event_id, attempts=attempts, error=repr(exc))
                if attempts < self.settings.consumer_max_attempts:
                    return "failed"
                batch.failures.settled(event_id)  # the dead letter keeps the story
                await self._dead_letter(conn, _letter_of_event(event, f"{exc!r} (after {attempts} attempts)"))
                batch.blocked.add(event.stream_id)
                return "dead"
        batch.positions.advance(event.stream_id, event.version, event_id)
        batch.failures.settled(event_id)
        batch.applied += 1
        return "applied"

    async def _park(self, conn: AsyncConnection, event: ConsumedEvent, batch: _Batch) -> None:
        await self.tracking.park(conn, Parked(
            event.stream_id, event.version, event.envelope.event_id, event.subject, event.stream_sequence,
            event.envelope.SerializeToString(),
        ))
        batch.parked.setdefault(event.stream_id, set()).add(event.version)
        self._maybe_parked = True

    async def _unpark_successors(self, conn: AsyncConnection, stream_id: str, batch: _Batch, careful: bool) -> None:
        """Apply the parked events that follow the stream's position, in order."""
        waiting = batch.parked.get(stream_id)
        while waiting and stream_id not in batch.blocked:
            version = batch.positions.at(stream_id) + 1
            if version not in waiting:
                return
            parked = await self.tracking.parked(conn, stream_id, version)
            if parked is None:  # another transaction took it (an operator's replay)
                waiting.discard(version)
                continue
            event = await self._opened(parse_envelope(parked.envelope, parked.subject, parked.stream_sequence))
            await batch.failures.include(conn, {parked.event_id})
            result = await self._apply(conn, event, batch, careful)
            if result == "failed":
                attempts = batch.failures.current[parked.event_id]
                backoff = self.settings.consumer_backoff_seconds
                retry = self.clock() + timedelta(seconds=backoff[min(attempts, len(backoff)) - 1])
                await self.tracking.retry_parked_at(conn, stream_id, version, retry)
                return
            await self.tracking.unpark(conn, stream_id, version)
            waiting.discard(version)

    async def _unpark_if_due(self, *, force: bool = False) -> None:
        """Look for parked events whose turn has come (their predecessor was applied
        by an earlier batch or an operator, or their retry wait is over)."""
        loop = asyncio.get_running_loop()
        if not self._maybe_parked or not self.active:
            return
        if not force and loop.time() - self._last_unpark < UNPARK_INTERVAL_SECONDS:
            return
        self._last_unpark = loop.time()
        try:
            async with self._lock:
                await self.unpark_due()
        except LeaseLost:
            self.active = False
        except Exception as exc:
            log.warning("unparking failed; trying again later", projection=self.projection.name, error=repr(exc))

    async def unpark_due(self) -> int:
        """One pass over parked events ready to apply; returns how many were applied."""
        async with self.db.write() as conn:
            await self.lease.fence(conn)
            streams = set(await self.tracking.ready_to_unpark(conn, self.clock()))
            if not streams:
                self._maybe_parked = await self.tracking.parked_count(conn) > 0
                return 0
            batch = await self._begin(conn, streams, set())
            for stream_id in streams:
                await self._unpark_successors(conn, stream_id, batch, careful=True)
            await self._finish(conn, batch)
        self.applied += batch.applied
        self.outcomes["unparked"] += batch.applied
        return batch.applied

    async def _dead_letter(self, conn: AsyncConnection, letter: DeadLetter) -> None:
        await self.tracking.dead_letter(conn, letter)
        log.error("dead letter recorded", projection=self.projection.name, event_id=letter.event_id,
                  stream_id=letter.stream_id, version=letter.version, error=letter.error)

    # --- operations ---------------------------------------------------------------

    async def replay_dead_letter(self, letter_id: int, by: str) -> int:
        """Apply a dead letter again (after a fix), then the events parked behind it;
        returns how many events were applied. FAILED_PRECONDITION if it still fails."""
        return await self._resolve(letter_id, by, "", replay=True)

    async def skip_dead_letter(self, letter_id: int, by: str, note: str) -> int:
        """Give a dead letter up for good (recorded, with ``note``); the events parked
        behind it are applied. Returns how many were."""
        return await self._resolve(letter_id, by, note, replay=False)

    async def _resolve(self, letter_id: int, by: str, note: str, *, replay: bool) -> int:
        async with self._lock, self.db.write() as conn:
            row = await self.tracking.open_dead_letter(conn, letter_id)
            if row is None:
                raise NotFound(f"projection {self.projection.name} has no dead letter {letter_id}")
            if row.resolved_at is not None:
                raise FailedPrecondition(f"dead letter {letter_id} was {row.resolution} already")
            if not row.stream_id:
                if replay:
                    raise FailedPrecondition(f"dead letter {letter_id} is not an event at all; it can only be skipped")
                await self.tracking.resolve(conn, letter_id, "skipped", by, note)
                return 0
            batch = await self._begin(conn, {row.stream_id}, {row.event_id})
            batch.blocked.discard(row.stream_id)
            at = batch.positions.at(row.stream_id)
            if row.version > at + 1:
                raise FailedPrecondition(
                    f"{row.stream_id} is at version {at} in {self.projection.name}; version {row.version} "
                    "waits for the ones before it"
                )
            if row.version == at + 1:
                if replay:
                    event = await self._opened(parse_envelope(row.envelope, row.subject, row.stream_sequence,
                                                              row.deliveries))
                    if event.message is None:
                        raise FailedPrecondition(
                            f"dead letter {letter_id} is a {event.envelope.payload.TypeName()} this build still "
                            "does not know; upgrade first, or skip it"
                        )
                    try:
                        async with conn.begin_nested():
                            await self.projection.apply(conn, event)
                    except Exception as exc:
                        raise FailedPrecondition(f"dead letter {letter_id} still fails: {exc!r}") from exc
                    batch.applied += 1
                batch.positions.advance(row.stream_id, row.version, row.event_id)
            await self.tracking.resolve(conn, letter_id, "replayed" if replay else "skipped", by, note)
            await self._unpark_successors(conn, row.stream_id, batch, careful=True)
            await self._finish(conn, batch)
        self.applied += batch.applied
        log.info("dead letter resolved", projection=self.projection.name, dead_letter=letter_id,
                 resolution="replayed" if replay else "skipped", by=by, applied=batch.applied)
        return batch.applied

    async def events_on_stream(self) -> int:
        """How many messages the stream holds on this projection's subjects."""
        total = 0
        for subject in self.projection.subjects:
            info = await self.js.stream_info(self.settings.stream_name, subjects_filter=subject)
            total += sum((info.state.subjects or {}).values())
        return total

    async def events_applied(self) -> int:
        """How many events this projection has seen: the sum of its positions (every
        version of every source stream it follows)."""
        pos = projection_positions.c
        async with self.db.read() as conn:
            return await conn.scalar(
                select(func.coalesce(func.sum(pos.version), 0)).where(pos.projection == self.projection.name)
            )

    async def rebuild(self, timeout: float = 300.0, *, force: bool = False) -> int:
        """Drop the projection and replay the stream into it; returns once caught up.

        Refuses (FAILED_PRECONDITION) when the stream holds fewer events on the
        projection's subjects than the projection has already applied — the stream
        lost events, and a rebuild would shrink the read model — unless ``force``.
        """
        before = await self.events_applied()
        on_stream = await self.events_on_stream()
        if on_stream < before and not force:
            raise FailedPrecondition(
                f"the stream holds {on_stream} events on {list(self.projection.subjects)} but "
                f"{self.projection.name} has applied {before}: the stream lost events. Have their "
                "services republish them (OperationsService.AuditStream / RepublishEvents) first"
            )
        async with self._lock:
            with contextlib.suppress(NotFoundError):
                await self.js.delete_consumer(self.settings.stream_name, self.durable)
            async with self.db.write() as conn:
                await self.projection.reset(conn)
                await self.tracking.reset(conn)
            # What the old subscription holds belongs to the deleted consumer.
            await self._replace_subscription(handle_queued=False)
            await self._subscribe()
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            info = await self.js.consumer_info(self.settings.stream_name, self.durable)
            if info.num_pending == 0 and info.num_ack_pending == 0:
                after = await self.events_applied()
                if after < before and not force:
                    raise FailedPrecondition(
                        f"{self.projection.name} replayed {after} events, fewer than the {before} it had "
                        "applied before: the stream lost events. Have their services republish them"
                    )
                return after
            await asyncio.sleep(0.1)
        raise TimeoutError(f"rebuild of {self.projection.name} did not catch up in {timeout}s")

    async def status(self) -> dict:
        async with self.db.read() as conn:
            checkpoint = await self.tracking.checkpoint_of(conn)
            dead = await self.tracking.dead_letter_count(conn, open_only=True)
            parked = await self.tracking.parked_count(conn)
            waiting = await self.tracking.waiting(conn, limit=1000)
        try:
            info = await self.js.consumer_info(self.settings.stream_name, self.durable)
            pending = info.num_pending + info.num_ack_pending
        except Exception:
            pending = 0
        now = self.clock()
        stalled = [w for w in waiting if (now - w[3]).total_seconds() > self.settings.consumer_gap_timeout_seconds]
        return {"projection": self.projection.name, "consumer": self.durable,
                "checkpoint": checkpoint, "pending": pending, "dead_letters": dead,
                "parked": parked, "blocked_aggregates": sum(1 for w in waiting if w[4]),
                "stalled_aggregates": len(stalled), "active": self.active}

    async def blocked_aggregates(self) -> list[dict]:
        """Streams with parked events: why they wait and since when."""
        async with self.db.read() as conn:
            waiting = await self.tracking.waiting(conn)
        return [
            {"stream_id": stream, "applied_version": applied, "first_parked_version": first,
             "parked_since": since, "reason": "dead letter" if blocked else f"waiting for version {applied + 1}"}
            for stream, applied, first, since, blocked in waiting
        ]


def _letter_of_event(event: ConsumedEvent, error: str) -> DeadLetter:
    env = event.envelope
    return DeadLetter(
        event_id=env.event_id, event_type=env.event_type, stream_id=env.stream_id, version=env.version,
        subject=event.subject, stream_sequence=event.stream_sequence, deliveries=event.deliveries,
        error=error, envelope=env.SerializeToString(),
    )


def _letter_of_message(msg, error: str) -> DeadLetter:
    env = Envelope()
    return DeadLetter(
        event_id=env.event_id, event_type=env.event_type, stream_id=env.stream_id, version=env.version,
        subject=msg.subject, stream_sequence=msg.metadata.sequence.stream, deliveries=msg.metadata.num_delivered,
        error=error, envelope=msg.data,
    )


def _queued(sub) -> list:
    """Messages already delivered to a pull subscription and waiting in its queue
    (nats-py keeps them in the underlying subscription's pending queue)."""
    inner = getattr(sub, "_sub", None)
    queue = getattr(inner, "_pending_queue", None)
    found = []
    while queue is not None and not queue.empty():
        msg = queue.get_nowait()
        inner._pending_size -= len(msg.data)
        if msg.reply and msg.data:  # status messages (408/404/heartbeats) carry no event
            found.append(msg)
    return found


async def _sleep_or(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def _quietly(ack) -> None:
    # An ack lost to a broken connection is harmless: the redelivery is a duplicate.
    try:
        await ack
    except Exception as exc:
        log.debug("ack not sent", error=repr(exc))


