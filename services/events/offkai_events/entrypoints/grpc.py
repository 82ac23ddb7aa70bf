"""offkai.events.v1.MeetupsService: each RPC hands its request to the module
that does that job. Errors are raised as offkai_kit.errors exceptions; the
kit's interceptor turns them into gRPC statuses with details."""

from __future__ import annotations

from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import meetups_pb2_grpc
from offkai_events.entrypoints.listings import Listings
from offkai_events.entrypoints.meetup_reads import MeetupReads
from offkai_events.entrypoints.mutations import Mutations
from offkai_events.projections.catalog_search import CatalogSearch
from offkai_kit.clock import Clock
from offkai_kit.commands import CommandRunner
from offkai_kit.db import Database
from offkai_kit.repository import Repository


class MeetupsServicer(meetups_pb2_grpc.MeetupsServiceServicer):
    def __init__(self, commands: CommandRunner, repository: Repository, catalog: CatalogSearch, db: Database, clock: Clock):
        self.mutations = Mutations(commands, db)
        self.meetup_reads = MeetupReads(repository, db)
        self.listings = Listings(repository, catalog, clock)

    # -- mutations -------------------------------------------------------------

    async def ScheduleMeetup(self, request: pb.ScheduleMeetupRequest, context) -> pb.ScheduleMeetupResponse:
        return await self.mutations.schedule_meetup(request)

    async def UpdateMeetup(self, request: pb.UpdateMeetupRequest, context) -> pb.UpdateMeetupResponse:
        return await self.mutations.update_meetup(request)

    async def PublishMeetup(self, request: pb.PublishMeetupRequest, context) -> pb.PublishMeetupResponse:
        return await self.mutations.publish_meetup(request)

    async def CancelMeetup(self, request: pb.CancelMeetupRequest, context) -> pb.CancelMeetupResponse:
        return await self.mutations.cancel_meetup(request)

    async def EndMeetup(self, request: pb.EndMeetupRequest, context) -> pb.EndMeetupResponse:
        return await self.mutations.end_meetup(request)

    async def RotateCheckInCode(self, request: pb.RotateCheckInCodeRequest, context) -> pb.RotateCheckInCodeResponse:
        return await self.mutations.rotate_check_in_code(request)

    async def AddFrame(self, request: pb.AddFrameRequest, context) -> pb.AddFrameResponse:
        return await self.mutations.add_frame(request)

    async def ChangeFrameCapacity(
        self, request: pb.ChangeFrameCapacityRequest, context
    ) -> pb.ChangeFrameCapacityResponse:
        return await self.mutations.change_frame_capacity(request)

    async def RsvpToFrame(self, request: pb.RsvpToFrameRequest, context) -> pb.RsvpToFrameResponse:
        return await self.mutations.rsvp_to_frame(request)

    async def UpdateRsvp(self, request: pb.UpdateRsvpRequest, context) -> pb.UpdateRsvpResponse:
        return await self.mutations.update_rsvp(request)

    async def CancelRsvp(self, request: pb.CancelRsvpRequest, context) -> pb.CancelRsvpResponse:
        return await self.mutations.cancel_rsvp(request)

    async def ConfirmSeat(self, request: pb.ConfirmSeatRequest, context) -> pb.ConfirmSeatResponse:
        return await self.mutations.confirm_seat(request)

    async def ReleaseSeat(self, request: pb.ReleaseSeatRequest, context) -> pb.ReleaseSeatResponse:
        return await self.mutations.release_seat(request)

    async def CheckIn(self, request: pb.CheckInRequest, context) -> pb.CheckInResponse:
        return await self.mutations.check_in(request)

    # -- one meetup ------------------------------------------------------------

    async def GetMeetup(self, request: pb.GetMeetupRequest, context) -> pb.GetMeetupResponse:
        return await self.meetup_reads.get_meetup(request)

    async def ListAttendees(self, request: pb.ListAttendeesRequest, context) -> pb.ListAttendeesResponse:
        return await self.meetup_reads.list_attendees(request)

    async def GetWaitlistPosition(
        self, request: pb.GetWaitlistPositionRequest, context
    ) -> pb.GetWaitlistPositionResponse:
        return await self.meetup_reads.get_waitlist_position(request)

    async def ExportMeetupCalendar(
        self, request: pb.ExportMeetupCalendarRequest, context
    ) -> pb.ExportMeetupCalendarResponse:
        return await self.meetup_reads.export_meetup_calendar(request)

    # -- across meetups (via the catalog) --------------------------------------

    async def ListMeetups(self, request: pb.ListMeetupsRequest, context) -> pb.ListMeetupsResponse:
        return await self.listings.list_meetups(request)

    async def ListMemberRsvps(self, request: pb.ListMemberRsvpsRequest, context) -> pb.ListMemberRsvpsResponse:
        return await self.listings.list_member_rsvps(request)

    async def GetAttendanceRecord(
        self, request: pb.GetAttendanceRecordRequest, context
    ) -> pb.GetAttendanceRecordResponse:
        return await self.listings.get_attendance_record(request)

    async def ExportCommunityCalendar(
        self, request: pb.ExportCommunityCalendarRequest, context
    ) -> pb.ExportCommunityCalendarResponse:
        return await self.listings.export_community_calendar(request)
