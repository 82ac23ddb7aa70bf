"""Message parts from the events service's payloads: a ``Meetup`` from the
MeetupSummary its member-facing events carry (or from the MeetupDetails
notify's meetup projection keeps), ``Access``, the checklist and the
pre-meeting from those details, and what a MeetupUpdated changed."""

from __future__ import annotations

import re
from collections.abc import Sequence

from offkai.events.v1 import types_pb2 as events_pb
from offkai_notify.domain.convert import instant
from offkai_notify.render.messages import (
    Access,
    BusStop,
    Change,
    ChecklistItem,
    Meetup,
    MeetupFormat,
    Parking,
    PreMeeting,
    Station,
)

_FORMATS = {
    events_pb.MEETUP_FORMAT_IN_PERSON: MeetupFormat.IN_PERSON,
    events_pb.MEETUP_FORMAT_HYBRID: MeetupFormat.HYBRID,
    events_pb.MEETUP_FORMAT_ONLINE: MeetupFormat.ONLINE,
}
_PARKING = {
    events_pb.PARKING_AVAILABILITY_AVAILABLE: Parking.AVAILABLE,
    events_pb.PARKING_AVAILABILITY_UNAVAILABLE: Parking.UNAVAILABLE,
}
# MeetupDetails fields (MeetupUpdated.changed_fields) by what they mean to an attendee.
_CHANGE_OF_FIELD = {
    "start": Change.TIME,
    "end": Change.TIME,
    "timezone": Change.TIME,
    "online_url": Change.ONLINE,
    "pre_meeting": Change.ONLINE,
}
# Fields that change nothing an attendee needs to hear (only when notify writes).
_UNTOLD = frozenset({"reminder_offsets"})


def meetup_from_summary(
    summary: events_pb.MeetupSummary, *, community_name: str = "", with_online_url: bool = False
) -> Meetup:
    """``with_online_url``: only for recipients entitled to the join URL."""
    return Meetup(
        meetup_id=summary.meetup_id,
        title=summary.title,
        start=instant(summary, "start"),
        end=instant(summary, "end"),
        timezone=summary.timezone,
        format=_FORMATS.get(summary.format, MeetupFormat.IN_PERSON),
        venue_name=summary.venue_name,
        venue_address=summary.venue_address,
        access=summary.access,
        online_url=summary.online_url if with_online_url else "",
        community_name=community_name,
    )


def access_from_venue(venue: events_pb.Venue) -> Access:
    rules = venue.entry_rules
    accessibility = venue.accessibility
    return Access(
        stations=tuple(Station(s.station, s.line, s.exit, s.walking_minutes) for s in venue.stations),
        bus_stops=tuple(BusStop(b.stop, tuple(b.routes), b.walking_minutes) for b in venue.bus_stops),
        parking=_PARKING.get(venue.parking.availability, Parking.UNKNOWN),
        parking_notes=venue.parking.notes,
        reception=rules.reception,
        real_name_required=rules.real_name_required,
        last_entry=instant(rules, "last_entry"),
        entry_notes=rules.notes,
        step_free=accessibility.step_free if accessibility.HasField("step_free") else None,
        elevator=accessibility.elevator if accessibility.HasField("elevator") else None,
        accessibility_notes=accessibility.notes,
        nearby_facilities=tuple(venue.nearby_facilities),
    )


def changes_from_fields(
    changed_fields: Sequence[str], before: events_pb.Venue | None = None, after: events_pb.Venue | None = None
) -> tuple[Change, ...]:
    """What a MeetupUpdated changed, in order, each once. A changed ``venue``
    is a new venue when its name or address changed, otherwise a change in how
    to get there and in (stations, entry rules, …). Reminder offsets are not
    told: nothing may be left to tell."""
    found: list[Change] = []
    for name in changed_fields:
        if name in _UNTOLD:
            continue
        if name == "venue":
            moved = before is None or after is None or (before.name, before.address) != (after.name, after.address)
            change = Change.VENUE if moved else Change.ACCESS
        elif name == "checklist":
            change = Change.ACCESS
        else:
            change = _CHANGE_OF_FIELD.get(name, Change.DETAILS)
        if change not in found:
            found.append(change)
    return tuple(found)


def meetup_from_details(
    meetup_id: str, d: events_pb.MeetupDetails, *, community_name: str = "", with_online_url: bool = False
) -> Meetup:
    """A ``Meetup`` from the MeetupDetails notify's projection keeps (the events
    that announce a meetup carry details, not a summary)."""
    return Meetup(
        meetup_id=meetup_id,
        title=d.title,
        start=instant(d, "start"),
        end=instant(d, "end"),
        timezone=d.timezone,
        format=_FORMATS.get(d.format, MeetupFormat.IN_PERSON),
        venue_name=d.venue.name,
        venue_address=d.venue.address,
        online_url=d.online_url if with_online_url else "",
        community_name=community_name,
    )


def checklist_from_details(d: events_pb.MeetupDetails) -> tuple[ChecklistItem, ...]:
    return tuple(ChecklistItem(i.name, i.url, i.notes) for i in d.checklist)


def pre_meeting_from_details(d: events_pb.MeetupDetails) -> PreMeeting | None:
    if not d.HasField("pre_meeting") or not d.pre_meeting.join_url:
        return None
    p = d.pre_meeting
    return PreMeeting(join_url=p.join_url, start=instant(p, "start"), end=instant(p, "end"))


def excerpt(markdown: str, limit: int = 200) -> str:
    """The first words of a description, on one line, for an announcement."""
    words = " ".join(re.sub(r"[*`#>]+", "", markdown).split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
