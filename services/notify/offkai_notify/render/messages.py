"""What a message says, as plain data: one dataclass per trigger, filled by the
delivery pipeline from notify's projections (see ``from_events`` for the
meetup parts) and rendered by ``render``. No I/O, no database.

Whoever builds a message decides what the recipient may see: put the online
join URL and the pre-meeting link in only for members entitled to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import ClassVar

from offkai_notify.domain.model import Trigger


@dataclass(frozen=True)
class Recipient:
    member_id: str
    display_name: str
    # "ja" or "en".
    locale: str
    # IANA time zone every time in the message is shown in.
    timezone: str


@dataclass(frozen=True)
class Links:
    # The web app; a meetup's page is <app_url>/meetups/<meetup_id>, a
    # community's <app_url>/communities/<community_id>.
    app_url: str
    # This category on this channel (see ``unsubscribe``); for an invitation
    # emailed to a non-member, the link that stops invitation emails to the
    # address; empty for messages nobody can unsubscribe from (the
    # verification code) and for chat.
    unsubscribe_url: str = ""
    preferences_url: str = ""


class MeetupFormat(StrEnum):
    IN_PERSON = "in_person"
    HYBRID = "hybrid"
    ONLINE = "online"


@dataclass(frozen=True)
class Meetup:
    meetup_id: str
    title: str
    start: datetime
    end: datetime
    # The meetup's own zone; times are still shown in the recipient's.
    timezone: str
    format: MeetupFormat = MeetupFormat.IN_PERSON
    venue_name: str = ""
    venue_address: str = ""
    # One line on how to get there, as MeetupSummary.access has it.
    access: str = ""
    # Only for recipients entitled to it.
    online_url: str = ""
    community_name: str = ""


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


class Parking(StrEnum):
    UNKNOWN = "unknown"
    AVAILABLE = "available"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class Access:
    """How to get there and in, for reminders."""

    stations: tuple[Station, ...] = ()
    bus_stops: tuple[BusStop, ...] = ()
    parking: Parking = Parking.UNKNOWN
    parking_notes: str = ""
    reception: str = ""
    real_name_required: bool = False
    last_entry: datetime | None = None
    entry_notes: str = ""
    # None: unknown.
    step_free: bool | None = None
    elevator: bool | None = None
    accessibility_notes: str = ""
    nearby_facilities: tuple[str, ...] = ()

    @property
    def has_entry_rules(self) -> bool:
        return bool(self.reception or self.real_name_required or self.last_entry or self.entry_notes)

    @property
    def has_accessibility(self) -> bool:
        return self.step_free is not None or self.elevator is not None or bool(self.accessibility_notes)


@dataclass(frozen=True)
class ChecklistItem:
    name: str
    url: str = ""
    notes: str = ""


@dataclass(frozen=True)
class PreMeeting:
    """The online pre-meeting (顔合わせ), for those entitled to join it."""

    join_url: str
    start: datetime
    end: datetime


class Change(StrEnum):
    """What a MeetupUpdated changed, in the words members care about."""

    TIME = "time"
    VENUE = "venue"
    ACCESS = "access"
    ONLINE = "online"
    DETAILS = "details"


class Audience(StrEnum):
    """Why a member hears of a new meetup."""

    COMMUNITY = "community"
    FOLLOWER = "follower"
    NEAR_ME = "near_me"


@dataclass(frozen=True)
class MeetupPublished:
    trigger: ClassVar = Trigger.MEETUP_PUBLISHED
    meetup: Meetup
    audience: Audience
    # A short plain-text excerpt of the description.
    summary: str = ""


@dataclass(frozen=True)
class RsvpConfirmed:
    trigger: ClassVar = Trigger.RSVP_CONFIRMED
    meetup: Meetup
    frame_name: str


@dataclass(frozen=True)
class RsvpWaitlisted:
    trigger: ClassVar = Trigger.RSVP_WAITLISTED
    meetup: Meetup
    frame_name: str
    # 1-based.
    position: int


@dataclass(frozen=True)
class WaitlistPromoted:
    trigger: ClassVar = Trigger.WAITLIST_PROMOTED
    meetup: Meetup
    frame_name: str
    # Set when the seat must be confirmed by then.
    confirm_by: datetime | None = None


@dataclass(frozen=True)
class RsvpCancelled:
    trigger: ClassVar = Trigger.RSVP_CANCELLED
    meetup: Meetup
    frame_name: str
    # An organizer cancelled it, not the member.
    by_organizer: bool = False
    # The seat was not confirmed by its deadline and was released.
    unconfirmed: bool = False


@dataclass(frozen=True)
class LotteryWon:
    trigger: ClassVar = Trigger.LOTTERY_WON
    meetup: Meetup
    frame_name: str


@dataclass(frozen=True)
class LotteryLost:
    trigger: ClassVar = Trigger.LOTTERY_LOST
    meetup: Meetup
    frame_name: str
    # Their place on the waitlist the losers join; 0 when there is none.
    waitlist_position: int = 0


@dataclass(frozen=True)
class SeatConfirmationRequested:
    trigger: ClassVar = Trigger.SEAT_CONFIRMATION_REQUESTED
    meetup: Meetup
    # Unconfirmed seats are released then; None when they never are.
    deadline: datetime | None = None


@dataclass(frozen=True)
class MeetupUpdated:
    trigger: ClassVar = Trigger.MEETUP_UPDATED
    meetup: Meetup
    changes: tuple[Change, ...]
    # The start before the change, when the time changed.
    previous_start: datetime | None = None


@dataclass(frozen=True)
class MeetupCancelled:
    trigger: ClassVar = Trigger.MEETUP_CANCELLED
    meetup: Meetup
    reason: str = ""


@dataclass(frozen=True)
class Reminder:
    trigger: ClassVar = Trigger.REMINDER
    meetup: Meetup
    # How long before the start this reminder goes out.
    before: timedelta
    access: Access = Access()
    checklist: tuple[ChecklistItem, ...] = ()
    pre_meeting: PreMeeting | None = None


@dataclass(frozen=True)
class ConnectionRequested:
    trigger: ClassVar = Trigger.CONNECTION_REQUESTED
    from_name: str
    # The meetup both checked in at, when that is how they met.
    met_at: str = ""


@dataclass(frozen=True)
class ConnectionAccepted:
    trigger: ClassVar = Trigger.CONNECTION_ACCEPTED
    by_name: str
    met_at: str = ""


@dataclass(frozen=True)
class IntroductionMade:
    trigger: ClassVar = Trigger.INTRODUCTION_MADE
    introducer_name: str
    introduced_name: str
    note: str = ""


@dataclass(frozen=True)
class Community:
    community_id: str
    name: str


@dataclass(frozen=True)
class InvitationReceived:
    """An invitation to a meetup or to a community: exactly one of the two."""

    trigger: ClassVar = Trigger.INVITATION_RECEIVED
    inviter_name: str
    meetup: Meetup | None = None
    note: str = ""
    community: Community | None = None


@dataclass(frozen=True)
class InvitationEmailed:
    """An invitation emailed to an address that is no member's: to a meetup
    or to a community, exactly one of the two, with the link that claims it
    (``<app_url>/invitations/<invitation_id>``: the id is its secret)."""

    trigger: ClassVar = Trigger.INVITATION_EMAILED
    inviter_name: str
    invitation_id: str
    meetup: Meetup | None = None
    note: str = ""
    community: Community | None = None


@dataclass(frozen=True)
class OrganizerBroadcast:
    trigger: ClassVar = Trigger.ORGANIZER_BROADCAST
    meetup: Meetup
    organizer_name: str
    subject: str
    # Plain text; line breaks are kept.
    body: str


@dataclass(frozen=True)
class WeeklyDigest:
    trigger: ClassVar = Trigger.WEEKLY_DIGEST
    meetups: tuple[Meetup, ...]
    # e.g. "Tokyo"; empty when the member has no region.
    region: str = ""


@dataclass(frozen=True)
class EmailVerification:
    trigger: ClassVar = Trigger.EMAIL_VERIFICATION
    code: str
    expires_at: datetime


Message = (
    MeetupPublished
    | RsvpConfirmed
    | RsvpWaitlisted
    | WaitlistPromoted
    | RsvpCancelled
    | LotteryWon
    | LotteryLost
    | SeatConfirmationRequested
    | MeetupUpdated
    | MeetupCancelled
    | Reminder
    | ConnectionRequested
    | ConnectionAccepted
    | IntroductionMade
    | InvitationReceived
    | InvitationEmailed
    | OrganizerBroadcast
    | WeeklyDigest
    | EmailVerification
)
