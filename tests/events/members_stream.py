"""The members service's events, published on the stream by hand as members
would publish them, for tests that run the events service alone: any event of a
member or community stream (``publish``), and community roles seeded
(``seed_community``: CommunityCreated for the owner; CommunityJoined and
CommunityRoleChanged for each organizer) until the events service's
community_roles projection has them — so ScheduleMeetup lets those members
schedule the community's meetups."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from google.protobuf.message import Message

from offkai.members.v1 import events_pb2 as members_events
from offkai.members.v1 import types_pb2 as members_types
from offkai_events.projections.community_roles import organized_by
from offkai_kit.eventstore.records import RecordedEvent, subject_for
from offkai_kit.service import Runtime
from offkai_kit.testing.polling import eventually


async def publish(runtime: Runtime, stream_type: str, stream_id: str, version: int, payload: Message) -> None:
    event = RecordedEvent(
        str(uuid.uuid4()), stream_id, stream_type, version, payload.DESCRIPTOR.name,
        payload.DESCRIPTOR.full_name, payload.SerializeToString(), datetime.now(UTC), "test", "test",
    )
    await runtime.nc.jetstream().publish(
        subject_for("members", stream_type, event.event_type),
        event.envelope("members").SerializeToString(),
        headers={"Nats-Msg-Id": event.event_id},
    )


async def seed_community(runtime: Runtime, community_id: str, owner: str, *organizers: str) -> None:
    payloads = [
        members_events.CommunityCreated(
            community_id=community_id,
            details=members_types.CommunityDetails(name=community_id),
            created_by=owner,
        )
    ]
    for member_id in organizers:
        payloads.append(members_events.CommunityJoined(community_id=community_id, member_id=member_id))
        payloads.append(
            members_events.CommunityRoleChanged(
                community_id=community_id,
                member_id=member_id,
                previous_role=members_types.COMMUNITY_ROLE_MEMBER,
                role=members_types.COMMUNITY_ROLE_ORGANIZER,
                changed_by=owner,
            )
        )
    for version, payload in enumerate(payloads, start=1):
        await publish(runtime, "community", f"community-{community_id}", version, payload)

    async def seeded() -> bool:
        return all([community_id in await organized_by(runtime.db, m) for m in (owner, *organizers)])

    await eventually(seeded, what=f"community roles of {community_id} in events")
