"""SQLAlchemy's async engine over the stdlib ``sqlite3`` module, in the event loop's
thread: glue, not a driver.

Why: with ``sqlite+aiosqlite`` every statement is a hand-off to aiosqlite's thread and
back (a queue put, a thread wake-up, a future resolved across threads, an event-loop
wake-up). A statement on a local WAL-mode file takes microseconds; the hand-offs cost
far more (a one-row insert + commit ran ~650-1,500/s through the kit's engine against
~30,000/s on ``sqlite3`` directly). Here SQLAlchemy's async engine runs its usual
synchronous core in a greenlet, as for every async driver, and that core calls
``sqlite3`` directly: no thread, no queue.

Why that is safe in the loop's thread: the only thing a SQLite statement can wait on
for long is another connection's lock, and this connection never waits for one
there. ``busy_timeout`` is 0, so a statement that meets a lock fails at once with
``SQLITE_BUSY``; the cursor then backs off *asynchronously* (``asyncio.sleep``, 0.2 ms
doubling to 5 ms, for up to ``BUSY_WAIT`` seconds in all, as SQLite's own busy
handler did with a thread to block) and runs the statement again, while the loop
serves everything else. In WAL mode readers never wait for writers, so the waits
that remain are a writer's ``BEGIN IMMEDIATE`` while another process (a second
replica, or the service's worker: ``OFFKAI_ROLE``) holds the write lock, and the brief locks of opening the
file (WAL recovery after a crash, switching to WAL). In one process writers already
queue on ``Database``'s asyncio lock before they reach SQLite. What still runs in the
loop is SQLite's own work: microseconds per statement, plus now and then an automatic
checkpoint at commit (copying the WAL back into the file, one fsync) — the price of
not paying a thread hop for every statement.

``SQLITE_BUSY_SNAPSHOT`` is not retried: a deferred transaction whose snapshot went
stale cannot become writable by waiting (the kit's writers use ``BEGIN IMMEDIATE``
and never meet it), so it fails as it did before.
"""

from __future__ import annotations

import asyncio
import collections
import sqlite3
import time

from sqlalchemy import pool
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.util import await_

DRIVER = "inloop"
# How long a statement waits, in all, for another connection's lock before it fails
# "database is locked" (which the kit reports as Unavailable): SQLite's busy timeout
# was this before.
BUSY_WAIT = 30.0
# Short pauses: the other process's write transactions take a millisecond or so, and
# while this one waits every writer of this process queues behind it (a split
# service's API process on SQLite took ~10 % more RSVPs with 0.2-5 ms than 1-50 ms).
_FIRST_DELAY = 0.0002
_MAX_DELAY = 0.005
_SQLITE_BUSY = 5
_SQLITE_BUSY_SNAPSHOT = 517


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Another connection holds a lock that waiting can get (not a stale snapshot)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == _SQLITE_BUSY and code != _SQLITE_BUSY_SNAPSHOT


async def patiently(call, *args):
    """``call(*args)`` — a ``sqlite3`` statement, run here and now — retried after
    asynchronous pauses while another connection holds the lock it needs."""
    try:
        return call(*args)
    except sqlite3.OperationalError as exc:
        if not _busy(exc):
            raise
    deadline = time.monotonic() + BUSY_WAIT
    delay = _FIRST_DELAY
    while True:
        await asyncio.sleep(delay)
        try:
            return call(*args)
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() >= deadline:
                raise
        delay = min(delay * 2, _MAX_DELAY)


class InloopCursor(sqlite3.Cursor):
    """A ``sqlite3`` cursor whose statements back off asynchronously on a lock.

    Each statement runs inside a coroutine that SQLAlchemy's greenlet bridge awaits
    (``await_``): it returns at once unless it has to back off, so the bridge costs a
    greenlet switch, not an event-loop round (and the async engine, which checks that
    a statement went through an await, is satisfied). Its rows are read at once, as
    the adapters of SQLAlchemy's async drivers do: no statement stays active after
    the call, and the async layer's ``_async_soft_close`` has nothing left to do."""

    _rows: collections.deque | None = None

    def execute(self, sql, parameters=()):
        await_(patiently(super().execute, sql, parameters))
        self._rows = collections.deque(super().fetchall()) if self.description else None
        return self

    def executemany(self, sql, seq_of_parameters):
        # A retry must see the same parameters again, so an iterator is made a list.
        await_(patiently(super().executemany, sql, list(seq_of_parameters)))
        self._rows = None
        return self

    def fetchone(self):
        return self._rows.popleft() if self._rows else None

    def fetchmany(self, size=None):
        rows = self._rows or ()
        return [rows.popleft() for _ in range(min(size or self.arraysize, len(rows)))]

    def fetchall(self):
        rows, self._rows = list(self._rows or ()), None
        return rows

    def __iter__(self):
        while self._rows:
            yield self._rows.popleft()

    async def _async_soft_close(self) -> None:
        pass


class InloopConnection(sqlite3.Connection):
    def cursor(self, factory=InloopCursor):
        return super().cursor(factory)

    def execute(self, sql, parameters=()):
        return self.cursor().execute(sql, parameters)


class SQLiteDialect_inloop(SQLiteDialect_pysqlite):
    """pysqlite's dialect, marked async so ``create_async_engine`` takes it: its
    DBAPI calls then run in the greenlet SQLAlchemy's asyncio layer already uses,
    which is in the event loop's thread."""

    driver = DRIVER
    is_async = True
    supports_statement_cache = True
    # Closing a sqlite3 connection never waits, so the pool may also close one it
    # finds only through the garbage collector (it drops those of drivers that
    # cannot be closed safely there).
    has_terminate = True

    @classmethod
    def get_pool_class(cls, url):
        # The asyncio-aware pool, as the aiosqlite dialect picks.
        return pool.AsyncAdaptedQueuePool if cls._is_url_file_db(url) else pool.StaticPool

    def create_connect_args(self, url):
        args, kwargs = super().create_connect_args(url)
        # No busy wait inside SQLite (it would block the loop): see patiently. The
        # pool may close a connection from the garbage collector, so no thread check.
        kwargs.update(timeout=0, check_same_thread=False, factory=InloopConnection)
        return args, kwargs

    def do_terminate(self, dbapi_connection):
        dbapi_connection.close()


registry.register(f"sqlite.{DRIVER}", __name__, "SQLiteDialect_inloop")
