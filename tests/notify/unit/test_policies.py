"""Categories of triggers, urgency, reminder offsets and the digest's
morning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from offkai_notify.domain.categories import CATEGORY_OF, category_of, on_by_default
from offkai_notify.domain.digest import next_digest_at
from offkai_notify.domain.model import Category, ChannelKind, Trigger
from offkai_notify.domain.reminders import DEFAULT_OFFSETS, reminders_for
from offkai_notify.domain.urgency import is_urgent

START = datetime(2027, 1, 16, 10, 0, tzinfo=UTC)


def test_every_trigger_has_a_category_but_the_verification_code_and_an_emailed_invitation():
    assert set(CATEGORY_OF) == set(Trigger)
    assert [t for t in Trigger if category_of(t) is None] == [Trigger.EMAIL_VERIFICATION, Trigger.INVITATION_EMAILED]
    assert {category_of(t) for t in Trigger} - {None} == set(Category)
    assert category_of(Trigger.REMINDER) is Category.REMINDERS
    assert category_of(Trigger.LOTTERY_LOST) is Category.RSVP_CHANGES
    assert category_of(Trigger.ORGANIZER_BROADCAST) is Category.BROADCASTS


def test_defaults_per_kind():
    assert on_by_default(ChannelKind.EMAIL, Category.DIGEST)
    assert not on_by_default(ChannelKind.DISCORD, Category.ANNOUNCEMENTS)
    assert on_by_default(ChannelKind.APPRISE, Category.REMINDERS)


@pytest.mark.parametrize("before_start, urgent", [
    (timedelta(hours=25), False),
    (timedelta(hours=24), True),
    (timedelta(hours=2), True),
    (-timedelta(minutes=10), True),
])
def test_a_cancellation_is_urgent_within_a_day_of_the_start(before_start, urgent):
    assert is_urgent(Trigger.MEETUP_CANCELLED, now=START - before_start, meetup_start=START) is urgent


def test_a_seat_confirmation_deadline_is_urgent():
    now = START - timedelta(days=3)
    assert is_urgent(Trigger.SEAT_CONFIRMATION_REQUESTED, now=now, deadline=now + timedelta(days=1))
    assert not is_urgent(Trigger.SEAT_CONFIRMATION_REQUESTED, now=now, deadline=None)
    assert is_urgent(Trigger.WAITLIST_PROMOTED, now=now, deadline=now + timedelta(hours=5))
    assert not is_urgent(Trigger.WAITLIST_PROMOTED, now=now)
    assert not is_urgent(Trigger.SEAT_CONFIRMATION_REQUESTED, now=now, deadline=now - timedelta(minutes=1))


def test_other_triggers_wait_and_the_verification_code_does_not():
    now = START - timedelta(hours=1)
    assert not is_urgent(Trigger.REMINDER, now=now, meetup_start=START)
    assert not is_urgent(Trigger.MEETUP_UPDATED, now=now, meetup_start=START)
    assert is_urgent(Trigger.EMAIL_VERIFICATION, now=now)


def test_default_reminders_a_day_and_an_hour_before():
    reminders = reminders_for(START, START - timedelta(days=7))
    assert [r.at for r in reminders] == [START - timedelta(days=1), START - timedelta(hours=1)]
    assert [r.key for r in reminders] == ["P1D", "PT1H"]
    assert DEFAULT_OFFSETS == (timedelta(days=1), timedelta(hours=1))


def test_passed_reminders_are_dropped_and_moved_ones_follow_the_start():
    assert [r.key for r in reminders_for(START, START - timedelta(hours=3))] == ["PT1H"]
    assert reminders_for(START, START - timedelta(minutes=30)) == []
    moved = START + timedelta(days=2)
    assert [r.at for r in reminders_for(moved, START - timedelta(days=7))] == [
        moved - timedelta(days=1), moved - timedelta(hours=1)]


def test_organizers_offsets_override_the_defaults():
    offsets = [timedelta(days=3), timedelta(minutes=90), timedelta(days=3)]
    reminders = reminders_for(START, START - timedelta(days=7), offsets)
    assert [r.key for r in reminders] == ["P3D", "PT1H30M"]


def test_the_digest_goes_out_on_the_members_monday_morning():
    # Wednesday 13 January 2027, noon in Tokyo.
    now = datetime(2027, 1, 13, 3, 0, tzinfo=UTC)
    tokyo = next_digest_at(now, "Asia/Tokyo")
    assert tokyo.astimezone(ZoneInfo("Asia/Tokyo")).replace(tzinfo=None) == datetime(2027, 1, 18, 8, 0)
    berlin = next_digest_at(now, "Europe/Berlin")
    assert berlin.astimezone(ZoneInfo("Europe/Berlin")).replace(tzinfo=None) == datetime(2027, 1, 18, 8, 0)
    assert berlin - tokyo == timedelta(hours=8)


def test_the_digest_is_strictly_after_now_and_follows_daylight_saving():
    monday_8 = datetime(2027, 1, 18, 8, 0, tzinfo=ZoneInfo("Asia/Tokyo")).astimezone(UTC)
    assert next_digest_at(monday_8, "Asia/Tokyo") == monday_8 + timedelta(days=7)
    assert next_digest_at(monday_8 - timedelta(seconds=1), "Asia/Tokyo") == monday_8
    # New York switches to EDT on Sunday 14 March 2027: Monday 08:00 is 12:00 UTC, not 13:00.
    before = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)
    assert next_digest_at(before, "America/New_York") == datetime(2027, 3, 15, 12, 0, tzinfo=UTC)
