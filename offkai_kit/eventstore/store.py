"""The event store: append with optimistic concurrency, load, snapshots.

One table holds every stream; ``UNIQUE(stream_id, version)`` makes two writers that
read the same version race on the insert, and exactly one wins. The expected version
is also checked inside the transaction, so a stale writer can never leave a gap.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from google.protobuf.message import Message
from opentelemetry import trace
from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit import context
from offkai_kit.db import Database, after_commit, in_chunks, upsert
from offkai_kit.errors import Conflict
from offkai_kit.eventstore import raw
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
class Origin:
    """Where an event comes from: the request chain and trace it was decided in.
    ``append`` takes it from the current context unless told (a group commit
    appends commands of several requests at once)."""

    correlation_id: str
    causation_id: str
    traceparent: str = ""
    tracestate: str = ""

    @staticmethod
    def current() -> Origin:
        ctx = context.current()
        return Origin(ctx.correlation_id, ctx.causation_id, *current_traceparent())


@dataclass(frozen=True)
class Snapshot:
    stream_id: str
    version: int
    schema: int
    state: bytes


_COLUMNS = ("event_id", "stream_id", "stream_type", "version", "event_type", "payload_type", "payload",
            "occurred_at", "correlation_id", "causation_id", "traceparent", "tracestate")
_INSERT_EVENT = f"INSERT INTO events ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})"
# The first event of an append to an existing stream: only if version ``expected``
# is there (the last two parameters: stream id, expected). PostgreSQL has to be told
# the types of a SELECT's bare parameters.
_PG_TYPES = {"version": "integer", "payload": "bytea", "occurred_at": "timestamptz"}
_EXISTS = "WHERE EXISTS (SELECT 1 FROM events WHERE stream_id = ? AND version = ?)"
_INSERT_EVENT_AFTER = {
    "sqlite": f"INSERT INTO events ({', '.join(_COLUMNS)}) SELECT {', '.join('?' for _ in _COLUMNS)} {_EXISTS}",
    "postgresql": f"INSERT INTO events ({', '.join(_COLUMNS)}) "
                  f"SELECT {', '.join('?::' + _PG_TYPES.get(c, 'text') for c in _COLUMNS)} {_EXISTS}",
}
_TAIL = (f"SELECT position, {', '.join(_COLUMNS)} FROM events WHERE stream_id = ? AND version > ? "
         "ORDER BY version")


def _event_params(row: dict, occurred_at) -> tuple:
    """A row of ``_rows`` as ``_INSERT_EVENT``'s parameters (``occurred_at`` as
    ``raw.instant`` wrote it: the rows of one append share it)."""
    return (row["event_id"], row["stream_id"], row["stream_type"], row["version"], row["event_type"],
            row["payload_type"], row["payload"], occurred_at, row["correlation_id"], row["causation_id"],
            row["traceparent"], row["tracestate"])


def _record(row) -> RecordedEvent:
    """A row of ``_TAIL``."""
    return RecordedEvent(
        position=row[0], event_id=row[1], stream_id=row[2], stream_type=row[3], version=row[4],
        event_type=row[5], payload_type=row[6], payload=bytes(row[7]), occurred_at=raw.read_instant(row[8]),
        correlation_id=row[9], causation_id=row[10], traceparent=row[11], tracestate=row[12],
    )


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
        origins: Sequence[Origin] | None = None,
    ) -> list[RecordedEvent]:
        """Append ``payloads`` after ``expected_version`` (0 for a new stream), with an
        optional snapshot, in one transaction; ``within(conn)`` runs in that same
        transaction (the command runner stores the command's answer there).
        ``origins`` (one per payload) says which request each event comes from;
        by default, all come from the current one."""
        async with self.db.write() as conn:
            return await self.append_in(conn, stream_id, stream_type, expected_version, payloads,
                                        snapshot=snapshot, within=within, origins=origins)

    async def append_in(
        self,
        conn: AsyncConnection,
        stream_id: str,
        stream_type: str,
        expected_version: int,
        payloads: Sequence[Message],
        *,
        snapshot: Snapshot | None = None,
        within: Within | None = None,
        origins: Sequence[Origin] | None = None,
        also: Sequence[tuple[str, Sequence[Sequence]]] = (),
    ) -> list[RecordedEvent]:
        """``append`` inside the caller's write transaction ``conn`` (the command
        runner reads the stored answers and the aggregate in the same one); the
        relay is woken once it commits. A refused append leaves the transaction to
        be rolled back. ``also``: more inserts (SQL with ``?`` placeholders and its
        rows, see ``raw.insert_together``) made with the events, before ``within``
        — the command runner's answers, in the events' round trip on PostgreSQL; a
        constraint they break comes back as the driver raised it."""
        if origins is None:
            origins = [Origin.current()] * len(payloads)
        elif len(origins) != len(payloads):
            raise ValueError(f"{len(payloads)} payloads but {len(origins)} origins")
        now = datetime.now(UTC)
        rows = _rows(stream_id, stream_type, expected_version, payloads, now, origins)
        # A span of its own only inside a trace being recorded (an RPC's, a
        # consumer's): elsewhere it would cost every append and show nothing.
        span = (_tracer.start_as_current_span(
            "eventstore.append",
            attributes={"offkai.stream_id": stream_id, "offkai.events": len(rows)},
        ) if trace.get_current_span().is_recording() else contextlib.nullcontext())
        with span:
            if rows:
                await self._insert(conn, stream_id, expected_version, rows, also)
            elif expected_version != await self._version(conn, stream_id):
                raise WrongExpectedVersion(stream_id, expected_version)
            else:
                await raw.insert_together(conn, also)
            if within is not None:
                await within(conn)
            if snapshot is not None:
                await self._save_snapshot(conn, snapshot, now)
        if rows and self._on_append:
            after_commit(conn, self._on_append)
        return [RecordedEvent(**row) for row in rows]

    async def append_within(
        self, conn: AsyncConnection, stream_id: str, stream_type: str, payloads: Sequence[Message]
    ) -> list[RecordedEvent]:
        """Append ``payloads`` at the end of the stream inside the caller's write
        transaction ``conn``, for streams whose writers the caller keeps apart
        itself (one holder of a claimed row, say): many streams can then change
        in one transaction. The relay is woken once the transaction commits."""
        rows = _rows(stream_id, stream_type, await self._version(conn, stream_id), payloads, datetime.now(UTC))
        if rows:
            await self._insert(conn, stream_id, rows[0]["version"] - 1, rows)
            if self._on_append:
                after_commit(conn, self._on_append)
        return [RecordedEvent(**row) for row in rows]

    async def append_many_within(
        self, conn: AsyncConnection, stream_type: str, appends: Sequence[tuple[str, Sequence[Message]]]
    ) -> list[RecordedEvent]:
        """``append_within`` for many streams at once (each its own stream id, at
        most once in ``appends``): one query for their versions and one insert,
        instead of two statements per stream — the notify sender writes a round's
        outcome events this way. ``UNIQUE(stream_id, version)`` still refuses a
        concurrent writer."""
        if len({stream_id for stream_id, _ in appends}) != len(appends):
            raise ValueError("each stream at most once")
        current = await self.versions(conn, [stream_id for stream_id, payloads in appends if payloads])
        now = datetime.now(UTC)
        rows = [row for stream_id, payloads in appends if payloads
                for row in _rows(stream_id, stream_type, current.get(stream_id, 0), payloads, now)]
        if rows:
            await conn.execute(insert(events), rows)
            if self._on_append:
                after_commit(conn, self._on_append)
        return [RecordedEvent(**row) for row in rows]

    @staticmethod
    async def versions(conn: AsyncConnection, stream_ids: Sequence[str]) -> dict[str, int]:
        """The current version of each of these streams that has events (absent: none)."""
        found: dict[str, int] = {}
        for chunk in in_chunks(stream_ids):
            rows = await conn.execute(
                select(events.c.stream_id, func.max(events.c.version))
                .where(events.c.stream_id.in_(chunk))
                .group_by(events.c.stream_id)
            )
            found.update((stream_id, version) for stream_id, version in rows)
        return found

    @staticmethod
    async def load_many(conn: AsyncConnection, after: dict[str, int]) -> dict[str, list[RecordedEvent]]:
        """Each stream's events with a version above ``after[stream_id]``, in order:
        ``load`` for many streams, one query per few hundred."""
        found: dict[str, list[RecordedEvent]] = {stream_id: [] for stream_id in after}
        for chunk in in_chunks(list(after)):
            result = await conn.execute(
                select(events)
                .where(events.c.stream_id.in_(chunk), events.c.version > min(after[s] for s in chunk))
                .order_by(events.c.stream_id, events.c.version)
            )
            for row in result:
                if row.version > after[row.stream_id]:
                    found[row.stream_id].append(record_from_row(row))
        return found

    @staticmethod
    async def _insert(conn: AsyncConnection, stream_id: str, expected: int, rows: list[dict],
                      also: Sequence[tuple[str, Sequence[Sequence]]] = ()) -> None:
        """Insert the rows as versions expected+1…, and the rows ``also`` names;
        refuse unless the stream is at exactly ``expected``. One statement for the
        common single-event append: the first row goes in only if version
        ``expected`` exists, and the unique constraint refuses it if ``expected + 1``
        exists already (on PostgreSQL ``also`` goes in the same statement)."""
        first, rest = rows[0], rows[1:]
        at = raw.instant(conn, first["occurred_at"])
        if expected == 0:
            head = (_INSERT_EVENT, [_event_params(first, at)])
        else:
            head = (_INSERT_EVENT_AFTER[conn.dialect.name], [(*_event_params(first, at), stream_id, expected)])
        try:
            done = await raw.insert_together(
                conn, [head, (_INSERT_EVENT, [_event_params(row, at) for row in rest]), *also])
            if done[0] != 1:
                raise WrongExpectedVersion(stream_id, expected, await EventStore._version(conn, stream_id))
        except Exception as exc:
            if raw.unique_violation(exc, "uq_events_stream_id_version", "events.stream_id", "events.version"):
                raise WrongExpectedVersion(stream_id, expected) from exc
            raise

    @staticmethod
    async def _version(conn: AsyncConnection, stream_id: str) -> int:
        rows = await raw.fetch(conn, "SELECT max(version) FROM events WHERE stream_id = ?", (stream_id,))
        return rows[0][0] or 0

    @staticmethod
    async def _save_snapshot(conn: AsyncConnection, snap: Snapshot, now: datetime) -> None:
        values = dict(version=snap.version, schema=snap.schema, state=snap.state, taken_at=now)
        await upsert(conn, snapshots, {"stream_id": snap.stream_id}, values)

    async def version(self, stream_id: str) -> int:
        async with self.db.read() as conn:
            return await self._version(conn, stream_id)

    async def load(self, stream_id: str, after_version: int = 0, *,
                   conn: AsyncConnection | None = None) -> list[RecordedEvent]:
        """The stream's events with a version above ``after_version``, in order (in
        ``conn``'s transaction if given)."""
        async with self._reading(conn) as conn:
            rows = await raw.fetch(conn, _TAIL, (stream_id, after_version))
            return [_record(row) for row in rows]

    @staticmethod
    def tail_query(stream_id: str, after_version: int, limit: int) -> tuple[str, tuple]:
        """``load``'s query for the first ``limit`` events, for ``raw.fetch_together``
        (its rows: ``tail_of``; ``load`` reads the rest, if ``limit`` came back)."""
        return _TAIL + " LIMIT ?", (stream_id, after_version, limit)

    @staticmethod
    def tail_of(rows: Sequence) -> list[RecordedEvent]:
        """The events of ``tail_query``'s rows, in order."""
        return sorted((_record(row) for row in rows), key=lambda e: e.version)

    async def load_snapshot(self, stream_id: str, schema: int, *,
                            conn: AsyncConnection | None = None) -> Snapshot | None:
        async with self._reading(conn) as conn:
            row = (
                await conn.execute(select(snapshots).where(snapshots.c.stream_id == stream_id))
            ).first()
        if row is None or row.schema != schema:
            return None
        return Snapshot(stream_id, row.version, row.schema, row.state)

    def _reading(self, conn: AsyncConnection | None):
        return contextlib.nullcontext(conn) if conn is not None else self.db.read()

    async def delete_snapshot(self, stream_id: str) -> None:
        async with self.db.write() as conn:
            await delete_snapshots(conn, [stream_id])



async def delete_snapshots(conn: AsyncConnection, stream_ids: Sequence[str]) -> None:
    """Delete the streams' snapshots inside the caller's transaction (a projection
    erasing a member deletes those that hold the member's data opened)."""
    if stream_ids:
        await conn.execute(delete(snapshots).where(snapshots.c.stream_id.in_(list(stream_ids))))


def _rows(
    stream_id: str, stream_type: str, after: int, payloads: Sequence[Message], now: datetime,
    origins: Sequence[Origin] | None = None,
) -> list[dict]:
    if origins is None:
        origins = [Origin.current()] * len(payloads)
    return [
        {
            "event_id": context.new_id(),
            "stream_id": stream_id,
            "stream_type": stream_type,
            "version": after + i,
            "event_type": p.DESCRIPTOR.name,
            "payload_type": p.DESCRIPTOR.full_name,
            "payload": p.SerializeToString(deterministic=True),
            "occurred_at": now,
            "correlation_id": o.correlation_id,
            "causation_id": o.causation_id,
            "traceparent": o.traceparent,
            "tracestate": o.tracestate,
        }
        for i, (p, o) in enumerate(zip(payloads, origins, strict=True), start=1)
    ]
