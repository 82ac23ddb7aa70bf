"""ConnectionsService through gRPC: the rules with their reasons, blocks kept
private, and lists whose cursor is stable while they change."""

from __future__ import annotations

import grpc

from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import types_pb2 as types

from .support import ADMIN, as_member, caught_up, fails_with, register, request_id, violated_fields


async def _ask(api, asker: str, other: str, note: str = "") -> rpb.Relationship:
    reply = await api.connections.RequestConnection(
        rpb.RequestConnectionRequest(request_id=request_id(), other_member_id=other, note=note),
        metadata=as_member(asker),
    )
    return reply.relationship


async def _accept(api, addressee: str, requester: str) -> rpb.Relationship:
    reply = await api.connections.AcceptConnection(
        rpb.AcceptConnectionRequest(request_id=request_id(), other_member_id=requester),
        metadata=as_member(addressee),
    )
    return reply.relationship


async def test_requests_follow_the_rules_and_say_why(api):
    for member_id in ("ayumi", "kenji"):
        await register(api, member_id)
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION) as failure:
        await _ask(api, "ayumi", "ayumi")
    assert failure.value.details() == "you cannot connect with yourself"
    async with fails_with(grpc.StatusCode.NOT_FOUND):
        await _ask(api, "ayumi", "nobody")
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:
        await api.connections.RequestConnection(rpb.RequestConnectionRequest(request_id=request_id()),
                                                metadata=as_member("ayumi"))
    assert violated_fields(failure.value) == {"other_member_id": "required"}
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:
        await _ask(api, "ayumi", "kenji", note="x" * 501)
    assert set(violated_fields(failure.value)) == {"note"}

    sent = await _ask(api, "ayumi", "kenji", note="Hi!")
    assert sent.status == types.CONNECTION_STATUS_REQUEST_SENT and sent.HasField("since")
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION) as failure:
        await _ask(api, "ayumi", "kenji")
    assert "already asked" in failure.value.details()
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION) as failure:
        await _ask(api, "kenji", "ayumi")
    assert "accept their request" in failure.value.details()
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):  # only the addressee answers
        await _accept(api, "ayumi", "kenji")
    await caught_up(api.runtime)
    received = await api.connections.ListConnectionRequests(rpb.ListConnectionRequestsRequest(),
                                                            metadata=as_member("kenji"))
    (request,) = received.requests
    assert (request.requester.display_name, request.note) == ("Ayumi", "Hi!")
    connected = await _accept(api, "kenji", "ayumi")
    assert connected.status == types.CONNECTION_STATUS_CONNECTED and connected.provenance.HasField("online")


async def test_a_block_ends_the_connection_and_stays_private(api):
    for member_id in ("ayumi", "kenji"):
        await register(api, member_id)
    await _ask(api, "ayumi", "kenji")
    await _accept(api, "kenji", "ayumi")
    blocked = await api.connections.BlockMember(
        rpb.BlockMemberRequest(request_id=request_id(), other_member_id="ayumi"), metadata=as_member("kenji")
    )
    assert blocked.relationship.status == types.CONNECTION_STATUS_BLOCKED
    # Ayumi is refused, and the refusal carries nothing about the block in its status.
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await _ask(api, "ayumi", "kenji")
    # What she sees of the relationship says nothing; an admin is told.
    unblocked = await api.connections.UnblockMember(
        rpb.UnblockMemberRequest(request_id=request_id(), member_id="ayumi", other_member_id="kenji"),
        metadata=as_member("ayumi"),
    )
    assert unblocked.relationship.status == types.CONNECTION_STATUS_NONE
    assert not unblocked.relationship.blocked_by_other
    as_admin = await api.connections.UnblockMember(
        rpb.UnblockMemberRequest(request_id=request_id(), member_id="ayumi", other_member_id="kenji"), metadata=ADMIN
    )
    assert as_admin.relationship.blocked_by_other
    await caught_up(api.runtime)
    assert (await api.connections.ListConnections(rpb.ListConnectionsRequest(),
                                                  metadata=as_member("ayumi"))).connections == []
    blocks = await api.connections.ListBlockedMembers(rpb.ListBlockedMembersRequest(), metadata=as_member("kenji"))
    assert [b.member_id for b in blocks.blocked] == ["ayumi"]
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):  # the member's own business (or an admin's)
        await api.connections.ListBlockedMembers(rpb.ListBlockedMembersRequest(member_id="kenji"),
                                                 metadata=as_member("ayumi"))


async def test_the_connections_cursor_is_stable_while_the_list_changes(api):
    names = [f"friend-{i}" for i in range(5)]
    for member_id in ("ayumi", *names, "late"):
        await register(api, member_id)
    for member_id in names:
        await _ask(api, member_id, "ayumi")
        await _accept(api, "ayumi", member_id)
    await caught_up(api.runtime)
    page = await api.connections.ListConnections(rpb.ListConnectionsRequest(page_size=2), metadata=as_member("ayumi"))
    first = [c.member.member_id for c in page.connections]
    assert first == ["friend-4", "friend-3"], "newest first"

    # Between pages: a connection of the first page goes, a new one arrives (it
    # sorts first). An offset would now skip friend-2; the keyset cursor does not.
    await api.connections.RemoveConnection(
        rpb.RemoveConnectionRequest(request_id=request_id(), other_member_id="friend-4"), metadata=as_member("ayumi")
    )
    await _ask(api, "late", "ayumi")
    await _accept(api, "ayumi", "late")
    await caught_up(api.runtime)
    rest = []
    token = issued = page.next_page_token
    while token:
        page = await api.connections.ListConnections(
            rpb.ListConnectionsRequest(page_size=2, page_token=token), metadata=as_member("ayumi")
        )
        rest += [c.member.member_id for c in page.connections]
        token = page.next_page_token
    assert rest == ["friend-2", "friend-1", "friend-0"]

    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:  # the token of another member's list
        await api.connections.ListConnections(
            rpb.ListConnectionsRequest(member_id="late", page_token=issued), metadata=ADMIN
        )
    assert set(violated_fields(failure.value)) == {"page_token"}
