"""A rush on one frame: 200 members RSVP at once through gRPC to a first-come frame
of 10 seats — the case tests/events/integration/test_concurrent_rsvps.py checks
for correctness — timed here instead of asserted there.

The baseline is the same 200 concurrent RSVPs spread over 200 meetups, one each:
no two contend for one stream, so the ratio is what queueing on one meetup
(the runner's per-stream lock, retries on a lost append) costs."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import structlog
from google.protobuf.timestamp_pb2 import Timestamp

from bench import results
from bench.harness import compare, temp_nats
from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import meetups_pb2_grpc
from offkai.events.v1 import types_pb2 as types
from offkai_events.bootstrap import SPEC
from offkai_kit.testing.services import bearer, channel_to, running_service

MEMBERS = [f"rush-{i:03}" for i in range(200)]
SEATS = 10
# An admin: the bench runs events alone, with no members service to say who
# organizes the "bench" community (admins may schedule any community's meetups).
ORGANIZER = bearer("org", "member", "organizer", "admin")


def _timestamp(at: datetime) -> Timestamp:
    out = Timestamp()
    out.FromDatetime(at)
    return out


async def _published_meetup(api, n: int) -> str:
    start = datetime.now(UTC) + timedelta(days=14)
    details = types.MeetupDetails(
        title="Rush", community_id="bench", organizer_ids=["org"], format=types.MEETUP_FORMAT_IN_PERSON,
        start=_timestamp(start), end=_timestamp(start + timedelta(hours=3)), timezone="Asia/Tokyo",
        region=types.Region(prefecture="Tokyo", city="Shibuya"), venue=types.Venue(name="Cafe"),
    )
    frame = types.Frame(frame_id="main", name="Main", capacity=SEATS, mode=types.FRAME_MODE_FIRST_COME,
                        waitlist_enabled=True)
    scheduled = await api.ScheduleMeetup(
        pb.ScheduleMeetupRequest(request_id=f"schedule-{n}", details=details, frames=[frame]), metadata=ORGANIZER
    )
    meetup_id = scheduled.meetup.meetup_id
    await api.PublishMeetup(pb.PublishMeetupRequest(request_id=f"publish-{n}", meetup_id=meetup_id),
                            metadata=ORGANIZER)
    return meetup_id


async def _rsvp(api, meetup_id: str, member_id: str) -> None:
    await api.RsvpToFrame(
        pb.RsvpToFrameRequest(request_id=f"rsvp-{meetup_id}", meetup_id=meetup_id, frame_id="main"),
        metadata=bearer(member_id, "member"),
    )


async def main() -> None:
    # The in-process service logs through structlog's defaults: keep the table readable.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    with temp_nats() as server, tempfile.TemporaryDirectory() as tmp:
        async with (
            running_service(SPEC, nats_url=server.url, data_dir=Path(tmp)) as runtime,
            channel_to(runtime) as channel,
        ):
            api = meetups_pb2_grpc.MeetupsServiceStub(channel)
            one = await _published_meetup(api, 0)
            spread = [await _published_meetup(api, n) for n in range(1, len(MEMBERS) + 1)]

            async def rush():
                await asyncio.gather(*(_rsvp(api, one, m) for m in MEMBERS))

            async def baseline():
                await asyncio.gather(*(_rsvp(api, meetup_id, m) for meetup_id, m in zip(spread, MEMBERS, strict=True)))

            ours, base = await compare(len(MEMBERS), rush, baseline, repeats=1)
            reply = await api.GetMeetup(pb.GetMeetupRequest(meetup_id=one), metadata=ORGANIZER)
            (occupancy,) = reply.meetup.occupancy
            if (occupancy.going, occupancy.waitlisted) != (SEATS, len(MEMBERS) - SEATS):
                raise RuntimeError(f"the rush did not fill the frame as it should: {occupancy}")
            results.add("rush", f"{len(MEMBERS)} concurrent RSVPs, one {SEATS}-seat frame (in-process client)", ours,
                        base, "RSVP/s", f"{len(MEMBERS)} meetups", rush_seconds=len(MEMBERS) / ours)
            print(f"{'':<44} the rush took {len(MEMBERS) / ours:.2f} s")
