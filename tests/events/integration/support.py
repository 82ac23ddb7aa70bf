"""Builders and helpers for the MeetupsService integration tests: valid
requests to vary, callers, error inspection, and the events a meetup's stream
holds."""

from __future__ import annotations

import contextlib
import itertools
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from google.protobuf.duration_pb2 import Duration
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2

from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import types_pb2 as types
from offkai_events.domain import stream_id
from offkai_kit.grpc.status import details_of
from offkai_kit.testing.services import bearer

ORGANIZER = bearer("org-aki", "member", "organizer")
ADMIN = bearer("admin-1", "admin")
_ids = itertools.count(1)


def request_id() -> str:
    return f"req-{next(_ids)}"


def member(member_id: str):
    return bearer(member_id, "member")


def ts(at: datetime) -> Timestamp:
    out = Timestamp()
    out.FromDatetime(at)
    return out


def now() -> datetime:
    return datetime.now(UTC)


def details(start: datetime, end: datetime | None = None, **overrides) -> types.MeetupDetails:
    base = types.MeetupDetails(
        title="Rust mini-off in Shibuya",
        description="We meet, we talk.",
        community_id="rust-tokyo",
        organizer_ids=["org-aki"],
        region=types.Region(prefecture="Tokyo", city="Shibuya"),
        tags=["rust", "beginners"],
        format=types.MEETUP_FORMAT_IN_PERSON,
        start=ts(start),
        end=ts(end or start + timedelta(hours=3)),
        timezone="Asia/Tokyo",
        venue=types.Venue(
            name="Cafe Komorebi",
            address="1-2-3 Dogenzaka, Shibuya, Tokyo",
            stations=[
                types.Station(line="JR Yamanote Line", station="Shibuya", exit="Hachiko exit", walking_minutes=5)
            ],
        ),
        questions=[types.Question(question_id="q-level", text="Your Rust level?", required=True)],
        check_in_opens_before=Duration(seconds=2 * 3600),
    )
    for name, value in overrides.items():
        field = base.DESCRIPTOR.fields_by_name[name]
        if field.message_type is not None and not field.is_repeated:
            getattr(base, name).CopyFrom(value)
        elif field.is_repeated:
            del getattr(base, name)[:]
            getattr(base, name).extend(value)
        else:
            setattr(base, name, value)
    return base


def frame(frame_id: str = "in-person", capacity: int = 2, **overrides) -> types.Frame:
    values = dict(
        frame_id=frame_id,
        name=frame_id.replace("-", " ").title(),
        capacity=capacity,
        mode=types.FRAME_MODE_FIRST_COME,
        waitlist_enabled=True,
    )
    values.update(overrides)
    return types.Frame(**values)


def rsvp_details(level: str = "beginner") -> types.RsvpDetails:
    return types.RsvpDetails(
        answers=[types.Answer(question_id="q-level", answer=level)],
        self_introduction=types.SelfIntroduction(what_i_do="backend dev", why_i_come="rust", hobbies="bouldering"),
        shared_parts=[types.INTRODUCTION_PART_WHAT_I_DO],
    )


async def schedule(
    api, start: datetime, frames=None, caller=ORGANIZER, **detail_overrides
) -> pb.ScheduleMeetupResponse:
    return await api.ScheduleMeetup(
        pb.ScheduleMeetupRequest(
            request_id=request_id(),
            details=details(start, **detail_overrides),
            frames=frames if frames is not None else [frame()],
        ),
        metadata=caller,
    )


async def published(api, start: datetime, frames=None, **detail_overrides) -> str:
    meetup_id = (await schedule(api, start, frames, **detail_overrides)).meetup.meetup_id
    await api.PublishMeetup(pb.PublishMeetupRequest(request_id=request_id(), meetup_id=meetup_id), metadata=ORGANIZER)
    return meetup_id


async def rsvp(api, meetup_id: str, member_id: str, frame_id: str = "in-person") -> pb.Rsvp:
    reply = await api.RsvpToFrame(
        pb.RsvpToFrameRequest(request_id=request_id(), meetup_id=meetup_id, frame_id=frame_id, details=rsvp_details()),
        metadata=member(member_id),
    )
    return reply.rsvp


@contextlib.asynccontextmanager
async def fails_with(code: grpc.StatusCode):
    """``async with fails_with(X) as failure: await call`` — then ``failure.value``."""
    with pytest.raises(grpc.aio.AioRpcError) as failure:
        yield failure
    assert failure.value.code() == code, f"{failure.value.code()}: {failure.value.details()}"


def violated_fields(error: grpc.aio.AioRpcError) -> dict[str, str]:
    """The BadRequest field violations an INVALID_ARGUMENT carried."""
    found = {}
    for detail in details_of(error):
        if isinstance(detail, error_details_pb2.BadRequest):
            found.update({v.field: v.description for v in detail.field_violations})
    return found




async def stream_events(runtime, meetup_id: str) -> list:
    """The meetup's recorded events, in order: (event_type, message)."""
    return [(e.event_type, e.message()) for e in await runtime.store.load(stream_id(meetup_id))]
