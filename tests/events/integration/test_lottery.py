"""A lottery frame through the API: members apply until the draw time, the
service's scheduler draws with a fresh random seed, and anyone can replay
the draw from the LotteryDrawn event alone; losers wait in draw order."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import types_pb2 as types
from offkai_events.domain.lottery import ALGORITHM, draw
from offkai_kit.testing.polling import eventually
from tests.events.integration.support import (
    ORGANIZER,
    frame,
    member,
    now,
    published,
    rsvp,
    stream_events,
    ts,
)

APPLICANTS = [f"applicant-{i}" for i in range(8)]
SEATS = 3


async def test_the_drawn_lottery_replays_from_its_recorded_seed(api, service):
    draw_at = now() + timedelta(seconds=3)
    lottery = frame("lottery", capacity=SEATS, mode=types.FRAME_MODE_LOTTERY, draw_at=ts(draw_at))
    meetup_id = await published(api, now() + timedelta(days=3), [lottery])

    entries = await asyncio.gather(*(rsvp(api, meetup_id, m, "lottery") for m in APPLICANTS))
    assert {e.status for e in entries} == {types.RSVP_STATUS_APPLIED}
    meetup = (await api.GetMeetup(pb.GetMeetupRequest(meetup_id=meetup_id), metadata=member("x"))).meetup
    assert (meetup.occupancy[0].applied, meetup.occupancy[0].drawn) == (len(APPLICANTS), False)

    # The service's scheduler draws once the draw time has passed.
    async def drawn():
        return [m for t, m in await stream_events(service, meetup_id) if t == "LotteryDrawn"]

    (event,) = await eventually(drawn, timeout=20)
    assert event.algorithm == ALGORITHM and len(event.seed) >= 32
    assert event.capacity == SEATS
    assert sorted(event.applicant_ids) == sorted(APPLICANTS)
    assert event.drawn_at.ToDatetime() >= draw_at.replace(tzinfo=None)

    # Replayed from the event alone: the same winners, the same waitlist.
    winners, waitlisted = draw(list(event.applicant_ids), event.capacity, event.seed)
    assert list(event.winner_ids) == list(winners) and len(winners) == SEATS
    assert list(event.waitlisted_ids) == list(waitlisted)

    going = await api.ListAttendees(
        pb.ListAttendeesRequest(meetup_id=meetup_id, frame_id="lottery"), metadata=ORGANIZER
    )
    # Seat holders are listed in the order they applied; the draw chose who.
    assert sorted(a.member_id for a in going.attendees) == sorted(winners)
    for place, loser in enumerate(waitlisted, start=1):
        position = await api.GetWaitlistPosition(
            pb.GetWaitlistPositionRequest(meetup_id=meetup_id, frame_id="lottery"), metadata=member(loser)
        )
        assert (position.position, position.waitlist_length) == (place, len(waitlisted))

    after = (await api.GetMeetup(pb.GetMeetupRequest(meetup_id=meetup_id), metadata=member("x"))).meetup
    occupancy = after.occupancy[0]
    assert (occupancy.drawn, occupancy.lottery_seed) == (True, event.seed)
    assert (occupancy.going, occupancy.waitlisted, occupancy.applied) == (SEATS, len(waitlisted), 0)

    # After the draw the frame works first-come: a late RSVP queues behind the losers.
    late = await rsvp(api, meetup_id, "latecomer", "lottery")
    assert (late.status, late.waitlist_position) == (types.RSVP_STATUS_WAITLISTED, len(waitlisted) + 1)
