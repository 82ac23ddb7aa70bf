"""Leases: one active holder of a job among a service's replicas (the outbox relay,
each projection's runner), with fencing.

A lease row (``leases``) names its owner, an expiry and a *term* that grows each time
the lease changes hands. A holder renews before it expires; a standby takes it over
once it has expired (or at once when the holder releases it at shutdown). The owner is
the replica's stable identity (``OFFKAI_INSTANCE_ID``, by default the host name and
port), so a replica that restarts after a crash takes its own lease back at once
instead of waiting it out.

Holding a lease is not enough to write: a holder may stall (a long GC, a SIGSTOP)
while its lease expires and another replica takes over. So every write that must
come from the holder calls ``fence(conn)`` inside its own transaction: the row must
still name this owner and term, unexpired, or the transaction is refused with
``LeaseLost`` and rolls back.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import BigInteger, Column, String, Table, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit.clock import Clock, utc_now
from offkai_kit.db import Database, UtcDateTime
from offkai_kit.eventstore.schema import metadata

# Created by offkai_kit.eventstore.migrations (upgrade_kit_tables_v2).
leases = Table(
    "leases",
    metadata,
    Column("name", String(150), primary_key=True),
    Column("owner", String(200), nullable=False),
    Column("term", BigInteger, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)

_RELEASED = datetime(1970, 1, 1, tzinfo=UTC)


class LeaseLost(Exception):
    """This replica no longer holds the lease; what it was about to write is refused."""


class Lease:
    def __init__(self, db: Database, name: str, owner: str, ttl_seconds: float, *, clock: Clock = utc_now):
        if ttl_seconds <= 0:
            raise ValueError("a lease needs a positive duration")
        self.db = db
        self.name = name
        self.owner = owner
        self.ttl = timedelta(seconds=ttl_seconds)
        self.clock = clock
        # As last seen by this replica; the database has the final say (``fence``).
        self.term = 0
        self.expires_at: datetime | None = None

    @property
    def held(self) -> bool:
        return self.expires_at is not None and self.expires_at > self.clock()

    async def ensure(self) -> bool:
        """Hold the lease: renew it once a third of it has passed (two thirds still
        left), take it over when it has expired or was released. True while this
        replica holds it. Renewing early leaves a holder two more chances before
        its lease ends (a renewal that waited on a busy database, a short stall),
        for one write per third of the lease."""
        now = self.clock()
        if self.expires_at is not None and self.expires_at - now > self.ttl * 2 / 3:
            return True
        return await self.acquire()

    async def acquire(self) -> bool:
        now = self.clock()
        expires = now + self.ttl
        c = leases.c
        async with self.db.write() as conn:
            row = (await conn.execute(select(c.owner, c.term, c.expires_at).where(c.name == self.name))).first()
            if row is not None:
                if row.owner != self.owner and row.expires_at > now:
                    self.expires_at = None
                    return False
                term = row.term if row.owner == self.owner else row.term + 1
                taken = await conn.execute(
                    update(leases)
                    .where(c.name == self.name, c.owner == row.owner, c.term == row.term)
                    .values(owner=self.owner, term=term, expires_at=expires)
                )
                if taken.rowcount != 1:
                    self.expires_at = None
                    return False
                self.term, self.expires_at = term, expires
                return True
        try:
            async with self.db.write() as conn:
                await conn.execute(insert(leases).values(name=self.name, owner=self.owner, term=1, expires_at=expires))
        except IntegrityError:
            return False  # another replica created it first
        self.term, self.expires_at = 1, expires
        return True

    async def fence(self, conn: AsyncConnection) -> None:
        """Inside a write transaction: refuse it unless this replica still holds the
        lease at the term it took; extends the lease as a side effect."""
        now = self.clock()
        c = leases.c
        expires = now + self.ttl
        kept = await conn.execute(
            update(leases)
            .where(c.name == self.name, c.owner == self.owner, c.term == self.term, c.expires_at > now)
            .values(expires_at=expires)
        )
        if kept.rowcount != 1:
            self.expires_at = None
            raise LeaseLost(f"lease {self.name!r} is no longer held by {self.owner}")
        self.expires_at = expires

    async def release(self) -> None:
        """Give the lease up (at shutdown) so a standby takes over at once."""
        c = leases.c
        async with self.db.write() as conn:
            await conn.execute(
                update(leases)
                .where(c.name == self.name, c.owner == self.owner)
                .values(expires_at=_RELEASED)
            )
        self.expires_at = None
