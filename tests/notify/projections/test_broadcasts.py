"""BroadcastsService.BroadcastToSegment over real gRPC: only the meetup's
organizers (as the meetups projection has them) and admins broadcast; the
segment is taken from the same projection; a retry with the same request_id
answers the first broadcast and queues nothing twice; bad calls get precise
statuses and leave nothing behind."""

from __future__ import annotations

import grpc
import pytest

from offkai.events.v1 import events_pb2 as events_ev
from offkai.notify.v1 import broadcasts_pb2 as pb
from offkai.notify.v1 import broadcasts_pb2_grpc
from offkai.notify.v1 import types_pb2 as notify_pb
from offkai_kit.testing.clock import SettableClock
from offkai_kit.testing.services import bearer, channel_to
from tests.events.integration.support import fails_with, violated_fields
from tests.notify.projections.test_triggers import NOON
from tests.notify.triggers import DAY, Meetup, Stream, caught_up, details, queued, who, wiring


def _request(request_id: str, segment=notify_pb.BROADCAST_SEGMENT_GOING, **fields) -> pb.BroadcastToSegmentRequest:
    values = dict(request_id=request_id, meetup_id="m-b", segment=segment, subject="Room change",
                  body="We moved to room 3.\nSee you there!")
    values.update(fields)
    return pb.BroadcastToSegmentRequest(**values)


@pytest.fixture
async def meetup_with_segments(start):
    async with start(wiring(), clock=SettableClock(NOON)) as runtime:
        s = Stream(runtime)
        for m in ("aki", "ben", "cho", "dai", "eri"):
            await s.member(m)
            await s.channel(m, f"hook-{m}")
        await s.email("ben", "mail-ben")
        await s.prefer("cho", "hook-cho", notify_pb.CATEGORY_BROADCASTS, False)
        await caught_up(runtime)
        meetup = Meetup(s, "m-b", details(NOON + 3 * DAY, organizers=("aki",)))
        await meetup.schedule()
        await meetup.publish()
        for m in ("ben", "cho"):
            await meetup.confirm(m)
        await meetup.confirm("eri", "party")
        await meetup.waitlist("dai", 1)
        await meetup.event(events_ev.AttendeeCheckedIn(meetup_id="m-b", member_id="ben", frame_id="in-person"))
        draft = Meetup(s, "m-draft", details(NOON + 9 * DAY, organizers=("aki",)))
        await draft.schedule()
        await caught_up(runtime)
        async with channel_to(runtime) as channel:
            yield runtime, broadcasts_pb2_grpc.BroadcastsServiceStub(channel)


async def test_an_organizer_broadcasts_to_a_segment_once_however_often_retried(meetup_with_segments):
    runtime, stub = meetup_with_segments
    first = await stub.BroadcastToSegment(_request("r-1"), metadata=bearer("aki", "member"))
    again = await stub.BroadcastToSegment(_request("r-1"), metadata=bearer("aki", "member"))
    assert again == first, "a retry answers the first broadcast"
    assert first.triggering_event_id == f"broadcast:{first.broadcast_id}"
    found = await queued(runtime, trigger="organizer_broadcast")
    # cho turned broadcasts off; dai is waitlisted; eri's seat is in the after-party frame.
    assert who(found) == [("ben", "hook-ben"), ("ben", "mail-ben"), ("eri", "hook-eri")]
    assert {q.key for q in found} == {first.triggering_event_id}

    in_person = await stub.BroadcastToSegment(_request("r-2", frame_id="in-person"), metadata=bearer("aki"))
    assert who(await queued(runtime, key=in_person.triggering_event_id)) == [("ben", "hook-ben"), ("ben", "mail-ben")]
    waitlisted = await stub.BroadcastToSegment(_request("r-3", segment=notify_pb.BROADCAST_SEGMENT_WAITLISTED),
                                               metadata=bearer("aki"))
    assert who(await queued(runtime, key=waitlisted.triggering_event_id)) == [("dai", "hook-dai")]
    checked_in = await stub.BroadcastToSegment(_request("r-4", segment=notify_pb.BROADCAST_SEGMENT_CHECKED_IN),
                                               metadata=bearer("admin-1", "admin"))
    assert who(await queued(runtime, key=checked_in.triggering_event_id)) == [("ben", "hook-ben"), ("ben", "mail-ben")]


async def test_only_organizers_broadcast_and_bad_calls_get_precise_errors(meetup_with_segments):
    runtime, stub = meetup_with_segments
    async with fails_with(grpc.StatusCode.UNAUTHENTICATED):
        await stub.BroadcastToSegment(_request("e-0"))
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await stub.BroadcastToSegment(_request("e-1"), metadata=bearer("ben", "member", "organizer"))
    async with fails_with(grpc.StatusCode.NOT_FOUND):
        await stub.BroadcastToSegment(_request("e-2", meetup_id="m-none"), metadata=bearer("aki"))
    async with fails_with(grpc.StatusCode.NOT_FOUND):
        # A draft is nobody's business but its organizers'.
        await stub.BroadcastToSegment(_request("e-3", meetup_id="m-draft"), metadata=bearer("ben"))
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION):
        await stub.BroadcastToSegment(_request("e-4", meetup_id="m-draft"), metadata=bearer("aki"))
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION):
        await stub.BroadcastToSegment(_request("e-5", segment=notify_pb.BROADCAST_SEGMENT_NO_SHOWS),
                                      metadata=bearer("aki"))
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:
        await stub.BroadcastToSegment(
            _request("e-6", segment=notify_pb.BROADCAST_SEGMENT_UNSPECIFIED, frame_id="nope", subject="two\nlines",
                     body=""), metadata=bearer("aki"))
    assert set(violated_fields(failure.value)) == {"segment", "frame_id", "subject", "body"}
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:
        await stub.BroadcastToSegment(_request(""), metadata=bearer("aki"))
    assert set(violated_fields(failure.value)) == {"request_id"}
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:
        await stub.BroadcastToSegment(_request("e-7", meetup_id=""), metadata=bearer("aki"))
    assert set(violated_fields(failure.value)) == {"meetup_id"}
    # The same request_id with another body is refused, not taken as a retry.
    await stub.BroadcastToSegment(_request("e-8"), metadata=bearer("aki"))
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:
        await stub.BroadcastToSegment(_request("e-8", subject="Another"), metadata=bearer("aki"))
    assert set(violated_fields(failure.value)) == {"request_id"}
    keys = {q.key for q in await queued(runtime, trigger="organizer_broadcast")}
    assert len(keys) == 1, "only e-8 went through: refused calls queue nothing"
