"""Every read model of the members service is the stream replayed: after a
busy afternoon (profiles, communities, connections, a block, an introduction,
invitations, check-ins learnt from events, an erasure) each projection, dropped
and rebuilt, equals what it was live. Rebuilding the follow-ups' triggers
writes their steps again, and running them again appends nothing."""

from __future__ import annotations

from google.protobuf.field_mask_pb2 import FieldMask
from sqlalchemy import func, select

from offkai.members.v1 import communities_pb2 as cpb
from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import introductions_pb2 as ipb
from offkai.members.v1 import invitations_pb2 as vpb
from offkai.members.v1 import members_pb2 as mpb
from offkai.members.v1 import types_pb2 as types
from offkai_kit.eventstore.schema import events
from offkai_kit.testing.polling import eventually
from offkai_members.projections.tables import metadata
from offkai_members.scheduling.follow_up_tables import follow_up_steps
from offkai_members.scheduling.follow_up_tables import metadata as follow_up_metadata
from tests.members.integration.support import (
    as_member,
    caught_up,
    community,
    published_meetup,
    register,
    request_id,
    rsvp_and_check_in,
)


async def _connect(api, a: str, b: str) -> None:
    await api.connections.RequestConnection(rpb.RequestConnectionRequest(request_id=request_id(), other_member_id=b),
                                            metadata=as_member(a))
    await api.connections.AcceptConnection(rpb.AcceptConnectionRequest(request_id=request_id(), other_member_id=a),
                                           metadata=as_member(b))


async def _afternoon(api, meetups, events_service) -> None:
    for member_id in ("aki", "ben", "chie", "dai", "emi"):
        await register(api, member_id, interests=["rust", member_id])
    await api.members.UpdateProfile(
        mpb.UpdateProfileRequest(request_id=request_id(), profile=types.Profile(display_name="Ben B."),
                                 update_mask=FieldMask(paths=["display_name"])),
        metadata=as_member("ben"),
    )
    await community(api, "rust-sapporo", owner="aki")
    for member_id in ("ben", "chie", "dai"):
        await api.communities.JoinCommunity(
            cpb.JoinCommunityRequest(request_id=request_id(), community_id="rust-sapporo"),
            metadata=as_member(member_id))
    await api.communities.ChangeCommunityRole(
        cpb.ChangeCommunityRoleRequest(request_id=request_id(), community_id="rust-sapporo", member_id="ben",
                                       role=types.COMMUNITY_ROLE_ORGANIZER), metadata=as_member("aki"))
    await api.communities.FollowCommunity(
        cpb.FollowCommunityRequest(request_id=request_id(), community_id="rust-sapporo"), metadata=as_member("emi"))
    meetup_id, code = await published_meetup(meetups, events_service, "ben", "rust-sapporo", "Rust mini-off")
    for member_id in ("aki", "chie", "dai"):
        await rsvp_and_check_in(meetups, meetup_id, code, member_id)
    await _connect(api, "aki", "ben")
    await _connect(api, "aki", "chie")
    await api.connections.RequestConnection(rpb.RequestConnectionRequest(request_id=request_id(),
                                                                         other_member_id="emi", note="hello"),
                                            metadata=as_member("dai"))
    await api.connections.BlockMember(rpb.BlockMemberRequest(request_id=request_id(), other_member_id="dai"),
                                      metadata=as_member("chie"))
    made = (await api.introductions.MakeIntroduction(
        ipb.MakeIntroductionRequest(request_id=request_id(), first_member_id="ben", second_member_id="chie"),
        metadata=as_member("aki"))).introduction
    for member_id in ("ben", "chie"):
        await api.introductions.AcceptIntroduction(
            ipb.AcceptIntroductionRequest(request_id=request_id(), introduction_id=made.introduction_id),
            metadata=as_member(member_id))
    await caught_up(events_service, api.runtime)
    await api.invitations.SendInvitation(
        vpb.SendInvitationRequest(request_id=request_id(), invitee_member_id="emi",
                                  target_kind=types.INVITATION_TARGET_KIND_COMMUNITY, target_id="rust-sapporo"),
        metadata=as_member("ben"))
    await api.invitations.SendInvitation(
        vpb.SendInvitationRequest(request_id=request_id(), invitee_email="friend@example.com",
                                  target_kind=types.INVITATION_TARGET_KIND_MEETUP, target_id=meetup_id),
        metadata=as_member("aki"))
    await api.communities.JoinCommunity(
        cpb.JoinCommunityRequest(request_id=request_id(), community_id="rust-sapporo"), metadata=as_member("emi"))
    await api.members.EraseMember(mpb.EraseMemberRequest(request_id=request_id()), metadata=as_member("dai"))


async def _tables(runtime) -> dict[str, list[tuple]]:
    async with runtime.db.read() as conn:
        return {
            name: sorted(tuple(r) for r in (await conn.execute(select(table))).all())
            for name, table in {**metadata.tables, **follow_up_metadata.tables}.items()
            if name != "follow_up_steps"  # what is left to do, not what was seen
        }


async def _no_steps_left(runtime) -> bool:
    async with runtime.db.read() as conn:
        return await conn.scalar(select(func.count()).select_from(follow_up_steps)) == 0


async def _quiet(events_service, runtime) -> None:
    """Every projection caught up and no follow-up left, until a round appends nothing:
    a follow-up's command appends events the projections then have to apply."""
    while True:
        before = await _event_count(runtime)
        await eventually(lambda: _no_steps_left(runtime), what="the follow-ups done")
        await caught_up(events_service, runtime)
        if await _no_steps_left(runtime) and await _event_count(runtime) == before:
            return


async def _event_count(runtime) -> int:
    async with runtime.db.read() as conn:
        return await conn.scalar(select(func.count()).select_from(events))


async def test_each_projection_rebuilt_equals_the_live_one(api, meetups, events_service):
    runtime = api.runtime
    await _afternoon(api, meetups, events_service)
    await _quiet(events_service, runtime)
    live = await _tables(runtime)
    assert live["relationship_connections"] and live["meetup_check_ins"] and live["invitation_index"]
    recorded = await _event_count(runtime)
    for name, runner in runtime.runners.items():
        await runner.rebuild(timeout=60)
        assert await _tables(runtime) == live, f"{name} rebuilt differs"
    # The triggers wrote their steps again; run again, they appended nothing.
    await eventually(lambda: _no_steps_left(runtime), what="the replayed steps run")
    assert await _event_count(runtime) == recorded
