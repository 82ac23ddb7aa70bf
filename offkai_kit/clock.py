"""Time, as every part of a service reads it: one ``Clock`` (a function returning an
aware UTC ``datetime``), passed in wherever a rule or a schedule judges the time, so
tests can stand somewhere else in time (``offkai_kit.testing.clock.SettableClock``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)
