"""Wall-clock time in a member's time zone, turned into instants without
surprises at daylight-saving changes.

A wall time can be missing (clocks jump forward over it) or happen twice
(clocks fall back). Policies here want "the first moment the member's clock
reads this time or later", which is well defined in both cases: the earlier
of two readings, and the jump itself for a skipped one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def _exists(naive: datetime, aware: datetime, zone: ZoneInfo) -> bool:
    # Through UTC: astimezone() to an aware datetime's own zone returns it unchanged.
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive


def first_instant_at(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The first instant (UTC) at which the clock in ``zone`` shows ``wall`` on
    ``day``, or — when a forward jump skips it — the instant of the jump."""
    naive = datetime.combine(day, wall)
    readings = [
        aware.astimezone(UTC)
        for aware in (naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1))
        if _exists(naive, aware, zone)
    ]
    if readings:
        return min(readings)
    # Skipped. fold=1 reads the wall time with the offset after the jump, which
    # lands before it; fold=0 with the offset before, which lands after it. The
    # jump lies between (zone transitions fall on whole seconds): find it.
    low, high = sorted(
        int(naive.replace(tzinfo=zone, fold=fold).astimezone(UTC).timestamp()) for fold in (0, 1)
    )
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).replace(tzinfo=None) >= naive:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()
