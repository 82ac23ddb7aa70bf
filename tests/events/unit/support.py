"""Builders for the meetup domain's unit tests: a valid meetup to vary, the
principals involved, and a given/when/then helper that runs commands through
``decide`` and folds their events."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from offkai_events.domain import MEETUP
from offkai_events.domain import commands as c
from offkai_events.domain.decide import decide
from offkai_events.domain.model import (
    Accessibility,
    AfterParty,
    Answer,
    BusStop,
    ChecklistItem,
    EntryRules,
    Frame,
    FrameMode,
    GeoPoint,
    IntroductionPart,
    MeetupDetails,
    MeetupFormat,
    Parking,
    PreMeeting,
    Question,
    Region,
    RsvpDetails,
    SelfIntroduction,
    Station,
    Venue,
)
from offkai_events.domain.state import INITIAL, MeetupState, RsvpStatus
from offkai_kit.principal import Principal

MEETUP_ID = "5b0c1e44-7a53-4a8e-9f3e-1d2c3b4a5f60"
# "Now" in most tests: a month before the meetup.
NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
# 19:00-22:00 in Tokyo on 4 July 2026.
START = datetime(2026, 7, 4, 10, 0, tzinfo=UTC)
END = START + timedelta(hours=3)
CODE = "K7Q2PX"

ORGANIZER = Principal("org-aki", frozenset({"member", "organizer"}))
CO_ORGANIZER = Principal("org-ben", frozenset({"member", "organizer"}))
ADMIN = Principal("admin-1", frozenset({"admin"}))
STRANGER_ORGANIZER = Principal("org-zed", frozenset({"member", "organizer"}))


def member(member_id: str) -> Principal:
    return Principal(member_id, frozenset({"member"}))


def venue(**overrides) -> Venue:
    base = Venue(
        name="Cafe Komorebi",
        address="1-2-3 Dogenzaka, Shibuya, Tokyo",
        location=GeoPoint(35.6580, 139.6981),
        stations=(Station("Shibuya", "JR Yamanote Line", "Hachiko exit", 5),),
        bus_stops=(BusStop("Dogenzaka-ue", ("渋88",), 2),),
        parking=Parking(False, "coin parking nearby"),
        nearby_facilities=("FamilyMart",),
        entry_rules=EntryRules(
            reception="3F reception",
            real_name_required=True,
            last_entry=START + timedelta(hours=1),
        ),
        accessibility=Accessibility(elevator=True, step_free=False),
    )
    return replace(base, **overrides)


def details(**overrides) -> MeetupDetails:
    base = MeetupDetails(
        title="Rust mini-off in Shibuya",
        description="We meet, we **talk**.",
        community_id="rust-tokyo",
        organizer_ids=(ORGANIZER.member_id, CO_ORGANIZER.member_id),
        region=Region("Tokyo", "Shibuya"),
        tags=("rust", "beginners"),
        format=MeetupFormat.IN_PERSON,
        start=START,
        end=END,
        timezone="Asia/Tokyo",
        venue=venue(),
        checklist=(ChecklistItem("Discord", "https://discord.com/download"),),
        questions=(Question("q-level", "Your Rust level?", required=True),),
    )
    return replace(base, **overrides)


def frame(frame_id: str = "in-person", capacity: int = 2, **overrides) -> Frame:
    base = Frame(
        frame_id=frame_id,
        name=frame_id.replace("-", " ").title(),
        capacity=capacity,
        mode=FrameMode.FIRST_COME,
        waitlist_enabled=True,
    )
    return replace(base, **overrides)


def lottery(frame_id: str = "lottery", capacity: int = 2, draw_at: datetime = START - timedelta(days=7), **kw) -> Frame:
    return frame(frame_id, capacity, mode=FrameMode.LOTTERY, draw_at=draw_at, **kw)


def after_party() -> AfterParty:
    return AfterParty(start=END, end=END + timedelta(hours=2), place="Izakaya Tori", notes="about ¥4000")


def pre_meeting() -> PreMeeting:
    return PreMeeting("https://meet.example.com/rust", START - timedelta(days=3), START - timedelta(days=3, hours=-1))


def rsvp_details(**overrides) -> RsvpDetails:
    base = RsvpDetails(
        answers=(Answer("q-level", "beginner"),),
        introduction=SelfIntroduction("backend dev", "to meet rustaceans", "bouldering"),
        shared_parts=frozenset({IntroductionPart.WHAT_I_DO}),
    )
    return replace(base, **overrides)


def schedule(
    frames=None, actor: Principal = ORGANIZER, organizes: bool = True, **detail_overrides
) -> c.ScheduleMeetup:
    """Scheduling by ``actor``, who owns or organizes the meetup's community
    (as the members service says) unless ``organizes`` is False."""
    d = details(**detail_overrides)
    return c.ScheduleMeetup(
        actor=actor,
        meetup_id=MEETUP_ID,
        details=d,
        frames=tuple(frames if frames is not None else [frame()]),
        check_in_code=CODE,
        organized_communities=frozenset({d.community_id}) if organizes else frozenset(),
    )


def run(state: MeetupState, command, now: datetime = NOW) -> tuple[MeetupState, list]:
    """When ``command`` at ``now``: the events decided and the state after them."""
    events = decide(state, command, now)
    return MEETUP.fold(state, events), events


def given_commands(*commands, now: datetime = NOW) -> MeetupState:
    state = INITIAL
    for command in commands:
        state, _ = run(state, command, now)
    return state


def drafted(frames=None, **detail_overrides) -> MeetupState:
    return given_commands(schedule(frames, **detail_overrides))


def published(frames=None, **detail_overrides) -> MeetupState:
    return given_commands(
        schedule(frames, **detail_overrides), c.PublishMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID)
    )


def rsvp(member_id: str, frame_id: str = "in-person", **overrides) -> c.RsvpToFrame:
    return c.RsvpToFrame(
        actor=member(member_id),
        meetup_id=MEETUP_ID,
        frame_id=frame_id,
        member_id=member_id,
        details=rsvp_details(**overrides),
    )


def cancel_rsvp(member_id: str, frame_id: str = "in-person", actor: Principal | None = None) -> c.CancelRsvp:
    return c.CancelRsvp(
        actor=actor or member(member_id), meetup_id=MEETUP_ID, frame_id=frame_id, member_id=member_id
    )


def with_rsvps(state: MeetupState, *member_ids: str, frame_id: str = "in-person", now: datetime = NOW) -> MeetupState:
    for member_id in member_ids:
        state, _ = run(state, rsvp(member_id, frame_id), now)
    return state


def names(events) -> list[str]:
    return [type(e).__name__ for e in events]


def going(state: MeetupState, frame_id: str = "in-person") -> list[str]:
    return [r.member_id for r in state.rsvps_in(frame_id, RsvpStatus.GOING)]


def waitlist(state: MeetupState, frame_id: str = "in-person") -> list[str]:
    return [r.member_id for r in state.rsvps_in(frame_id, RsvpStatus.WAITLISTED)]


def fields_of(error) -> dict[str, str]:
    return {v.field: v.description for v in error.violations}
