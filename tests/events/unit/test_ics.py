"""iCalendar export, parsed back with the icalendar library: time zones,
stable UIDs, SEQUENCE and STATUS follow the meetup's changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from offkai_events.domain import commands as c
from offkai_events.domain.model import MeetupFormat, Venue
from offkai_events.entrypoints.ics import CONTENT_TYPE, community_calendar, meetup_calendar
from tests.events.unit.support import (
    END,
    MEETUP_ID,
    NOW,
    ORGANIZER,
    START,
    after_party,
    details,
    drafted,
    given_commands,
    pre_meeting,
    published,
    run,
    schedule,
)


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def main_event(calendar: Calendar):
    (event,) = [e for e in calendar.events if str(e["UID"]) == f"{MEETUP_ID}@offkai"]
    return event


def test_a_meetup_exports_in_its_own_time_zone():
    calendar = parse(meetup_calendar(published()))
    assert calendar["PRODID"] == "-//offkai//events//EN"
    event = main_event(calendar)
    assert event.start == START and event.end == END
    assert event.start.tzinfo == ZoneInfo("Asia/Tokyo")
    assert (event.start.hour, event.start.minute) == (19, 0)
    assert [tz["TZID"] for tz in calendar.timezones] == ["Asia/Tokyo"]
    assert str(event["SUMMARY"]) == "Rust mini-off in Shibuya"
    assert str(event["STATUS"]) == "CONFIRMED" and event.sequence == 0
    assert str(event["LOCATION"]) == "Cafe Komorebi, 1-2-3 Dogenzaka, Shibuya, Tokyo"
    assert [str(x) for x in event.categories] == ["rust", "beginners"]
    assert event["GEO"].latitude == pytest.approx(35.658)
    description = str(event["DESCRIPTION"])
    assert "Shibuya (JR Yamanote Line), Hachiko exit, 5 min walk" in description
    assert "Last entry: 20:00" in description
    assert "Discord (https://discord.com/download)" in description
    assert CONTENT_TYPE == "text/calendar; charset=utf-8"


def test_a_plain_meetup_has_no_empty_lines_in_its_export():
    """No tags, no way-finding, no checklist: no empty CATEGORIES and no "Access:"
    heading with nothing under it."""
    state = given_commands(
        schedule(tags=(), description="", checklist=(), venue=Venue(name="Cafe Komorebi")),
        c.PublishMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID),
    )
    data = meetup_calendar(state).decode()
    assert "CATEGORIES" not in data
    assert "Access:" not in data and "DESCRIPTION" not in data
    assert "DESCRIPTION:" not in meetup_calendar(state, include_join_urls=True).decode()


def test_the_export_round_trips_and_is_stable():
    data = meetup_calendar(published())
    assert parse(data).to_ical() == data
    assert meetup_calendar(published()) == data


def test_updates_bump_the_sequence_and_cancellation_strikes_it_out():
    state = published()
    moved = details(start=START + timedelta(hours=1), end=END + timedelta(hours=1))
    state, _ = run(state, c.UpdateMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, details=moved), NOW + timedelta(days=1))
    event = main_event(parse(meetup_calendar(state)))
    assert event.sequence == 1 and event.start == START + timedelta(hours=1)
    assert event.DTSTAMP == NOW + timedelta(days=1)
    state, _ = run(state, c.CancelMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID), NOW + timedelta(days=2))
    event = main_event(parse(meetup_calendar(state)))
    assert event.sequence == 2 and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == f"{MEETUP_ID}@offkai"


def test_sessions_are_related_events_and_join_urls_only_on_request():
    state = published(
        format=MeetupFormat.HYBRID,
        online_url="https://meet.example.com/main",
        pre_meeting=pre_meeting(),
        after_party=after_party(),
    )
    calendar = parse(meetup_calendar(state))
    uids = sorted(str(e["UID"]) for e in calendar.events)
    assert uids == sorted(f"{MEETUP_ID}{part}@offkai" for part in ("", "-pre-meeting", "-after-party"))
    for event in calendar.events:
        assert "URL" not in event
        if str(event["UID"]) != f"{MEETUP_ID}@offkai":
            assert str(event["RELATED-TO"]) == f"{MEETUP_ID}@offkai"
    # The VTIMEZONE covers every session, the pre-meeting days before too.
    (tz,) = calendar.timezones
    first_observance = min(sub.DTSTART for sub in tz.subcomponents)
    assert first_observance.date() < pre_meeting().start.date()
    party = next(e for e in calendar.events if "after-party" in str(e["UID"]))
    assert party.start == END and str(party["LOCATION"]) == "Izakaya Tori"
    with_urls = parse(meetup_calendar(state, include_join_urls=True))
    assert str(main_event(with_urls)["URL"]) == "https://meet.example.com/main"


def test_daylight_saving_zones_keep_the_wall_clock_time():
    # 18:30 in New York on 1 November 2026, the day DST ends there.
    start = datetime(2026, 11, 1, 23, 30, tzinfo=UTC)
    state = published(
        timezone="America/New_York", start=start, end=start + timedelta(hours=2),
        venue=None, format=MeetupFormat.ONLINE, online_url="https://meet.example.com/ny", region=details().region,
    )
    calendar = parse(meetup_calendar(state))
    event = main_event(calendar)
    assert event.start == start
    assert (event.start.hour, event.start.minute) == (18, 30)
    assert event.start.utcoffset() == timedelta(hours=-5)
    (tz,) = calendar.timezones
    assert tz["TZID"] == "America/New_York"
    # The VTIMEZONE describes the switch from EDT to EST inside the range.
    assert {str(sub["TZNAME"]) for sub in tz.subcomponents} >= {"EST", "EDT"}
    assert str(event["LOCATION"]) == "Online"


def test_drafts_are_not_exported():
    with pytest.raises(ValueError):
        meetup_calendar(drafted())


def test_a_community_feed_lists_its_upcoming_meetups_in_order():
    def other(meetup_id: str, start: datetime, community: str = "rust-tokyo"):
        command = replace(
            schedule(community_id=community, start=start, end=start + timedelta(hours=2), venue=Venue("Hall")),
            meetup_id=meetup_id,
        )
        return given_commands(command, c.PublishMeetup(actor=ORGANIZER, meetup_id=meetup_id))

    later = other("later", START + timedelta(days=7))
    past = other("past", NOW + timedelta(days=1))
    elsewhere = other("elsewhere", START, community="go-osaka")
    cancelled, _ = run(other("off", START + timedelta(days=1)), c.CancelMeetup(actor=ORGANIZER, meetup_id="off"))
    states = [later, published(), past, elsewhere, cancelled, drafted()]
    data = community_calendar(states, community_id="rust-tokyo", name="Rust Tokyo", now=NOW + timedelta(days=2))
    calendar = parse(data)
    assert [str(e["UID"]) for e in calendar.events] == [f"{MEETUP_ID}@offkai", "off@offkai", "later@offkai"]
    assert [str(e["STATUS"]) for e in calendar.events] == ["CONFIRMED", "CANCELLED", "CONFIRMED"]
    assert calendar.calendar_name == "Rust Tokyo"
    assert parse(data).to_ical() == data
    empty = parse(community_calendar([], community_id="none", name="", now=NOW))
    assert list(empty.events) == []
