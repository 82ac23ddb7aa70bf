"""A rush on one frame: 200 members RSVP at once through gRPC to a first-come
frame of 10 seats. Capacity never overflows, and the waitlist is exactly the
order the RSVPs were accepted — the order of the RsvpWaitlisted events. (How
long the rush takes is measured in ``bench/rsvp_rush.py``, not asserted here.)"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import types_pb2 as types
from tests.events.integration.support import ORGANIZER, frame, member, now, published, rsvp, stream_events

MEMBERS = [f"rush-{i:03}" for i in range(200)]
SEATS = 10


async def test_200_concurrent_rsvps_fill_10_seats_and_queue_the_rest_in_order(api, service):
    meetup_id = await published(api, now() + timedelta(days=14), [frame("in-person", capacity=SEATS)])

    replies = await asyncio.gather(*(rsvp(api, meetup_id, m) for m in MEMBERS))

    statuses = [r.status for r in replies]
    assert statuses.count(types.RSVP_STATUS_GOING) == SEATS
    assert statuses.count(types.RSVP_STATUS_WAITLISTED) == len(MEMBERS) - SEATS

    recorded = await stream_events(service, meetup_id)
    confirmed = [m.member_id for t, m in recorded if t == "RsvpConfirmed"]
    waitlisted = [m.member_id for t, m in recorded if t == "RsvpWaitlisted"]
    assert len(confirmed) == SEATS and len(waitlisted) == len(MEMBERS) - SEATS
    assert [m.position for t, m in recorded if t == "RsvpWaitlisted"] == list(range(1, len(waitlisted) + 1))

    attendees = await api.ListAttendees(
        pb.ListAttendeesRequest(meetup_id=meetup_id, frame_id="in-person"), metadata=ORGANIZER
    )
    assert [a.member_id for a in attendees.attendees] == confirmed

    async def position_of(member_id: str) -> tuple[int, int]:
        reply = await api.GetWaitlistPosition(
            pb.GetWaitlistPositionRequest(meetup_id=meetup_id, frame_id="in-person"), metadata=member(member_id)
        )
        return reply.position, reply.waitlist_length

    positions = await asyncio.gather(*(position_of(m) for m in waitlisted))
    assert positions == [(i, len(waitlisted)) for i in range(1, len(waitlisted) + 1)]
    # Each RSVP's own answer agreed with the stream when it was given.
    by_member = {r.member_id: r for r in replies}
    assert [by_member[m].waitlist_position for m in waitlisted] == list(range(1, len(waitlisted) + 1))

    meetup = (await api.GetMeetup(pb.GetMeetupRequest(meetup_id=meetup_id), metadata=ORGANIZER)).meetup
    (occupancy,) = meetup.occupancy
    assert (occupancy.going, occupancy.waitlisted) == (SEATS, len(MEMBERS) - SEATS)
