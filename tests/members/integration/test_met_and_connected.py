"""Offline → online, through both services on one nats-server: two members
check in at the same meetup in events; members learns it from the stream, so
"people you met" lists each for the other; one asks, the other accepts, and
the connection's provenance names that meetup; their handles visible to
"connections" become visible to each other and stay hidden from a third."""

from __future__ import annotations

from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import members_pb2 as mpb
from offkai.members.v1 import types_pb2 as types
from offkai_kit.testing.polling import eventually

from .support import as_member, caught_up, community, published_meetup, register, request_id, rsvp_and_check_in


async def _people_met(api, member_id: str) -> rpb.ListPeopleMetResponse:
    return await api.connections.ListPeopleMet(rpb.ListPeopleMetRequest(), metadata=as_member(member_id))


async def _handles_seen(api, owner: str, viewer: str) -> dict[int, str]:
    reply = await api.members.GetMember(mpb.GetMemberRequest(member_id=owner), metadata=as_member(viewer))
    return {h.kind: h.value for h in reply.member.handles}


async def test_people_who_met_connect_and_see_each_others_handles(api, meetups, events_service):
    for member_id in ("aki", "ayumi", "kenji", "mika"):
        await register(api, member_id)
    await community(api, "rust-sapporo", owner="aki")
    meetup_id, code = await published_meetup(meetups, events_service, "aki", "rust-sapporo", "Rust mini-off in Sapporo")
    await rsvp_and_check_in(meetups, meetup_id, code, "ayumi")
    await rsvp_and_check_in(meetups, meetup_id, code, "kenji")

    async def met_each_other():
        seen = await _people_met(api, "ayumi")
        return seen.meetups and [p.member.member_id for p in seen.meetups[0].people] == ["kenji"] and seen

    seen = await eventually(met_each_other, what="ayumi met kenji")
    (meetup,) = seen.meetups
    assert meetup.meetup.meetup_id == meetup_id and meetup.meetup.title == "Rust mini-off in Sapporo"
    (person,) = meetup.people
    assert person.member.display_name == "Kenji"
    assert person.connection_status == types.CONNECTION_STATUS_NONE
    kenji_saw = await _people_met(api, "kenji")
    assert [p.member.member_id for p in kenji_saw.meetups[0].people] == ["ayumi"]
    assert (await _people_met(api, "mika")).meetups == [], "mika was not there"

    # Kenji keeps his GitHub for connections, his LINE for himself.
    for kind, value, visibility in (
        (types.HANDLE_KIND_GITHUB, "kenji-rs", types.HANDLE_VISIBILITY_CONNECTIONS),
        (types.HANDLE_KIND_LINE, "kenji.line", types.HANDLE_VISIBILITY_NOBODY),
        (types.HANDLE_KIND_X, "@kenji_x", types.HANDLE_VISIBILITY_EVERYONE),
    ):
        await api.members.AddHandle(
            mpb.AddHandleRequest(request_id=request_id(), kind=kind, value=value, visibility=visibility),
            metadata=as_member("kenji"),
        )
    assert await _handles_seen(api, "kenji", "ayumi") == {types.HANDLE_KIND_X: "kenji_x"}

    asked = await api.connections.RequestConnection(
        rpb.RequestConnectionRequest(request_id=request_id(), other_member_id="kenji", note="Great talk on async!"),
        metadata=as_member("ayumi"),
    )
    assert asked.relationship.status == types.CONNECTION_STATUS_REQUEST_SENT
    accepted = await api.connections.AcceptConnection(
        rpb.AcceptConnectionRequest(request_id=request_id(), other_member_id="ayumi"), metadata=as_member("kenji")
    )
    provenance = accepted.relationship.provenance
    assert accepted.relationship.status == types.CONNECTION_STATUS_CONNECTED
    assert [m.meetup_id for m in provenance.met_at.meetups] == [meetup_id]
    assert provenance.met_at.meetups[0].title == "Rust mini-off in Sapporo"

    # Visible to his connection at once (the relationship is read from its stream)…
    assert await _handles_seen(api, "kenji", "ayumi") == {
        types.HANDLE_KIND_GITHUB: "kenji-rs",
        types.HANDLE_KIND_X: "kenji_x",
    }
    # …never to a third member, and the NOBODY one to Kenji alone.
    assert await _handles_seen(api, "kenji", "mika") == {types.HANDLE_KIND_X: "kenji_x"}
    assert (await _handles_seen(api, "kenji", "kenji"))[types.HANDLE_KIND_LINE] == "kenji.line"

    # The lists follow from the stream: the connection with its provenance, and
    # "people you met" now says they are connected.
    await caught_up(api.runtime)
    (connection,) = (
        await api.connections.ListConnections(rpb.ListConnectionsRequest(), metadata=as_member("ayumi"))
    ).connections
    assert connection.member.member_id == "kenji"
    assert [m.meetup_id for m in connection.provenance.met_at.meetups] == [meetup_id]
    again = await _people_met(api, "ayumi")
    assert again.meetups[0].people[0].connection_status == types.CONNECTION_STATUS_CONNECTED


async def test_hidden_handle_values_never_reach_the_stream_or_the_event_store(api):
    await register(api, "kenji")
    await api.members.AddHandle(
        mpb.AddHandleRequest(request_id=request_id(), kind=types.HANDLE_KIND_GITHUB, value="secret-handle",
                             visibility=types.HANDLE_VISIBILITY_CONNECTIONS),
        metadata=as_member("kenji"),
    )
    runtime = api.runtime
    stored = await runtime.store.load("member-kenji")
    assert all(b"secret-handle" not in e.payload for e in stored)
    assert [e.event_type for e in stored] == ["MemberRegistered", "HandleAdded"]
    assert stored[1].message().visibility == types.HANDLE_VISIBILITY_CONNECTIONS

    # What JetStream holds for the member: the same payloads, nothing more.
    js = runtime.nc.jetstream()
    sub = await js.subscribe("offkai.members.member.>", ordered_consumer=True)
    try:
        seen = [await sub.next_msg(timeout=5) for _ in range(2)]
    finally:
        await sub.unsubscribe()
    assert all(b"secret-handle" not in m.data for m in seen)

    # Kept by members alone, sealed with Kenji's key.
    async with runtime.db.read() as conn:
        (row,) = (await conn.exec_driver_sql("SELECT sealed_value FROM hidden_handle_values")).all()
    assert row[0].startswith("sealed:v1:") and "secret-handle" not in row[0]
