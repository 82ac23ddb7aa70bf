"""Delivery outcomes and the retry policy.

Transports report an ``Outcome``; this module says whether trying again may
help and when. Transient: SMTP 4xx, connection errors, timeouts, HTTP 5xx and
429. Permanent: SMTP 5xx and every other HTTP 4xx (and 3xx: webhooks are not
followed to another address). Retries back off exponentially with jitter up to
``max_delay`` and give up after ``max_attempts``; a ``Retry-After`` from the
destination is a floor — never earlier than it says.

Outcome codes are short and carry no address or message text, so they can be
logged, stored and published ("smtp_550", "http_429", "timeout").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import StrEnum


class Verdict(StrEnum):
    SENT = "sent"
    TRANSIENT = "transient"
    PERMANENT = "permanent"


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    code: str = ""
    # The destination asked us to wait at least this long (HTTP Retry-After).
    retry_after: timedelta | None = None

    @property
    def sent(self) -> bool:
        return self.verdict is Verdict.SENT

    @property
    def transient(self) -> bool:
        return self.verdict is Verdict.TRANSIENT


SENT = Outcome(Verdict.SENT)
TIMEOUT = Outcome(Verdict.TRANSIENT, "timeout")
CONNECTION = Outcome(Verdict.TRANSIENT, "connection")


def smtp_outcome(status: int) -> Outcome:
    """An SMTP reply code that ended a send: 4xx transient, 5xx permanent."""
    if 200 <= status < 400:
        return SENT
    if 400 <= status < 500:
        return Outcome(Verdict.TRANSIENT, f"smtp_{status}")
    if 500 <= status < 600:
        return Outcome(Verdict.PERMANENT, f"smtp_{status}")
    # Not an SMTP reply at all: a broken server; worth another try.
    return Outcome(Verdict.TRANSIENT, "smtp_protocol")


def http_outcome(status: int, retry_after: str | None, now: datetime) -> Outcome:
    """An HTTP response to a webhook POST."""
    if 200 <= status < 300:
        return SENT
    code = f"http_{status}"
    if status == 429 or 500 <= status < 600:
        return Outcome(Verdict.TRANSIENT, code, parse_retry_after(retry_after, now))
    return Outcome(Verdict.PERMANENT, code)


def parse_retry_after(value: str | None, now: datetime) -> timedelta | None:
    """``Retry-After`` as a wait: delay-seconds or an HTTP date (RFC 9110
    §10.2.3). Fractions of a second (Discord sends them) round up; a date in
    the past means no wait; anything else is ignored (None)."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        if not math.isfinite(seconds) or seconds < 0:
            return None
        return timedelta(seconds=math.ceil(seconds))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        # RFC 5322 "-0000": the date is in UTC.
        when = when.replace(tzinfo=UTC)
    return max(timedelta(0), when - now)


@dataclass(frozen=True)
class RetryPolicy:
    base_delay: timedelta = timedelta(seconds=30)
    multiplier: float = 2.0
    max_delay: timedelta = timedelta(hours=2)
    # Attempts in all, the first one included.
    max_attempts: int = 8

    def backoff(self, attempts_made: int, jitter: float) -> timedelta:
        """The wait after the ``attempts_made``-th failed attempt: base ×
        multiplier^(n-1), capped, then "equal jitter" — half of it fixed, half
        random — so retries of many deliveries spread out but never collapse
        to nothing. ``jitter`` is uniform in [0, 1), made by the caller."""
        if not 0.0 <= jitter < 1.0:
            raise ValueError("jitter must be in [0, 1)")
        exponent = max(0, attempts_made - 1)
        # In float seconds, capped before building a timedelta: the exponential
        # overflows timedelta (and, after many attempts, float) long before it
        # stops mattering.
        try:
            raw = self.base_delay.total_seconds() * float(self.multiplier) ** exponent
        except OverflowError:
            raw = math.inf
        seconds = min(raw, self.max_delay.total_seconds())
        return timedelta(seconds=seconds / 2 + jitter * seconds / 2)

    def next_attempt_at(
        self, outcome: Outcome, attempts_made: int, now: datetime, jitter: float
    ) -> datetime | None:
        """When to try again after a failed attempt, or None: give up (a
        permanent failure, or no attempts left) and dead-letter it."""
        if outcome.verdict is not Verdict.TRANSIENT or attempts_made >= self.max_attempts:
            return None
        wait = self.backoff(attempts_made, jitter)
        if outcome.retry_after is not None:
            wait = max(wait, outcome.retry_after)
        return now + wait
