"""SQLite statements run in the event loop's thread (offkai_kit.sqlite_inloop), so a
writer that meets another process's write lock — a second replica on the same file —
must wait without blocking the loop, then go on; and give up as Unavailable (gRPC
UNAVAILABLE, retried by clients) when the lock is never released."""

from __future__ import annotations

import asyncio
import contextlib
import sys

import pytest
from sqlalchemy import text

from offkai_kit import sqlite_inloop
from offkai_kit.db import Database
from offkai_kit.errors import Unavailable
from offkai_kit.testing.polling import eventually

# Another process: takes the write lock, writes, and commits when told to.
HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO notes (body) VALUES ('theirs')")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
"""


@pytest.fixture
async def db(tmp_path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'kit.db'}")
    async with database.write() as conn:
        await conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    yield database
    await database.dispose()


@contextlib.asynccontextmanager
async def other_process_writing(db: Database):
    holder = await asyncio.create_subprocess_exec(
        sys.executable, "-c", HOLDER, str(db.url.database),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert await holder.stdout.readline() == b"locked\n"
        yield holder
    finally:
        if holder.returncode is None:
            holder.kill()
            await holder.wait()


async def commit(holder) -> None:
    holder.stdin.write(b"commit\n")
    await holder.stdin.drain()
    assert await holder.wait() == 0


async def write(db: Database) -> None:
    async with db.write() as conn:
        await conn.execute(text("INSERT INTO notes (body) VALUES ('ours')"))


async def bodies(db: Database) -> list[str]:
    async with db.read() as conn:
        return list((await conn.execute(text("SELECT body FROM notes ORDER BY id"))).scalars())


async def test_a_writer_waits_for_another_process_without_blocking_the_loop(db):
    async with other_process_writing(db) as holder:
        writer = asyncio.create_task(write(db))
        rounds = 0

        async def loop_went_round() -> bool:
            nonlocal rounds
            rounds += 1
            return rounds >= 20

        # Each round of this polling needs the loop; a writer blocking it in a busy
        # wait would hold it until SQLite gave up (and then have failed).
        await eventually(loop_went_round, interval=0.01, what="the loop runs while the writer waits")
        assert not writer.done(), "the writer went on while the other process held the lock"
        # Readers do not wait for the writer in WAL mode.
        assert await bodies(db) == []
        await commit(holder)
        await writer
    assert await bodies(db) == ["theirs", "ours"]


async def test_a_lock_never_released_is_unavailable(db, monkeypatch):
    monkeypatch.setattr(sqlite_inloop, "BUSY_WAIT", 0.3)
    async with other_process_writing(db):
        with pytest.raises(Unavailable):
            await write(db)
    await write(db)  # the lock is gone, and so is the fault
    assert await bodies(db) == ["ours"]
