"""The command path's hot statements, run on the driver's own connection.

Every mutating RPC looks its stored answer up, reads its aggregate's tail, inserts
its events and stores its answer. Through SQLAlchemy each of those statements pays
for building the construct, its cache key, an execution context, result processing
and a greenlet hop — about ten times what SQLite itself spends on it (cProfile of
``bench eventstore``). These few statements are therefore written out once per
backend and run directly on the connection of the transaction SQLAlchemy opened:
``sqlite3`` in the loop's thread (retried on a lock as ``offkai_kit.sqlite_inloop``
does), or asyncpg inside the transaction SQLAlchemy's adapter began. Transactions,
pooling and everything else stay with SQLAlchemy.

Errors come back as the driver raised them; ``unique_violation`` tells a broken
unique constraint apart (``offkai_kit.db.is_unavailable`` knows both drivers' faults).
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit.sqlite_inloop import patiently


def _is_sqlite(conn: AsyncConnection) -> bool:
    return conn.dialect.name == "sqlite"


@lru_cache(maxsize=256)
def _numbered(sql: str) -> str:
    """``?`` placeholders as PostgreSQL's ``$1, $2, …``."""
    count = itertools.count(1)
    return re.sub(r"\?", lambda _: f"${next(count)}", sql)


async def _asyncpg(conn: AsyncConnection):
    """The asyncpg connection, inside the transaction SQLAlchemy's adapter keeps
    for it (``offkai_kit.db`` begins it at checkout; the adapter alone would at the
    first statement)."""
    adapted = conn.sync_connection.connection.dbapi_connection
    if adapted._transaction is None:
        await adapted._start_transaction()
    return adapted._connection


async def fetch(conn: AsyncConnection, sql: str, params: Sequence = ()) -> list:
    """The rows of a query (tuples, or asyncpg records: index them)."""
    if _is_sqlite(conn):
        raw = conn.sync_connection.connection.driver_connection
        # A plain sqlite3 cursor: the in-loop one would go through the greenlet bridge.
        cursor = await patiently(sqlite3.Cursor(raw).execute, sql, params)
        return cursor.fetchall()
    return await (await _asyncpg(conn)).fetch(_numbered(sql), *params)


async def fetch_together(conn: AsyncConnection, queries: Sequence[tuple[str, Sequence]]) -> list[list]:
    """The rows of each query (tuples). On PostgreSQL one statement returns them
    all, each query's rows as an array of records: one round trip; on SQLite,
    one query after the other. A query's ORDER BY is not kept on PostgreSQL:
    callers sort what needs an order."""
    if _is_sqlite(conn) or len(queries) < 2:
        return [await fetch(conn, sql, params) for sql, params in queries]
    arrays = ", ".join(f"ARRAY(SELECT q FROM ({sql}) q)" for sql, _ in queries)
    row = await (await _asyncpg(conn)).fetchrow(_numbered(f"SELECT {arrays}"),
                                                 *(value for _, params in queries for value in params))
    return [list(rows) for rows in row]


async def execute(conn: AsyncConnection, sql: str, params: Sequence = ()) -> int:
    """Run a statement; the number of rows it changed."""
    if _is_sqlite(conn):
        raw = conn.sync_connection.connection.driver_connection
        return (await patiently(sqlite3.Cursor(raw).execute, sql, params)).rowcount
    status = await (await _asyncpg(conn)).execute(_numbered(sql), *params)
    return int(status.rsplit(" ", 1)[-1]) if status and status[-1].isdigit() else 0


async def execute_many(conn: AsyncConnection, sql: str, rows: Sequence[Sequence]) -> None:
    if not rows:
        return
    if len(rows) == 1:
        await execute(conn, sql, rows[0])
    elif _is_sqlite(conn):
        raw = conn.sync_connection.connection.driver_connection
        await patiently(sqlite3.Cursor(raw).executemany, sql, list(rows))
    else:
        await (await _asyncpg(conn)).executemany(_numbered(sql), rows)


# PostgreSQL takes at most 32,767 parameters in one statement.
_MAX_PARAMETERS = 30_000


async def insert_together(conn: AsyncConnection, inserts: Sequence[tuple[str, Sequence[Sequence]]]) -> list[int]:
    """Run INSERT statements, each with its rows of parameters; how many rows each
    inserted. An ``INSERT … VALUES (?, …)`` takes any number of rows, any other
    (``INSERT … SELECT``) one. On PostgreSQL they go as one statement, the
    inserts its data-modifying CTEs: one round trip for all; on SQLite, where a
    statement costs no trip, one after the other."""
    inserts = [(sql, rows) for sql, rows in inserts if rows]
    params = sum(len(row) for _, rows in inserts for row in rows)
    if _is_sqlite(conn) or len(inserts) < 2 or params > _MAX_PARAMETERS:
        counts = []
        for sql, rows in inserts:
            if len(rows) == 1:
                counts.append(await execute(conn, sql, rows[0]))
            else:
                await execute_many(conn, sql, rows)
                counts.append(len(rows))  # else it raised
        return counts
    parts, flat = [], []
    for i, (sql, rows) in enumerate(inserts):
        if len(rows) > 1:
            head, values = sql.split(" VALUES ")
            sql = f"{head} VALUES {', '.join(values for _ in rows)}"
        parts.append(f"s{i} AS ({sql} RETURNING 1)")
        flat += [value for row in rows for value in row]
    counts = ", ".join(f"(SELECT count(*) FROM s{i})" for i in range(len(inserts)))
    return list(await (await _asyncpg(conn)).fetchrow(_numbered(f"WITH {', '.join(parts)} SELECT {counts}"), *flat))


def instant(conn: AsyncConnection, value: datetime) -> datetime | str:
    """An aware instant as the column type ``offkai_kit.db.UtcDateTime`` stores it."""
    value = value.astimezone(UTC)
    # SQLAlchemy's SQLite DATETIME text: "2026-01-02 03:04:05.000006", no zone.
    return value.replace(tzinfo=None).isoformat(" ", "microseconds") if _is_sqlite(conn) else value


def read_instant(value: datetime | str) -> datetime:
    """``UtcDateTime`` read back: always aware, in UTC."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    if value.tzinfo is UTC:
        return value  # as asyncpg reads timestamptz
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def unique_violation(exc: BaseException, constraint: str, *columns: str) -> bool:
    """Whether the driver's ``exc`` broke ``constraint``: PostgreSQL names the
    constraint, SQLite the columns (``table.column``)."""
    name = getattr(exc, "constraint_name", None)
    if name is not None:
        return name == constraint
    text = str(exc)
    return isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in text and all(c in text for c in columns)


def is_integrity_error(exc: BaseException) -> bool:
    """A constraint the statement broke (``sqlite3`` or asyncpg), not a fault."""
    if isinstance(exc, sqlite3.IntegrityError):
        return True
    return (getattr(exc, "sqlstate", None) or "").startswith("23")
