"""A meetup's whole life through the gRPC API, against the real service:
schedule → publish → RSVPs and a waitlist → a cancellation promotes → seat
confirmation and release → organizer and self check-in → end → the no-show
lands in the member's private attendance record. Retried mutations are
answered from the first result and append nothing."""

from __future__ import annotations

from datetime import timedelta

import grpc

from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import types_pb2 as types
from offkai_kit.testing.polling import eventually
from tests.events.integration.support import (
    ORGANIZER,
    details,
    fails_with,
    frame,
    member,
    now,
    request_id,
    rsvp,
    rsvp_details,
    schedule,
    stream_events,
)

GOING, WAITLISTED, CANCELLED = types.RSVP_STATUS_GOING, types.RSVP_STATUS_WAITLISTED, types.RSVP_STATUS_CANCELLED


async def test_a_meetup_from_draft_to_attendance_records(api, service, clock):
    # Starts within the hour, so check-in (open from two hours ahead) is open already.
    start = now() + timedelta(minutes=30)
    scheduled = await schedule(api, start, [frame("in-person", capacity=3)])
    meetup_id, code = scheduled.meetup.meetup_id, scheduled.check_in_code
    assert scheduled.meetup.status == types.MEETUP_STATUS_DRAFT
    assert code and scheduled.meetup.check_in_code == code

    # A draft is its organizers' business.
    async with fails_with(grpc.StatusCode.NOT_FOUND):
        await api.GetMeetup(pb.GetMeetupRequest(meetup_id=meetup_id), metadata=member("m-1"))
    async with fails_with(grpc.StatusCode.NOT_FOUND):
        await rsvp(api, meetup_id, "m-1")

    publish = pb.PublishMeetupRequest(request_id=request_id(), meetup_id=meetup_id)
    published = await api.PublishMeetup(publish, metadata=ORGANIZER)
    assert published.meetup.status == types.MEETUP_STATUS_PUBLISHED

    seen_by_member = (await api.GetMeetup(pb.GetMeetupRequest(meetup_id=meetup_id), metadata=member("m-1"))).meetup
    assert seen_by_member.details.title == "Rust mini-off in Shibuya"
    assert seen_by_member.check_in_code == "", "the check-in code is for organizers only"

    # Three seats, then the waitlist in arrival order.
    replies = [await rsvp(api, meetup_id, m) for m in ("m-1", "m-2", "m-3", "m-4", "m-5")]
    assert [r.status for r in replies] == [GOING, GOING, GOING, WAITLISTED, WAITLISTED]
    assert [r.waitlist_position for r in replies] == [0, 0, 0, 1, 2]

    # A cancelled seat goes to the head of the waitlist.
    cancel = pb.CancelRsvpRequest(request_id=request_id(), meetup_id=meetup_id, frame_id="in-person")
    assert (await api.CancelRsvp(cancel, metadata=member("m-1"))).rsvp.status == CANCELLED
    position = await api.GetWaitlistPosition(
        pb.GetWaitlistPositionRequest(meetup_id=meetup_id, frame_id="in-person"), metadata=member("m-5")
    )
    assert (position.position, position.waitlist_length) == (1, 1)

    # Seat confirmation: m-2 confirms; m-4 (just promoted) gives the seat up for m-5.
    confirm = pb.ConfirmSeatRequest(request_id=request_id(), meetup_id=meetup_id, frame_id="in-person")
    assert (await api.ConfirmSeat(confirm, metadata=member("m-2"))).rsvp.seat_confirmed
    release = pb.ReleaseSeatRequest(request_id=request_id(), meetup_id=meetup_id, frame_id="in-person")
    assert (await api.ReleaseSeat(release, metadata=member("m-4"))).rsvp.status == CANCELLED

    attendees = await api.ListAttendees(
        pb.ListAttendeesRequest(meetup_id=meetup_id, frame_id="in-person"), metadata=member("m-2")
    )
    assert [a.member_id for a in attendees.attendees] == ["m-2", "m-3", "m-5"]
    mine, other = attendees.attendees[0], attendees.attendees[1]
    assert mine.answers and mine.self_introduction.hobbies == "bouldering"
    assert not other.answers, "answers are for organizers and the member"
    assert other.self_introduction.what_i_do == "backend dev" and other.self_introduction.hobbies == ""
    as_organizer = await api.ListAttendees(
        pb.ListAttendeesRequest(meetup_id=meetup_id, frame_id="in-person"), metadata=ORGANIZER
    )
    assert all(a.answers and a.self_introduction.hobbies for a in as_organizer.attendees)

    # Check-in: an organizer for m-2; m-3 by themself, first with a wrong code.
    by_organizer = await api.CheckIn(
        pb.CheckInRequest(request_id=request_id(), meetup_id=meetup_id, member_id="m-2"), metadata=ORGANIZER
    )
    assert (by_organizer.member_id, by_organizer.frame_id) == ("m-2", "in-person")
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as wrong:
        await api.CheckIn(
            pb.CheckInRequest(request_id=request_id(), meetup_id=meetup_id, code="WRONG0"), metadata=member("m-3")
        )
    assert "code" in wrong.value.details() and "does not match" in wrong.value.details()
    self_check_in = pb.CheckInRequest(request_id=request_id(), meetup_id=meetup_id, code=code.lower())
    assert (await api.CheckIn(self_check_in, metadata=member("m-3"))).member_id == "m-3"
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await api.CheckIn(
            pb.CheckInRequest(request_id=request_id(), meetup_id=meetup_id, member_id="m-5", code=code),
            metadata=member("m-3"),
        )

    # It can end once it has started; m-5 held a seat and never came.
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION):
        await api.EndMeetup(pb.EndMeetupRequest(request_id=request_id(), meetup_id=meetup_id), metadata=ORGANIZER)
    clock.set(start)
    end = pb.EndMeetupRequest(request_id=request_id(), meetup_id=meetup_id)
    assert (await api.EndMeetup(end, metadata=ORGANIZER)).meetup.status == types.MEETUP_STATUS_ENDED
    recorded = [m for t, m in await stream_events(service, meetup_id) if t == "NoShowRecorded"]
    assert [m.member_id for m in recorded] == ["m-5"]

    async def record_of(member_id: str) -> pb.GetAttendanceRecordResponse:
        return await api.GetAttendanceRecord(pb.GetAttendanceRecordRequest(), metadata=member(member_id))

    no_show = await eventually(lambda: _with_entries(record_of("m-5")))
    assert (no_show.attended, no_show.no_shows) == (0, 1)
    assert no_show.entries[0].meetup_id == meetup_id
    assert no_show.entries[0].outcome == pb.ATTENDANCE_OUTCOME_NO_SHOW
    attended = await eventually(lambda: _with_entries(record_of("m-3")))
    assert (attended.attended, attended.no_shows) == (1, 0)
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await api.GetAttendanceRecord(pb.GetAttendanceRecordRequest(member_id="m-5"), metadata=ORGANIZER)


async def _with_entries(reply):
    reply = await reply
    return reply if reply.entries else None


async def test_a_retried_mutation_returns_the_first_answer_and_appends_nothing(api, service):
    start = now() + timedelta(days=7)
    request = pb.ScheduleMeetupRequest(
        request_id="schedule-once",
        details=details(start),
        frames=[frame()],
    )
    first = await api.ScheduleMeetup(request, metadata=ORGANIZER)
    again = await api.ScheduleMeetup(request, metadata=ORGANIZER)
    assert again == first, "the same meetup, not a second one"
    meetup_id = first.meetup.meetup_id
    await api.PublishMeetup(pb.PublishMeetupRequest(request_id=request_id(), meetup_id=meetup_id), metadata=ORGANIZER)

    rsvp_request = pb.RsvpToFrameRequest(
        request_id="rsvp-once", meetup_id=meetup_id, frame_id="in-person", details=rsvp_details()
    )
    first_rsvp = await api.RsvpToFrame(rsvp_request, metadata=member("m-1"))
    events_before = await stream_events(service, meetup_id)
    retried = await api.RsvpToFrame(rsvp_request, metadata=member("m-1"))
    assert retried == first_rsvp
    assert await stream_events(service, meetup_id) == events_before

    # The same id for a different request is refused, naming request_id.
    changed = pb.RsvpToFrameRequest()
    changed.CopyFrom(rsvp_request)
    changed.frame_id = "other"
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as reused:
        await api.RsvpToFrame(changed, metadata=member("m-1"))
    assert "request_id" in reused.value.details()
    # Without a request id nothing runs at all.
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT):
        await api.PublishMeetup(pb.PublishMeetupRequest(meetup_id=meetup_id), metadata=ORGANIZER)
