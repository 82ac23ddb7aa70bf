"""Rows 8 and 9: the database goes away under load — PostgreSQL backends terminated,
PostgreSQL refusing connections (a proxy in front of the shared server is shut),
a SQLite file made read-only, a full disk. Commands answer UNAVAILABLE (never
INTERNAL or UNKNOWN) and succeed when retried; readiness says NOT_SERVING while it
lasts and SERVING after, without a restart."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import time
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from tests.faults.invariants import caught_up, check, check_retries
from tests.faults.proxy import TcpProxy
from tests.faults.support import NOT_SERVING, SERVING, timing, wait_health

OUTAGE_SECONDS = 4.0


def through(proxy: TcpProxy, url: str) -> str:
    return make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)


async def terminate_backends(url: str) -> int:
    """pg_terminate_backend on every connection to the service's database."""
    target = make_url(url)
    conn = await asyncpg.connect(make_url(url).set(drivername="postgresql", database="postgres")
                                 .render_as_string(hide_password=False))
    try:
        rows = await conn.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            target.database)
        return sum(1 for r in rows if r[0])
    finally:
        await conn.close()


async def test_postgres_backends_terminated_and_connections_refused(pg_world):
    world = pg_world
    upstream = make_url(world.database_url)
    proxy = TcpProxy(upstream.host or "127.0.0.1", upstream.port or 5432)
    await proxy.accept()
    try:
        events = await world.replica(database_url=through(proxy, world.database_url)).started()
        load = world.load(events).start()
        await load.until_ok(30)

        assert await terminate_backends(world.database_url) > 0
        await load.until_ok(30)

        await proxy.refuse()
        down = time.time()
        not_serving = await wait_health(events, NOT_SERVING, timeout=OUTAGE_SECONDS)
        await load.running_for(max(0.0, down + OUTAGE_SECONDS - time.time()))
        await proxy.accept()
        back = time.time()
        serving = await wait_health(events, SERVING)
        await load.until_ok(30)
        results = await load.stop()
        took = await caught_up(world, since=back)
        counts = await check(world, results)
        during = results.codes(since=down, until=back)
        assert during["UNAVAILABLE"] > 0, f"no command met the outage: {during}"
        assert set(during) <= {"OK", "UNAVAILABLE"}, during
        await check_retries(world, events, results)
        timing("postgres-refused-4s", not_serving_after=not_serving - down, serving_after=serving - back,
               catch_up=took, **counts)
    finally:
        await proxy.close()


def _chattr(flag: str, *paths: Path) -> None:
    subprocess.run(["chattr", flag, *map(str, paths)], check=True, capture_output=True)


def chattr_works(folder: Path) -> str | None:
    probe = folder / "chattr-probe"
    probe.touch()
    try:
        _chattr("+i", probe)
    except (OSError, subprocess.CalledProcessError) as exc:
        return f"chattr +i does not work here ({exc}); the read-only SQLite row needs it (we run as root)"
    _chattr("-i", probe)
    probe.unlink()
    return None


async def test_sqlite_file_read_only_for_a_while(world):
    data = world.root / "data"
    data.mkdir(parents=True, exist_ok=True)
    reason = chattr_works(data)
    if reason:
        pytest.skip(reason)
    events = await world.replica().started()
    load = world.load(events).start()
    await load.until_ok(40)
    # The file and its WAL. Not the WAL index (-shm): SQLite memory-maps it, and a
    # write to a mapping of a file made immutable kills the process with SIGBUS —
    # no code can answer UNAVAILABLE then (see docs/reliability.md).
    files = [p for p in (data / "events.db", data / "events.db-wal") if p.exists()]
    _chattr("+i", *files)
    try:
        down = time.time()
        not_serving = await wait_health(events, NOT_SERVING, timeout=OUTAGE_SECONDS)
        await load.running_for(max(0.0, down + OUTAGE_SECONDS - time.time()))
    finally:
        _chattr("-i", *files)
    back = time.time()
    serving = await wait_health(events, SERVING)
    await load.until_ok(30)
    results = await load.stop()
    took = await caught_up(world, since=back)
    counts = await check(world, results)
    during = results.codes(since=down, until=back)
    assert during["UNAVAILABLE"] > 0, f"no command met the read-only file: {during}"
    assert set(during) <= {"OK", "UNAVAILABLE"}, during
    timing("sqlite-read-only-4s", not_serving_after=not_serving - down, serving_after=serving - back,
           catch_up=took, **counts)


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "48m"):
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs for the disk-full row: {done.stderr.strip() or done.returncode}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)


def fill(folder: Path) -> Path:
    """Write a file until the disk is full."""
    filler = folder / "filler"
    for size in (1 << 20, 4096):  # then the last few KiB too
        with contextlib.suppress(OSError), open(filler, "ab") as out:
            while True:
                out.write(b"\0" * size)
                out.flush()
    return filler


async def test_disk_full_under_sqlite(world):
    with small_disk(world.root / "data") as data:
        try:
            events = await world.replica().started()
            load = world.load(events).start()
            await load.until_ok(40)
            filler = await asyncio.to_thread(fill, data)
            down = time.time()
            not_serving = await wait_health(events, NOT_SERVING, timeout=OUTAGE_SECONDS)
            await load.running_for(max(0.0, down + OUTAGE_SECONDS - time.time()))
            filler.unlink()
            back = time.time()
            serving = await wait_health(events, SERVING)
            await load.until_ok(30)
            results = await load.stop()
            took = await caught_up(world, since=back)
            counts = await check(world, results)
            during = results.codes(since=down, until=back)
            assert during["UNAVAILABLE"] > 0, f"no command met the full disk: {during}"
            assert set(during) <= {"OK", "UNAVAILABLE"}, during
            timing("sqlite-disk-full-4s", not_serving_after=not_serving - down, serving_after=serving - back,
                   catch_up=took, **counts)
        finally:
            await world.close()  # before the disk goes
