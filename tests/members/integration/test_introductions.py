"""An introduction end to end: Aki, connected to Ben and Chie, introduces them;
both accept; the service itself connects them (provenance "introduced by
Aki"), and only then do they see each other's "connections" handles."""

from __future__ import annotations

import grpc

from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import introductions_pb2 as ipb
from offkai.members.v1 import members_pb2 as mpb
from offkai.members.v1 import types_pb2 as types
from offkai_kit.testing.polling import eventually

from .support import as_member, caught_up, fails_with, register, request_id, violated_fields


async def connect(api, a: str, b: str) -> None:
    await api.connections.RequestConnection(
        rpb.RequestConnectionRequest(request_id=request_id(), other_member_id=b), metadata=as_member(a)
    )
    await api.connections.AcceptConnection(
        rpb.AcceptConnectionRequest(request_id=request_id(), other_member_id=a), metadata=as_member(b)
    )


async def _github_of(api, owner: str, viewer: str) -> str:
    reply = await api.members.GetMember(mpb.GetMemberRequest(member_id=owner), metadata=as_member(viewer))
    return next((h.value for h in reply.member.handles if h.kind == types.HANDLE_KIND_GITHUB), "")


async def test_an_introduction_connects_two_members_once_both_accept(api):
    for member_id in ("aki", "ben", "chie", "dai"):
        await register(api, member_id)
    await connect(api, "aki", "ben")
    await connect(api, "aki", "chie")
    await api.members.AddHandle(
        mpb.AddHandleRequest(request_id=request_id(), kind=types.HANDLE_KIND_GITHUB, value="chie-gh",
                             visibility=types.HANDLE_VISIBILITY_CONNECTIONS),
        metadata=as_member("chie"),
    )

    # The rules first: the introducer must know both, nobody introduces themself.
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION) as failure:
        await api.introductions.MakeIntroduction(
            ipb.MakeIntroductionRequest(request_id=request_id(), first_member_id="ben", second_member_id="dai"),
            metadata=as_member("aki"),
        )
    assert "not connected with member 'dai'" in failure.value.details()
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:
        await api.introductions.MakeIntroduction(
            ipb.MakeIntroductionRequest(request_id=request_id(), first_member_id="ben", second_member_id="ben"),
            metadata=as_member("aki"),
        )
    assert violated_fields(failure.value) == {"second_member_id": "must differ from first_member_id"}

    made = (await api.introductions.MakeIntroduction(
        ipb.MakeIntroductionRequest(request_id=request_id(), first_member_id="ben", second_member_id="chie",
                                    note="You both run Rust meetups!"),
        metadata=as_member("aki"),
    )).introduction
    assert made.status == types.INTRODUCTION_STATUS_PENDING
    assert (made.introducer.display_name, made.first_member.member_id) == ("Aki", "ben")

    # A stranger learns nothing of it; the introduced see it among what they received.
    async with fails_with(grpc.StatusCode.NOT_FOUND):
        await api.introductions.GetIntroduction(
            ipb.GetIntroductionRequest(introduction_id=made.introduction_id), metadata=as_member("dai")
        )
    await caught_up(api.runtime)
    received = await api.introductions.ListIntroductions(
        ipb.ListIntroductionsRequest(role=ipb.INTRODUCTION_ROLE_RECEIVED), metadata=as_member("ben")
    )
    assert [i.note for i in received.introductions] == ["You both run Rust meetups!"]
    assert await _github_of(api, "chie", "ben") == "", "introduced is not connected"

    await api.introductions.AcceptIntroduction(
        ipb.AcceptIntroductionRequest(request_id=request_id(), introduction_id=made.introduction_id),
        metadata=as_member("ben"),
    )
    assert await _github_of(api, "chie", "ben") == "", "one acceptance is not enough"
    done = (await api.introductions.AcceptIntroduction(
        ipb.AcceptIntroductionRequest(request_id=request_id(), introduction_id=made.introduction_id),
        metadata=as_member("chie"),
    )).introduction
    assert done.status == types.INTRODUCTION_STATUS_COMPLETED

    # The follow-up connects them: provenance "introduced by" Aki.
    await eventually(lambda: _github_of(api, "chie", "ben"), what="ben and chie connected")
    assert await _github_of(api, "chie", "ben") == "chie-gh"
    await caught_up(api.runtime)
    connections = (await api.connections.ListConnections(
        rpb.ListConnectionsRequest(), metadata=as_member("ben"))).connections
    by_id = {c.member.member_id: c for c in connections}
    assert set(by_id) == {"aki", "chie"}
    introduced = by_id["chie"].provenance.introduced_by
    assert (introduced.introducer_id, introduced.introduction_id) == ("aki", made.introduction_id)
    assert by_id["aki"].provenance.HasField("online")
    made_list = await api.introductions.ListIntroductions(
        ipb.ListIntroductionsRequest(role=ipb.INTRODUCTION_ROLE_MADE, statuses=[types.INTRODUCTION_STATUS_COMPLETED]),
        metadata=as_member("aki"),
    )
    assert [i.introduction_id for i in made_list.introductions] == [made.introduction_id]
