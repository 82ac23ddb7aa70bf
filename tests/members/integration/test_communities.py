"""CommunitiesService through gRPC: owners appoint organizers, a community keeps
an owner, the lists filter and page by name with a cursor that survives new
communities, and members lists leave blocked members out."""

from __future__ import annotations

import grpc

from offkai.members.v1 import communities_pb2 as cpb
from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import types_pb2 as types

from .support import ADMIN, as_member, caught_up, community, fails_with, register, request_id, violated_fields


async def _role(api, caller: str, member_id: str, role) -> cpb.CommunityMember:
    reply = await api.communities.ChangeCommunityRole(
        cpb.ChangeCommunityRoleRequest(request_id=request_id(), community_id="rust-sapporo", member_id=member_id,
                                       role=role),
        metadata=as_member(caller),
    )
    return reply.member


async def _join(api, member_id: str, community_id: str = "rust-sapporo") -> cpb.Community:
    reply = await api.communities.JoinCommunity(
        cpb.JoinCommunityRequest(request_id=request_id(), community_id=community_id), metadata=as_member(member_id)
    )
    return reply.community


async def test_owners_appoint_organizers_and_a_community_keeps_an_owner(api):
    for member_id in ("aki", "ben", "chie"):
        await register(api, member_id)
    async with fails_with(grpc.StatusCode.NOT_FOUND):  # not a registered member
        await community(api, "rust-sapporo", owner="stranger")
    created = await community(api, "rust-sapporo", owner="aki")
    assert (created.caller_role, created.member_count) == (types.COMMUNITY_ROLE_OWNER, 1)
    async with fails_with(grpc.StatusCode.ALREADY_EXISTS):
        await community(api, "rust-sapporo", owner="ben")
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:
        await api.communities.CreateCommunity(
            cpb.CreateCommunityRequest(request_id=request_id(), community_id="No Spaces",
                                       details=types.CommunityDetails(name="")),
            metadata=as_member("ben"),
        )
    assert set(violated_fields(failure.value)) == {"community_id", "details.name"}

    joined = await _join(api, "ben")
    assert (joined.caller_role, joined.member_count) == (types.COMMUNITY_ROLE_MEMBER, 2)
    assert (await _join(api, "ben")).member_count == 2, "joining again changes nothing"
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await _role(api, "ben", "ben", types.COMMUNITY_ROLE_ORGANIZER)
    organizer = await _role(api, "aki", "ben", types.COMMUNITY_ROLE_ORGANIZER)
    assert (organizer.member.display_name, organizer.role) == ("Ben", types.COMMUNITY_ROLE_ORGANIZER)
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION):  # not joined
        await _role(api, "aki", "chie", types.COMMUNITY_ROLE_ORGANIZER)
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION) as failure:
        await api.communities.LeaveCommunity(
            cpb.LeaveCommunityRequest(request_id=request_id(), community_id="rust-sapporo"), metadata=as_member("aki")
        )
    assert "last owner" in failure.value.details()

    await _join(api, "chie")
    await api.communities.FollowCommunity(
        cpb.FollowCommunityRequest(request_id=request_id(), community_id="rust-sapporo"), metadata=as_member("chie")
    )
    await caught_up(api.runtime)
    listed = await api.communities.ListCommunityMembers(
        cpb.ListCommunityMembersRequest(community_id="rust-sapporo"), metadata=as_member("chie")
    )
    assert [(m.member.member_id, m.role) for m in listed.members] == [
        ("aki", types.COMMUNITY_ROLE_OWNER),
        ("ben", types.COMMUNITY_ROLE_ORGANIZER),
        ("chie", types.COMMUNITY_ROLE_MEMBER),
    ]
    organizers = await api.communities.ListCommunityMembers(
        cpb.ListCommunityMembersRequest(community_id="rust-sapporo", role=types.COMMUNITY_ROLE_ORGANIZER),
        metadata=as_member("chie"),
    )
    assert [m.member.member_id for m in organizers.members] == ["ben"]
    # Chie blocks Ben: he is left out of what she sees, and she of what he sees.
    await api.connections.BlockMember(rpb.BlockMemberRequest(request_id=request_id(), other_member_id="ben"),
                                      metadata=as_member("chie"))
    await caught_up(api.runtime)
    for viewer, hidden in (("chie", "ben"), ("ben", "chie")):
        seen = await api.communities.ListCommunityMembers(
            cpb.ListCommunityMembersRequest(community_id="rust-sapporo"), metadata=as_member(viewer))
        assert hidden not in [m.member.member_id for m in seen.members]
    mine = await api.communities.ListMemberCommunities(cpb.ListMemberCommunitiesRequest(), metadata=as_member("chie"))
    (entry,) = mine.communities
    assert (entry.role, entry.follows, entry.community.follower_count) == (types.COMMUNITY_ROLE_MEMBER, True, 1)
    got = await api.communities.GetCommunity(cpb.GetCommunityRequest(community_id="rust-sapporo"),
                                             metadata=as_member("ben"))
    assert (got.community.caller_role, got.community.member_count) == (types.COMMUNITY_ROLE_ORGANIZER, 3)
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):  # register first
        await api.communities.GetCommunity(cpb.GetCommunityRequest(community_id="rust-sapporo"),
                                           metadata=as_member("stranger"))


async def test_communities_filter_and_page_by_name_while_new_ones_appear(api):
    await register(api, "aki")
    for community_id, name, tags in (
        ("hokkaido-bloggers", "Hokkaido bloggers", ["blog"]),
        ("rust-sapporo", "Rust Sapporo", ["rust", "beginners"]),
        ("sapporo-go", "Sapporo Gophers", ["go"]),
        ("ski-tech", "Ski & tech", ["ski"]),
    ):
        await api.communities.CreateCommunity(
            cpb.CreateCommunityRequest(
                request_id=request_id(), community_id=community_id,
                details=types.CommunityDetails(name=name, description=f"{name} meet in Sapporo", tags=tags,
                                               region_prefecture="Hokkaido"),
            ),
            metadata=as_member("aki"),
        )
    await caught_up(api.runtime)

    async def ids(**filters) -> list[str]:
        reply = await api.communities.ListCommunities(cpb.ListCommunitiesRequest(**filters), metadata=ADMIN)
        return [c.community_id for c in reply.communities]

    assert await ids() == ["hokkaido-bloggers", "rust-sapporo", "sapporo-go", "ski-tech"]
    assert await ids(tag="RUST") == ["rust-sapporo"]
    assert await ids(query="sapporo GOPHERS") == ["sapporo-go"]
    assert await ids(query="100%") == []
    assert await ids(prefecture="Osaka") == []

    first = await api.communities.ListCommunities(cpb.ListCommunitiesRequest(page_size=2), metadata=ADMIN)
    assert [c.community_id for c in first.communities] == ["hokkaido-bloggers", "rust-sapporo"]
    # A community sorting before the cursor arrives; the next page is unmoved.
    await community(api, "aaa-first", owner="aki", name="AAA first")
    await caught_up(api.runtime)
    rest = await api.communities.ListCommunities(
        cpb.ListCommunitiesRequest(page_size=2, page_token=first.next_page_token), metadata=ADMIN
    )
    assert [c.community_id for c in rest.communities] == ["sapporo-go", "ski-tech"]
    assert rest.next_page_token == ""
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:  # issued for other filters
        await api.communities.ListCommunities(
            cpb.ListCommunitiesRequest(tag="rust", page_token=first.next_page_token), metadata=ADMIN
        )
    assert set(violated_fields(failure.value)) == {"page_token"}
