"""Payloads: the domain's value objects ↔ the protobuf messages events carry.

Events are protobuf messages, so deciding builds them from values
(``*_to_pb``, ``meetup_summary``) and the fold and the snapshot codec read
values back out of them (``*_from_pb``). The API shares these message types
(``offkai.events.v1.types``), so the entrypoints use the same mappings for
requests and responses. Unset messages become ``None``, unknown or unset enum
numbers become ``None`` (validation then names the field).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import TypeVar

from google.protobuf.duration_pb2 import Duration
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from offkai.events.v1 import events_pb2 as ev
from offkai.events.v1 import types_pb2 as pb
from offkai_events.domain import model as m
from offkai_events.domain import state as st
from offkai_events.domain.access_text import access_line

E = TypeVar("E", bound=Enum)

# -- scalars -----------------------------------------------------------------


def timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    out = Timestamp()
    out.FromDatetime(value)
    return out


def instant(message: Message, field: str) -> datetime | None:
    """The Timestamp field ``field`` of ``message`` as an aware UTC datetime."""
    if not message.HasField(field):
        return None
    return getattr(message, field).ToDatetime(tzinfo=UTC)


def duration(value: timedelta | None) -> Duration | None:
    if value is None:
        return None
    out = Duration()
    out.FromTimedelta(value)
    return out


def span(message: Message, field: str) -> timedelta | None:
    if not message.HasField(field):
        return None
    return getattr(message, field).ToTimedelta()


def enum_to_pb(prefix: str, value: Enum | None, wrapper) -> int:
    return 0 if value is None else wrapper.Value(f"{prefix}_{value.name}")


def enum_from_pb(enum: type[E], prefix: str, number: int, wrapper) -> E | None:
    if number == 0:
        return None
    try:
        return enum[wrapper.Name(number).removeprefix(prefix + "_")]
    except (ValueError, KeyError):
        return None


def format_to_pb(value: m.MeetupFormat | None) -> int:
    return enum_to_pb("MEETUP_FORMAT", value, pb.MeetupFormat)


def format_from_pb(number: int) -> m.MeetupFormat | None:
    return enum_from_pb(m.MeetupFormat, "MEETUP_FORMAT", number, pb.MeetupFormat)


def meetup_status_to_pb(value: st.MeetupStatus | None) -> int:
    return enum_to_pb("MEETUP_STATUS", value, pb.MeetupStatus)


def meetup_status_from_pb(number: int) -> st.MeetupStatus | None:
    return enum_from_pb(st.MeetupStatus, "MEETUP_STATUS", number, pb.MeetupStatus)


def rsvp_status_to_pb(value: st.RsvpStatus) -> int:
    return enum_to_pb("RSVP_STATUS", value, pb.RsvpStatus)


def rsvp_status_from_pb(number: int) -> st.RsvpStatus | None:
    return enum_from_pb(st.RsvpStatus, "RSVP_STATUS", number, pb.RsvpStatus)


def check_in_method_to_pb(value: st.CheckInMethod) -> int:
    return enum_to_pb("CHECK_IN_METHOD", value, ev.CheckInMethod)


def check_in_method_from_pb(number: int) -> st.CheckInMethod | None:
    return enum_from_pb(st.CheckInMethod, "CHECK_IN_METHOD", number, ev.CheckInMethod)


# -- venue and access --------------------------------------------------------


def _parking_to_pb(value: m.Parking) -> pb.Parking:
    availability = {
        None: pb.PARKING_AVAILABILITY_UNSPECIFIED,
        True: pb.PARKING_AVAILABILITY_AVAILABLE,
        False: pb.PARKING_AVAILABILITY_UNAVAILABLE,
    }[value.available]
    return pb.Parking(availability=availability, notes=value.notes)


def _parking_from_pb(message: pb.Parking) -> m.Parking:
    available = {
        pb.PARKING_AVAILABILITY_AVAILABLE: True,
        pb.PARKING_AVAILABILITY_UNAVAILABLE: False,
    }.get(message.availability)
    return m.Parking(available=available, notes=message.notes)


def _optional_bool(message: Message, field: str) -> bool | None:
    return getattr(message, field) if message.HasField(field) else None


def venue_to_pb(value: m.Venue) -> pb.Venue:
    rules, access = value.entry_rules, value.accessibility
    return pb.Venue(
        name=value.name,
        address=value.address,
        location=(
            pb.GeoPoint(latitude=value.location.latitude, longitude=value.location.longitude)
            if value.location
            else None
        ),
        stations=[
            pb.Station(line=s.line, station=s.station, exit=s.exit, walking_minutes=s.walking_minutes)
            for s in value.stations
        ],
        bus_stops=[
            pb.BusStop(stop=b.stop, routes=b.routes, walking_minutes=b.walking_minutes)
            for b in value.bus_stops
        ],
        parking=_parking_to_pb(value.parking),
        nearby_facilities=value.nearby_facilities,
        entry_rules=pb.EntryRules(
            reception=rules.reception,
            real_name_required=rules.real_name_required,
            last_entry=timestamp(rules.last_entry),
            notes=rules.notes,
        ),
        accessibility=pb.Accessibility(
            elevator=access.elevator, step_free=access.step_free, notes=access.notes
        ),
    )


def venue_from_pb(message: pb.Venue) -> m.Venue:
    rules, access = message.entry_rules, message.accessibility
    return m.Venue(
        name=message.name,
        address=message.address,
        location=(
            m.GeoPoint(message.location.latitude, message.location.longitude)
            if message.HasField("location")
            else None
        ),
        stations=tuple(
            m.Station(station=s.station, line=s.line, exit=s.exit, walking_minutes=s.walking_minutes)
            for s in message.stations
        ),
        bus_stops=tuple(
            m.BusStop(stop=b.stop, routes=tuple(b.routes), walking_minutes=b.walking_minutes)
            for b in message.bus_stops
        ),
        parking=_parking_from_pb(message.parking),
        nearby_facilities=tuple(message.nearby_facilities),
        entry_rules=m.EntryRules(
            reception=rules.reception,
            real_name_required=rules.real_name_required,
            last_entry=instant(rules, "last_entry"),
            notes=rules.notes,
        ),
        accessibility=m.Accessibility(
            elevator=_optional_bool(access, "elevator"),
            step_free=_optional_bool(access, "step_free"),
            notes=access.notes,
        ),
    )


# -- details -----------------------------------------------------------------


def details_to_pb(value: m.MeetupDetails) -> pb.MeetupDetails:
    pre, party, seats = value.pre_meeting, value.after_party, value.seat_confirmation
    return pb.MeetupDetails(
        title=value.title,
        description=value.description,
        community_id=value.community_id,
        organizer_ids=value.organizer_ids,
        region=pb.Region(prefecture=value.region.prefecture, city=value.region.city),
        tags=value.tags,
        format=format_to_pb(value.format),
        start=timestamp(value.start),
        end=timestamp(value.end),
        timezone=value.timezone,
        venue=venue_to_pb(value.venue) if value.venue else None,
        online_url=value.online_url,
        pre_meeting=(
            pb.PreMeeting(join_url=pre.join_url, start=timestamp(pre.start), end=timestamp(pre.end))
            if pre
            else None
        ),
        after_party=(
            pb.AfterParty(
                place=party.place,
                address=party.address,
                start=timestamp(party.start),
                end=timestamp(party.end),
                notes=party.notes,
            )
            if party
            else None
        ),
        checklist=[pb.ChecklistItem(name=c.name, url=c.url, notes=c.notes) for c in value.checklist],
        questions=[
            pb.Question(question_id=q.question_id, text=q.text, required=q.required)
            for q in value.questions
        ],
        seat_confirmation=(
            pb.SeatConfirmationPolicy(
                opens_before=duration(seats.opens_before),
                auto_release_before=duration(seats.auto_release_before),
            )
            if seats
            else None
        ),
        check_in_opens_before=duration(value.check_in_opens_before),
        reminder_offsets=[duration(offset) for offset in value.reminder_offsets],
    )


def details_from_pb(message: pb.MeetupDetails) -> m.MeetupDetails:
    pre, party, seats = message.pre_meeting, message.after_party, message.seat_confirmation
    opens_before = span(message, "check_in_opens_before")
    return m.MeetupDetails(
        title=message.title,
        description=message.description,
        community_id=message.community_id,
        organizer_ids=tuple(message.organizer_ids),
        region=m.Region(prefecture=message.region.prefecture, city=message.region.city),
        tags=tuple(message.tags),
        format=format_from_pb(message.format),
        start=instant(message, "start"),
        end=instant(message, "end"),
        timezone=message.timezone,
        venue=venue_from_pb(message.venue) if message.HasField("venue") else None,
        online_url=message.online_url,
        pre_meeting=(
            m.PreMeeting(join_url=pre.join_url, start=instant(pre, "start"), end=instant(pre, "end"))
            if message.HasField("pre_meeting")
            else None
        ),
        after_party=(
            m.AfterParty(
                place=party.place,
                address=party.address,
                start=instant(party, "start"),
                end=instant(party, "end"),
                notes=party.notes,
            )
            if message.HasField("after_party")
            else None
        ),
        checklist=tuple(m.ChecklistItem(c.name, c.url, c.notes) for c in message.checklist),
        questions=tuple(m.Question(q.question_id, q.text, q.required) for q in message.questions),
        seat_confirmation=(
            m.SeatConfirmationPolicy(
                opens_before=span(seats, "opens_before") or timedelta(0),
                auto_release_before=span(seats, "auto_release_before"),
            )
            if message.HasField("seat_confirmation")
            else None
        ),
        check_in_opens_before=(
            m.DEFAULT_CHECK_IN_OPENS_BEFORE if opens_before is None else opens_before
        ),
        reminder_offsets=tuple(offset.ToTimedelta() for offset in message.reminder_offsets),
    )


# -- frames and RSVPs --------------------------------------------------------


def frame_to_pb(value: m.Frame) -> pb.Frame:
    return pb.Frame(
        frame_id=value.frame_id,
        name=value.name,
        description=value.description,
        capacity=value.capacity,
        mode=enum_to_pb("FRAME_MODE", value.mode, pb.FrameMode),
        session=enum_to_pb("FRAME_SESSION", value.session, pb.FrameSession),
        waitlist_enabled=value.waitlist_enabled,
        draw_at=timestamp(value.draw_at),
    )


def frame_from_pb(message: pb.Frame) -> m.Frame:
    session = enum_from_pb(m.FrameSession, "FRAME_SESSION", message.session, pb.FrameSession)
    return m.Frame(
        frame_id=message.frame_id,
        name=message.name,
        description=message.description,
        capacity=message.capacity,
        mode=enum_from_pb(m.FrameMode, "FRAME_MODE", message.mode, pb.FrameMode),
        session=session or m.FrameSession.MAIN,
        waitlist_enabled=message.waitlist_enabled,
        draw_at=instant(message, "draw_at"),
    )


def rsvp_details_to_pb(value: m.RsvpDetails) -> pb.RsvpDetails:
    intro = value.introduction
    return pb.RsvpDetails(
        answers=[pb.Answer(question_id=a.question_id, answer=a.answer) for a in value.answers],
        self_introduction=pb.SelfIntroduction(
            what_i_do=intro.what_i_do, why_i_come=intro.why_i_come, hobbies=intro.hobbies
        ),
        # Sorted so equal details always encode to equal bytes.
        shared_parts=sorted(
            enum_to_pb("INTRODUCTION_PART", p, pb.IntroductionPart) for p in value.shared_parts
        ),
    )


def rsvp_details_from_bytes(data: bytes) -> m.RsvpDetails:
    """A serialized RsvpDetails (as ``state.EncodedDetails`` keeps it) decoded."""
    return rsvp_details_from_pb(pb.RsvpDetails.FromString(data))


def encoded_rsvp_details(message: pb.RsvpDetails) -> st.EncodedDetails:
    """An event's RsvpDetails kept as bytes, decoded when first read."""
    return st.EncodedDetails(message.SerializeToString(deterministic=True), rsvp_details_from_bytes)


def rsvp_details_from_pb(message: pb.RsvpDetails) -> m.RsvpDetails:
    intro = message.self_introduction
    parts = (
        enum_from_pb(m.IntroductionPart, "INTRODUCTION_PART", n, pb.IntroductionPart)
        for n in message.shared_parts
    )
    return m.RsvpDetails(
        answers=tuple(m.Answer(a.question_id, a.answer) for a in message.answers),
        introduction=m.SelfIntroduction(intro.what_i_do, intro.why_i_come, intro.hobbies),
        shared_parts=frozenset(p for p in parts if p is not None),
    )


# -- the meetup summary events carry -----------------------------------------


def meetup_summary(state: st.MeetupState) -> pb.MeetupSummary:
    d = state.details
    assert d is not None, "a summary needs a scheduled meetup"
    return pb.MeetupSummary(
        meetup_id=state.meetup_id,
        title=d.title,
        community_id=d.community_id,
        format=format_to_pb(d.format),
        start=timestamp(d.start),
        end=timestamp(d.end),
        timezone=d.timezone,
        venue_name=d.venue.name if d.venue else "",
        venue_address=d.venue.address if d.venue else "",
        access=access_line(d.venue),
        online_url=d.online_url,
    )
