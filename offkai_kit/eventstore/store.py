"""The event store: append with optimistic concurrency, load, snapshots.

One table holds every stream; ``UNIQUE(stream_id, version)`` makes two writers that
read the same version race on the insert, and exactly one wins. The expected version
is also checked inside the transaction, so a stale writer can never leave a gap.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from google.protobuf.message import Message
from opentelemetry import trace
from sqlalchemy import delete, exists, func, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit import context
from offkai_kit.db import Database, is_violation_of, upsert
from offkai_kit.errors import Conflict
from offkai_kit.eventstore.records import RecordedEvent
from offkai_kit.eventstore.schema import events, snapshots
from offkai_kit.telemetry import current_traceparent

# Work that must commit or roll back with an append (e.g. a command's answer).
Within = Callable[[AsyncConnection], Awaitable[None]]

_tracer = trace.get_tracer("offkai.eventstore")


class WrongExpectedVersion(Conflict):
    """Someone else appended to the stream first (maps to ABORTED)."""

    def __init__(self, stream_id: str, expected: int, actual: int | None = None):
        found = "" if actual is None else f", found {actual}"
        super().__init__(f"stream {stream_id} changed concurrently (expected version {expected}{found})")
        self.stream_id = stream_id
        self.expected = expected


@dataclass(frozen=True)
class Snapshot:
    stream_id: str
    version: int
    schema: int
    state: bytes


def record_from_row(row) -> RecordedEvent:
    return RecordedEvent(
        position=row.position,
        event_id=row.event_id,
        stream_id=row.stream_id,
        stream_type=row.stream_type,
        version=row.version,
        event_type=row.event_type,
        payload_type=row.payload_type,
        payload=row.payload,
        occurred_at=row.occurred_at,
        correlation_id=row.correlation_id,
        causation_id=row.causation_id,
        traceparent=row.traceparent,
        tracestate=row.tracestate,
    )


class EventStore:
    def __init__(self, db: Database, *, on_append: Callable[[], None] | None = None):
        self.db = db
        self._on_append = on_append

    async def append(
        self,
        stream_id: str,
        stream_type: str,
        expected_version: int,
        payloads: Sequence[Message],
        *,
        snapshot: Snapshot | None = None,
        within: Within | None = None,
    ) -> list[RecordedEvent]:
        """Append ``payloads`` after ``expected_version`` (0 for a new stream), with an
        optional snapshot, in one transaction; ``within(conn)`` runs in that same
        transaction (the command runner stores the command's answer there)."""
        ctx = context.current()
        traceparent, tracestate = current_traceparent()
        now = datetime.now(UTC)
        rows = [
            {
                "event_id": context.new_id(),
                "stream_id": stream_id,
                "stream_type": stream_type,
                "version": expected_version + i,
                "event_type": p.DESCRIPTOR.name,
                "payload_type": p.DESCRIPTOR.full_name,
                "payload": p.SerializeToString(deterministic=True),
                "occurred_at": now,
                "correlation_id": ctx.correlation_id,
                "causation_id": ctx.causation_id,
                "traceparent": traceparent,
                "tracestate": tracestate,
            }
            for i, p in enumerate(payloads, start=1)
        ]
        with _tracer.start_as_current_span(
            "eventstore.append",
            attributes={"offkai.stream_id": stream_id, "offkai.events": len(rows)},
        ):
            try:
                async with self.db.write() as conn:
                    if rows:
                        await self._insert(conn, stream_id, expected_version, rows)
                    elif expected_version != await self._version(conn, stream_id):
                        raise WrongExpectedVersion(stream_id, expected_version)
                    if within is not None:
                        await within(conn)
                    if snapshot is not None:
                        await self._save_snapshot(conn, snapshot, now)
            except IntegrityError as exc:
                if is_violation_of(exc, "uq_events_stream_id_version", "events.stream_id", "events.version"):
                    raise WrongExpectedVersion(stream_id, expected_version) from exc
                raise
        if rows and self._on_append:
            self._on_append()
        return [RecordedEvent(**row) for row in rows]

    @staticmethod
    async def _insert(conn: AsyncConnection, stream_id: str, expected: int, rows: list[dict]) -> None:
        """Insert the rows as versions expected+1…; refuse unless the stream is at
        exactly ``expected``. One statement for the common single-event append: the
        first row goes in only if version ``expected`` exists, and the unique
        constraint refuses it if ``expected + 1`` exists already."""
        first, rest = rows[0], rows[1:]
        if expected == 0:
            await conn.execute(insert(events).values(first))
        else:
            present = exists().where(events.c.stream_id == stream_id, events.c.version == expected)
            values = select(*(literal(v, events.c[k].type).label(k) for k, v in first.items())).where(present)
            done = await conn.execute(insert(events).from_select(list(first), values))
            if done.rowcount != 1:
                raise WrongExpectedVersion(stream_id, expected, await EventStore._version(conn, stream_id))
        if rest:
            await conn.execute(insert(events), rest)

    @staticmethod
    async def _version(conn: AsyncConnection, stream_id: str) -> int:
        found = await conn.scalar(
            select(func.max(events.c.version)).where(events.c.stream_id == stream_id)
        )
        return found or 0

    @staticmethod
    async def _save_snapshot(conn: AsyncConnection, snap: Snapshot, now: datetime) -> None:
        values = dict(version=snap.version, schema=snap.schema, state=snap.state, taken_at=now)
        await upsert(conn, snapshots, {"stream_id": snap.stream_id}, values)

    async def version(self, stream_id: str) -> int:
        async with self.db.read() as conn:
            return await self._version(conn, stream_id)

    async def load(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        """The stream's events with a version above ``after_version``, in order."""
        async with self.db.read() as conn:
            result = await conn.execute(
                select(events)
                .where(events.c.stream_id == stream_id, events.c.version > after_version)
                .order_by(events.c.version)
            )
            return [record_from_row(r) for r in result]

    async def load_snapshot(self, stream_id: str, schema: int) -> Snapshot | None:
        async with self.db.read() as conn:
            row = (
                await conn.execute(select(snapshots).where(snapshots.c.stream_id == stream_id))
            ).first()
        if row is None or row.schema != schema:
            return None
        return Snapshot(stream_id, row.version, row.schema, row.state)

    async def delete_snapshot(self, stream_id: str) -> None:
        async with self.db.write() as conn:
            await delete_snapshots(conn, [stream_id])


async def delete_snapshots(conn: AsyncConnection, stream_ids: Sequence[str]) -> None:
    """Delete the streams' snapshots inside the caller's transaction (a projection
    erasing a member deletes those that hold the member's data opened)."""
    if stream_ids:
        await conn.execute(delete(snapshots).where(snapshots.c.stream_id.in_(list(stream_ids))))
