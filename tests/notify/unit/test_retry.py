"""Outcomes and retries: what is transient, backoff with jitter up to a
limit, and Retry-After as a floor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from offkai_notify.domain.retry import (
    CONNECTION,
    SENT,
    TIMEOUT,
    Outcome,
    RetryPolicy,
    Verdict,
    http_outcome,
    parse_retry_after,
    smtp_outcome,
)

NOW = datetime(2027, 1, 16, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("status, verdict", [
    (250, Verdict.SENT), (421, Verdict.TRANSIENT), (450, Verdict.TRANSIENT), (452, Verdict.TRANSIENT),
    (550, Verdict.PERMANENT), (552, Verdict.PERMANENT), (554, Verdict.PERMANENT), (999, Verdict.TRANSIENT),
])
def test_smtp_replies(status, verdict):
    assert smtp_outcome(status).verdict is verdict


@pytest.mark.parametrize("status, verdict", [
    (200, Verdict.SENT), (204, Verdict.SENT), (301, Verdict.PERMANENT), (400, Verdict.PERMANENT),
    (401, Verdict.PERMANENT), (404, Verdict.PERMANENT), (410, Verdict.PERMANENT), (429, Verdict.TRANSIENT),
    (500, Verdict.TRANSIENT), (502, Verdict.TRANSIENT), (503, Verdict.TRANSIENT),
])
def test_http_statuses(status, verdict):
    outcome = http_outcome(status, None, NOW)
    assert outcome.verdict is verdict
    assert outcome.code == ("" if verdict is Verdict.SENT else f"http_{status}")


def test_connection_errors_and_timeouts_are_transient():
    assert CONNECTION.transient and TIMEOUT.transient and SENT.sent


@pytest.mark.parametrize("value, wait", [
    ("2", timedelta(seconds=2)),
    (" 120 ", timedelta(seconds=120)),
    ("1.2", timedelta(seconds=2)),
    ("0", timedelta(0)),
    ("Sat, 16 Jan 2027 10:01:30 GMT", timedelta(seconds=90)),
    ("Sat, 16 Jan 2027 09:00:00 GMT", timedelta(0)),
    ("-5", None),
    ("soon", None),
    ("", None),
    (None, None),
    ("nan", None),
    ("inf", None),
])
def test_retry_after_in_seconds_or_as_a_date(value, wait):
    assert parse_retry_after(value, NOW) == wait


def test_a_429_carries_its_retry_after():
    outcome = http_outcome(429, "2", NOW)
    assert outcome.transient and outcome.retry_after == timedelta(seconds=2)


def test_backoff_grows_exponentially_with_jitter_and_is_capped():
    policy = RetryPolicy(base_delay=timedelta(seconds=10), multiplier=2, max_delay=timedelta(minutes=5))
    assert policy.backoff(1, 0.0) == timedelta(seconds=5)
    assert policy.backoff(1, 0.999) < timedelta(seconds=10)
    assert policy.backoff(3, 0.0) == timedelta(seconds=20)
    assert policy.backoff(3, 0.5) == timedelta(seconds=30)
    assert policy.backoff(50, 0.999) <= timedelta(minutes=5)
    assert policy.backoff(10_000, 0.0) == timedelta(minutes=2, seconds=30)
    with pytest.raises(ValueError):
        policy.backoff(1, 1.0)


def test_transient_failures_are_retried_until_the_attempts_run_out():
    policy = RetryPolicy(max_attempts=3)
    assert policy.next_attempt_at(CONNECTION, 1, NOW, 0.3) > NOW
    assert policy.next_attempt_at(CONNECTION, 2, NOW, 0.3) > NOW
    assert policy.next_attempt_at(CONNECTION, 3, NOW, 0.3) is None


def test_permanent_failures_are_not_retried():
    assert RetryPolicy().next_attempt_at(smtp_outcome(550), 1, NOW, 0.3) is None
    assert RetryPolicy().next_attempt_at(http_outcome(404, None, NOW), 1, NOW, 0.3) is None


def test_never_earlier_than_retry_after_says():
    policy = RetryPolicy(base_delay=timedelta(seconds=1), max_delay=timedelta(seconds=4))
    throttled = Outcome(Verdict.TRANSIENT, "http_429", timedelta(hours=1))
    for jitter in (0.0, 0.5, 0.99):
        assert policy.next_attempt_at(throttled, 1, NOW, jitter) == NOW + timedelta(hours=1)
    # A short Retry-After does not cut the backoff short either.
    short = Outcome(Verdict.TRANSIENT, "http_503", timedelta(seconds=1))
    assert policy.next_attempt_at(short, 5, NOW, 0.99) > NOW + timedelta(seconds=3)
