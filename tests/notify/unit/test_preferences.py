"""Preferences: defaults per channel kind, explicit choices, unsubscribing
from a link, quiet hours, locale and near-me; repeats decide nothing."""

from __future__ import annotations

from datetime import time

import pytest

from offkai.notify.v1 import events_pb2 as ev
from offkai.notify.v1 import types_pb2 as pb
from offkai_kit.errors import InvalidArgument, NotFound, PermissionDenied
from offkai_notify.domain import commands as c
from offkai_notify.domain.model import Category, ChannelKind, QuietHours
from tests.notify.unit.builders import AYUMI, BEN, SERVICE, SLACK, given, register, run, with_email_verified


def prefs(*changes, actor=AYUMI) -> c.SetCategoryPreferences:
    return c.SetCategoryPreferences(actor=actor, member_id="ayumi",
                                    changes=tuple(c.PreferenceChange(*ch) for ch in changes))


def test_email_gets_every_category_and_chat_the_meetup_ones_by_default():
    state = given(register(), register(ChannelKind.SLACK, SLACK, channel_id="ch-slack"))
    assert all(state.wants(cat, "ch-email") for cat in Category)
    assert {cat for cat in Category if state.wants(cat, "ch-slack")} == {
        Category.REMINDERS, Category.RSVP_CHANGES, Category.BROADCASTS}


def test_only_active_channels_that_want_a_category_receive_it():
    state = given(register(), register(ChannelKind.SLACK, SLACK, channel_id="ch-slack"))
    # The email channel is still pending verification.
    assert [ch.channel_id for ch in state.receivers(Category.REMINDERS)] == ["ch-slack"]
    assert state.receivers(Category.ANNOUNCEMENTS) == []


def test_choices_override_the_defaults_and_the_last_word_wins():
    state = with_email_verified()
    state, events = run(state, prefs((Category.DIGEST, "ch-email", False),
                                     (Category.ANNOUNCEMENTS, "ch-email", True),
                                     (Category.DIGEST, "ch-email", False)))
    assert [(e.category, e.enabled) for e in events] == [(pb.CATEGORY_DIGEST, False),
                                                         (pb.CATEGORY_ANNOUNCEMENTS, True)]
    assert not state.wants(Category.DIGEST, "ch-email")
    assert state.choices[(Category.ANNOUNCEMENTS, "ch-email")] is True
    _, again = run(state, prefs((Category.DIGEST, "ch-email", False)))
    assert again == []


def test_preferences_name_a_known_channel_and_a_category():
    state = with_email_verified()
    with pytest.raises(NotFound) as err:
        run(state, prefs((Category.DIGEST, "ch-nope", False)))
    assert err.value.violations[0].field == "changes[0].channel_id"
    with pytest.raises(InvalidArgument) as err:
        run(state, prefs((None, "ch-email", False)))
    assert err.value.violations[0].field == "changes[0].category"
    with pytest.raises(InvalidArgument):
        run(state, prefs())


def test_another_member_may_not_change_preferences_a_service_may():
    state = with_email_verified()
    with pytest.raises(PermissionDenied):
        run(state, prefs((Category.DIGEST, "ch-email", False), actor=BEN))
    _, events = run(state, prefs((Category.DIGEST, "ch-email", False), actor=SERVICE))
    assert len(events) == 1


def test_unsubscribing_turns_the_category_off_once_and_marks_the_link():
    state = with_email_verified()
    link = c.Unsubscribe(actor=AYUMI, member_id="ayumi", channel_id="ch-email", category=Category.ANNOUNCEMENTS)
    state, (event,) = run(state, link)
    assert isinstance(event, ev.CategoryPreferenceSet)
    assert event.via_unsubscribe_link and not event.enabled
    assert not state.wants(Category.ANNOUNCEMENTS, "ch-email")
    assert run(state, link)[1] == []


def test_an_unsubscribe_link_to_a_removed_channel_does_nothing():
    state = with_email_verified()
    state, _ = run(state, c.RemoveChannel(actor=AYUMI, member_id="ayumi", channel_id="ch-email"))
    link = c.Unsubscribe(actor=AYUMI, member_id="ayumi", channel_id="ch-email", category=Category.DIGEST)
    assert run(state, link)[1] == []


def test_quiet_hours_are_set_changed_and_cleared():
    quiet = c.SetQuietHours(actor=AYUMI, member_id="ayumi", start="22:30", end="07:00", timezone="Asia/Tokyo")
    state, (event,) = run(given(), quiet)
    assert isinstance(event, ev.QuietHoursSet)
    assert (event.quiet_hours.start, event.quiet_hours.end) == ("22:30", "07:00")
    assert state.quiet_hours == QuietHours(time(22, 30), time(7, 0), "Asia/Tokyo")
    assert state.quiet_hours.wraps_midnight
    assert run(state, quiet)[1] == []
    state, (cleared,) = run(state, c.SetQuietHours(actor=AYUMI, member_id="ayumi", start=None))
    assert isinstance(cleared, ev.QuietHoursCleared) and state.quiet_hours is None
    assert run(state, c.SetQuietHours(actor=AYUMI, member_id="ayumi", start=None))[1] == []


@pytest.mark.parametrize("start, end, zone, fields", [
    ("7:00", "08:00", "Asia/Tokyo", {"quiet_hours.start"}),
    ("22:00", "24:00", "Asia/Tokyo", {"quiet_hours.end"}),
    ("22:00", "22:00", "Asia/Tokyo", {"quiet_hours.end"}),
    ("22:00", "07:00", "Asia", {"quiet_hours.timezone"}),
    ("22:00", "07:00", "", {"quiet_hours.timezone"}),
    ("x", "y", "Mars/Olympus", {"quiet_hours.start", "quiet_hours.end", "quiet_hours.timezone"}),
])
def test_bad_quiet_hours_name_every_bad_field(start, end, zone, fields):
    with pytest.raises(InvalidArgument) as err:
        run(given(), c.SetQuietHours(actor=AYUMI, member_id="ayumi", start=start, end=end, timezone=zone))
    assert {v.field for v in err.value.violations} == fields


def test_locale_is_ja_or_en():
    state, (event,) = run(given(), c.SetLocale(actor=AYUMI, member_id="ayumi", locale="en"))
    assert isinstance(event, ev.LocaleSet) and state.locale == "en"
    assert run(state, c.SetLocale(actor=AYUMI, member_id="ayumi", locale="en"))[1] == []
    with pytest.raises(InvalidArgument):
        run(state, c.SetLocale(actor=AYUMI, member_id="ayumi", locale="fr"))


def test_near_me_is_opted_into_and_out_of():
    state, (event,) = run(given(), c.SetNearMe(actor=AYUMI, member_id="ayumi", enabled=True))
    assert isinstance(event, ev.NearMeSet) and state.near_me
    assert run(state, c.SetNearMe(actor=AYUMI, member_id="ayumi", enabled=True))[1] == []
    state, _ = run(state, c.SetNearMe(actor=AYUMI, member_id="ayumi", enabled=False))
    assert not state.near_me


def test_the_fold_refuses_an_event_it_does_not_know():
    from offkai_notify.domain.evolve import evolve

    with pytest.raises(TypeError):
        evolve(given(), ev.NotificationSent())
