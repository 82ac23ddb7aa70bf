"""Only a community's owners and organizers — as the members service says, on
its stream — schedule the community's meetups; the token's organizer role alone
does not suffice. Admins always may."""

from __future__ import annotations

from datetime import timedelta

import grpc

from offkai.members.v1 import events_pb2 as members_events
from offkai.members.v1 import types_pb2 as members_types
from offkai_events.projections.community_roles import organized_by
from offkai_kit.testing.polling import eventually
from offkai_kit.testing.services import bearer
from tests.events.integration.support import ADMIN, fails_with, now, schedule
from tests.events.members_stream import publish, seed_community

BEN = bearer("org-ben", "member", "organizer")


async def test_scheduling_follows_the_community_roles_members_publishes(api, service):
    start = now() + timedelta(days=10)
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED) as refused:
        await schedule(api, start, caller=BEN, community_id="kita-rust", organizer_ids=["org-ben"])
    assert "owners and organizers of community 'kita-rust'" in refused.value.details()

    await seed_community(service, "kita-rust", "org-aki", "org-ben")
    scheduled = await schedule(api, start, caller=BEN, community_id="kita-rust", organizer_ids=["org-ben"])
    assert scheduled.meetup.details.community_id == "kita-rust"
    # Another community is still not his.
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await schedule(api, start, caller=BEN, community_id="rust-tokyo", organizer_ids=["org-ben"])

    # Made a plain member again, he may not any more; admins always may.
    await publish(service, "community", "community-kita-rust", 4, members_events.CommunityRoleChanged(
        community_id="kita-rust", member_id="org-ben", previous_role=members_types.COMMUNITY_ROLE_ORGANIZER,
        role=members_types.COMMUNITY_ROLE_MEMBER, changed_by="org-aki"))

    async def demoted() -> bool:
        return "kita-rust" not in await organized_by(service.db, "org-ben")

    await eventually(demoted, what="the role change applied")
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await schedule(api, start, caller=BEN, community_id="kita-rust", organizer_ids=["org-ben"])
    await schedule(api, start, caller=ADMIN, community_id="kita-rust", organizer_ids=["org-ben"])
