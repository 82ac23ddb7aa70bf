"""Async SQLAlchemy engine set up for the two supported backends.

SQLite (the embedded default) runs in WAL mode, and write transactions start with
``BEGIN IMMEDIATE`` so two writers queue on the busy timeout instead of failing when
a read lock is upgraded. In one process writers also queue on an asyncio lock, which
is fairer than SQLite's busy-wait. PostgreSQL (asyncpg) uses READ COMMITTED with row
locks where the kit needs them.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from sqlalchemy import BigInteger, DateTime, Integer, Table, event, insert, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.types import TypeDecorator

_WRITE = "offkai_write"

# SQLite only autoincrements an INTEGER PRIMARY KEY.
Position = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator):
    """An instant, stored in UTC and always read back aware.

    PostgreSQL keeps ``timestamptz``; SQLite keeps text without a zone and hands it
    back naive. Writing only aware times, converted to UTC, makes comparisons hold
    on both, and reading attaches UTC again, so no caller fixes zones by hand.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: offkai stores instants (aware datetimes) only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Database:
    """An engine plus ``read()``/``write()`` transaction scopes."""

    def __init__(self, url: str, *, echo: bool = False):
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite:
            if self.url.database and self.url.database != ":memory:":
                from pathlib import Path

                Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine: AsyncEngine = create_async_engine(
                self.url, echo=echo, connect_args={"timeout": 30}
            )
            _configure_sqlite(self.engine)
        else:
            self.engine = create_async_engine(
                self.url, echo=echo, pool_size=10, max_overflow=10, pool_pre_ping=True
            )
        self._write_lock = asyncio.Lock() if self.is_sqlite else None

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as conn:
            async with conn.begin():
                yield conn

    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """A transaction that will write: committed on success, rolled back on error."""
        lock = self._write_lock or contextlib.nullcontext()
        async with lock:
            async with self.engine.connect() as conn:
                conn = await conn.execution_options(**{_WRITE: True})
                async with conn.begin():
                    yield conn

    async def dispose(self) -> None:
        await self.engine.dispose()


async def upsert(conn: AsyncConnection, table: Table, key: dict, values: dict) -> None:
    """Update the row with ``key`` or insert it: one portable statement pair for both
    backends. Callers hold the write transaction, so no one slips in between."""
    where = [table.c[name] == value for name, value in key.items()]
    done = await conn.execute(update(table).where(*where).values(**values))
    if done.rowcount == 0:
        await conn.execute(insert(table).values(**key, **values))


def is_violation_of(exc: IntegrityError, constraint: str, *columns: str) -> bool:
    """Whether ``exc`` broke ``constraint``: PostgreSQL names the constraint, SQLite
    names the columns (``table.column``)."""
    text = str(exc.orig)
    return constraint in text or ("UNIQUE" in text and all(c in text for c in columns))


def _configure_sqlite(engine: AsyncEngine) -> None:
    # pysqlite's own transaction handling would defeat BEGIN IMMEDIATE and SAVEPOINT;
    # take it over as SQLAlchemy's documentation recommends.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn):
        immediate = conn.get_execution_options().get(_WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
