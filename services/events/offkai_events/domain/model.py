"""Value objects of a meetup: what organizers describe and members tell.

Frozen dataclasses with tuples, so states built from them are immutable and
compare by value. Times are timezone-aware datetimes (UTC instants); the
meetup's IANA ``timezone`` says how to show them. Optional parts are ``None``.
These mirror the messages in proto/offkai/events/v1/types.proto;
``payloads`` maps between the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

DEFAULT_CHECK_IN_OPENS_BEFORE = timedelta(hours=2)


class MeetupFormat(StrEnum):
    IN_PERSON = "in_person"
    HYBRID = "hybrid"
    ONLINE = "online"


class FrameMode(StrEnum):
    FIRST_COME = "first_come"
    LOTTERY = "lottery"


class FrameSession(StrEnum):
    MAIN = "main"
    AFTER_PARTY = "after_party"


class IntroductionPart(StrEnum):
    WHAT_I_DO = "what_i_do"
    WHY_I_COME = "why_i_come"
    HOBBIES = "hobbies"


@dataclass(frozen=True)
class Region:
    prefecture: str = ""
    city: str = ""


@dataclass(frozen=True)
class GeoPoint:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Station:
    station: str
    line: str = ""
    exit: str = ""
    walking_minutes: int = 0


@dataclass(frozen=True)
class BusStop:
    stop: str
    routes: tuple[str, ...] = ()
    walking_minutes: int = 0


@dataclass(frozen=True)
class Parking:
    # None: not known.
    available: bool | None = None
    notes: str = ""


@dataclass(frozen=True)
class EntryRules:
    reception: str = ""
    real_name_required: bool = False
    last_entry: datetime | None = None
    notes: str = ""


@dataclass(frozen=True)
class Accessibility:
    # None: not known.
    elevator: bool | None = None
    step_free: bool | None = None
    notes: str = ""


@dataclass(frozen=True)
class Venue:
    name: str
    address: str = ""
    location: GeoPoint | None = None
    stations: tuple[Station, ...] = ()
    bus_stops: tuple[BusStop, ...] = ()
    parking: Parking = field(default_factory=Parking)
    nearby_facilities: tuple[str, ...] = ()
    entry_rules: EntryRules = field(default_factory=EntryRules)
    accessibility: Accessibility = field(default_factory=Accessibility)


@dataclass(frozen=True)
class PreMeeting:
    """The online pre-meeting (顔合わせ)."""

    join_url: str
    start: datetime | None
    end: datetime | None


@dataclass(frozen=True)
class AfterParty:
    """The after-party (懇親会); its seats are frames with session AFTER_PARTY."""

    start: datetime | None
    end: datetime | None
    place: str = ""
    address: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ChecklistItem:
    name: str
    url: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Question:
    question_id: str
    text: str
    required: bool = False


@dataclass(frozen=True)
class SeatConfirmationPolicy:
    opens_before: timedelta
    # None: unconfirmed seats are never released automatically.
    auto_release_before: timedelta | None = None


@dataclass(frozen=True)
class MeetupDetails:
    """Everything an organizer says about a meetup; frames live apart because
    they have a lifecycle of their own (capacity changes, draws)."""

    title: str
    community_id: str
    organizer_ids: tuple[str, ...]
    format: MeetupFormat | None
    # None only in a command that left them out; validation refuses that.
    start: datetime | None
    end: datetime | None
    timezone: str
    description: str = ""
    region: Region = field(default_factory=Region)
    tags: tuple[str, ...] = ()
    venue: Venue | None = None
    online_url: str = ""
    pre_meeting: PreMeeting | None = None
    after_party: AfterParty | None = None
    checklist: tuple[ChecklistItem, ...] = ()
    questions: tuple[Question, ...] = ()
    seat_confirmation: SeatConfirmationPolicy | None = None
    check_in_opens_before: timedelta = DEFAULT_CHECK_IN_OPENS_BEFORE
    # How long before the start members with a seat are reminded; empty: the
    # notify service's defaults (a day and an hour before).
    reminder_offsets: tuple[timedelta, ...] = ()


@dataclass(frozen=True)
class Frame:
    """A participation frame (参加枠): one pool of seats."""

    frame_id: str
    name: str
    capacity: int
    mode: FrameMode | None
    session: FrameSession = FrameSession.MAIN
    description: str = ""
    waitlist_enabled: bool = False
    # Lottery frames only: applications close and the draw happens then.
    draw_at: datetime | None = None

    @property
    def is_lottery(self) -> bool:
        return self.mode is FrameMode.LOTTERY


@dataclass(frozen=True)
class SelfIntroduction:
    what_i_do: str = ""
    why_i_come: str = ""
    hobbies: str = ""

    def only(self, parts: frozenset[IntroductionPart]) -> SelfIntroduction:
        """The introduction with the parts not in ``parts`` blanked out."""
        return SelfIntroduction(
            what_i_do=self.what_i_do if IntroductionPart.WHAT_I_DO in parts else "",
            why_i_come=self.why_i_come if IntroductionPart.WHY_I_COME in parts else "",
            hobbies=self.hobbies if IntroductionPart.HOBBIES in parts else "",
        )


@dataclass(frozen=True)
class Answer:
    question_id: str
    answer: str


@dataclass(frozen=True)
class RsvpDetails:
    """What a member tells when they RSVP. Answers are for organizers only;
    other attendees see the introduction parts in ``shared_parts``."""

    answers: tuple[Answer, ...] = ()
    introduction: SelfIntroduction = field(default_factory=SelfIntroduction)
    shared_parts: frozenset[IntroductionPart] = frozenset()
