"""A valid request for every RPC of the services under test — the starting points
the adversarial test mutates one field at a time, so that nasty values reach the rules
behind the first checks. The entities they name (a meetup, a frame, members) are
made through the API first. ``test_every_rpc_has_a_seed`` fails when an RPC is added
without one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
from google.protobuf.message import Message

from offkai.events.v1 import meetups_pb2 as ev
from offkai.events.v1 import meetups_pb2_grpc
from offkai.platform.v1 import operations_pb2 as ops
from offkai_kit.testing.services import bearer
from tests.events.integration.support import details, frame, rsvp_details

ORGANIZER = bearer("org-aki", "member", "organizer")


def events_seeds(address: str) -> dict[str, list[Message]]:
    with grpc.insecure_channel(address) as channel:
        api = meetups_pb2_grpc.MeetupsServiceStub(channel)
        start = datetime.now(UTC) + timedelta(days=20)
        scheduled = api.ScheduleMeetup(
            ev.ScheduleMeetupRequest(request_id="seed-1", details=details(start), frames=[frame(capacity=5)]),
            metadata=ORGANIZER,
        )
        meetup_id, code = scheduled.meetup.meetup_id, scheduled.check_in_code
        api.PublishMeetup(ev.PublishMeetupRequest(request_id="seed-2", meetup_id=meetup_id), metadata=ORGANIZER)
        api.RsvpToFrame(ev.RsvpToFrameRequest(request_id="seed-3", meetup_id=meetup_id, frame_id="in-person",
                                              details=rsvp_details()), metadata=bearer("m-1", "member"))
    m, f = meetup_id, "in-person"
    return {
        "offkai.events.v1.MeetupsService.ScheduleMeetup": [
            ev.ScheduleMeetupRequest(request_id="s", details=details(start), frames=[frame()])],
        "offkai.events.v1.MeetupsService.UpdateMeetup": [
            ev.UpdateMeetupRequest(request_id="u", meetup_id=m, details=details(start))],
        "offkai.events.v1.MeetupsService.PublishMeetup": [ev.PublishMeetupRequest(request_id="p", meetup_id=m)],
        "offkai.events.v1.MeetupsService.CancelMeetup": [
            ev.CancelMeetupRequest(request_id="c", meetup_id=m, reason="venue closed")],
        "offkai.events.v1.MeetupsService.EndMeetup": [ev.EndMeetupRequest(request_id="e", meetup_id=m)],
        "offkai.events.v1.MeetupsService.RotateCheckInCode": [
            ev.RotateCheckInCodeRequest(request_id="r", meetup_id=m)],
        "offkai.events.v1.MeetupsService.AddFrame": [
            ev.AddFrameRequest(request_id="a", meetup_id=m, frame=frame("students", capacity=3))],
        "offkai.events.v1.MeetupsService.ChangeFrameCapacity": [
            ev.ChangeFrameCapacityRequest(request_id="k", meetup_id=m, frame_id=f, capacity=8)],
        "offkai.events.v1.MeetupsService.RsvpToFrame": [
            ev.RsvpToFrameRequest(request_id="v", meetup_id=m, frame_id=f, details=rsvp_details())],
        "offkai.events.v1.MeetupsService.UpdateRsvp": [
            ev.UpdateRsvpRequest(request_id="w", meetup_id=m, frame_id=f, details=rsvp_details("expert"))],
        "offkai.events.v1.MeetupsService.CancelRsvp": [ev.CancelRsvpRequest(request_id="x", meetup_id=m, frame_id=f)],
        "offkai.events.v1.MeetupsService.ConfirmSeat": [
            ev.ConfirmSeatRequest(request_id="y", meetup_id=m, frame_id=f)],
        "offkai.events.v1.MeetupsService.ReleaseSeat": [
            ev.ReleaseSeatRequest(request_id="z", meetup_id=m, frame_id=f)],
        "offkai.events.v1.MeetupsService.CheckIn": [ev.CheckInRequest(request_id="i", meetup_id=m, code=code)],
        "offkai.events.v1.MeetupsService.GetMeetup": [ev.GetMeetupRequest(meetup_id=m)],
        "offkai.events.v1.MeetupsService.ListMeetups": [
            ev.ListMeetupsRequest(community_id="rust-tokyo", page_size=10, query="rust")],
        "offkai.events.v1.MeetupsService.ListAttendees": [ev.ListAttendeesRequest(meetup_id=m, frame_id=f)],
        "offkai.events.v1.MeetupsService.GetWaitlistPosition": [
            ev.GetWaitlistPositionRequest(meetup_id=m, frame_id=f, member_id="m-1")],
        "offkai.events.v1.MeetupsService.ListMemberRsvps": [ev.ListMemberRsvpsRequest(member_id="m-1")],
        "offkai.events.v1.MeetupsService.GetAttendanceRecord": [ev.GetAttendanceRecordRequest(member_id="m-1")],
        "offkai.events.v1.MeetupsService.ExportMeetupCalendar": [ev.ExportMeetupCalendarRequest(meetup_id=m)],
        "offkai.events.v1.MeetupsService.ExportCommunityCalendar": [
            ev.ExportCommunityCalendarRequest(community_id="rust-tokyo")],
    }


OPERATIONS_SEEDS: dict[str, list[Message]] = {
    "offkai.platform.v1.OperationsService.ListDeadLetters": [ops.ListDeadLettersRequest(page_size=10)],
    "offkai.platform.v1.OperationsService.ReplayDeadLetter": [
        ops.ReplayDeadLetterRequest(projection="meetup_catalog", dead_letter_id=1)],
    "offkai.platform.v1.OperationsService.SkipDeadLetter": [
        ops.SkipDeadLetterRequest(projection="meetup_catalog", dead_letter_id=1, note="seed")],
    "offkai.platform.v1.OperationsService.ListBlockedAggregates": [ops.ListBlockedAggregatesRequest()],
    "offkai.platform.v1.OperationsService.GetProjectionStatus": [ops.GetProjectionStatusRequest()],
    "offkai.platform.v1.OperationsService.RebuildProjection": [
        ops.RebuildProjectionRequest(projection="member_directory")],
    "offkai.platform.v1.OperationsService.AuditStream": [ops.AuditStreamRequest()],
    "offkai.platform.v1.OperationsService.RepublishEvents": [ops.RepublishEventsRequest(from_position=1)],
}

SEEDERS = {"events": events_seeds}
