"""Timing helpers and the shared set-up (a temp nats-server, databases)."""

from __future__ import annotations

import contextlib
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from offkai_kit.db import Database
from offkai_kit.nats_server import NatsServer
from offkai_kit.testing.databases import create_kit_tables


async def rate(n: int, run: Callable[[], Awaitable[None]], repeats: int = 3) -> float:
    """Operations per second of ``run`` (which performs ``n`` operations); best of repeats."""
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        await run()
        best = max(best, n / (time.perf_counter() - start))
    return best


async def median_seconds(run: Callable[[], Awaitable[None]], repeats: int = 7) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        await run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


async def compare(n: int, ours, baseline, repeats: int = 3) -> tuple[float, float]:
    """Best rates of ``ours`` and ``baseline``, measured alternately so that load from
    elsewhere on the machine hits both alike."""
    best_ours = best_base = 0.0
    for _ in range(repeats):
        best_ours = max(best_ours, await rate(n, ours, repeats=1))
        best_base = max(best_base, await rate(n, baseline, repeats=1))
    return best_ours, best_base


def report(name: str, ours: float, baseline: float, unit: str) -> None:
    """One line: ours, the baseline and their ratio, as "fraction of the baseline's
    speed" — 1.0 is as fast as the bare baseline, 0.5 half as fast."""
    speed = baseline / ours if unit in ("ms", "s") else ours / baseline
    print(f"{name:<44} {ours:>10.1f} {unit:<6} baseline {baseline:>10.1f}   speed ratio {speed:5.2f}")


async def kit_database(url: str) -> Database:
    db = Database(url)
    await create_kit_tables(db)
    return db


@contextlib.contextmanager
def temp_nats():
    with tempfile.TemporaryDirectory() as tmp:
        server = NatsServer(Path(tmp) / "js")
        server.start()
        try:
            yield server
        finally:
            server.kill()
