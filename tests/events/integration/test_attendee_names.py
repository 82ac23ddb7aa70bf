"""Attendee lists carry display names from the members service's stream (its
MemberRegistered and ProfileUpdated events, published here as the members
service would), an empty name for a member whose profile has not arrived — and
nothing of a member erased since: no name, no self-introduction, no answers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import types_pb2 as types
from offkai.members.v1 import events_pb2 as members_events
from offkai.members.v1 import types_pb2 as members_types
from offkai_kit.eventstore.records import RecordedEvent
from offkai_kit.testing.polling import eventually
from tests.events.integration.support import ORGANIZER, now, published, rsvp
from tests.events.members_stream import publish


async def _member_registered(service, member_id: str, display_name: str) -> None:
    payload = members_events.MemberRegistered(member_id=member_id, display_name=display_name)
    event_id = str(uuid.uuid4())
    record = RecordedEvent(
        event_id=event_id,
        stream_id=f"member-{member_id}",
        stream_type="member",
        version=1,
        event_type="MemberRegistered",
        payload_type=payload.DESCRIPTOR.full_name,
        payload=payload.SerializeToString(),
        occurred_at=datetime.now(UTC),
        correlation_id=event_id,
        causation_id=event_id,
    )
    await service.nc.jetstream().publish(
        "offkai.members.member.MemberRegistered",
        record.envelope("members").SerializeToString(),
        headers={"Nats-Msg-Id": event_id},
    )


async def test_attendees_show_the_names_members_registered_with(api, service):
    meetup_id = await published(api, now() + timedelta(days=3))
    await rsvp(api, meetup_id, "ayumi")
    await rsvp(api, meetup_id, "kenji")
    await _member_registered(service, "ayumi", "Ayumi")

    async def names() -> dict[str, str] | None:
        reply = await api.ListAttendees(
            pb.ListAttendeesRequest(meetup_id=meetup_id, frame_id="in-person"), metadata=ORGANIZER
        )
        found = {a.member_id: a.display_name for a in reply.attendees}
        return found if found["ayumi"] else None

    assert await eventually(names) == {"ayumi": "Ayumi", "kenji": ""}


async def test_a_renamed_member_shows_the_new_name_and_an_erased_one_nothing(api, service):
    meetup_id = await published(api, now() + timedelta(days=3))
    await rsvp(api, meetup_id, "ayumi")
    await _member_registered(service, "ayumi", "Ayumi")
    await publish(service, "member", "member-ayumi", 2, members_events.ProfileUpdated(
        member_id="ayumi", profile=members_types.Profile(display_name="Ayumi K."), changed_fields=["display_name"]))

    async def attendee():
        reply = await api.ListAttendees(
            pb.ListAttendeesRequest(meetup_id=meetup_id, frame_id="in-person"), metadata=ORGANIZER
        )
        return reply.attendees[0]

    async def renamed():
        return (await attendee()).display_name == "Ayumi K."

    await eventually(renamed, what="the new name")
    before = await attendee()
    assert before.self_introduction.what_i_do == "backend dev" and before.answers[0].answer == "beginner"

    await publish(service, "member", "member-ayumi", 3, members_events.MemberErased(member_id="ayumi"))

    async def forgotten():
        seen = await attendee()
        return seen.display_name == "" and seen.self_introduction == types.SelfIntroduction() and seen

    seen = await eventually(forgotten, what="ayumi erased in events")
    assert [a.answer for a in seen.answers] == [""]
    # The stream keeps her RSVP sealed, with a key that no longer exists.
    (confirmed,) = [e for e in await service.store.load(f"meetup-{meetup_id}") if e.event_type == "RsvpConfirmed"]
    assert b"backend dev" not in confirmed.payload and b"beginner" not in confirmed.payload


async def test_attendees_come_a_page_at_a_time(api):
    meetup_id = await published(api, now() + timedelta(days=3))
    for member_id in ("m-1", "m-2"):
        await rsvp(api, meetup_id, member_id)
    request = pb.ListAttendeesRequest(meetup_id=meetup_id, frame_id="in-person", page_size=1)
    first = await api.ListAttendees(request, metadata=ORGANIZER)
    request.page_token = first.next_page_token
    second = await api.ListAttendees(request, metadata=ORGANIZER)
    assert [a.member_id for a in (*first.attendees, *second.attendees)] == ["m-1", "m-2"]
    assert first.next_page_token and not second.next_page_token
