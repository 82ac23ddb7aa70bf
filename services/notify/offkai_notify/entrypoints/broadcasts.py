"""offkai.notify.v1.BroadcastsService: an organizer's message to a segment of
their meetup.

The call is judged against notify's view of the meetup (the meetups
projection: organizers, status, frames) and run through the kit's
``CommandRunner`` on a ``broadcast-<id>`` stream, idempotent by caller and
``request_id``: the id of the broadcast is derived from both, and a retry
returns the first answer without deciding again. The fan-out is queued in
the same transaction as BroadcastRequested (``alongside``), keyed
``broadcast:<broadcast_id>``: one delivery per member of the segment and
channel that takes broadcasts, however often the call is retried.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC

from google.protobuf.message import Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.notify.v1 import broadcasts_pb2 as pb
from offkai.notify.v1 import broadcasts_pb2_grpc
from offkai.notify.v1 import events_pb2 as ev
from offkai_kit.clock import Clock, utc_now
from offkai_kit.commands import CommandRunner
from offkai_kit.context import current_principal
from offkai_kit.db import Database
from offkai_kit.errors import InvalidArgument
from offkai_kit.idempotency import check_request_id
from offkai_notify.domain.broadcast import BROADCAST, Judged, MeetupView, broadcast_stream_id
from offkai_notify.domain.commands import BroadcastToSegment
from offkai_notify.domain.convert import enum_from_pb
from offkai_notify.domain.model import BroadcastSegment
from offkai_notify.projections import audience, meetup_rows
from offkai_notify.projections.audience import Wake
from offkai_notify.projections.communities import community_name
from offkai_notify.projections.recipients import recipients
from offkai_notify.render import messages as msg
from offkai_notify.render.from_events import meetup_from_details

METHOD = "/offkai.notify.v1.BroadcastsService/BroadcastToSegment"
_IDS = uuid.UUID("6f0b2a54-2c55-4d0e-9a8e-2f3b4f0c1d7e")


_KEY_PREFIX = "broadcast:"


def broadcast_key(broadcast_id: str) -> str:
    return f"{_KEY_PREFIX}{broadcast_id}"


def broadcast_id_of(key: str) -> str | None:
    """The broadcast id in a triggering key ``broadcast:<id>``, or None."""
    if not key.startswith(_KEY_PREFIX):
        return None
    return key.removeprefix(_KEY_PREFIX) or None


async def meetup_view(db: Database, meetup_id: str) -> MeetupView | None:
    async with db.read() as conn:
        row = await meetup_rows.meetup(conn, meetup_id)
        if row is None:
            return None
        frames = await meetup_rows.frame_ids(conn, meetup_id)
    return MeetupView(meetup_id, row.status, frozenset(row.details.organizer_ids), frames)


class BroadcastsServicer(broadcasts_pb2_grpc.BroadcastsServiceServicer):
    def __init__(self, commands: CommandRunner, db: Database, clock: Clock = utc_now, wake: Wake | None = None):
        self.commands = commands
        self.db = db
        self.clock = clock
        # The sender's: told once a broadcast's deliveries are committed.
        self.wake = wake

    async def BroadcastToSegment(self, request: pb.BroadcastToSegmentRequest, context) -> pb.BroadcastToSegmentResponse:
        actor = current_principal()
        check_request_id(request.request_id)
        if not request.meetup_id:
            raise InvalidArgument.field("meetup_id", "is required")
        broadcast_id = str(uuid.uuid5(_IDS, f"{actor.member_id}\x1f{request.request_id}"))
        command = BroadcastToSegment(
            actor=actor,
            broadcast_id=broadcast_id,
            meetup_id=request.meetup_id,
            segment=enum_from_pb(BroadcastSegment, request.segment),
            frame_id=request.frame_id,
            subject=request.subject,
            body=request.body,
        )
        judged = Judged(await meetup_view(self.db, request.meetup_id), command)
        return await self.commands.execute(
            BROADCAST,
            broadcast_stream_id(broadcast_id),
            judged,
            _respond,
            method=METHOD,
            request=request,
            request_id=request.request_id,
            alongside=self._fan_out,
        )

    async def _fan_out(self, conn: AsyncConnection, events: Sequence[Message]) -> None:
        for event in events:
            if isinstance(event, ev.BroadcastRequested):
                await fan_out(conn, event, self.clock(), self.wake)


def _respond(state: ev.BroadcastRequested) -> pb.BroadcastToSegmentResponse:
    return pb.BroadcastToSegmentResponse(
        broadcast_id=state.broadcast_id,
        triggering_event_id=broadcast_key(state.broadcast_id),
        requested_at=state.requested_at,
    )


async def fan_out(conn: AsyncConnection, e: ev.BroadcastRequested, now, wake: Wake | None = None) -> int:
    """Queue the broadcast to its segment as the meetups projection has it now."""
    segment = enum_from_pb(BroadcastSegment, e.segment)
    row = await meetup_rows.meetup(conn, e.meetup_id)
    if row is None or segment is None:
        return 0
    members = await meetup_rows.segment(conn, e.meetup_id, segment.value, e.frame_id)
    name = await conn.scalar(select(recipients.c.display_name).where(recipients.c.member_id == e.requested_by))
    meetup = meetup_from_details(e.meetup_id, row.details,
                                 community_name=await community_name(conn, row.community_id))
    message = msg.OrganizerBroadcast(meetup=meetup, organizer_name=name or "", subject=e.subject, body=e.body)
    return await audience.notify(conn, broadcast_key(e.broadcast_id), dict.fromkeys(members, message),
                                 now.astimezone(UTC), wake=wake)

