"""iCalendar (RFC 5545) export of meetups, with the ``icalendar`` library.

Pure: meetup states in, .ics bytes out. Each meetup is a VEVENT with the
stable UID ``<meetup_id>@offkai``, local times with a TZID and a matching
VTIMEZONE, SEQUENCE from the state (bumped on every change after
publication) and STATUS:CANCELLED once cancelled, so calendar apps that
subscribed update or strike it out. The optional pre-meeting and after-party
are VEVENTs of their own (UIDs ``<meetup_id>-pre-meeting@offkai`` and
``<meetup_id>-after-party@offkai``), RELATED-TO the meetup. The same state
always gives the same bytes (DTSTAMP is the last change, not "now").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from offkai_events.domain.access_text import bus_stop_line, station_line
from offkai_events.domain.model import MeetupDetails, MeetupFormat, Venue
from offkai_events.domain.state import MeetupState, MeetupStatus

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//offkai//events//EN"
EXPORTED = (MeetupStatus.PUBLISHED, MeetupStatus.CANCELLED, MeetupStatus.ENDED)


def uid(meetup_id: str, part: str = "") -> str:
    return f"{meetup_id}-{part}@offkai" if part else f"{meetup_id}@offkai"


def meetup_calendar(state: MeetupState, *, include_join_urls: bool = False) -> bytes:
    """One meetup as an .ics file. Join URLs are left out unless asked for
    (e.g. for someone holding a seat): calendars get shared."""
    if state.status not in EXPORTED:
        raise ValueError(f"meetup '{state.meetup_id}' is a draft and has no calendar entry")
    return _calendar(
        [state], calendar_uid=uid(state.meetup_id), name=state.details.title, include_join_urls=include_join_urls
    )


def community_calendar(
    states: Iterable[MeetupState], *, community_id: str, name: str, now: datetime
) -> bytes:
    """A community's upcoming meetups as one feed: published or cancelled,
    not yet over, by start time. Cancelled ones stay in the feed so
    subscribers see them struck out."""
    upcoming = sorted(
        (
            s
            for s in states
            if s.details is not None
            and s.details.community_id == community_id
            and s.status in (MeetupStatus.PUBLISHED, MeetupStatus.CANCELLED)
            and s.details.end > now
        ),
        key=lambda s: (s.details.start, s.meetup_id),
    )
    return _calendar(upcoming, calendar_uid=f"community-{community_id}@offkai", name=name)


def _calendar(
    states: list[MeetupState], *, calendar_uid: str, name: str, include_join_urls: bool = False
) -> bytes:
    calendar = Calendar.new(prodid=PRODID, method="PUBLISH", uid=calendar_uid, name=name or None)
    for state in states:
        for event in _events(state, include_join_urls):
            calendar.add_component(event)
    if states:
        # VTIMEZONEs need only cover the span the events are in (plus a day
        # either side for local dates), which keeps the file short.
        first = min(_earliest(s.details) for s in states) - timedelta(days=1)
        last = max(_latest(s.details) for s in states) + timedelta(days=1)
        calendar.add_missing_timezones(first_date=first.date(), last_date=last.date())
    return calendar.to_ical()


def _earliest(d: MeetupDetails) -> datetime:
    return d.pre_meeting.start if d.pre_meeting else d.start


def _latest(d: MeetupDetails) -> datetime:
    return d.after_party.end if d.after_party else d.end


def _events(state: MeetupState, include_join_urls: bool) -> list[Event]:
    d = state.details
    tz = ZoneInfo(d.timezone)
    status = "CANCELLED" if state.status is MeetupStatus.CANCELLED else "CONFIRMED"
    main_uid = uid(state.meetup_id)
    common = dict(
        sequence=state.sequence,
        stamp=state.updated_at,
        created=state.created_at,
        last_modified=state.updated_at,
        status=status,
    )
    main = Event.new(
        uid=main_uid,
        summary=d.title,
        start=d.start.astimezone(tz),
        end=d.end.astimezone(tz),
        location=_location(d),
        description=_description(d, tz) or None,
        # No CATEGORIES line at all when there are no tags (an empty one says nothing).
        categories=list(d.tags) or None,
        url=d.online_url if include_join_urls and d.online_url else None,
        **common,
    )
    if d.venue is not None and d.venue.location is not None:
        main.add("geo", (d.venue.location.latitude, d.venue.location.longitude))
    events = [main]
    pre = d.pre_meeting
    if pre is not None:
        events.append(
            Event.new(
                uid=uid(state.meetup_id, "pre-meeting"),
                summary=f"顔合わせ (pre-meeting): {d.title}",
                start=pre.start.astimezone(tz),
                end=pre.end.astimezone(tz),
                location="Online",
                url=pre.join_url if include_join_urls else None,
                related_to=main_uid,
                **common,
            )
        )
    party = d.after_party
    if party is not None:
        events.append(
            Event.new(
                uid=uid(state.meetup_id, "after-party"),
                summary=f"懇親会 (after-party): {d.title}",
                start=party.start.astimezone(tz),
                end=party.end.astimezone(tz),
                location=", ".join(x for x in (party.place, party.address) if x) or None,
                description=party.notes or None,
                related_to=main_uid,
                **common,
            )
        )
    return events


def _location(d: MeetupDetails) -> str:
    if d.venue is None:
        return "Online"
    place = ", ".join(x for x in (d.venue.name, d.venue.address) if x)
    return f"{place} (and online)" if d.format is MeetupFormat.HYBRID else place


def _description(d: MeetupDetails, tz: ZoneInfo) -> str:
    """The organizer's markdown, then how to get there and what to install."""
    parts = [d.description.strip()] if d.description.strip() else []
    access = _access_lines(d.venue, tz) if d.venue is not None else []
    if access:  # no heading without lines under it
        parts.append("\n".join(["Access:", *(f"- {line}" for line in access)]))
    if d.checklist:
        items = [f"- {c.name}" + (f" ({c.url})" if c.url else "") for c in d.checklist]
        parts.append("\n".join(["Install beforehand:", *items]))
    return "\n\n".join(parts)


def _access_lines(venue: Venue, tz: ZoneInfo) -> list[str]:
    lines = [station_line(s) for s in venue.stations]
    lines += [bus_stop_line(b) for b in venue.bus_stops]
    parking = venue.parking
    if parking.available is not None or parking.notes:
        has = {True: "yes", False: "no", None: "ask"}[parking.available]
        lines.append(f"Parking: {has}" + (f", {parking.notes}" if parking.notes else ""))
    rules = venue.entry_rules
    if rules.reception:
        lines.append(f"Reception: {rules.reception}")
    if rules.real_name_required:
        lines.append("Give your real name at reception")
    if rules.last_entry is not None:
        lines.append(f"Last entry: {rules.last_entry.astimezone(tz):%H:%M}")
    if rules.notes:
        lines.append(rules.notes)
    access = venue.accessibility
    ways = [w for w, ok in (("elevator", access.elevator), ("step-free", access.step_free)) if ok]
    if ways or access.notes:
        lines.append("Accessibility: " + ", ".join([*ways, access.notes] if access.notes else ways))
    if venue.nearby_facilities:
        lines.append("Nearby: " + ", ".join(venue.nearby_facilities))
    return lines
