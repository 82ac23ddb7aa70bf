"""Quiet hours in the member's own time zone: windows within a day and across
midnight, and nights across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from offkai_notify.domain.localtime import first_instant_at
from offkai_notify.domain.model import QuietHours
from offkai_notify.domain.quiet_hours import deliver_at, quiet_until

TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")
NIGHT_TOKYO = QuietHours(time(22, 0), time(7, 0), "Asia/Tokyo")


def local(zone: ZoneInfo, *args, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=zone, fold=fold).astimezone(UTC)


@pytest.mark.parametrize("at, until", [
    ((2027, 1, 15, 21, 59), None),
    ((2027, 1, 15, 22, 0), (2027, 1, 16, 7, 0)),
    ((2027, 1, 15, 23, 30), (2027, 1, 16, 7, 0)),
    ((2027, 1, 16, 0, 0), (2027, 1, 16, 7, 0)),
    ((2027, 1, 16, 6, 59), (2027, 1, 16, 7, 0)),
    ((2027, 1, 16, 7, 0), None),
    ((2027, 1, 16, 12, 0), None),
])
def test_a_window_across_midnight(at, until):
    expected = local(TOKYO, *until) if until else None
    assert quiet_until(local(TOKYO, *at), NIGHT_TOKYO) == expected


def test_a_window_within_one_day():
    afternoon = QuietHours(time(13, 0), time(15, 30), "Asia/Tokyo")
    assert quiet_until(local(TOKYO, 2027, 1, 16, 12, 59), afternoon) is None
    assert quiet_until(local(TOKYO, 2027, 1, 16, 14, 0), afternoon) == local(TOKYO, 2027, 1, 16, 15, 30)
    assert quiet_until(local(TOKYO, 2027, 1, 16, 15, 30), afternoon) is None


def test_the_members_zone_not_utc_decides():
    # 23:00 in Tokyo is 14:00 UTC: quiet for a Tokyo member, not for a London one.
    now = local(TOKYO, 2027, 1, 15, 23, 0)
    assert quiet_until(now, NIGHT_TOKYO) is not None
    assert quiet_until(now, QuietHours(time(22, 0), time(7, 0), "Europe/London")) is None


def test_no_quiet_hours_never_hold_anything():
    assert quiet_until(local(TOKYO, 2027, 1, 16, 3, 0), None) is None


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError):
        quiet_until(datetime(2027, 1, 16, 3, 0), NIGHT_TOKYO)


def test_spring_forward_night_is_an_hour_shorter():
    # New York, 14 March 2027: 02:00 EST jumps to 03:00 EDT.
    night = QuietHours(time(22, 0), time(7, 0), "America/New_York")
    opens = local(NEW_YORK, 2027, 3, 13, 22, 0)
    closes = quiet_until(opens, night)
    assert closes == local(NEW_YORK, 2027, 3, 14, 7, 0)
    assert closes - opens == timedelta(hours=8)
    assert closes.astimezone(NEW_YORK).hour == 7


def test_fall_back_night_is_an_hour_longer():
    # New York, 7 November 2027: 02:00 EDT falls back to 01:00 EST.
    night = QuietHours(time(22, 0), time(7, 0), "America/New_York")
    opens = local(NEW_YORK, 2027, 11, 6, 22, 0)
    assert quiet_until(opens, night) - opens == timedelta(hours=10)
    # Both 01:30s are inside the window.
    assert quiet_until(local(NEW_YORK, 2027, 11, 7, 1, 30, fold=0), night) == local(NEW_YORK, 2027, 11, 7, 7, 0)
    assert quiet_until(local(NEW_YORK, 2027, 11, 7, 1, 30, fold=1), night) == local(NEW_YORK, 2027, 11, 7, 7, 0)


def test_a_window_ending_in_the_skipped_hour_ends_at_the_jump():
    # Quiet until 02:30, which does not exist on 14 March 2027 in New York:
    # the window ends when the clock jumps to 03:00 (07:00 UTC).
    night = QuietHours(time(23, 0), time(2, 30), "America/New_York")
    closes = quiet_until(local(NEW_YORK, 2027, 3, 14, 1, 45), night)
    assert closes == datetime(2027, 3, 14, 7, 0, tzinfo=UTC)
    assert closes.astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2027, 3, 14, 3, 0)
    assert quiet_until(closes, night) is None
    assert quiet_until(closes - timedelta(seconds=1), night) == closes


def test_a_window_opening_in_the_skipped_hour_opens_at_the_jump():
    night = QuietHours(time(2, 30), time(6, 0), "America/New_York")
    jump = datetime(2027, 3, 14, 7, 0, tzinfo=UTC)
    assert quiet_until(jump - timedelta(seconds=1), night) is None
    assert quiet_until(jump, night) == local(NEW_YORK, 2027, 3, 14, 6, 0)


def test_a_repeated_wall_time_is_taken_at_its_first_reading():
    assert first_instant_at(datetime(2027, 11, 7).date(), time(1, 30), NEW_YORK) == datetime(
        2027, 11, 7, 5, 30, tzinfo=UTC)


def test_urgent_messages_go_through_quiet_hours():
    now = local(TOKYO, 2027, 1, 16, 3, 0)
    assert deliver_at(now, NIGHT_TOKYO, urgent=True) == now
    assert deliver_at(now, NIGHT_TOKYO, urgent=False) == local(TOKYO, 2027, 1, 16, 7, 0)
    noon = local(TOKYO, 2027, 1, 16, 12, 0)
    assert deliver_at(noon, NIGHT_TOKYO, urgent=False) == noon


def test_a_message_useful_until_an_instant_is_not_held_to_it():
    now = local(TOKYO, 2027, 1, 16, 6, 0)  # quiet until 07:00
    assert deliver_at(now, NIGHT_TOKYO, urgent=False, useful_until=local(TOKYO, 2027, 1, 16, 6, 30)) == now
    assert deliver_at(now, NIGHT_TOKYO, urgent=False, useful_until=local(TOKYO, 2027, 1, 16, 7, 0)) == now
    assert deliver_at(now, NIGHT_TOKYO, urgent=False, useful_until=local(TOKYO, 2027, 1, 16, 9, 0)) == local(
        TOKYO, 2027, 1, 16, 7, 0)
