"""Commands on a meetup: what someone asks for, in the imperative.

Each carries the acting principal (``actor``); the rules in ``decide`` check
what it may do. Anything random or secret is made by the handler and passed
in (the lottery ``seed``, the ``check_in_code``), so deciding stays pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from offkai_events.domain.model import Frame, MeetupDetails, RsvpDetails
from offkai_kit.principal import Principal


@dataclass(frozen=True, kw_only=True)
class ScheduleMeetup:
    """Draft a new meetup."""

    actor: Principal
    meetup_id: str
    details: MeetupDetails
    frames: tuple[Frame, ...]
    # Made by the handler (short, random); checked on self check-in.
    check_in_code: str
    # Fact: the communities the actor owns or organizes, as the members service
    # says (the handler reads them from the community_roles projection).
    organized_communities: frozenset[str]


@dataclass(frozen=True, kw_only=True)
class UpdateMeetup:
    """Change a meetup's details: the top-level fields named in ``update_mask``
    are taken from ``details``; an empty mask replaces them all."""

    actor: Principal
    meetup_id: str
    details: MeetupDetails
    update_mask: tuple[str, ...] = ()
    # Fact, as for ScheduleMeetup: needed only to move the meetup to another community.
    organized_communities: frozenset[str] = frozenset()


@dataclass(frozen=True, kw_only=True)
class PublishMeetup:
    actor: Principal
    meetup_id: str


@dataclass(frozen=True, kw_only=True)
class CancelMeetup:
    actor: Principal
    meetup_id: str
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class EndMeetup:
    """End the meetup: by an organizer after start, or by the scheduler at its end."""

    actor: Principal
    meetup_id: str


@dataclass(frozen=True, kw_only=True)
class RotateCheckInCode:
    actor: Principal
    meetup_id: str
    code: str


@dataclass(frozen=True, kw_only=True)
class AddFrame:
    actor: Principal
    meetup_id: str
    frame: Frame


@dataclass(frozen=True, kw_only=True)
class ChangeFrameCapacity:
    actor: Principal
    meetup_id: str
    frame_id: str
    capacity: int
    # False keeps the waitlist as it is: added seats go to new RSVPs.
    promote_waitlist: bool = True


@dataclass(frozen=True, kw_only=True)
class RsvpToFrame:
    actor: Principal
    meetup_id: str
    frame_id: str
    member_id: str
    details: RsvpDetails


@dataclass(frozen=True, kw_only=True)
class UpdateRsvp:
    """Change an RSVP's answers, self-introduction or shared parts."""

    actor: Principal
    meetup_id: str
    frame_id: str
    member_id: str
    details: RsvpDetails


@dataclass(frozen=True, kw_only=True)
class CancelRsvp:
    actor: Principal
    meetup_id: str
    frame_id: str
    member_id: str


@dataclass(frozen=True, kw_only=True)
class DrawLottery:
    """Draw a lottery frame at its draw time (the scheduler's step)."""

    actor: Principal
    meetup_id: str
    frame_id: str
    # Random, made by the handler; recorded in LotteryDrawn for replay.
    seed: str


@dataclass(frozen=True, kw_only=True)
class RequestSeatConfirmation:
    """Ask everyone holding a seat to confirm it (the scheduler's step)."""

    actor: Principal
    meetup_id: str


@dataclass(frozen=True, kw_only=True)
class ConfirmSeat:
    actor: Principal
    meetup_id: str
    frame_id: str
    member_id: str


@dataclass(frozen=True, kw_only=True)
class ReleaseSeat:
    actor: Principal
    meetup_id: str
    frame_id: str
    member_id: str


@dataclass(frozen=True, kw_only=True)
class ReleaseUnconfirmedSeats:
    """Release seats still unconfirmed at the deadline (the scheduler's step)."""

    actor: Principal
    meetup_id: str


@dataclass(frozen=True, kw_only=True)
class CheckIn:
    actor: Principal
    meetup_id: str
    member_id: str
    # Required when members check themselves in; organizers need none.
    code: str = ""


Command = (
    ScheduleMeetup
    | UpdateMeetup
    | PublishMeetup
    | CancelMeetup
    | EndMeetup
    | RotateCheckInCode
    | AddFrame
    | ChangeFrameCapacity
    | RsvpToFrame
    | UpdateRsvp
    | CancelRsvp
    | DrawLottery
    | RequestSeatConfirmation
    | ConfirmSeat
    | ReleaseSeat
    | ReleaseUnconfirmedSeats
    | CheckIn
)
