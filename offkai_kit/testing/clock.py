"""A clock tests set by hand; services and schedulers read it like the real one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SettableClock:
    """Stands still at the time it is set to; made without one, it follows the real
    clock until the first ``set`` (and again after ``release``)."""

    def __init__(self, at: datetime | None = None):
        self.at: datetime | None = None
        if at is not None:
            self.set(at)

    def __call__(self) -> datetime:
        return self.at if self.at is not None else datetime.now(UTC)

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("the clock keeps aware (UTC) times")
        self.at = at

    def advance(self, by: timedelta) -> datetime:
        self.set(self() + by)
        return self()

    def release(self) -> None:
        """Follow the real clock again."""
        self.at = None
