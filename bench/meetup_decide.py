"""The CPU of one RSVP on a big meetup, in process: decide, fold and the RSVP's answer
(``views.rsvp_of``) on a meetup that already has 5,000 RSVPs, against the same on one
with 10. The meetup's RSVP index makes the two about equal; a state whose queries walk
every RSVP makes the big one hundreds of times slower. Also the snapshot the command
runner writes every 100 events, of the big meetup."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime

from bench import results
from bench.meetup_load import commands_for, rsvp
from offkai_events.domain import MEETUP
from offkai_events.domain.decide import decide
from offkai_events.entrypoints.views import rsvp_of

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _meetup(rsvps: int):
    state = MEETUP.initial
    for command in commands_for("bench", rsvps, NOW):
        state = MEETUP.fold(state, decide(state, command, NOW))
    return state


def per_rsvp(state, first: int, count: int) -> tuple[float, object]:
    """Median seconds to decide, fold and answer one more RSVP (waitlisted)."""
    times = []
    for i in range(first, first + count):
        started = time.perf_counter()
        state = MEETUP.fold(state, decide(state, rsvp("bench", i), NOW))
        rsvp_of(state, "main", f"m{i}")
        times.append(time.perf_counter() - started)
    return statistics.median(times), state


def measure(big: int = 5000, small: int = 10, count: int = 300):
    ours, state = per_rsvp(_meetup(big), big, count)
    base, _ = per_rsvp(_meetup(small), small, count)
    started = time.perf_counter()
    MEETUP.snapshot(state)
    snapshot_ms = (time.perf_counter() - started) * 1000
    row = results.add("meetup_decide", f"one RSVP on a {big:,}-RSVP meetup, in process", ours * 1000, base * 1000,
                      "ms", f"{small} RSVPs", ours_us=ours * 1e6, baseline_us=base * 1e6, snapshot_ms=snapshot_ms)
    print(f"{'':<52} {ours * 1e6:.0f} µs against {base * 1e6:.0f} µs; a snapshot of it {snapshot_ms:.1f} ms")
    return row


async def main() -> None:
    measure()
