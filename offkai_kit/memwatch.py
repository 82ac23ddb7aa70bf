"""What grows in a running service's memory: an opt-in report for operators.

With ``OFFKAI_MEMORY_REPORT_SECONDS`` > 0 the service traces its allocations
(``tracemalloc``, ``OFFKAI_MEMORY_REPORT_FRAMES`` frames each) and logs a
``memory report`` every so many seconds: resident memory, what Python has
allocated, live asyncio tasks, threads and database connections checked out, the
allocation sites that grew most and the object types whose count grew most — both
since the first report (the baseline, taken one interval after start, once the
service has warmed up). Tracing costs CPU and memory (more with more frames): turn
it on to find a leak, not for good.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import threading
import tracemalloc
from collections import Counter
from collections.abc import Callable

from offkai_kit.telemetry import get_logger

log = get_logger(__name__)

# What the tracing itself allocates, and imports, are not the service's growth.
_IGNORED = (tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, __file__),
            tracemalloc.Filter(False, "<frozen importlib._bootstrap*>"), tracemalloc.Filter(False, "<unknown>"))


def rss_kib(pid: int | str = "self") -> int | None:
    """A process's resident memory (Linux; this one's by default), in KiB."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def type_counts() -> Counter[str]:
    return Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.get_objects())


class MemoryReport:
    """``run(stop)`` is a runtime task; ``report()`` one report (tests call it)."""

    def __init__(self, interval: float, frames: int = 1, top: int = 10,
                 checked_out: Callable[[], int] | None = None):
        self.interval = interval
        self.frames = frames
        self.top = top
        self.checked_out = checked_out
        self.baseline: tracemalloc.Snapshot | None = None
        self.baseline_types: Counter[str] = Counter()

    def start(self) -> None:
        if not tracemalloc.is_tracing():
            tracemalloc.start(self.frames)

    def report(self) -> dict:
        """Take a snapshot; the first becomes the baseline, later ones are compared to it."""
        snapshot = tracemalloc.take_snapshot().filter_traces(_IGNORED)
        types = type_counts()
        traced, peak = tracemalloc.get_traced_memory()
        found = {"rss_kib": rss_kib(), "traced_kib": traced // 1024, "traced_peak_kib": peak // 1024,
                 # what the tracing itself costs (part of the resident memory above)
                 "tracing_kib": tracemalloc.get_tracemalloc_memory() // 1024,
                 "tasks": len(asyncio.all_tasks()), "threads": threading.active_count(),
                 "objects": sum(types.values())}
        if self.checked_out is not None:
            with contextlib.suppress(Exception):
                found["db_connections_checked_out"] = self.checked_out()
        if self.baseline is None:
            self.baseline, self.baseline_types = snapshot, types
            found["baseline"] = True
            return found
        key = "traceback" if self.frames > 1 else "lineno"
        grown = [s for s in snapshot.compare_to(self.baseline, key) if s.size_diff > 0][: self.top]
        found["grown_sites"] = [
            {"kib": round(s.size_diff / 1024, 1), "count": s.count_diff,
             # the allocating line first, then its callers
             "where": " <- ".join(f"{f.filename}:{f.lineno}" for f in reversed(s.traceback))}
            for s in grown
        ]
        diff = types.copy()
        diff.subtract(self.baseline_types)
        found["grown_types"] = {name: n for name, n in diff.most_common(self.top) if n > 0}
        return found

    async def run(self, stop: asyncio.Event) -> None:
        self.start()
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.interval)
            if stop.is_set():
                return
            log.info("memory report", **self.report())
