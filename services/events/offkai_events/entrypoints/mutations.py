"""The mutating RPCs: each builds a command and runs it through the kit's
``CommandRunner.execute`` (idempotent by caller, RPC name and ``request_id``;
retried on concurrency conflicts; nothing written when decide refuses).

Commands on one meetup queue in this process (the kit's runner commits them in groups per
stream), so a rush of RSVPs is decided one after another and appended together rather than racing.
"""

from __future__ import annotations

from collections.abc import Callable

from google.protobuf.message import Message

from offkai.events.v1 import meetups_pb2 as pb
from offkai_events.domain import MEETUP, stream_id
from offkai_events.domain import commands as c
from offkai_events.domain.state import MeetupState
from offkai_events.entrypoints import requests as r
from offkai_events.entrypoints.views import check_in_message, meetup_message, rsvp_of
from offkai_events.projections.community_roles import organized_by
from offkai_kit.commands import CommandRunner
from offkai_kit.context import current_principal
from offkai_kit.db import Database


class Mutations:
    def __init__(self, commands: CommandRunner, db: Database):
        self.commands = commands
        self.db = db

    async def _run(
        self,
        method: str,
        request: Message,
        command: c.Command,
        respond: Callable[[MeetupState], Message],
        answer_of: tuple[str, ...] = (),
    ) -> Message:
        """Decide ``command`` on its meetup's stream and answer ``respond(state)``;
        an answer showing a member's RSVP answers names them in ``answer_of`` (it
        is stored sealed with their key, and erased with them)."""
        return await self.commands.execute(
            MEETUP,
            stream_id(command.meetup_id),
            command,
            respond,
            method=method,
            request=request,
            request_id=request.request_id,
            answer_of=answer_of,
        )

    async def _on_meetup(
        self, method: str, request: Message, make: Callable, respond: Callable, answer_of: tuple[str, ...] = ()
    ) -> Message:
        """The common shape: a command on an existing meetup named by the request."""
        actor = current_principal()
        r.checked(request, "meetup_id")
        return await self._run(method, request, make(request, actor), lambda s: respond(s, actor), answer_of)

    # -- the meetup ------------------------------------------------------------

    async def schedule_meetup(self, request: pb.ScheduleMeetupRequest) -> pb.ScheduleMeetupResponse:
        actor = current_principal()
        # Made once: a retried decide must schedule the same meetup.
        organized = await organized_by(self.db, actor.member_id)
        command = r.schedule_meetup(request, actor, r.new_meetup_id(), r.new_check_in_code(), organized)
        return await self._run(
            "ScheduleMeetup",
            request,
            command,
            lambda s: pb.ScheduleMeetupResponse(meetup=meetup_message(s, actor), check_in_code=s.check_in_code),
        )

    async def update_meetup(self, request: pb.UpdateMeetupRequest) -> pb.UpdateMeetupResponse:
        organized = await organized_by(self.db, current_principal().member_id)
        return await self._on_meetup(
            "UpdateMeetup",
            request,
            lambda q, actor: r.update_meetup(q, actor, organized),
            lambda s, actor: pb.UpdateMeetupResponse(meetup=meetup_message(s, actor)),
        )

    async def publish_meetup(self, request: pb.PublishMeetupRequest) -> pb.PublishMeetupResponse:
        return await self._on_meetup(
            "PublishMeetup",
            request,
            lambda q, actor: c.PublishMeetup(actor=actor, meetup_id=q.meetup_id),
            lambda s, actor: pb.PublishMeetupResponse(meetup=meetup_message(s, actor)),
        )

    async def cancel_meetup(self, request: pb.CancelMeetupRequest) -> pb.CancelMeetupResponse:
        return await self._on_meetup(
            "CancelMeetup",
            request,
            lambda q, actor: c.CancelMeetup(actor=actor, meetup_id=q.meetup_id, reason=q.reason),
            lambda s, actor: pb.CancelMeetupResponse(meetup=meetup_message(s, actor)),
        )

    async def end_meetup(self, request: pb.EndMeetupRequest) -> pb.EndMeetupResponse:
        return await self._on_meetup(
            "EndMeetup",
            request,
            lambda q, actor: c.EndMeetup(actor=actor, meetup_id=q.meetup_id),
            lambda s, actor: pb.EndMeetupResponse(meetup=meetup_message(s, actor)),
        )

    async def rotate_check_in_code(self, request: pb.RotateCheckInCodeRequest) -> pb.RotateCheckInCodeResponse:
        code = r.new_check_in_code()
        return await self._on_meetup(
            "RotateCheckInCode",
            request,
            lambda q, actor: c.RotateCheckInCode(actor=actor, meetup_id=q.meetup_id, code=code),
            lambda s, actor: pb.RotateCheckInCodeResponse(check_in_code=s.check_in_code),
        )

    # -- frames ----------------------------------------------------------------

    async def add_frame(self, request: pb.AddFrameRequest) -> pb.AddFrameResponse:
        return await self._on_meetup(
            "AddFrame",
            request,
            r.add_frame,
            lambda s, actor: pb.AddFrameResponse(meetup=meetup_message(s, actor)),
        )

    async def change_frame_capacity(self, request: pb.ChangeFrameCapacityRequest) -> pb.ChangeFrameCapacityResponse:
        return await self._on_meetup(
            "ChangeFrameCapacity",
            request,
            r.change_frame_capacity,
            lambda s, actor: pb.ChangeFrameCapacityResponse(meetup=meetup_message(s, actor)),
        )

    # -- RSVPs, seats, check-in ------------------------------------------------

    async def _on_rsvp(self, method: str, request: Message, make: Callable, response: type[Message]) -> Message:
        actor = current_principal()
        member_id = r.member_of(request, actor)
        return await self._on_meetup(
            method,
            request,
            make,
            lambda s, _: response(rsvp=rsvp_of(s, request.frame_id, member_id)),
            (member_id,),
        )

    async def rsvp_to_frame(self, request: pb.RsvpToFrameRequest) -> pb.RsvpToFrameResponse:
        return await self._on_rsvp("RsvpToFrame", request, r.rsvp_to_frame, pb.RsvpToFrameResponse)

    async def update_rsvp(self, request: pb.UpdateRsvpRequest) -> pb.UpdateRsvpResponse:
        return await self._on_rsvp("UpdateRsvp", request, r.update_rsvp, pb.UpdateRsvpResponse)

    async def cancel_rsvp(self, request: pb.CancelRsvpRequest) -> pb.CancelRsvpResponse:
        make = lambda q, actor: r.seat_command(c.CancelRsvp, q, actor)  # noqa: E731
        return await self._on_rsvp("CancelRsvp", request, make, pb.CancelRsvpResponse)

    async def confirm_seat(self, request: pb.ConfirmSeatRequest) -> pb.ConfirmSeatResponse:
        make = lambda q, actor: r.seat_command(c.ConfirmSeat, q, actor)  # noqa: E731
        return await self._on_rsvp("ConfirmSeat", request, make, pb.ConfirmSeatResponse)

    async def release_seat(self, request: pb.ReleaseSeatRequest) -> pb.ReleaseSeatResponse:
        make = lambda q, actor: r.seat_command(c.ReleaseSeat, q, actor)  # noqa: E731
        return await self._on_rsvp("ReleaseSeat", request, make, pb.ReleaseSeatResponse)

    async def check_in(self, request: pb.CheckInRequest) -> pb.CheckInResponse:
        actor = current_principal()
        member_id = r.member_of(request, actor)
        return await self._on_meetup("CheckIn", request, r.check_in, lambda s, _: check_in_message(s, member_id))
