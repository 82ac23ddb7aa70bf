"""A projection's bookkeeping, kept in its service's database next to the read model
and written in the same transaction as the projection's changes:

- **positions**: the last version of each source stream the projection applied,
  which makes re-deliveries harmless and version gaps visible;
- **failures**: failed attempts per event, counted across redeliveries and
  replicas (JetStream's own delivery count also grows while an event waits for its
  predecessor, so it cannot tell failures apart);
- **checkpoint**: the highest stream sequence the projection has handled;
- **dead letters**: events given up on, with the reason, for operators. An open dead
  letter blocks its source stream in this projection: later events of that stream
  are parked until an operator replays (after a fix) or skips it;
- **parked events**: events that arrived before their predecessor (a version gap) or
  behind an open dead letter, kept here (and acked) until they can be applied in
  order — so waiting costs no JetStream ack slots and survives restarts.

Nothing here knows NATS; ``offkai_kit.consumer.runner`` feeds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal_column,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit.db import Position, UtcDateTime
from offkai_kit.eventstore.schema import metadata

# Created by offkai_kit.eventstore.migrations (create_kit_tables_v1).
projection_positions = Table(
    "projection_positions",
    metadata,
    Column("projection", String(100), primary_key=True),
    Column("stream_id", String(200), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("event_id", String(36), nullable=False),
)

projection_failures = Table(
    "projection_failures",
    metadata,
    Column("projection", String(100), primary_key=True),
    Column("event_id", String(36), primary_key=True),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=False),
)

projection_checkpoints = Table(
    "projection_checkpoints",
    metadata,
    Column("projection", String(100), primary_key=True),
    Column("stream_sequence", BigInteger, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

dead_letters = Table(
    "dead_letters",
    metadata,
    Column("id", Position, primary_key=True, autoincrement=True),
    Column("projection", String(100), nullable=False, index=True),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(128), nullable=False),
    Column("stream_id", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("subject", String(255), nullable=False),
    Column("stream_sequence", BigInteger, nullable=False),
    Column("deliveries", Integer, nullable=False),
    Column("error", Text, nullable=False),
    Column("envelope", LargeBinary, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    # Set when an operator replayed ("replayed") or skipped ("skipped") it.
    Column("resolved_at", UtcDateTime, nullable=True),
    Column("resolution", String(16), nullable=True),
    Column("resolved_by", String(200), nullable=True),
    Column("note", Text, nullable=True),
)

# Created by offkai_kit.eventstore.migrations (upgrade_kit_tables_v2).
projection_parked = Table(
    "projection_parked",
    metadata,
    Column("projection", String(100), primary_key=True),
    Column("stream_id", String(200), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("event_id", String(36), nullable=False),
    Column("subject", String(255), nullable=False),
    Column("stream_sequence", BigInteger, nullable=False),
    Column("envelope", LargeBinary, nullable=False),
    Column("parked_at", UtcDateTime, nullable=False),
    # After a failed attempt to apply it, not before this.
    Column("retry_at", UtcDateTime, nullable=True),
)

TRACKING_TABLES = (projection_positions, projection_checkpoints, projection_failures, dead_letters, projection_parked)
MAX_ERROR = 4000


class VersionGap(Exception):
    """An event arrived before its predecessor in the same source stream."""


class ConcurrentApply(Exception):
    """Another replica applied the same stream first; this batch is rolled back."""


@dataclass(frozen=True)
class Parked:
    stream_id: str
    version: int
    event_id: str
    subject: str
    stream_sequence: int
    envelope: bytes
    parked_at: datetime | None = None


@dataclass(frozen=True)
class DeadLetter:
    event_id: str
    event_type: str
    stream_id: str
    version: int
    subject: str
    stream_sequence: int
    deliveries: int
    error: str
    envelope: bytes


class Positions:
    """A projection's position in each source stream one batch touches: read with one
    query, checked in memory, written back guarded — new streams in one multi-row
    insert, moved ones in one executemany of guarded updates (one update per stream
    where the driver cannot count an executemany's rows: asyncpg). The guard
    (``WHERE version = <as read>``) makes a batch fail, rather than apply twice,
    when another replica applied the same stream meanwhile; the first-event INSERT is
    guarded by the primary key the same way."""

    def __init__(self, projection: str, loaded: dict[str, int]):
        self.projection = projection
        self.read = loaded
        self.current = dict(loaded)
        self.last_event: dict[str, str] = {}

    def at(self, stream_id: str) -> int:
        return self.current.get(stream_id, 0)

    def is_next(self, stream_id: str, version: int) -> bool:
        """True: apply it. False: applied already. Raises VersionGap if one is missing."""
        at = self.current.get(stream_id, 0)
        if version <= at:
            return False
        if version > at + 1:
            raise VersionGap(f"{stream_id}: version {version} arrived after {at}")
        return True

    def advance(self, stream_id: str, version: int, event_id: str) -> None:
        self.current[stream_id] = version
        self.last_event[stream_id] = event_id

    async def save(self, conn: AsyncConnection) -> None:
        pos = projection_positions.c
        inserts, updates = [], []
        for stream, version in self.current.items():
            before = self.read.get(stream)
            if before == version:
                continue
            if before is None:
                inserts.append(dict(stream_id=stream, version=version, event_id=self.last_event[stream]))
            else:
                updates.append(dict(s=stream, before=before, version=version, event_id=self.last_event[stream]))
        if inserts:
            # One executemany: a stream another replica inserted meanwhile fails it.
            try:
                await conn.execute(insert(projection_positions).values(projection=self.projection), inserts)
            except IntegrityError as exc:
                raise ConcurrentApply("a stream was applied by another consumer meanwhile") from exc
        if not updates:
            return
        guarded = (
            update(projection_positions)
            .where(pos.projection == self.projection, pos.stream_id == bindparam("s"),
                   pos.version == bindparam("before"))
            .values(version=bindparam("version"), event_id=bindparam("event_id"))
        )
        if len(updates) > 1 and conn.dialect.supports_sane_multi_rowcount:
            # One executemany whose rowcount is the sum over its rows (SQLite).
            moved = await conn.execute(guarded, updates)
            if moved.rowcount != len(updates):
                raise ConcurrentApply("a stream was applied by another consumer meanwhile")
            return
        for row in updates:  # asyncpg reports no rowcount for an executemany
            moved = await conn.execute(guarded, row)
            if moved.rowcount != 1:
                raise ConcurrentApply(f"{row['s']} was applied by another consumer meanwhile")


class Failures:
    """Failed attempts per event, for one batch's events: loaded with one query,
    written back once."""

    def __init__(self, projection: str, loaded: dict[str, int]):
        self.projection = projection
        self.read = loaded
        self.current = dict(loaded)
        self.errors: dict[str, str] = {}

    async def include(self, conn: AsyncConnection, event_ids: set[str]) -> None:
        """Also track these events (parked ones met during the batch)."""
        missing = event_ids - set(self.read) - set(self.current)
        if not missing:
            return
        f = projection_failures.c
        rows = await conn.execute(
            select(f.event_id, f.attempts).where(f.projection == self.projection, f.event_id.in_(missing))
        )
        for r in rows:
            self.read[r.event_id] = r.attempts
            self.current.setdefault(r.event_id, r.attempts)

    def failed(self, event_id: str, error: str) -> int:
        """Count one more failed attempt; returns the attempts so far."""
        self.current[event_id] = self.current.get(event_id, 0) + 1
        self.errors[event_id] = error[:MAX_ERROR]
        return self.current[event_id]

    def settled(self, event_id: str) -> None:
        """Applied, or given up on: nothing to count any more."""
        self.current.pop(event_id, None)

    async def save(self, conn: AsyncConnection) -> None:
        f = projection_failures.c
        gone = [e for e in self.read if e not in self.current]
        if gone:
            await conn.execute(
                delete(projection_failures).where(f.projection == self.projection, f.event_id.in_(gone))
            )
        for event_id, attempts in self.current.items():
            if event_id not in self.errors:
                continue
            if event_id in self.read:
                await conn.execute(
                    update(projection_failures)
                    .where(f.projection == self.projection, f.event_id == event_id)
                    .values(attempts=attempts, last_error=self.errors[event_id])
                )
            else:
                await conn.execute(insert(projection_failures).values(
                    projection=self.projection, event_id=event_id, attempts=attempts,
                    last_error=self.errors[event_id]))


class Tracking:
    """The bookkeeping of one projection. Every method works inside the caller's
    transaction, so it commits (or not) with the projection's own changes."""

    def __init__(self, projection: str):
        self.projection = projection
        self._batch_query = None

    async def positions(self, conn: AsyncConnection, streams: set[str]) -> Positions:
        if not streams:
            return Positions(self.projection, {})
        pos = projection_positions.c
        rows = await conn.execute(
            select(pos.stream_id, pos.version).where(pos.projection == self.projection, pos.stream_id.in_(streams))
        )
        return Positions(self.projection, {r.stream_id: r.version for r in rows})

    async def batch_state(
        self, conn: AsyncConnection, streams: set[str], event_ids: set[str]
    ) -> tuple[Positions, Failures, set[str], dict[str, set[int]]]:
        """What one batch needs to know, in ONE query: the positions of ``streams``,
        the failed attempts of ``event_ids``, which of ``streams`` an open dead letter
        blocks, and their parked versions (as ``positions``, ``failures``, ``blocked``
        and ``parked_versions`` would read them one by one)."""
        if not streams and not event_ids:
            return Positions(self.projection, {}), Failures(self.projection, {}), set(), {}
        if self._batch_query is None:
            self._batch_query = _batch_state_query(self.projection)
        name = self.projection
        query = self._batch_query
        positions: dict[str, int] = {}
        failures: dict[str, int] = {}
        blocked: set[str] = set()
        parked: dict[str, set[int]] = {}
        for kind, key, n in await conn.execute(query, {"streams": list(streams), "events": list(event_ids)}):
            if kind == "position":
                positions[key] = n
            elif kind == "failure":
                failures[key] = n
            elif kind == "blocked":
                blocked.add(key)
            else:
                parked.setdefault(key, set()).add(n)
        return Positions(name, positions), Failures(name, failures), blocked, parked

    async def failures(self, conn: AsyncConnection, event_ids: set[str]) -> Failures:
        if not event_ids:
            return Failures(self.projection, {})
        f = projection_failures.c
        rows = await conn.execute(
            select(f.event_id, f.attempts).where(f.projection == self.projection, f.event_id.in_(event_ids))
        )
        return Failures(self.projection, {r.event_id: r.attempts for r in rows})

    async def checkpoint(self, conn: AsyncConnection, sequence: int) -> None:
        """Raise the checkpoint to ``sequence`` (never lower it)."""
        cp = projection_checkpoints.c
        now = datetime.now(UTC)
        done = await conn.execute(
            update(projection_checkpoints)
            .where(cp.projection == self.projection)
            .values(
                stream_sequence=case((cp.stream_sequence < sequence, sequence), else_=cp.stream_sequence),
                updated_at=now,
            )
        )
        if done.rowcount == 0:
            await conn.execute(
                insert(projection_checkpoints).values(projection=self.projection, stream_sequence=sequence, updated_at=now)
            )

    async def dead_letter(self, conn: AsyncConnection, letter: DeadLetter) -> None:
        await conn.execute(
            insert(dead_letters).values(
                projection=self.projection,
                event_id=letter.event_id,
                event_type=letter.event_type,
                stream_id=letter.stream_id,
                version=letter.version,
                subject=letter.subject,
                stream_sequence=letter.stream_sequence,
                deliveries=letter.deliveries,
                error=letter.error[:MAX_ERROR],
                envelope=letter.envelope,
                recorded_at=datetime.now(UTC),
            )
        )

    # -- blocked streams and parked events -----------------------------------------

    async def blocked(self, conn: AsyncConnection, streams: set[str]) -> set[str]:
        """Those of ``streams`` behind an open dead letter in this projection."""
        if not streams:
            return set()
        dl = dead_letters.c
        rows = await conn.execute(
            select(dl.stream_id).distinct().where(
                dl.projection == self.projection, dl.stream_id.in_(streams), dl.resolved_at.is_(None)
            )
        )
        return {r.stream_id for r in rows}

    async def parked_versions(self, conn: AsyncConnection, streams: set[str]) -> dict[str, set[int]]:
        if not streams:
            return {}
        p = projection_parked.c
        rows = await conn.execute(
            select(p.stream_id, p.version).where(p.projection == self.projection, p.stream_id.in_(streams))
        )
        found: dict[str, set[int]] = {}
        for r in rows:
            found.setdefault(r.stream_id, set()).add(r.version)
        return found

    async def park(self, conn: AsyncConnection, event: Parked) -> None:
        await conn.execute(
            insert(projection_parked).values(
                projection=self.projection, stream_id=event.stream_id, version=event.version,
                event_id=event.event_id, subject=event.subject, stream_sequence=event.stream_sequence,
                envelope=event.envelope, parked_at=datetime.now(UTC),
            )
        )

    async def parked(self, conn: AsyncConnection, stream_id: str, version: int) -> Parked | None:
        p = projection_parked.c
        row = (await conn.execute(select(projection_parked).where(
            p.projection == self.projection, p.stream_id == stream_id, p.version == version))).first()
        if row is None:
            return None
        return Parked(row.stream_id, row.version, row.event_id, row.subject, row.stream_sequence, row.envelope,
                      row.parked_at)

    async def unpark(self, conn: AsyncConnection, stream_id: str, version: int) -> None:
        p = projection_parked.c
        await conn.execute(delete(projection_parked).where(
            p.projection == self.projection, p.stream_id == stream_id, p.version == version))

    async def retry_parked_at(self, conn: AsyncConnection, stream_id: str, version: int, at: datetime) -> None:
        p = projection_parked.c
        await conn.execute(update(projection_parked).where(
            p.projection == self.projection, p.stream_id == stream_id, p.version == version).values(retry_at=at))

    async def ready_to_unpark(self, conn: AsyncConnection, now: datetime, limit: int = 100) -> list[str]:
        """Streams whose first parked event is next in line now: its predecessor was
        applied, no open dead letter blocks the stream, and no retry wait is due."""
        p, pos, dl = projection_parked.c, projection_positions.c, dead_letters.c
        applied = (
            select(pos.version)
            .where(pos.projection == self.projection, pos.stream_id == p.stream_id)
            .scalar_subquery()
        )
        open_letter = (
            select(dl.id)
            .where(dl.projection == self.projection, dl.stream_id == p.stream_id, dl.resolved_at.is_(None))
            .exists()
        )
        rows = await conn.execute(
            select(p.stream_id)
            .where(
                p.projection == self.projection,
                p.version == func.coalesce(applied, 0) + 1,
                (p.retry_at.is_(None)) | (p.retry_at <= now),
                ~open_letter,
            )
            .limit(limit)
        )
        return [r.stream_id for r in rows]

    async def waiting(self, conn: AsyncConnection, limit: int = 1000) -> list[tuple[str, int, int, datetime, bool]]:
        """Each stream with parked events: (stream, applied version, first parked
        version, parked since, blocked by a dead letter)."""
        p, dl = projection_parked.c, dead_letters.c
        rows = await conn.execute(
            select(p.stream_id, func.min(p.version).label("first"), func.min(p.parked_at).label("since"))
            .where(p.projection == self.projection)
            .group_by(p.stream_id)
            .order_by(func.min(p.parked_at))
            .limit(limit)
        )
        found = []
        for r in rows.all():
            applied = await self.position_of(conn, r.stream_id)
            blocked = await conn.scalar(
                select(func.count()).select_from(dead_letters).where(
                    dl.projection == self.projection, dl.stream_id == r.stream_id, dl.resolved_at.is_(None))
            )
            found.append((r.stream_id, applied, r.first, r.since, bool(blocked)))
        return found

    async def parked_count(self, conn: AsyncConnection) -> int:
        p = projection_parked.c
        return await conn.scalar(select(func.count()).select_from(projection_parked).where(p.projection == self.projection))

    # -- dead letters: resolution ----------------------------------------------------

    async def open_dead_letter(self, conn: AsyncConnection, letter_id: int):
        dl = dead_letters.c
        return (await conn.execute(select(dead_letters).where(
            dl.id == letter_id, dl.projection == self.projection))).first()

    async def resolve(self, conn: AsyncConnection, letter_id: int, resolution: str, by: str, note: str) -> None:
        dl = dead_letters.c
        await conn.execute(update(dead_letters).where(dl.id == letter_id).values(
            resolved_at=datetime.now(UTC), resolution=resolution, resolved_by=by, note=note))

    async def set_position(self, conn: AsyncConnection, stream_id: str, version: int, event_id: str) -> None:
        """Move this stream's position to ``version`` (an operator skipped the event
        before it); guarded like a batch by the version read."""
        positions = await self.positions(conn, {stream_id})
        positions.advance(stream_id, version, event_id)
        await positions.save(conn)

    async def reset(self, conn: AsyncConnection) -> None:
        """Forget everything (for a rebuild from the start of the stream)."""
        for table in TRACKING_TABLES:
            await conn.execute(delete(table).where(table.c.projection == self.projection))

    async def checkpoint_of(self, conn: AsyncConnection) -> int:
        cp = projection_checkpoints.c
        return await conn.scalar(select(cp.stream_sequence).where(cp.projection == self.projection)) or 0

    async def dead_letter_count(self, conn: AsyncConnection, *, open_only: bool = False) -> int:
        dl = dead_letters.c
        query = select(func.count()).select_from(dead_letters).where(dl.projection == self.projection)
        if open_only:
            query = query.where(dl.resolved_at.is_(None))
        return await conn.scalar(query)

    async def position_of(self, conn: AsyncConnection, stream_id: str) -> int:
        pos = projection_positions.c
        found = await conn.scalar(
            select(pos.version).where(pos.projection == self.projection, pos.stream_id == stream_id)
        )
        return found or 0


def _batch_state_query(projection: str):
    """``Tracking.batch_state``'s query, built once per projection: the stream ids
    and event ids come as expanding parameters (``streams``, ``events``)."""
    pos, f, dl, p = projection_positions.c, projection_failures.c, dead_letters.c, projection_parked.c
    streams, events = bindparam("streams", expanding=True), bindparam("events", expanding=True)
    return union_all(
        select(literal_column("'position'").label("kind"), pos.stream_id.label("key"), pos.version.label("n"))
        .where(pos.projection == projection, pos.stream_id.in_(streams)),
        select(literal_column("'failure'"), f.event_id, f.attempts).where(f.projection == projection,
                                                                          f.event_id.in_(events)),
        select(literal_column("'blocked'"), dl.stream_id, dl.version)
        .where(dl.projection == projection, dl.stream_id.in_(streams), dl.resolved_at.is_(None)),
        select(literal_column("'parked'"), p.stream_id, p.version).where(p.projection == projection,
                                                                         p.stream_id.in_(streams)),
    )


async def dead_letter_page(
    conn: AsyncConnection, *, after_id: int, size: int, projection: str = "", open_only: bool = False
) -> list:
    """Dead letters with ids above ``after_id`` in id order, at most ``size``."""
    dl = dead_letters.c
    query = select(dead_letters).where(dl.id > after_id).order_by(dl.id).limit(size)
    if projection:
        query = query.where(dl.projection == projection)
    if open_only:
        query = query.where(dl.resolved_at.is_(None))
    return list((await conn.execute(query)).all())
