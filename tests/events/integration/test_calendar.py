"""iCalendar export through the API, parsed back with the icalendar library:
the meetup's own time zone, a UID that survives updates, SEQUENCE that
counts published changes, STATUS:CANCELLED once called off."""

from __future__ import annotations

from datetime import timedelta

import grpc
from icalendar import Calendar

from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import types_pb2 as types
from offkai_kit.testing.polling import eventually
from tests.events.integration.support import (
    ORGANIZER,
    details,
    fails_with,
    member,
    now,
    published,
    request_id,
    schedule,
    violated_fields,
)


async def _export(api, meetup_id: str, caller=ORGANIZER) -> Calendar:
    reply = await api.ExportMeetupCalendar(pb.ExportMeetupCalendarRequest(meetup_id=meetup_id), metadata=caller)
    assert reply.content_type == "text/calendar; charset=utf-8"
    return Calendar.from_ical(reply.ics)


def _main_event(calendar: Calendar, meetup_id: str):
    (event,) = [e for e in calendar.events if str(e["UID"]) == f"{meetup_id}@offkai"]
    return event


async def test_meetup_calendar_follows_updates_and_cancellation(api):
    start = now() + timedelta(days=10)
    meetup_id = await published(
        api, start, format=types.MEETUP_FORMAT_HYBRID, online_url="https://meet.example.com/rust"
    )

    first = await _export(api, meetup_id, member("m-1"))
    event = _main_event(first, meetup_id)
    assert [str(tz["TZID"]) for tz in first.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert event.decoded("DTSTART") == start.replace(microsecond=0)
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=9)
    assert int(event["SEQUENCE"]) == 0 and str(event["STATUS"]) == "CONFIRMED"
    assert "URL" not in event, "join URLs only for seat holders and organizers"
    assert str(_main_event(await _export(api, meetup_id), meetup_id)["URL"]) == "https://meet.example.com/rust"

    update = pb.UpdateMeetupRequest(
        request_id=request_id(), meetup_id=meetup_id, details=details(start, title="Rust mini-off, moved upstairs")
    )
    update.update_mask.paths.append("title")
    await api.UpdateMeetup(update, metadata=ORGANIZER)
    updated = _main_event(await _export(api, meetup_id, member("m-1")), meetup_id)
    assert str(updated["SUMMARY"]) == "Rust mini-off, moved upstairs"
    assert int(updated["SEQUENCE"]) == 1

    await api.CancelMeetup(
        pb.CancelMeetupRequest(request_id=request_id(), meetup_id=meetup_id, reason="rain"), metadata=ORGANIZER
    )
    cancelled = _main_event(await _export(api, meetup_id, member("m-1")), meetup_id)
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 2
    assert str(cancelled["UID"]) == f"{meetup_id}@offkai"


async def test_a_draft_has_no_calendar_entry(api):
    meetup_id = (await schedule(api, now() + timedelta(days=10))).meetup.meetup_id
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION):
        await api.ExportMeetupCalendar(pb.ExportMeetupCalendarRequest(meetup_id=meetup_id), metadata=ORGANIZER)
    async with fails_with(grpc.StatusCode.NOT_FOUND):
        await api.ExportMeetupCalendar(pb.ExportMeetupCalendarRequest(meetup_id=meetup_id), metadata=member("m-1"))


async def test_community_calendar_lists_upcoming_meetups_cancelled_ones_struck_out(api):
    kept = await published(api, now() + timedelta(days=10))
    called_off = await published(api, now() + timedelta(days=12))
    await schedule(api, now() + timedelta(days=11))  # a draft: never in the feed
    await published(api, now() + timedelta(days=9), community_id="go-osaka")
    await api.CancelMeetup(pb.CancelMeetupRequest(request_id=request_id(), meetup_id=called_off), metadata=ORGANIZER)

    async def feed() -> dict[str, str] | None:
        reply = await api.ExportCommunityCalendar(
            pb.ExportCommunityCalendarRequest(community_id="rust-tokyo"), metadata=member("m-1")
        )
        calendar = Calendar.from_ical(reply.ics)
        found = {str(e["UID"]): str(e["STATUS"]) for e in calendar.events}
        return found if len(found) == 2 else None

    statuses = await eventually(feed)
    assert statuses == {f"{kept}@offkai": "CONFIRMED", f"{called_off}@offkai": "CANCELLED"}


async def test_a_community_id_with_a_line_break_is_invalid_not_an_internal_error(api):
    """Found by tests/hardening: any member could make a community feed fail."""
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as bad:
        await api.ExportCommunityCalendar(
            pb.ExportCommunityCalendarRequest(community_id="rust\ntokyo"), metadata=member("m-1"))
    assert "community_id" in violated_fields(bad.value)
