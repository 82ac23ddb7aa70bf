"""When reminders before a meetup go out.

By default a day and an hour before the start; organizers may set other
offsets per meetup (MeetupDetails.reminder_offsets — the events service checks
them: a few, distinct, whole minutes between 10 minutes and 14 days).
Reminders are recomputed from the current start and offsets, so they move
when the meetup moves or its offsets change; one whose instant has passed when it is
(re)scheduled is dropped rather than sent late — the member who RSVPs half an
hour before start has just had everything in the confirmation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_OFFSETS = (timedelta(days=1), timedelta(hours=1))


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


def reminders_for(
    start: datetime, now: datetime, offsets: Sequence[timedelta] | None = None
) -> list[Reminder]:
    """The reminders still to send for a meetup starting at ``start``, earliest
    first. ``offsets`` None or empty means the defaults."""
    chosen = tuple(offsets) if offsets else DEFAULT_OFFSETS
    due = [Reminder(offset, start - offset) for offset in set(chosen)]
    return sorted((r for r in due if r.at > now), key=lambda r: r.at)
