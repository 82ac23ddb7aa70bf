"""Async SQLAlchemy engine set up for the two supported backends.

SQLite (the embedded default) runs in WAL mode, and write transactions start with
``BEGIN IMMEDIATE`` so two writers queue for the write lock instead of failing when a
read lock is upgraded. In one process writers queue on an asyncio lock. Its statements
run with the standard ``sqlite3`` module in the event loop's thread
(``offkai_kit.sqlite_inloop``), not through a driver thread: a statement on a local
WAL file takes microseconds, a thread hand-off each way far more. None of them waits
inside SQLite: the busy timeout is 0, and a statement that meets another process's
lock (a second replica on the same file) is retried after ``asyncio.sleep`` pauses
growing from 0.2 to 5 ms, for up to 30 s, while the loop serves everything else; then
it fails "database is locked", ``Unavailable``. Readers never wait in WAL mode.
PostgreSQL (asyncpg) uses READ COMMITTED with row locks where the kit needs them.

Infrastructure faults — the server refusing or dropping connections, a full disk, a
read-only file — leave ``read()``/``write()`` as ``offkai_kit.errors.Unavailable`` (gRPC
UNAVAILABLE, which clients retry), and the connection that saw them is thrown away so
the next transaction starts on a fresh one. SQLite would silently open a file it may
not write read-only and keep that connection in the pool, failing every later write;
here such an open fails instead, until the file is writable again. Readiness
(``usable``) also says no while the SQLite file's disk is (nearly) full.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
import weakref
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import BigInteger, DateTime, Integer, Table, event, insert, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.types import TypeDecorator
from sqlalchemy.util import await_
from sqlalchemy.util.concurrency import greenlet_spawn

from offkai_kit import sqlite_inloop
from offkai_kit.errors import Unavailable

# The connections (SQLAlchemy's sync ones) of open write transactions: SQLite begins
# them IMMEDIATE. A set, not an execution option: ``execution_options`` costs a
# greenlet hop per transaction.
_writing: weakref.WeakSet = weakref.WeakSet()
# Callbacks per open write transaction (not in the connection's info dict: that one
# lives with the pooled DBAPI connection, and reading it revalidates a dead one).
_after_commit: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def after_commit(conn: AsyncConnection, callback) -> None:
    """Run ``callback()`` once the write transaction ``conn`` belongs to has
    committed (never if it rolls back): for caches that must not learn of a change
    before the database has it — or keep a value read while it was being changed."""
    _after_commit[conn].append(callback)

# Bound parameters per statement that every SQLite build accepts, with room to spare.
IN_CHUNK = 500


def in_chunks(values: Sequence[str], size: int = IN_CHUNK) -> Iterator[list[str]]:
    """``values`` a few hundred at a time, for ``IN (...)`` lists."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


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
        self._path: Path | None = None
        if self.is_sqlite:
            path = None
            if self.url.database and self.url.database != ":memory:":
                path = self._path = Path(self.url.database)
                path.parent.mkdir(parents=True, exist_ok=True)
            # Whatever driver the URL names (configs say sqlite+aiosqlite), the kit
            # drives SQLite with sqlite3 in the event loop's thread: sqlite_inloop.
            self.engine: AsyncEngine = create_async_engine(
                self.url.set(drivername=f"sqlite+{sqlite_inloop.DRIVER}"), echo=echo
            )
            _configure_sqlite(self.engine, path)
        else:
            self.engine = create_async_engine(self.url, echo=echo, pool_size=10, max_overflow=10)
            _ping_on_checkout(self.engine)
        self._write_lock = asyncio.Lock() if self.is_sqlite else None

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        if self.is_sqlite:
            async with self._sqlite_transaction(write=False) as conn:
                yield conn
            return
        async with self._connection() as conn:
            async with conn.begin():
                yield conn

    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """A transaction that will write: committed on success, rolled back on error.
        What ``after_commit`` registered on it runs once it has committed."""
        callbacks: list = []
        if self.is_sqlite:
            async with self._write_lock:
                async with self._sqlite_transaction(write=True) as conn:
                    _after_commit[conn] = callbacks
                    try:
                        yield conn
                    finally:
                        _after_commit.pop(conn, None)
        else:
            async with self._connection() as conn:
                _after_commit[conn] = callbacks
                try:
                    async with conn.begin():
                        yield conn
                finally:
                    _after_commit.pop(conn, None)
        for callback in callbacks:
            callback()

    @contextlib.asynccontextmanager
    async def _sqlite_transaction(self, *, write: bool) -> AsyncIterator[AsyncConnection]:
        """``_connection`` + ``begin()`` for SQLite in two greenlet hops instead of
        five (checkout with BEGIN, commit with release): each hop cost about as much
        as SQLite's own work for a short command. Faults are handled as there; with
        ``sqlite3`` in the loop's thread none of these calls suspends, so a
        cancelled caller cannot cut the release short."""
        sync_engine = self.engine.sync_engine

        def begin() -> Connection:
            sync = sync_engine.connect()
            try:
                if write:
                    _writing.add(sync)
                sync.begin()
            except BaseException:
                _writing.discard(sync)
                sync.close()
                raise
            return sync

        try:
            sync = await greenlet_spawn(begin)
        except Exception as exc:
            if is_unavailable(exc):
                raise Unavailable(f"the database is unavailable ({_reason(exc)}); retry") from exc
            raise
        conn = AsyncConnection(self.engine, sync)
        try:
            yield conn
            await greenlet_spawn(_commit_and_release, sync)
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            with contextlib.suppress(Exception):
                await conn.invalidate()
            raise Unavailable(f"the database is unavailable ({_reason(exc)}); retry") from exc
        finally:
            _writing.discard(sync)
            if not sync.closed:
                with contextlib.suppress(Exception):
                    await greenlet_spawn(sync.close)

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[AsyncConnection]:
        """A pooled connection; an infrastructure fault becomes ``Unavailable`` and
        costs the pool that connection."""
        try:
            conn = await self.engine.connect()
        except Exception as exc:
            if is_unavailable(exc):
                raise Unavailable(f"the database is unavailable ({_reason(exc)}); retry") from exc
            raise
        try:
            yield conn
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            with contextlib.suppress(Exception):
                await conn.invalidate()
            raise Unavailable(f"the database is unavailable ({_reason(exc)}); retry") from exc
        finally:
            # The release runs to its end even when the caller is cancelled meanwhile:
            # a release cut short costs the pool the connection (and, when a driver
            # closes on another thread as aiosqlite did, could leave a close that
            # never finishes).
            with contextlib.suppress(Exception):
                await asyncio.shield(conn.close())

    async def usable(self, timeout: float = 5.0) -> bool:
        """Whether the database answers now (and, for SQLite, its file can be written
        and its disk has room for a write)."""
        if self._path is not None and not (_writable(self._path) and _has_room(self._path)):
            return False
        try:
            async with asyncio.timeout(timeout), self.read() as conn:
                await conn.exec_driver_sql("SELECT 1")
        except Exception:
            return False
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()


def _commit_and_release(sync: Connection) -> None:
    sync.commit()
    sync.close()  # not reached if the commit failed: the caller may invalidate first


async def upsert(conn: AsyncConnection, table: Table, key: dict, values: dict) -> None:
    """Update the row with ``key`` or insert it: one portable statement pair for both
    backends. Callers hold the write transaction, so no one slips in between."""
    where = [table.c[name] == value for name, value in key.items()]
    done = await conn.execute(update(table).where(*where).values(**values))
    if done.rowcount == 0:
        await conn.execute(insert(table).values(**key, **values))


# SQLite's words for a database it cannot use right now (the rest of its
# OperationalErrors — no such table, syntax — are bugs, not outages).
_SQLITE_UNAVAILABLE = (
    "database is locked",
    "disk i/o error",
    "database or disk is full",
    "readonly database",
    "unable to open database file",
    "not writable",
)
# PostgreSQL SQLSTATE classes: connection exception, insufficient resources (disk
# full, too many connections), operator intervention (terminated, shutting down,
# cannot connect now), system error.
_POSTGRES_UNAVAILABLE = ("08", "53", "57", "58")


def is_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` says the database is away (retry later) rather than that the
    request or the code is wrong."""
    if isinstance(exc, Unavailable | OSError | sa_exc.TimeoutError):
        return True
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated or isinstance(exc, sa_exc.InterfaceError):
            return True
        text = str(exc.orig).lower()
        if any(words in text for words in _SQLITE_UNAVAILABLE):
            return True
        return _sqlstate(exc.orig)[:2] in _POSTGRES_UNAVAILABLE
    if isinstance(exc, sqlite3.OperationalError):
        return any(words in str(exc).lower() for words in _SQLITE_UNAVAILABLE)
    if type(exc).__module__.startswith("asyncpg"):
        # Raised bare by statements run on the driver's connection
        # (offkai_kit.eventstore.raw); SQLAlchemy would have wrapped it as above.
        from asyncpg.exceptions import InterfaceError as DriverInterfaceError

        if isinstance(exc, DriverInterfaceError):
            return True
    return _sqlstate(exc)[:2] in _POSTGRES_UNAVAILABLE


def _sqlstate(error: BaseException | None) -> str:
    for candidate in (error, getattr(error, "__cause__", None)):
        code = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(code, str):
            return code
    return ""


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return type(orig).__name__


def _ping_on_checkout(engine: AsyncEngine) -> None:
    """``pool_pre_ping`` without a round trip of its own: each connection taken
    from the pool begins its transaction at once, and one that does not answer the
    BEGIN is replaced (the pool retries the checkout on ``DisconnectionError``).
    Every checkout here is for a transaction (``read()``/``write()``), which the
    asyncpg adapter would otherwise begin at its first statement. SQLAlchemy's own
    pre-ping is BEGIN, ``;``, ROLLBACK (for pgbouncer's transaction mode, which
    offkai does not use): three round trips more per transaction."""

    @event.listens_for(engine.sync_engine, "checkout")
    def _ping(adapted, _record, fairy):
        try:
            if adapted._transaction is None and adapted.isolation_level != "autocommit":
                await_(adapted._start_transaction())
            else:
                await_(fairy.driver_connection.fetchrow(";"))
        except Exception as exc:
            raise sa_exc.DisconnectionError(f"the pooled connection is gone ({_reason(exc)})") from exc


def _configure_sqlite(engine: AsyncEngine, path: Path | None) -> None:
    # pysqlite's own transaction handling would defeat BEGIN IMMEDIATE and SAVEPOINT;
    # take it over as SQLAlchemy's documentation recommends.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn, _record):
        if path is not None and not _writable(path):
            # SQLite would open it read-only and every later write on this pooled
            # connection would fail; refuse the connection until it is writable.
            dbapi_conn.close()
            raise sqlite3.OperationalError(f"database file {path} is not writable")
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # 0: a lock held elsewhere fails the statement at once, and sqlite_inloop
        # backs off asynchronously instead of SQLite blocking the loop.
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn):
        immediate = conn in _writing
        # On the driver's connection: as a SQLAlchemy statement, the BEGIN cost a
        # tenth of a one-event command (sqlite_inloop's cursor still backs off on a lock).
        conn.connection.driver_connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")


# SQLite writes whole pages to the WAL, and the WAL index grows with it: below this
# much free space writes start failing ("database or disk is full").
MIN_FREE_BYTES = 1 << 20


def _has_room(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free >= MIN_FREE_BYTES
    except OSError:
        return False


def _writable(path: Path) -> bool:
    """The file (if it exists yet) and its folder (for the WAL and journal files)."""
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(path.parent, os.W_OK)
