"""Helpers for the members integration tests: callers, request ids, members
registered through the API, waiting for the read models, error inspection."""

from __future__ import annotations

import contextlib
import itertools
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2

from offkai.events.v1 import meetups_pb2 as epb
from offkai.events.v1 import types_pb2 as etypes
from offkai.members.v1 import communities_pb2 as cpb
from offkai.members.v1 import members_pb2 as mpb
from offkai.members.v1 import types_pb2 as types
from offkai_events.projections.community_roles import organized_by
from offkai_kit.grpc.status import details_of
from offkai_kit.testing.consumers import settled
from offkai_kit.testing.polling import eventually
from offkai_kit.testing.services import bearer

ADMIN = bearer("admin-1", "admin")
_ids = itertools.count(1)


def request_id() -> str:
    return f"req-{next(_ids)}"


def as_member(member_id: str):
    return bearer(member_id, "member")


async def register(api, member_id: str, name: str | None = None, **profile) -> mpb.Member:
    profile.setdefault("region_prefecture", "Hokkaido")
    profile.setdefault("region_city", "Sapporo")
    reply = await api.members.RegisterMember(
        mpb.RegisterMemberRequest(request_id=request_id(), display_name=name or member_id.title(), **profile),
        metadata=as_member(member_id),
    )
    return reply.member


async def community(api, community_id: str, owner: str, name: str = "") -> cpb.Community:
    reply = await api.communities.CreateCommunity(
        cpb.CreateCommunityRequest(
            request_id=request_id(),
            community_id=community_id,
            details=types.CommunityDetails(name=name or community_id.replace("-", " ").title(),
                                           region_prefecture="Hokkaido"),
        ),
        metadata=as_member(owner),
    )
    return reply.community


async def caught_up(*runtimes) -> None:
    """Each service has published everything it recorded, then every projection
    of each has handled everything on the stream."""
    for runtime in runtimes:
        async def published(relay=runtime.relay) -> bool:
            return await relay.pending() == 0

        await eventually(published, what=f"{runtime.spec.name} published its events")
    await settled(*(runner for runtime in runtimes for runner in runtime.runners.values()))


@contextlib.asynccontextmanager
async def fails_with(code: grpc.StatusCode):
    """``async with fails_with(X) as failure: await call`` — then ``failure.value``."""
    with pytest.raises(grpc.aio.AioRpcError) as failure:
        yield failure
    assert failure.value.code() == code, f"{failure.value.code()}: {failure.value.details()}"


def violated_fields(error: grpc.aio.AioRpcError) -> dict[str, str]:
    found = {}
    for detail in details_of(error):
        if isinstance(detail, error_details_pb2.BadRequest):
            found.update({v.field: v.description for v in detail.field_violations})
    return found


# -- the events service, beside members on the same stream ----------------------


def _ts(at: datetime) -> Timestamp:
    out = Timestamp()
    out.FromDatetime(at)
    return out


async def published_meetup(meetups, events_runtime, organizer: str, community_id: str, title: str,
                           start=None, capacity: int = 10) -> tuple[str, str]:
    """A published meetup of ``community_id`` starting in an hour (check-in is
    open), scheduled by ``organizer`` once the events service has learnt from
    the stream that they organize the community; (meetup id, check-in code)."""
    async def may_schedule() -> bool:
        return community_id in await organized_by(events_runtime.db, organizer)

    await eventually(may_schedule, what=f"events knows {organizer} organizes {community_id}")
    start = start or datetime.now(UTC) + timedelta(hours=1)
    caller = as_member(organizer)
    scheduled = await meetups.ScheduleMeetup(
        epb.ScheduleMeetupRequest(
            request_id=request_id(),
            details=etypes.MeetupDetails(
                title=title, community_id=community_id, organizer_ids=[organizer],
                format=etypes.MEETUP_FORMAT_IN_PERSON, start=_ts(start), end=_ts(start + timedelta(hours=3)),
                timezone="Asia/Tokyo", region=etypes.Region(prefecture="Hokkaido", city="Sapporo"),
                venue=etypes.Venue(name="Cafe Komorebi"),
                questions=[etypes.Question(question_id="q", text="What brings you here?")],
            ),
            frames=[etypes.Frame(frame_id="main", name="Main", capacity=capacity,
                                 mode=etypes.FRAME_MODE_FIRST_COME, waitlist_enabled=True)],
        ),
        metadata=caller,
    )
    meetup_id = scheduled.meetup.meetup_id
    await meetups.PublishMeetup(epb.PublishMeetupRequest(request_id=request_id(), meetup_id=meetup_id),
                                metadata=caller)
    return meetup_id, scheduled.check_in_code


def rsvp_request(meetup_id: str, member_id: str, answer: str = "", rsvp_id: str = "") -> epb.RsvpToFrameRequest:
    details = etypes.RsvpDetails(
        self_introduction=etypes.SelfIntroduction(what_i_do=f"{member_id} writes Rust", hobbies="skiing"),
        answers=[etypes.Answer(question_id="q", answer=answer)] if answer else [],
        shared_parts=[etypes.INTRODUCTION_PART_WHAT_I_DO],
    )
    return epb.RsvpToFrameRequest(request_id=rsvp_id or request_id(), meetup_id=meetup_id, frame_id="main",
                                  details=details)


async def rsvp_and_check_in(
    meetups, meetup_id: str, code: str, member_id: str, answer: str = "", rsvp_id: str = ""
) -> None:
    await meetups.RsvpToFrame(rsvp_request(meetup_id, member_id, answer, rsvp_id), metadata=as_member(member_id))
    await meetups.CheckIn(epb.CheckInRequest(request_id=request_id(), meetup_id=meetup_id, code=code),
                          metadata=as_member(member_id))
