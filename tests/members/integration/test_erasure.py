"""Erasure end to end, across members, events and notify on one nats-server: once
Ayumi erases herself, no API of any service returns her profile, handles,
self-introductions, RSVP answers or notification channels; her connections and
pending requests end, she leaves her communities; no table of any service and
nothing on the stream holds any of it in the clear — and neither does a rebuilt
projection."""

from __future__ import annotations

import grpc
from sqlalchemy import inspect, text

from offkai.events.v1 import meetups_pb2 as epb
from offkai.events.v1 import types_pb2 as etypes
from offkai.members.v1 import communities_pb2 as cpb
from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import members_pb2 as mpb
from offkai.members.v1 import types_pb2 as types
from offkai.notify.v1 import channels_pb2 as npb
from offkai.notify.v1 import types_pb2 as ntypes
from offkai_kit.testing.polling import eventually
from offkai_members.domain.community import COMMUNITY

from .support import (
    ADMIN,
    as_member,
    caught_up,
    community,
    fails_with,
    published_meetup,
    register,
    request_id,
    rsvp_and_check_in,
    rsvp_request,
)

# Everything personal of Ayumi's, each unique enough to search for.
NAME = "Ayumi Kato"
EMAIL = "ayumi.kato@example.org"
WEBHOOK = "https://hooks.example.org/ayumi-kato-hook"
PERSONAL = (NAME, "Macros enthusiast", "Kita-ku", "ayumi-gh", "ayumixx", "I love Rust macros", "ayumi writes Rust",
            EMAIL, "ayumi-kato-hook")


async def _plaintext_in_tables(runtime) -> list[str]:
    """Every table of the service, every column, searched for Ayumi's data."""

    def scan(sync_conn) -> list[str]:
        found = []
        for table in inspect(sync_conn).get_table_names():
            for row in sync_conn.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    blob = value.decode("utf-8", "ignore") if isinstance(value, bytes) else str(value)
                    found += [f"{table}: {p}" for p in PERSONAL if p in blob]
        return found

    async with runtime.db.read() as conn:
        return await conn.run_sync(scan)


async def _plaintext_on_stream(runtime) -> list[str]:
    js = runtime.nc.jetstream()
    info = await js.stream_info(runtime.settings.stream_name)
    sub = await js.subscribe("offkai.>", ordered_consumer=True)
    found = []
    try:
        for _ in range(info.state.messages):
            msg = await sub.next_msg(timeout=5)
            found += [f"{msg.subject}: {p}" for p in PERSONAL if p.encode() in msg.data]
    finally:
        await sub.unsubscribe()
    return found


async def _attendee(meetups, meetup_id: str, member_id: str):
    reply = await meetups.ListAttendees(epb.ListAttendeesRequest(meetup_id=meetup_id, frame_id="main"), metadata=as_member("aki"))
    return next(a for a in reply.attendees if a.member_id == member_id)


async def _channels_of(channels, member_id: str) -> list:
    reply = await channels.ListChannels(npb.ListChannelsRequest(member_id=member_id), metadata=ADMIN)
    return list(reply.channels)


async def test_an_erased_member_is_gone_from_every_service(api, meetups, events_service, members_service,
                                                           notify_service, channels):
    for member_id in ("aki", "kenji", "mika"):
        await register(api, member_id)
    registration = mpb.RegisterMemberRequest(
        request_id="ayumi-joins", display_name=NAME, region_prefecture="Hokkaido", region_city="Kita-ku",
        self_introduction=types.SelfIntroduction(what_i_do="Macros enthusiast"), interests=["rust"],
    )
    await api.members.RegisterMember(registration, metadata=as_member("ayumi"))
    for kind, value, visibility in (
        (types.HANDLE_KIND_GITHUB, "ayumi-gh", types.HANDLE_VISIBILITY_CONNECTIONS),
        (types.HANDLE_KIND_X, "ayumixx", types.HANDLE_VISIBILITY_EVERYONE),
    ):
        await api.members.AddHandle(
            mpb.AddHandleRequest(request_id=request_id(), kind=kind, value=value, visibility=visibility),
            metadata=as_member("ayumi"),
        )
    await community(api, "rust-sapporo", owner="aki")
    await api.communities.JoinCommunity(
        cpb.JoinCommunityRequest(request_id=request_id(), community_id="rust-sapporo"), metadata=as_member("ayumi")
    )
    meetup_id, code = await published_meetup(meetups, events_service, "aki", "rust-sapporo", "Rust mini-off")
    await rsvp_and_check_in(meetups, meetup_id, code, "ayumi", answer="I love Rust macros", rsvp_id="ayumi-rsvp")
    await rsvp_and_check_in(meetups, meetup_id, code, "kenji")
    for asker, other in (("ayumi", "kenji"), ("mika", "ayumi")):
        await api.connections.RequestConnection(
            rpb.RequestConnectionRequest(request_id=request_id(), other_member_id=other), metadata=as_member(asker)
        )
    await api.connections.AcceptConnection(
        rpb.AcceptConnectionRequest(request_id=request_id(), other_member_id="ayumi"), metadata=as_member("kenji")
    )
    for kind, address in ((ntypes.CHANNEL_KIND_EMAIL, EMAIL), (ntypes.CHANNEL_KIND_WEBHOOK, WEBHOOK)):
        await channels.RegisterChannel(
            npb.RegisterChannelRequest(request_id=request_id(), kind=kind, address=address), metadata=as_member("ayumi")
        )
    assert len(await _channels_of(channels, "ayumi")) == 2
    await caught_up(members_service, events_service, notify_service)
    before = await _attendee(meetups, meetup_id, "ayumi")
    assert before.display_name == NAME and before.self_introduction.what_i_do == "ayumi writes Rust"
    # The search below can find her: the read models show her name until erasure.
    assert "directory_members: Ayumi Kato" in await _plaintext_in_tables(members_service)
    assert "member_directory: Ayumi Kato" in await _plaintext_in_tables(events_service)
    assert "recipients: Ayumi Kato" in await _plaintext_in_tables(notify_service)

    erased = await api.members.EraseMember(mpb.EraseMemberRequest(request_id=request_id()),
                                           metadata=as_member("ayumi"))
    assert erased.member_id == "ayumi" and erased.HasField("erased_at")

    # Members: she is not found, by anyone; her id is never registered again.
    for caller in (as_member("kenji"), ADMIN):
        async with fails_with(grpc.StatusCode.NOT_FOUND):
            await api.members.GetMember(mpb.GetMemberRequest(member_id="ayumi"), metadata=caller)
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION):
        await api.members.RegisterMember(
            mpb.RegisterMemberRequest(request_id=request_id(), display_name="Again"), metadata=as_member("ayumi")
        )
    # A retry of her registration finds its stored answer erased with her.
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION) as failure:
        await api.members.RegisterMember(registration, metadata=as_member("ayumi"))
    assert "erased" in failure.value.details()

    # The follow-ups end what she had: the connection, Mika's request, her membership.
    async def ended() -> bool:
        connections = await api.connections.ListConnections(rpb.ListConnectionsRequest(), metadata=as_member("kenji"))
        sent = await api.connections.ListConnectionRequests(
            rpb.ListConnectionRequestsRequest(direction=rpb.REQUEST_DIRECTION_SENT), metadata=as_member("mika"))
        members = await api.communities.ListCommunityMembers(
            cpb.ListCommunityMembersRequest(community_id="rust-sapporo"), metadata=as_member("aki"))
        state = (await api.runtime.repository.load(COMMUNITY, "community-rust-sapporo")).state
        return (not connections.connections and not sent.requests
                and [m.member.member_id for m in members.members] == ["aki"] and "ayumi" not in state.roles)

    await eventually(ended, what="her relationships and memberships ended")
    met = await api.connections.ListPeopleMet(rpb.ListPeopleMetRequest(), metadata=as_member("kenji"))
    assert [p.member.member_id for m in met.meetups for p in m.people] == []

    # Events: no name, no self-introduction, no answers for her any more (its member
    # directory and its erasure of her key follow the stream independently).
    async def forgotten() -> bool:
        seen = await _attendee(meetups, meetup_id, "ayumi")
        return seen.display_name == "" and seen.self_introduction == etypes.SelfIntroduction() and seen

    seen = await eventually(forgotten, what="events forgot her")
    assert [a.answer for a in seen.answers] == [""]
    # Her RSVP's stored answer (it showed her answers) was erased with her.
    retry = rsvp_request(meetup_id, "ayumi", answer="I love Rust macros", rsvp_id="ayumi-rsvp")
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION) as failure:
        await meetups.RsvpToFrame(retry, metadata=as_member("ayumi"))
    assert "erased" in failure.value.details()

    # Notify: her channels are gone from its API.
    async def unreachable() -> bool:
        return await _channels_of(channels, "ayumi") == []

    await eventually(unreachable, what="notify forgot her channels")
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION) as failure:
        await channels.RegisterChannel(npb.RegisterChannelRequest(
            request_id=request_id(), kind=ntypes.CHANNEL_KIND_EMAIL, address=EMAIL), metadata=as_member("ayumi"))
    assert "erased" in failure.value.details()

    # Nothing in the clear: not in any table of any service, not on the stream,
    # and not after rebuilding the projections that held her data.
    await caught_up(members_service, events_service, notify_service)
    for runtime in (members_service, events_service, notify_service):
        assert await _plaintext_in_tables(runtime) == []
    assert await _plaintext_on_stream(members_service) == []
    for runtime, name in ((members_service, "member_directory"), (members_service, "attendance"),
                          (events_service, "member_directory"), (notify_service, "recipients"),
                          (notify_service, "subscriptions")):
        await runtime.runners[name].rebuild(timeout=60)
    for runtime in (members_service, events_service, notify_service):
        assert await _plaintext_in_tables(runtime) == []
    seen = await _attendee(meetups, meetup_id, "ayumi")
    assert seen.display_name == "" and seen.self_introduction == etypes.SelfIntroduction()
