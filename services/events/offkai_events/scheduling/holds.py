"""The scheduler's notes on each meetup (``meetup_schedule_holds``): steps given
up on, the one step backing off, and when to look at the meetup again.

Not a projection: the notes record what the schedulers did, so a rebuild of
``meetup_schedule`` leaves them alone. They are shared by every replica and
kept across restarts, so a stuck meetup is neither retried in a hot loop nor
starves the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import exists, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_events.scheduling.schedule_tables import meetup_schedule, meetup_schedule_holds
from offkai_kit.db import Database


@dataclass
class Holds:
    """The scheduler's notes on one meetup: steps given up on and the one step
    backing off, if any."""

    dropped: set[str] = field(default_factory=set)
    failing_step: str | None = None
    attempts: int = 0
    retry_at: datetime | None = None
    last_error: str | None = None

    @classmethod
    def from_row(cls, row) -> Holds:
        if row is None or row.dropped is None:
            return cls()
        return cls(
            dropped=set(row.dropped.split()),
            failing_step=row.failing_step,
            attempts=row.attempts,
            retry_at=row.retry_at,
            last_error=row.last_error,
        )

    def waiting(self, key: str, now: datetime) -> bool:
        return self.failing_step == key and self.retry_at is not None and self.retry_at > now

    def drop(self, key: str) -> None:
        self.dropped.add(key)
        if self.failing_step == key:
            self.succeeded(key)

    def failed(self, key: str, error: str, retry_at: Callable[[int], datetime]) -> None:
        self.attempts = self.attempts + 1 if self.failing_step == key else 1
        self.failing_step = key
        self.retry_at = retry_at(self.attempts)
        self.last_error = error[:4000]

    def succeeded(self, key: str) -> None:
        if self.failing_step == key:
            self.failing_step, self.attempts, self.retry_at, self.last_error = None, 0, None, None


async def save_holds(
    db: Database, meetup_id: str, schedule_version: int, holds: Holds, look_at: datetime | None
) -> None:
    """Store ``holds`` and ``look_at`` as worked out against the schedule row at
    ``schedule_version``, keeping steps another replica dropped meanwhile."""
    try:
        await _write(db, meetup_id, schedule_version, holds, look_at)
    except IntegrityError:
        # Another replica inserted the meetup's row first; now there is one to update.
        await _write(db, meetup_id, schedule_version, holds, look_at)


async def _write(db: Database, meetup_id: str, schedule_version: int, holds: Holds, look_at: datetime | None) -> None:
    h = meetup_schedule_holds.c
    async with db.write() as conn:
        row = (
            await conn.execute(select(h.dropped).where(h.meetup_id == meetup_id).with_for_update())
        ).first()
        # Another replica may have dropped other steps meanwhile: keep both.
        dropped = holds.dropped | (set(row.dropped.split()) if row else set())
        values = dict(
            schedule_version=schedule_version,
            look_at=look_at,
            dropped="\n".join(sorted(dropped)),
            failing_step=holds.failing_step,
            attempts=holds.attempts,
            retry_at=holds.retry_at,
            last_error=holds.last_error,
            updated_at=datetime.now(UTC),
        )
        if row is not None:
            await conn.execute(update(meetup_schedule_holds).where(h.meetup_id == meetup_id).values(**values))
        else:
            await _insert_while_scheduled(conn, meetup_id, values)


async def _insert_while_scheduled(conn: AsyncConnection, meetup_id: str, values: dict) -> None:
    """Insert the notes only while the meetup has a schedule row: once the
    projection deleted it (cancelled, ended) the notes would never be removed."""
    h = meetup_schedule_holds
    columns = ["meetup_id", *values]
    chosen = select(
        literal(meetup_id, h.c.meetup_id.type),
        *(literal(v, h.c[k].type) for k, v in values.items()),
    ).where(exists().where(meetup_schedule.c.meetup_id == meetup_id))
    await conn.execute(insert(h).from_select(columns, chosen))
