"""Field validation of what organizers and members send, with precise paths.

Each function adds to a ``Violations`` collector, so one INVALID_ARGUMENT
reports every bad field at once. Paths follow the API request messages
(``details.venue.stations[0].walking_minutes``, ``frames[1].capacity``).
Checks that depend on the current state or time live in the decide modules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from offkai_events.domain.model import (
    Frame,
    FrameMode,
    FrameSession,
    MeetupDetails,
    MeetupFormat,
    RsvpDetails,
    Venue,
)
from offkai_kit import validation
from offkai_kit.errors import Violations
from offkai_kit.validation import is_web_url, zone

__all__ = ["is_web_url", "zone"]

MAX_TITLE = 120
MAX_DESCRIPTION = 20_000
MAX_TAGS = 20
MAX_TAG = 40
MAX_WALK_MINUTES = 180
MAX_CAPACITY = 100_000
MAX_FRAME_NAME = 80
MAX_INTRODUCTION_PART = 400
MAX_ANSWER = 2_000
MAX_REASON = 1_000
MAX_LINE = 200  # names, places, addresses: one line each
MAX_NOTES = 1_000
MAX_ORGANIZERS = 20
MAX_STATIONS = 10
MAX_ROUTES = 10
MAX_FACILITIES = 20
MAX_CHECKLIST = 30
MAX_QUESTIONS = 20
MAX_QUESTION_ID = 40
MAX_FRAMES = 20
# A code as typed, surrounding spaces included.
MAX_CODE = 64
# A list of enum values (statuses to filter by, introduction parts to share).
MAX_ENUM_LIST = 16
MAX_CHECK_IN_OPENS_BEFORE = timedelta(hours=24)
# Reminders before a meetup: a few, no earlier than two weeks and no later than
# ten minutes before the start, in whole minutes (notify keys each by its offset).
MAX_REMINDERS = 5
MIN_REMINDER_OFFSET = timedelta(minutes=10)
MAX_REMINDER_OFFSET = timedelta(days=14)
# Asking for seat confirmation more than this ahead of the start makes no sense, and
# bounding it keeps "start - opens_before" a representable time.
MAX_SEAT_CONFIRMATION_OPENS_BEFORE = timedelta(days=90)
FRAME_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
CHECK_IN_CODE = re.compile(r"[A-Z0-9]{4,32}")


def normalize_code(code: str) -> str:
    """Codes are shown and typed by people: ignore case and surrounding spaces."""
    return code.strip().upper()


def check_reason(reason: str, field: str, v: Violations) -> None:
    _notes(reason, field, v, limit=MAX_REASON)


def check_code(code: str, field: str, v: Violations) -> None:
    if v.check(bool(code.strip()), field, "required") and validation.text(code, field, v, limit=MAX_CODE):
        v.check(
            bool(CHECK_IN_CODE.fullmatch(normalize_code(code))),
            field,
            "must be 4 to 32 letters or digits",
        )


def _text(value: str, field: str, v: Violations, *, limit: int = MAX_LINE, required: bool = False) -> None:
    """One line of text: titles, names, places."""
    validation.text(value, field, v, limit=limit, required=required)


def _notes(value: str, field: str, v: Violations, *, limit: int = MAX_NOTES) -> None:
    """Free text that may run over several lines."""
    validation.text(value, field, v, limit=limit, multi_line=True)


def _url(url: str, field: str, v: Violations, *, required: bool = False) -> None:
    validation.url(url, field, v, required=required)


def _unique(values: Sequence[str], field: str, what: str, v: Violations, leaf: str = "") -> None:
    """Duplicates are reported at the item (``frames[1].frame_id``, ``tags[2]``)."""
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value and value in seen:
            v.add(f"{field}[{i}]{'.' + leaf if leaf else ''}", f"duplicate {what} '{value}'")
        seen.add(value)


# -- meetup details ----------------------------------------------------------


def check_details(d: MeetupDetails, v: Violations, path: str = "details") -> None:
    _text(d.title, f"{path}.title", v, limit=MAX_TITLE, required=True)
    _notes(d.description, f"{path}.description", v, limit=MAX_DESCRIPTION)
    validation.identifier(d.community_id, f"{path}.community_id", v)
    if v.check(bool(d.organizer_ids), f"{path}.organizer_ids", "at least one organizer is required"):
        if validation.list_size(d.organizer_ids, f"{path}.organizer_ids", v, limit=MAX_ORGANIZERS):
            for i, organizer in enumerate(d.organizer_ids):
                validation.identifier(organizer, f"{path}.organizer_ids[{i}]", v)
        _unique(d.organizer_ids, f"{path}.organizer_ids", "organizer", v)
    _text(d.region.prefecture, f"{path}.region.prefecture", v, limit=80)
    _text(d.region.city, f"{path}.region.city", v, limit=80)
    v.check(d.format is not None, f"{path}.format", "required: in-person, hybrid or online")
    d = _check_times(d, v, path)
    _check_tags(d.tags, v, f"{path}.tags")

    at_venue = d.format in (MeetupFormat.IN_PERSON, MeetupFormat.HYBRID)
    online = d.format in (MeetupFormat.HYBRID, MeetupFormat.ONLINE)
    where = "an in-person" if d.format is MeetupFormat.IN_PERSON else "a hybrid"
    if at_venue:
        v.check(bool(d.region.prefecture.strip()), f"{path}.region.prefecture", f"required for {where} meetup")
        if d.venue is None:
            v.add(f"{path}.venue", f"required for {where} meetup")
    if d.venue is not None:
        _check_venue(d.venue, d, v, f"{path}.venue")
    if online and not d.online_url:
        what = "a hybrid" if d.format is MeetupFormat.HYBRID else "an online"
        v.add(f"{path}.online_url", f"a join URL is required for {what} meetup")
    _url(d.online_url, f"{path}.online_url", v)

    _check_sessions(d, v, path)
    if validation.list_size(d.checklist, f"{path}.checklist", v, limit=MAX_CHECKLIST):
        for i, item in enumerate(d.checklist):
            _text(item.name, f"{path}.checklist[{i}].name", v, required=True)
            _url(item.url, f"{path}.checklist[{i}].url", v)
            _notes(item.notes, f"{path}.checklist[{i}].notes", v)
    if validation.list_size(d.questions, f"{path}.questions", v, limit=MAX_QUESTIONS):
        for i, q in enumerate(d.questions):
            validation.identifier(q.question_id, f"{path}.questions[{i}].question_id", v, limit=MAX_QUESTION_ID)
            validation.text(q.text, f"{path}.questions[{i}].text", v, limit=1000, required=True, multi_line=True)
    _unique([q.question_id for q in d.questions], f"{path}.questions", "question id", v, "question_id")
    _check_policies(d, v, path)


def _aware(at: datetime | None, field: str, v: Violations) -> datetime | None:
    """``at`` if it is an instant; a naive time is reported and dropped, so
    the checks comparing times skip it instead of failing."""
    if at is not None and at.tzinfo is None:
        v.add(field, "must be an instant (a time with a UTC offset)")
        return None
    return at


def _check_times(d: MeetupDetails, v: Violations, path: str) -> MeetupDetails:
    """Checks the time fields; returns ``d`` with naive times dropped."""
    validation.timezone(d.timezone, f"{path}.timezone", v)
    v.check(d.start is not None, f"{path}.start", "required")
    v.check(d.end is not None, f"{path}.end", "required")
    d = replace(d, start=_aware(d.start, f"{path}.start", v), end=_aware(d.end, f"{path}.end", v))
    if d.start is not None and d.end is not None:
        v.check(d.end > d.start, f"{path}.end", "must be after start")
    if d.pre_meeting is not None:
        pre, p = d.pre_meeting, f"{path}.pre_meeting"
        d = replace(d, pre_meeting=replace(
            pre, start=_aware(pre.start, f"{p}.start", v), end=_aware(pre.end, f"{p}.end", v)
        ))
    if d.after_party is not None:
        party, p = d.after_party, f"{path}.after_party"
        d = replace(d, after_party=replace(
            party, start=_aware(party.start, f"{p}.start", v), end=_aware(party.end, f"{p}.end", v)
        ))
    if d.venue is not None:
        rules = d.venue.entry_rules
        last_entry = _aware(rules.last_entry, f"{path}.venue.entry_rules.last_entry", v)
        d = replace(d, venue=replace(d.venue, entry_rules=replace(rules, last_entry=last_entry)))
    return d


def _check_tags(tags: Sequence[str], v: Violations, path: str) -> None:
    if validation.list_size(tags, path, v, limit=MAX_TAGS):
        for i, tag in enumerate(tags):
            _text(tag, f"{path}[{i}]", v, limit=MAX_TAG, required=True)
    _unique(tags, path, "tag", v)


def _check_venue(venue: Venue, d: MeetupDetails, v: Violations, path: str) -> None:
    _text(venue.name, f"{path}.name", v, required=True)
    _text(venue.address, f"{path}.address", v, limit=300)
    if venue.location is not None:
        lat, lon = venue.location.latitude, venue.location.longitude
        v.check(-90 <= lat <= 90, f"{path}.location.latitude", "must be between -90 and 90")
        v.check(-180 <= lon <= 180, f"{path}.location.longitude", "must be between -180 and 180")
    if validation.list_size(venue.stations, f"{path}.stations", v, limit=MAX_STATIONS):
        for i, s in enumerate(venue.stations):
            at = f"{path}.stations[{i}]"
            _text(s.station, f"{at}.station", v, limit=100, required=True)
            _text(s.line, f"{at}.line", v, limit=100)
            _text(s.exit, f"{at}.exit", v, limit=100)
            _walk(s.walking_minutes, f"{at}.walking_minutes", v)
    if validation.list_size(venue.bus_stops, f"{path}.bus_stops", v, limit=MAX_STATIONS):
        for i, b in enumerate(venue.bus_stops):
            at = f"{path}.bus_stops[{i}]"
            _text(b.stop, f"{at}.stop", v, limit=100, required=True)
            if validation.list_size(b.routes, f"{at}.routes", v, limit=MAX_ROUTES):
                for j, route in enumerate(b.routes):
                    _text(route, f"{at}.routes[{j}]", v, limit=60, required=True)
            _walk(b.walking_minutes, f"{at}.walking_minutes", v)
    _notes(venue.parking.notes, f"{path}.parking.notes", v)
    if validation.list_size(venue.nearby_facilities, f"{path}.nearby_facilities", v, limit=MAX_FACILITIES):
        for i, facility in enumerate(venue.nearby_facilities):
            _text(facility, f"{path}.nearby_facilities[{i}]", v, required=True)
    _text(venue.entry_rules.reception, f"{path}.entry_rules.reception", v)
    _notes(venue.entry_rules.notes, f"{path}.entry_rules.notes", v)
    _notes(venue.accessibility.notes, f"{path}.accessibility.notes", v)
    last_entry = venue.entry_rules.last_entry
    if last_entry is not None and d.start is not None and d.end is not None:
        v.check(
            d.start <= last_entry <= d.end,
            f"{path}.entry_rules.last_entry",
            "must be between the meetup's start and end",
        )


def _walk(minutes: int, field: str, v: Violations) -> None:
    v.check(
        0 <= minutes <= MAX_WALK_MINUTES,
        field,
        f"must be between 0 and {MAX_WALK_MINUTES} minutes",
    )


def _check_sessions(d: MeetupDetails, v: Violations, path: str) -> None:
    pre = d.pre_meeting
    if pre is not None:
        p = f"{path}.pre_meeting"
        _url(pre.join_url, f"{p}.join_url", v, required=True)
        v.check(pre.start is not None, f"{p}.start", "required")
        if v.check(pre.end is not None, f"{p}.end", "required") and pre.start is not None:
            if v.check(pre.end > pre.start, f"{p}.end", "must be after the pre-meeting's start"):
                if d.start is not None:
                    v.check(pre.end <= d.start, f"{p}.end", "must be no later than the meetup's start")
    party = d.after_party
    if party is not None:
        p = f"{path}.after_party"
        _text(party.place, f"{p}.place", v)
        _text(party.address, f"{p}.address", v, limit=300)
        _notes(party.notes, f"{p}.notes", v)
        if v.check(party.start is not None, f"{p}.start", "required") and d.start is not None:
            v.check(party.start >= d.start, f"{p}.start", "must not be before the meetup's start")
        if v.check(party.end is not None, f"{p}.end", "required") and party.start is not None:
            v.check(party.end > party.start, f"{p}.end", "must be after the after-party's start")


def _check_policies(d: MeetupDetails, v: Violations, path: str) -> None:
    seats = d.seat_confirmation
    if seats is not None:
        p = f"{path}.seat_confirmation"
        v.check(
            timedelta(0) < seats.opens_before <= MAX_SEAT_CONFIRMATION_OPENS_BEFORE,
            f"{p}.opens_before",
            "must be positive and at most 90 days",
        )
        release = seats.auto_release_before
        if release is not None and v.check(
            release > timedelta(0), f"{p}.auto_release_before", "must be positive"
        ):
            v.check(
                release < seats.opens_before,
                f"{p}.auto_release_before",
                "must be shorter than opens_before (the release comes after the request)",
            )
    v.check(
        timedelta(0) <= d.check_in_opens_before <= MAX_CHECK_IN_OPENS_BEFORE,
        f"{path}.check_in_opens_before",
        "must be between 0 and 24 hours",
    )
    _check_reminder_offsets(d.reminder_offsets, v, f"{path}.reminder_offsets")


def _check_reminder_offsets(offsets: Sequence[timedelta], v: Violations, path: str) -> None:
    if not validation.list_size(offsets, path, v, limit=MAX_REMINDERS):
        return
    for i, offset in enumerate(offsets):
        at = f"{path}[{i}]"
        if not v.check(
            MIN_REMINDER_OFFSET <= offset <= MAX_REMINDER_OFFSET,
            at,
            "must be between 10 minutes and 14 days before the start",
        ):
            continue
        if v.check(offset % timedelta(minutes=1) == timedelta(0), at, "must be whole minutes"):
            v.check(offset not in offsets[:i], at, "duplicate reminder offset")


# -- frames ------------------------------------------------------------------


def check_frames(frames: Sequence[Frame], d: MeetupDetails, now: datetime, v: Violations, path: str = "frames") -> None:
    v.check(bool(frames), path, "at least one frame is required")
    if validation.list_size(frames, path, v, limit=MAX_FRAMES):
        for i, frame in enumerate(frames):
            check_frame(frame, d, now, v, f"{path}[{i}]")
    _unique([f.frame_id for f in frames], path, "frame id", v, "frame_id")


def check_frame(frame: Frame, d: MeetupDetails, now: datetime, v: Violations, path: str) -> None:
    """A new frame; a lottery's draw time must still be ahead of ``now``."""
    if v.check(bool(frame.frame_id), f"{path}.frame_id", "required"):
        v.check(
            bool(FRAME_ID.fullmatch(frame.frame_id)),
            f"{path}.frame_id",
            "must be lowercase letters, digits and '-', at most 40 characters",
        )
    _text(frame.name, f"{path}.name", v, limit=MAX_FRAME_NAME, required=True)
    _notes(frame.description, f"{path}.description", v)
    if v.check(frame.capacity >= 0, f"{path}.capacity", "must not be negative"):
        v.check(frame.capacity <= MAX_CAPACITY, f"{path}.capacity", f"must be at most {MAX_CAPACITY}")
    v.check(frame.mode is not None, f"{path}.mode", "required: first-come or lottery")
    if frame.session is FrameSession.AFTER_PARTY:
        v.check(
            d.after_party is not None,
            f"{path}.session",
            "an after-party frame needs details.after_party",
        )
    # A lottery draws once, after now and before the start; others never do.
    if frame.mode is FrameMode.LOTTERY:
        draw_at = _aware(frame.draw_at, f"{path}.draw_at", v)
        if frame.draw_at is None:
            v.add(f"{path}.draw_at", "required for a lottery frame")
        elif draw_at is not None:
            v.check(draw_at > now, f"{path}.draw_at", "must be in the future")
            if d.start is not None and d.start.tzinfo is not None:
                v.check(draw_at < d.start, f"{path}.draw_at", "must be before the meetup's start")
    elif frame.draw_at is not None:
        v.add(f"{path}.draw_at", "only lottery frames have a draw time")


# -- RSVPs -------------------------------------------------------------------


def check_rsvp_details(r: RsvpDetails, d: MeetupDetails, v: Violations, path: str = "details") -> None:
    questions = {q.question_id: q for q in d.questions}
    answered: set[str] = set()
    if not validation.list_size(r.answers, f"{path}.answers", v, limit=MAX_QUESTIONS):
        return
    for i, a in enumerate(r.answers):
        p = f"{path}.answers[{i}]"
        if a.question_id not in questions:
            v.add(f"{p}.question_id", f"unknown question '{a.question_id}'")
        elif a.question_id in answered:
            v.add(f"{p}.question_id", f"question '{a.question_id}' is answered twice")
        validation.text(a.answer, f"{p}.answer", v, limit=MAX_ANSWER, multi_line=True)
        if a.answer.strip():
            answered.add(a.question_id)
    for q in d.questions:
        if q.required and q.question_id not in answered:
            v.add(f"{path}.answers", f"question '{q.question_id}' needs an answer")
    intro = r.introduction
    for part in ("what_i_do", "why_i_come", "hobbies"):
        _notes(getattr(intro, part), f"{path}.self_introduction.{part}", v, limit=MAX_INTRODUCTION_PART)
