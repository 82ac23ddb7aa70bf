"""When reminders before a meetup go out.

By default a day and an hour before the start; organizers may set other
offsets per meetup. Reminders are recomputed from the current start, so they
move when the meetup moves; one whose instant has passed when it is
(re)scheduled is dropped rather than sent late — the member who RSVPs half an
hour before start has just had everything in the confirmation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from offkai_kit.errors import Violations

DEFAULT_OFFSETS = (timedelta(days=1), timedelta(hours=1))
MAX_OFFSETS = 5
MIN_OFFSET = timedelta(minutes=5)
MAX_OFFSET = timedelta(days=30)


@dataclass(frozen=True)
class Reminder:
    offset: timedelta
    at: datetime

    @property
    def key(self) -> str:
        """Stable per meetup and offset (ISO 8601 duration, e.g. "PT1H"), so a
        rescheduled reminder keeps its identity and is sent at most once."""
        seconds = int(self.offset.total_seconds())
        days, rest = divmod(seconds, 86_400)
        hours, rest = divmod(rest, 3_600)
        minutes = rest // 60
        time_part = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M")) if n)
        return "P" + (f"{days}D" if days else "") + (f"T{time_part}" if time_part else "")


def check_offsets(offsets: Sequence[timedelta], v: Violations, field: str = "reminder_offsets") -> None:
    if len(offsets) > MAX_OFFSETS:
        v.add(field, f"at most {MAX_OFFSETS} reminders")
    seen: set[timedelta] = set()
    for i, offset in enumerate(offsets):
        if not MIN_OFFSET <= offset <= MAX_OFFSET:
            v.add(f"{field}[{i}]", "must be between 5 minutes and 30 days before the start")
        elif offset.total_seconds() % 60:
            v.add(f"{field}[{i}]", "must be whole minutes")
        elif offset in seen:
            v.add(f"{field}[{i}]", "duplicate offset")
        seen.add(offset)


def reminders_for(
    start: datetime, now: datetime, offsets: Sequence[timedelta] | None = None
) -> list[Reminder]:
    """The reminders still to send for a meetup starting at ``start``, earliest
    first. ``offsets`` None or empty means the defaults."""
    chosen = tuple(offsets) if offsets else DEFAULT_OFFSETS
    due = [Reminder(offset, start - offset) for offset in set(chosen)]
    return sorted((r for r in due if r.at > now), key=lambda r: r.at)
