"""The meetup aggregate's state: a fold of its events (see ``evolve``).

Kept so a meetup with thousands of RSVPs folds and decides fast:

- ``rsvps`` — every RSVP record keyed by (frame, member), in a persistent map
  (``rsvp_map.RsvpMap``: a changed RSVP makes a new map that shares all but a
  few nodes with the old one, in O(log n), instead of a copy of the whole
  mapping per event; a restored snapshot's RSVPs are built only when read).
  Old states stay valid and unchanged, so a caller may keep any of them (the
  repository's cache, a command group deciding on the state a lost race left).
- an RSVP index kept as the state evolves (``queues``): per frame the members
  going, waitlisted and applied, each a tuple in queue (ticket) order. So a
  frame's going count and waitlist head are O(1) and its queue O(1) to read.
  A member's RSVPs are one look-up per frame (meetups have a few frames). The
  index is derived from ``rsvps`` (``index_of`` builds it from scratch) and is
  left out of equality.

Queue order is an integer ticket per RSVP, handed out by the fold; a queue is
kept in ticket order (an RSVP that enters one usually takes the newest ticket,
so it goes at the end). Check-ins stay a small insertion-ordered mapping.
"""

from __future__ import annotations

from bisect import bisect
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar

from offkai_events.domain.model import Frame, FrameSession, MeetupDetails, RsvpDetails
from offkai_events.domain.rsvp_map import EMPTY_RSVPS, RsvpMap

K = TypeVar("K")
V = TypeVar("V")

EMPTY: Mapping = MappingProxyType({})


def with_item(mapping: Mapping[K, V], key: K, value: V) -> Mapping[K, V]:
    """A read-only copy of ``mapping`` with ``key`` set to ``value`` (for the
    small mappings: frames, check-ins)."""
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


class EncodedDetails:
    """An RSVP's details still in their protobuf bytes (as its event carried
    them, or a snapshot keeps them): decoded by ``decode`` the first time they
    are read."""

    __slots__ = ("data", "decode")

    def __init__(self, data: bytes, decode) -> None:
        self.data = data
        self.decode = decode


class _Details:
    """The ``details`` field of ``Rsvp``: a data descriptor so an RSVP can hold
    its details encoded and decode them only when someone reads them (the
    attendee list, an RSVP's answer, UpdateRsvp's comparison). Deciding never
    reads another member's details, so neither folding a rush nor a cold load
    of a big meetup builds thousands of answers and introductions, and a
    snapshot writes the bytes back as they are. Decoding fills a cache inside
    the frozen record; what it reads as does not change."""

    def __get__(self, rsvp, owner=None) -> RsvpDetails:
        if rsvp is None:
            return RsvpDetails()  # the field's default
        value = rsvp.__dict__["_details"]
        if type(value) is EncodedDetails:
            value = value.decode(value.data)
            rsvp.__dict__["_details"] = value
        return value

    def __set__(self, rsvp, value) -> None:
        rsvp.__dict__["_details"] = value


@dataclass(frozen=True)
class Rsvp:
    frame_id: str
    member_id: str
    status: RsvpStatus
    # Place in the frame's queue (waitlist or lottery entries): lower is
    # earlier. Lottery losers get theirs in draw order.
    ticket: int
    # An ``RsvpDetails``; ``EncodedDetails`` may be given instead (decoded on read).
    details: RsvpDetails = _Details()
    seat_confirmed: bool = False
    updated_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.status is not RsvpStatus.CANCELLED

    def encoded_details(self) -> bytes | None:
        """The details' bytes if they were never decoded (the snapshot codec
        writes them back as they came)."""
        value = self.__dict__["_details"]
        return value.data if type(value) is EncodedDetails else None


@dataclass(frozen=True)
class CheckIn:
    member_id: str
    # Empty for a walk-in without a main-session seat.
    frame_id: str
    method: CheckInMethod
    at: datetime


@dataclass(frozen=True)
class FrameQueues:
    """One frame's RSVPs by status, each a tuple of member ids in ticket order
    (cancelled RSVPs are in none)."""

    going: tuple[str, ...] = ()
    waitlisted: tuple[str, ...] = ()
    applied: tuple[str, ...] = ()

    def of(self, status: RsvpStatus) -> tuple[str, ...]:
        return getattr(self, _QUEUE[status]) if status in _QUEUE else ()


_QUEUE = {RsvpStatus.GOING: "going", RsvpStatus.WAITLISTED: "waitlisted", RsvpStatus.APPLIED: "applied"}
NO_QUEUES = FrameQueues()


@dataclass(frozen=True)
class MeetupState:
    meetup_id: str = ""
    # None until MeetupScheduled: the meetup does not exist.
    status: MeetupStatus | None = None
    details: MeetupDetails | None = None
    # In the order the frames were added.
    frames: Mapping[str, FrameState] = field(default_factory=lambda: EMPTY)
    # A persistent map (see the module's doc); change it with ``put_rsvps``.
    rsvps: RsvpMap = field(default_factory=lambda: EMPTY_RSVPS)
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
    # The RSVP index, derived from ``rsvps`` (so not compared): per frame its queues.
    queues: Mapping[str, FrameQueues] = field(default_factory=lambda: EMPTY, compare=False, repr=False)

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

    def queue(self, frame_id: str, status: RsvpStatus) -> tuple[str, ...]:
        """The member ids of the frame's RSVPs with ``status`` (not cancelled),
        in queue (ticket) order."""
        return self.queues.get(frame_id, NO_QUEUES).of(status)

    def rsvps_in(self, frame_id: str, status: RsvpStatus) -> list[Rsvp]:
        """The frame's RSVPs with ``status``, in queue (ticket) order."""
        if status is RsvpStatus.CANCELLED:
            found = [r for r in self.rsvps.values() if r.frame_id == frame_id and r.status is status]
            return sorted(found, key=lambda r: r.ticket)
        rsvps = self.rsvps
        return [rsvps[(frame_id, m)] for m in self.queue(frame_id, status)]

    def going_count(self, frame_id: str) -> int:
        return len(self.queue(frame_id, RsvpStatus.GOING))

    def free_seats(self, frame_id: str) -> int:
        return max(0, self.frames[frame_id].frame.capacity - self.going_count(frame_id))

    def waitlist_position(self, frame_id: str, member_id: str) -> int:
        """1-based place in the frame's waitlist; 0 if not waitlisted there."""
        queue = self.queue(frame_id, RsvpStatus.WAITLISTED)
        # The newest RSVP is the usual question (an RSVP's own answer): last first.
        if queue and queue[-1] == member_id:
            return len(queue)
        try:
            return queue.index(member_id) + 1
        except ValueError:
            return 0

    def active_rsvps_of(self, member_id: str) -> Iterator[Rsvp]:
        """The member's RSVPs that are not cancelled, in frame order."""
        get = self.rsvps.get
        return (r for f in self.frames if (r := get((f, member_id))) is not None and r.active)

    def active_rsvp_in_session(self, member_id: str, session: FrameSession) -> Rsvp | None:
        """The member's live RSVP for a frame of ``session``: one per session."""
        for rsvp in self.active_rsvps_of(member_id):
            if self.frames[rsvp.frame_id].frame.session is session:
                return rsvp
        return None

    def active_member_ids(self) -> list[str]:
        """Everyone going, waitlisted or applied somewhere, each once, sorted."""
        return sorted({m for q in self.queues.values() for status in _QUEUE.values() for m in getattr(q, status)})


INITIAL = MeetupState()


# -- keeping the index -------------------------------------------------------


def put_rsvps(state: MeetupState, changed: Iterable[Rsvp]) -> tuple[RsvpMap, Mapping[str, FrameQueues]]:
    """The state's ``rsvps`` and ``queues`` with each RSVP of ``changed`` put in
    place of the one it replaces (same frame and member), the queues moved
    along. Returns new values; the state's are left as they were."""
    changed = list(changed)
    before = state.rsvps
    old = [before.get((r.frame_id, r.member_id)) for r in changed]
    rsvps = before.with_rsvps(changed)
    queues = state.queues
    # Per frame, the queues that change, as lists (copy on write).
    work: dict[str, dict[str, list[str]]] = {}
    for r, previous in zip(changed, old, strict=True):
        was = previous.status if previous is not None else None
        if was is r.status and previous.ticket == r.ticket:
            continue
        if was in _QUEUE:
            _queue_list(work, queues, r.frame_id, was).remove(r.member_id)
        if r.status in _QUEUE:
            _insert(_queue_list(work, queues, r.frame_id, r.status), r, rsvps)
    if work:
        queues = dict(queues)
        for frame_id, lists in work.items():
            current = queues.get(frame_id, NO_QUEUES)
            kept = FrameQueues(
                **{name: tuple(lists[name]) if name in lists else getattr(current, name) for name in _QUEUE.values()}
            )
            if kept == NO_QUEUES:
                queues.pop(frame_id, None)
            else:
                queues[frame_id] = kept
        queues = MappingProxyType(queues)
    return rsvps, queues


def _queue_list(work, queues, frame_id: str, status: RsvpStatus) -> list[str]:
    lists = work.setdefault(frame_id, {})
    name = _QUEUE[status]
    if name not in lists:
        lists[name] = list(getattr(queues.get(frame_id, NO_QUEUES), name))
    return lists[name]


def _insert(queue: list[str], rsvp: Rsvp, rsvps: Mapping[tuple[str, str], Rsvp]) -> None:
    """Put the member in ticket order: at the end for the newest ticket (the
    usual case), else where the ticket falls."""
    frame_id = rsvp.frame_id
    if not queue or rsvps[(frame_id, queue[-1])].ticket < rsvp.ticket:
        queue.append(rsvp.member_id)
    else:
        queue.insert(bisect(queue, rsvp.ticket, key=lambda m: rsvps[(frame_id, m)].ticket), rsvp.member_id)


def index_of(rsvps: Mapping[tuple[str, str], Rsvp]) -> Mapping[str, FrameQueues]:
    """The queues built from scratch, by a scan of every RSVP (tests compare)."""
    lists: dict[str, dict[str, list[Rsvp]]] = {}
    for r in rsvps.values():
        name = _QUEUE.get(r.status)
        if name is not None:
            lists.setdefault(r.frame_id, {}).setdefault(name, []).append(r)
    return MappingProxyType({
        frame_id: FrameQueues(
            **{name: tuple(r.member_id for r in sorted(found, key=_ticket)) for name, found in by_status.items()}
        )
        for frame_id, by_status in lists.items()
    })


def _ticket(r: Rsvp) -> int:
    return r.ticket
