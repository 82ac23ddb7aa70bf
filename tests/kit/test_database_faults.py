"""The database going away under the kit, on a real SQLite file: a read-only file and
a full disk make writes fail as Unavailable (gRPC UNAVAILABLE), make readiness say
the database is unusable, and both heal by themselves. Needs root's chattr and
mount; skipped with the reason where they do not work."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

from offkai_kit.db import Database
from offkai_kit.errors import Unavailable


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True)


async def write(db: Database) -> None:
    async with db.write() as conn:
        await conn.execute(text("INSERT INTO notes (body) VALUES ('x')"))


@pytest.fixture
async def sqlite_db(tmp_path):
    async def make(folder: Path) -> Database:
        db = Database(f"sqlite+aiosqlite:///{folder / 'kit.db'}")
        async with db.write() as conn:
            await conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
        await write(db)
        made.append(db)
        return db

    made: list[Database] = []
    yield make
    for db in made:
        await db.dispose()


async def test_a_read_only_file_is_unavailable_until_writable_again(tmp_path, sqlite_db):
    db = await sqlite_db(tmp_path)
    # The main file and its WAL (the WAL index, -shm, is memory-mapped: taking its
    # write permission away kills the process with SIGBUS, whatever the code does).
    files = [str(tmp_path / "kit.db"), str(tmp_path / "kit.db-wal")]
    if run("chattr", "+i", *files).returncode != 0:
        pytest.skip("chattr +i does not work here (the test runs as root on a filesystem with attributes)")
    try:
        assert not await db.usable()
        with pytest.raises(Unavailable):
            await write(db)
    finally:
        run("chattr", "-i", *files)
    assert await db.usable()
    await write(db)


@contextlib.contextmanager
def small_disk(folder: Path):
    folder.mkdir()
    done = run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        run("umount", "-l", str(folder))


def fill(filler: Path) -> Path:
    with contextlib.suppress(OSError), open(filler, "wb") as out:
        while True:
            out.write(b"\0" * 4096)
            out.flush()
    return filler


async def test_a_full_disk_is_unavailable_until_there_is_room(tmp_path, sqlite_db):
    with small_disk(tmp_path / "disk") as disk:
        db = await sqlite_db(disk)
        filler = fill(disk / "filler")
        assert not await db.usable()
        with pytest.raises(Unavailable):
            for _ in range(200):  # until the WAL needs a page the disk does not have
                await write(db)
        filler.unlink()
        assert await db.usable()
        await write(db)
        await db.dispose()
