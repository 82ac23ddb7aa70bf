"""Message parts filled from the events service's payloads."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from offkai.events.v1 import types_pb2 as pb
from offkai_notify.render.from_events import (
    access_from_venue,
    changes_from_fields,
    checklist_from_details,
    excerpt,
    meetup_from_details,
    meetup_from_summary,
    pre_meeting_from_details,
)
from offkai_notify.render.messages import Change, ChecklistItem, MeetupFormat, Parking, PreMeeting

START = datetime(2027, 1, 16, 10, 0, tzinfo=UTC)


def ts(at: datetime) -> Timestamp:
    t = Timestamp()
    t.FromDatetime(at)
    return t


def test_a_meetup_from_its_summary_without_the_join_url_unless_entitled():
    summary = pb.MeetupSummary(meetup_id="m-1", title="Rust", community_id="rust-tokyo",
                               format=pb.MEETUP_FORMAT_HYBRID, start=ts(START), end=ts(START),
                               timezone="Asia/Tokyo", venue_name="Cafe", venue_address="Dogenzaka",
                               access="Shibuya, 5 min", online_url="https://meet.example.com/x")
    meetup = meetup_from_summary(summary, community_name="Rust Tokyo")
    assert (meetup.title, meetup.start, meetup.format, meetup.access) == ("Rust", START, MeetupFormat.HYBRID,
                                                                          "Shibuya, 5 min")
    assert meetup.online_url == ""
    assert meetup_from_summary(summary, with_online_url=True).online_url == "https://meet.example.com/x"


def test_access_from_a_venue_keeps_unknown_apart_from_no():
    venue = pb.Venue(
        name="Cafe",
        stations=[pb.Station(station="Shibuya", line="JR", exit="Hachiko", walking_minutes=5)],
        bus_stops=[pb.BusStop(stop="Ue", routes=["渋88"], walking_minutes=2)],
        parking=pb.Parking(availability=pb.PARKING_AVAILABILITY_UNAVAILABLE, notes="coin parking"),
        entry_rules=pb.EntryRules(reception="3F", real_name_required=True, last_entry=ts(START)),
        accessibility=pb.Accessibility(step_free=False),
        nearby_facilities=["FamilyMart"],
    )
    access = access_from_venue(venue)
    assert access.stations[0].exit == "Hachiko" and access.bus_stops[0].routes == ("渋88",)
    assert access.parking is Parking.UNAVAILABLE and access.last_entry == START
    assert access.step_free is False and access.elevator is None
    assert access_from_venue(pb.Venue(name="x")).parking is Parking.UNKNOWN


def test_changed_fields_in_the_words_attendees_care_about():
    before = pb.Venue(name="Cafe", address="1-2-3")
    assert changes_from_fields(["start", "end", "venue"], before, pb.Venue(name="Bar", address="4-5")) == (
        Change.TIME, Change.VENUE)
    assert changes_from_fields(["venue", "checklist"], before, pb.Venue(name="Cafe", address="1-2-3",
                                                                       stations=[pb.Station(station="X")])) == (
        Change.ACCESS,)
    assert changes_from_fields(["title", "online_url", "description"]) == (Change.DETAILS, Change.ONLINE)


def test_a_meetup_its_checklist_and_pre_meeting_from_the_details_notify_keeps():
    d = pb.MeetupDetails(
        title="Rust", format=pb.MEETUP_FORMAT_ONLINE, start=ts(START), end=ts(START), timezone="Asia/Tokyo",
        venue=pb.Venue(name="Cafe", address="Dogenzaka"), online_url="https://meet.example.com/x",
        checklist=[pb.ChecklistItem(name="rustup", url="https://rustup.rs", notes="stable")],
        pre_meeting=pb.PreMeeting(join_url="https://meet.example.com/pre", start=ts(START), end=ts(START)),
    )
    meetup = meetup_from_details("m-1", d, community_name="Rust Tokyo")
    assert (meetup.meetup_id, meetup.format, meetup.venue_name, meetup.community_name) == (
        "m-1", MeetupFormat.ONLINE, "Cafe", "Rust Tokyo")
    assert meetup.online_url == "", "the join URL only for those entitled"
    assert meetup_from_details("m-1", d, with_online_url=True).online_url == "https://meet.example.com/x"
    assert checklist_from_details(d) == (ChecklistItem("rustup", "https://rustup.rs", "stable"),)
    assert pre_meeting_from_details(d) == PreMeeting("https://meet.example.com/pre", START, START)
    assert pre_meeting_from_details(pb.MeetupDetails()) is None


def test_an_excerpt_is_one_line_of_the_first_words():
    assert excerpt("# Hello\n\nBring a **laptop**.") == "Hello Bring a laptop."
    long = excerpt("word " * 100, limit=20)
    assert long == "word word word word…"
