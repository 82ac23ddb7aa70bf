"""A projection's bookkeeping, kept in its service's database next to the read model
and written in the same transaction as the projection's changes:

- **positions**: the last version of each source stream the projection applied,
  which makes re-deliveries harmless and version gaps visible;
- **failures**: failed attempts per event, counted across redeliveries and
  replicas (JetStream's own delivery count also grows while an event waits for its
  predecessor, so it cannot tell failures apart);
- **checkpoint**: the highest stream sequence the projection has handled;
- **dead letters**: events given up on, with the reason, for operators.

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
    case,
    delete,
    func,
    insert,
    select,
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
)

TRACKING_TABLES = (projection_positions, projection_checkpoints, projection_failures, dead_letters)
MAX_ERROR = 4000


class VersionGap(Exception):
    """An event arrived before its predecessor in the same source stream."""


class ConcurrentApply(Exception):
    """Another replica applied the same stream first; this batch is rolled back."""


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
    query, checked in memory, written back with one guarded statement per stream. The
    guard (``WHERE version = <as read>``) makes a batch fail, rather than apply twice,
    when another replica applied the same stream meanwhile; the first-event INSERT is
    guarded by the primary key the same way."""

    def __init__(self, projection: str, loaded: dict[str, int]):
        self.projection = projection
        self.read = loaded
        self.current = dict(loaded)
        self.last_event: dict[str, str] = {}

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
        for stream, version in self.current.items():
            before = self.read.get(stream)
            if before == version:
                continue
            values = dict(version=version, event_id=self.last_event[stream])
            if before is None:
                try:
                    await conn.execute(
                        insert(projection_positions).values(projection=self.projection, stream_id=stream, **values)
                    )
                except IntegrityError as exc:
                    raise ConcurrentApply(f"{stream} was applied by another consumer meanwhile") from exc
                continue
            moved = await conn.execute(
                update(projection_positions)
                .where(pos.projection == self.projection, pos.stream_id == stream, pos.version == before)
                .values(**values)
            )
            if moved.rowcount != 1:
                raise ConcurrentApply(f"{stream} was applied by another consumer meanwhile")


class Failures:
    """Failed attempts per event, for one batch's events: loaded with one query,
    written back once."""

    def __init__(self, projection: str, loaded: dict[str, int]):
        self.projection = projection
        self.read = loaded
        self.current = dict(loaded)
        self.errors: dict[str, str] = {}

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

    async def positions(self, conn: AsyncConnection, streams: set[str]) -> Positions:
        if not streams:
            return Positions(self.projection, {})
        pos = projection_positions.c
        rows = await conn.execute(
            select(pos.stream_id, pos.version).where(pos.projection == self.projection, pos.stream_id.in_(streams))
        )
        return Positions(self.projection, {r.stream_id: r.version for r in rows})

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

    async def reset(self, conn: AsyncConnection) -> None:
        """Forget everything (for a rebuild from the start of the stream)."""
        for table in TRACKING_TABLES:
            await conn.execute(delete(table).where(table.c.projection == self.projection))

    async def checkpoint_of(self, conn: AsyncConnection) -> int:
        cp = projection_checkpoints.c
        return await conn.scalar(select(cp.stream_sequence).where(cp.projection == self.projection)) or 0

    async def dead_letter_count(self, conn: AsyncConnection) -> int:
        dl = dead_letters.c
        return await conn.scalar(select(func.count()).select_from(dead_letters).where(dl.projection == self.projection))

    async def position_of(self, conn: AsyncConnection, stream_id: str) -> int:
        pos = projection_positions.c
        found = await conn.scalar(
            select(pos.version).where(pos.projection == self.projection, pos.stream_id == stream_id)
        )
        return found or 0


async def dead_letter_page(conn: AsyncConnection, *, after_id: int, size: int, projection: str = "") -> list:
    """Dead letters with ids above ``after_id`` in id order, at most ``size``."""
    dl = dead_letters.c
    query = select(dead_letters).where(dl.id > after_id).order_by(dl.id).limit(size)
    if projection:
        query = query.where(dl.projection == projection)
    return list((await conn.execute(query)).all())
