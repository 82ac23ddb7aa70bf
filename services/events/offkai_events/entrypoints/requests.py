"""API requests → domain commands (and ListMeetups' filter), and the input
checks conversion needs.

The domain validates what a command says; this module only makes sure a
request *can* become a command (timestamps and durations in range, ids
present) and fills in what the caller may leave out (``member_id`` defaults to
the caller). It also makes what the pure domain must not: the meetup id and
the self check-in code (the facts it takes, such as the communities the caller
organizes, are looked up by the handler) — once per request, outside the runner's retry loop, so
a retried decide sees the same values.
"""

from __future__ import annotations

import secrets
import uuid

from google.protobuf.message import Message

from offkai.events.v1 import meetups_pb2 as pb
from offkai_events.domain import commands as c
from offkai_events.domain import validate
from offkai_events.domain.meetup_filter import MeetupFilter
from offkai_events.domain.payloads import (
    details_from_pb,
    frame_from_pb,
    instant,
    meetup_status_from_pb,
    rsvp_details_from_pb,
)
from offkai_events.domain.state import MeetupStatus
from offkai_kit import validation
from offkai_kit.errors import InvalidArgument, Violations
from offkai_kit.principal import Principal

MAX_ID = 128
# No 0/O or 1/I/L: people read the code off a screen and type it.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

# Every Timestamp and Duration of a request is one protobuf can convert (the kit's rule).
check_times = validation.times


def new_meetup_id() -> str:
    return str(uuid.uuid4())


def new_check_in_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# -- checks ------------------------------------------------------------------


def require_id(value: str, field: str, v: Violations) -> None:
    """An id the request names: required, at most MAX_ID characters, one line."""
    if not value.strip():
        v.add(field, "required")
        return
    validation.text(value, field, v, limit=MAX_ID)


def checked(request: Message, *id_fields: str) -> None:
    """INVALID_ARGUMENT unless the named id fields are set and every time in
    ``request`` converts."""
    v = Violations()
    for field in id_fields:
        require_id(getattr(request, field), field, v)
    check_times(request, v)
    v.raise_if_any()


def member_of(request: Message, actor: Principal) -> str:
    """The request's ``member_id``, defaulting to the caller. INVALID_ARGUMENT when
    the caller may act for whoever it names but it names nobody (a line break,
    5,000 characters); a member naming someone else is refused as such later."""
    named = request.member_id
    if not named:
        return actor.member_id
    if named == actor.member_id or actor.is_privileged:
        v = Violations()
        require_id(named, "member_id", v)
        v.raise_if_any()
    return named


# -- commands ----------------------------------------------------------------


def schedule_meetup(
    request: pb.ScheduleMeetupRequest, actor: Principal, meetup_id: str, code: str, organized: frozenset[str]
) -> c.ScheduleMeetup:
    checked(request)
    return c.ScheduleMeetup(
        actor=actor,
        meetup_id=meetup_id,
        details=details_from_pb(request.details),
        frames=tuple(frame_from_pb(f) for f in request.frames),
        check_in_code=code,
        organized_communities=organized,
    )


def update_meetup(request: pb.UpdateMeetupRequest, actor: Principal, organized: frozenset[str]) -> c.UpdateMeetup:
    return c.UpdateMeetup(
        actor=actor,
        meetup_id=request.meetup_id,
        details=details_from_pb(request.details),
        update_mask=tuple(request.update_mask.paths),
        organized_communities=organized,
    )


def add_frame(request: pb.AddFrameRequest, actor: Principal) -> c.AddFrame:
    return c.AddFrame(actor=actor, meetup_id=request.meetup_id, frame=frame_from_pb(request.frame))


def change_frame_capacity(request: pb.ChangeFrameCapacityRequest, actor: Principal) -> c.ChangeFrameCapacity:
    return c.ChangeFrameCapacity(
        actor=actor,
        meetup_id=request.meetup_id,
        frame_id=request.frame_id,
        capacity=request.capacity,
        promote_waitlist=not request.keep_waitlist,
    )


def _rsvp_details(details: pb.RsvpDetails):
    """The details; the list of parts to share is bounded here, before the
    domain sees it as a set."""
    v = Violations()
    validation.list_size(details.shared_parts, "details.shared_parts", v, limit=validate.MAX_ENUM_LIST)
    v.raise_if_any()
    return rsvp_details_from_pb(details)


def rsvp_to_frame(request: pb.RsvpToFrameRequest, actor: Principal) -> c.RsvpToFrame:
    return c.RsvpToFrame(
        actor=actor,
        meetup_id=request.meetup_id,
        frame_id=request.frame_id,
        member_id=member_of(request, actor),
        details=_rsvp_details(request.details),
    )


def update_rsvp(request: pb.UpdateRsvpRequest, actor: Principal) -> c.UpdateRsvp:
    return c.UpdateRsvp(
        actor=actor,
        meetup_id=request.meetup_id,
        frame_id=request.frame_id,
        member_id=member_of(request, actor),
        details=_rsvp_details(request.details),
    )


def seat_command(kind: type, request: Message, actor: Principal):
    """CancelRsvp, ConfirmSeat or ReleaseSeat: the same four fields."""
    if not request.frame_id:
        raise InvalidArgument.field("frame_id", "required")
    return kind(
        actor=actor,
        meetup_id=request.meetup_id,
        frame_id=request.frame_id,
        member_id=member_of(request, actor),
    )


def check_in(request: pb.CheckInRequest, actor: Principal) -> c.CheckIn:
    """The code is bounded here too: an organizer's check-in ignores it."""
    if len(request.code) > validate.MAX_CODE:
        raise InvalidArgument.field("code", f"must be at most {validate.MAX_CODE} characters")
    return c.CheckIn(actor=actor, meetup_id=request.meetup_id, member_id=member_of(request, actor), code=request.code)


# -- filters -----------------------------------------------------------------


def meetup_filter(request: pb.ListMeetupsRequest) -> MeetupFilter:
    """ListMeetups' filters; without statuses, published meetups only."""
    v = Violations()
    check_times(request, v)
    if request.community_id:
        require_id(request.community_id, "community_id", v)
    validation.search_filters(request, ("prefecture", "city", "tag", "query"), v)
    statuses = set()
    validation.list_size(request.statuses, "statuses", v, limit=validate.MAX_ENUM_LIST)
    for i, number in enumerate(request.statuses):
        status = meetup_status_from_pb(number)
        if v.check(status is not None, f"statuses[{i}]", "must be a meetup status"):
            statuses.add(status)
    v.raise_if_any()
    return MeetupFilter(
        community_id=request.community_id,
        prefecture=request.prefecture,
        city=request.city,
        tag=request.tag,
        starts_after=instant(request, "starts_after"),
        starts_before=instant(request, "starts_before"),
        statuses=frozenset(statuses or {MeetupStatus.PUBLISHED}),
        query=request.query,
    )
