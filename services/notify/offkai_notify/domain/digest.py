"""When a member's weekly digest goes out: a morning of their own week.

Monday 08:00 on the member's clock by default, so it is read with the first
coffee of the week, not in the middle of the night in another time zone.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from offkai_notify.domain.localtime import first_instant_at, local_date

MONDAY = 0
DIGEST_WEEKDAY = MONDAY
DIGEST_TIME = time(8, 0)


def next_digest_at(
    now: datetime, timezone: str, *, weekday: int = DIGEST_WEEKDAY, at: time = DIGEST_TIME
) -> datetime:
    """The first instant after ``now`` (UTC) when the member's clock in
    ``timezone`` reads ``at`` on ``weekday`` (0 = Monday)."""
    zone = ZoneInfo(timezone)
    today = local_date(now, zone)
    day = today + timedelta(days=(weekday - today.weekday()) % 7)
    candidate = first_instant_at(day, at, zone)
    if candidate <= now:
        candidate = first_instant_at(day + timedelta(days=7), at, zone)
    return candidate
