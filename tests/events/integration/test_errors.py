"""Errors are part of the API: precise codes, BadRequest details naming the
request's fields, and nothing written by a call that failed."""

from __future__ import annotations

import uuid
from datetime import timedelta

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from offkai.events.v1 import meetups_pb2 as pb
from tests.events.integration.support import (
    ADMIN,
    ORGANIZER,
    details,
    fails_with,
    frame,
    member,
    now,
    published,
    request_id,
    rsvp,
    rsvp_details,
    violated_fields,
)


async def _event_count(service) -> int:
    async with service.db.read() as conn:
        return (await conn.exec_driver_sql("SELECT count(*) FROM events")).scalar()


async def test_bad_meetup_is_refused_with_every_bad_field_and_nothing_is_written(api, service):
    start = now() + timedelta(days=7)
    before = await _event_count(service)
    request = pb.ScheduleMeetupRequest(
        request_id="bad-schedule",
        details=details(start, start - timedelta(hours=1), title="  ", timezone="Asia/Atlantis"),
        frames=[frame("in-person", capacity=5), frame("students", capacity=-1)],
    )
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as bad:
        await api.ScheduleMeetup(request, metadata=ORGANIZER)
    fields = violated_fields(bad.value)
    assert {"details.title", "details.end", "details.timezone", "frames[1].capacity"} <= set(fields)
    assert "Asia/Atlantis" in fields["details.timezone"]
    assert fields["frames[1].capacity"] == "must not be negative"
    assert await _event_count(service) == before, "a refused meetup leaves no trace"

    # Nothing was stored under the request id either: fixed, the same id succeeds.
    fixed = pb.ScheduleMeetupRequest(request_id="bad-schedule", details=details(start), frames=[frame()])
    meetup_id = (await api.ScheduleMeetup(fixed, metadata=ORGANIZER)).meetup.meetup_id
    async with fails_with(grpc.StatusCode.NOT_FOUND):
        await api.GetMeetup(pb.GetMeetupRequest(meetup_id=str(uuid.uuid4())), metadata=ORGANIZER)
    assert (await api.GetMeetup(pb.GetMeetupRequest(meetup_id=meetup_id), metadata=ORGANIZER)).meetup


async def test_a_refused_update_changes_nothing(api, service):
    meetup_id = await published(api, now() + timedelta(days=7))
    before = await api.GetMeetup(pb.GetMeetupRequest(meetup_id=meetup_id), metadata=ORGANIZER)
    update = pb.UpdateMeetupRequest(
        request_id=request_id(),
        meetup_id=meetup_id,
        details=details(now() + timedelta(days=7), title=""),
    )
    update.update_mask.paths.extend(["title", "no_such_field"])
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as bad:
        await api.UpdateMeetup(update, metadata=ORGANIZER)
    assert "update_mask.paths[1]" in violated_fields(bad.value)
    del update.update_mask.paths[1]
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as bad:
        await api.UpdateMeetup(update, metadata=ORGANIZER)
    assert set(violated_fields(bad.value)) == {"details.title"}
    after = await api.GetMeetup(pb.GetMeetupRequest(meetup_id=meetup_id), metadata=ORGANIZER)
    assert after == before


async def test_out_of_range_times_are_invalid_arguments_not_internal_errors(api):
    request = pb.ScheduleMeetupRequest(request_id=request_id(), details=details(now()), frames=[frame()])
    request.details.start.CopyFrom(Timestamp(seconds=-99_999_999_999_999))
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as bad:
        await api.ScheduleMeetup(request, metadata=ORGANIZER)
    assert "details.start" in violated_fields(bad.value)


async def test_rsvp_to_a_cancelled_meetup_is_a_failed_precondition(api):
    meetup_id = await published(api, now() + timedelta(days=7))
    cancel = pb.CancelMeetupRequest(request_id=request_id(), meetup_id=meetup_id, reason="venue flooded")
    assert (await api.CancelMeetup(cancel, metadata=ORGANIZER)).meetup.cancellation_reason == "venue flooded"
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION) as refused:
        await rsvp(api, meetup_id, "m-1")
    assert "cancelled" in refused.value.details()


async def test_members_act_only_for_themselves(api):
    meetup_id = await published(api, now() + timedelta(days=7))
    as_someone_else = pb.RsvpToFrameRequest(
        request_id=request_id(), meetup_id=meetup_id, frame_id="in-person", member_id="m-2", details=rsvp_details()
    )
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await api.RsvpToFrame(as_someone_else, metadata=member("m-1"))
    # Not even an organizer RSVPs for others; an admin may.
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await api.RsvpToFrame(as_someone_else, metadata=ORGANIZER)
    admin = pb.RsvpToFrameRequest()
    admin.CopyFrom(as_someone_else)
    admin.request_id = request_id()
    assert (await api.RsvpToFrame(admin, metadata=ADMIN)).rsvp.member_id == "m-2"

    # Only organizers change a meetup.
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await api.CancelMeetup(
            pb.CancelMeetupRequest(request_id=request_id(), meetup_id=meetup_id), metadata=member("m-1")
        )
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await api.GetWaitlistPosition(
            pb.GetWaitlistPositionRequest(meetup_id=meetup_id, frame_id="in-person", member_id="m-2"),
            metadata=member("m-1"),
        )


async def test_calls_without_a_token_are_unauthenticated(api):
    async with fails_with(grpc.StatusCode.UNAUTHENTICATED):
        await api.ScheduleMeetup(
            pb.ScheduleMeetupRequest(request_id=request_id(), details=details(now() + timedelta(days=1)))
        )
    async with fails_with(grpc.StatusCode.UNAUTHENTICATED):
        await api.GetMeetup(pb.GetMeetupRequest(meetup_id=str(uuid.uuid4())))


async def test_requests_missing_ids_or_with_bad_page_tokens_are_invalid(api):
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as missing:
        await api.GetMeetup(pb.GetMeetupRequest(), metadata=ORGANIZER)
    assert "meetup_id" in violated_fields(missing.value)
    meetup_id = await published(api, now() + timedelta(days=7))
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as no_frame:
        await api.ListAttendees(pb.ListAttendeesRequest(meetup_id=meetup_id), metadata=ORGANIZER)
    assert "frame_id" in violated_fields(no_frame.value)
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as bad_token:
        await api.ListAttendees(
            pb.ListAttendeesRequest(meetup_id=meetup_id, frame_id="in-person", page_token="garbage"),
            metadata=ORGANIZER,
        )
    assert "page_token" in violated_fields(bad_token.value)
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as bad_status:
        await api.ListMeetups(pb.ListMeetupsRequest(statuses=[42]), metadata=ORGANIZER)
    assert "statuses[0]" in violated_fields(bad_status.value)
