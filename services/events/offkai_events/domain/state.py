"""The meetup aggregate's state: a fold of its events (see ``evolve``).

Kept compact so a meetup with thousands of RSVPs folds fast: one mapping of
RSVP records keyed by (frame, member) and one of check-ins, each replaced by a
shallow copy per event. Queue order is an integer ticket per RSVP, handed out
by the fold, instead of lists that would be rebuilt on every change; counts
and queues are derived on read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar

from offkai_events.domain.model import Frame, FrameSession, MeetupDetails, RsvpDetails

K = TypeVar("K")
V = TypeVar("V")

EMPTY: Mapping = MappingProxyType({})


def with_item(mapping: Mapping[K, V], key: K, value: V) -> Mapping[K, V]:
    """A read-only copy of ``mapping`` with ``key`` set to ``value``."""
    # mappingproxy.copy() copies the dict behind it: CPython's fast path that
    # reuses stored hashes, several times quicker than {**mapping, ...}.
    changed = mapping.copy()
    changed[key] = value
    return MappingProxyType(changed)


class MeetupStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"
    ENDED = "ended"


class RsvpStatus(StrEnum):
    GOING = "going"
    WAITLISTED = "waitlisted"
    # Entered a lottery frame that has not been drawn yet.
    APPLIED = "applied"
    CANCELLED = "cancelled"


class CheckInMethod(StrEnum):
    SELF_CODE = "self_code"
    ORGANIZER = "organizer"


@dataclass(frozen=True)
class FrameState:
    frame: Frame
    drawn: bool = False
    lottery_seed: str = ""


@dataclass(frozen=True)
class Rsvp:
    frame_id: str
    member_id: str
    status: RsvpStatus
    # Place in the frame's queue (waitlist or lottery entries): lower is
    # earlier. Lottery losers get theirs in draw order.
    ticket: int
    details: RsvpDetails
    seat_confirmed: bool = False
    updated_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.status is not RsvpStatus.CANCELLED


@dataclass(frozen=True)
class CheckIn:
    member_id: str
    # Empty for a walk-in without a main-session seat.
    frame_id: str
    method: CheckInMethod
    at: datetime


@dataclass(frozen=True)
class MeetupState:
    meetup_id: str = ""
    # None until MeetupScheduled: the meetup does not exist.
    status: MeetupStatus | None = None
    details: MeetupDetails | None = None
    # In the order the frames were added.
    frames: Mapping[str, FrameState] = field(default_factory=lambda: EMPTY)
    rsvps: Mapping[tuple[str, str], Rsvp] = field(default_factory=lambda: EMPTY)
    # By member id, in check-in order.
    check_ins: Mapping[str, CheckIn] = field(default_factory=lambda: EMPTY)
    check_in_code: str = ""
    # iCalendar SEQUENCE: bumped on every change after publication.
    sequence: int = 0
    next_ticket: int = 1
    created_at: datetime | None = None
    updated_at: datetime | None = None
    published_at: datetime | None = None
    cancellation_reason: str = ""
    seat_confirmation_requested_at: datetime | None = None
    # When unconfirmed seats are released; None when they never are.
    seat_release_at: datetime | None = None
    seat_confirmation_closed: bool = False
    ended_at: datetime | None = None

    # -- reads the rules and queries share ---------------------------------

    @property
    def exists(self) -> bool:
        return self.status is not None

    def is_organizer(self, member_id: str) -> bool:
        return self.details is not None and member_id in self.details.organizer_ids

    def frame(self, frame_id: str) -> FrameState | None:
        return self.frames.get(frame_id)

    def rsvp(self, frame_id: str, member_id: str) -> Rsvp | None:
        return self.rsvps.get((frame_id, member_id))

    def rsvps_in(self, frame_id: str, status: RsvpStatus) -> list[Rsvp]:
        """The frame's RSVPs with ``status``, in queue (ticket) order."""
        found = [r for r in self.rsvps.values() if r.frame_id == frame_id and r.status is status]
        return sorted(found, key=lambda r: r.ticket)

    def going_count(self, frame_id: str) -> int:
        return sum(
            1 for r in self.rsvps.values() if r.frame_id == frame_id and r.status is RsvpStatus.GOING
        )

    def free_seats(self, frame_id: str) -> int:
        return max(0, self.frames[frame_id].frame.capacity - self.going_count(frame_id))

    def active_rsvps_of(self, member_id: str) -> Iterator[Rsvp]:
        return (r for r in self.rsvps.values() if r.member_id == member_id and r.active)

    def active_rsvp_in_session(self, member_id: str, session: FrameSession) -> Rsvp | None:
        """The member's live RSVP for a frame of ``session``: one per session."""
        for rsvp in self.active_rsvps_of(member_id):
            if self.frames[rsvp.frame_id].frame.session is session:
                return rsvp
        return None

    def active_member_ids(self) -> list[str]:
        """Everyone going, waitlisted or applied somewhere, each once, sorted."""
        return sorted({r.member_id for r in self.rsvps.values() if r.active})


INITIAL = MeetupState()
