"""NATS users and permissions of the local stack, against its real nats-server and the
real service processes: a service may publish only its own subjects, and each service
can still do everything it does — publish through the relay, feed its projections
(durable consumers, acks), rebuild them, audit the stream and republish what it lost.
The server logs every refusal; after all of it, its log has none."""

from __future__ import annotations

import asyncio
import json
import stat

import grpc
import nats
import pytest

from offkai.events.v1 import meetups_pb2, meetups_pb2_grpc, types_pb2
from offkai.members.v1 import communities_pb2, communities_pb2_grpc, members_pb2, members_pb2_grpc
from offkai.members.v1 import types_pb2 as members_types
from offkai.platform.v1 import operations_pb2 as ops_pb
from offkai.platform.v1 import operations_pb2_grpc
from offkai_cli.stack import LocalStack
from offkai_kit.testing.polling import eventually
from offkai_services import SERVICES


@pytest.fixture
async def stack(tmp_path):
    stack = LocalStack(tmp_path / "data")
    await stack.start()
    yield stack
    codes = stack.stop()
    assert codes == {s.name: 0 for s in SERVICES}, "every service exits cleanly on SIGTERM"


# The files the local stack keeps its NATS users and server configuration in.
NATS_USERS_FILE = "nats-users.json"
NATS_CONFIG_FILE = "nats.conf"
ADMIN_USER = "admin"


def passwords(stack: LocalStack) -> dict[str, str]:
    return json.loads((stack.data_dir / NATS_USERS_FILE).read_text())


def bearer(token: str):
    return (("authorization", f"Bearer {token}"),)


async def connect_as(stack: LocalStack, user: str | None, refusals: list[str]):
    async def error(exc):
        refusals.append(str(exc))

    credentials = {"user": user, "password": passwords(stack)[user]} if user else {}
    return await nats.connect(stack.nats.url, error_cb=error, allow_reconnect=False, connect_timeout=2,
                              inbox_prefix=f"_INBOX.{user}", **credentials)


def violations(stack: LocalStack) -> list[str]:
    log = (stack.data_dir / "logs" / "nats.log").read_text(errors="replace")
    return [line for line in log.splitlines() if "Violation" in line]


async def test_a_service_publishes_only_its_own_subjects(stack):
    refusals: list[str] = []
    members = await connect_as(stack, "members", refusals)
    try:
        js = members.jetstream()
        ack = await js.publish("offkai.members.member.Probe", b"own", stream="OFFKAI")
        assert ack.stream == "OFFKAI" and ack.seq > 0
        with pytest.raises(nats.errors.TimeoutError):
            await js.publish("offkai.events.meetup.MeetupScheduled", b"forged", stream="OFFKAI", timeout=1)
        await eventually(lambda: _true(any("permissions violation" in r.lower() for r in refusals)),
                         what="the server's refusal reaches the client")
        # Nor may it read what another service's consumers hold, or their replies.
        with pytest.raises(nats.errors.TimeoutError):
            await js.consumer_info("OFFKAI", "events_member_directory", timeout=1)
        await members.subscribe("_INBOX.events.>")
        await eventually(lambda: _true(any("subscription" in r.lower() for r in refusals)),
                         what="the refused subscription")
    finally:
        await members.close()
    logged = violations(stack)
    assert any('user:members" - Publish Violation - Subject "offkai.events.meetup.MeetupScheduled"' in v
               for v in logged), logged


async def test_no_credentials_no_connection(stack):
    with pytest.raises((nats.errors.NoServersError, nats.errors.Error, OSError)):
        await connect_as(stack, None, [])
    with pytest.raises((nats.errors.NoServersError, nats.errors.Error, OSError)):
        await nats.connect(stack.nats.url, user="members", password="not-the-password",
                           allow_reconnect=False, connect_timeout=2)


async def test_credentials_stay_private_and_out_of_the_logs(stack):
    for name in (NATS_USERS_FILE, NATS_CONFIG_FILE, "dev-secret"):
        mode = stat.S_IMODE((stack.data_dir / name).stat().st_mode)
        assert mode == 0o600, f"{name} is {oct(mode)}"
    secrets = passwords(stack)
    assert set(secrets) == {s.name for s in SERVICES} | {ADMIN_USER}
    assert len(set(secrets.values())) == len(secrets)
    for service in SERVICES:
        log = (stack.data_dir / "logs" / f"{service.name}.log").read_text()
        assert all(p not in log for p in secrets.values()), f"a password in {service.name}'s log"


async def test_every_service_still_does_all_it_does(stack):
    admin_token = stack.token()
    metadata = bearer(admin_token)
    # members' relay publishes; events' and notify's projections consume and ack it.
    async with grpc.aio.insecure_channel(stack.services["members"].address) as channel:
        await members_pb2_grpc.MembersServiceStub(channel).RegisterMember(
            members_pb2.RegisterMemberRequest(request_id="r1", display_name="Ayumi"), metadata=metadata)
        # A community: events' community_roles projection consumes members' community stream.
        await communities_pb2_grpc.CommunitiesServiceStub(channel).CreateCommunity(
            communities_pb2.CreateCommunityRequest(request_id="c1", community_id="ops",
                                                   details=members_types.CommunityDetails(name="Ops")),
            metadata=metadata)
    # events' relay publishes; its own catalog and schedule projections consume it.
    async with grpc.aio.insecure_channel(stack.services["events"].address) as channel:
        meetups = meetups_pb2_grpc.MeetupsServiceStub(channel)
        scheduled = await meetups.ScheduleMeetup(meetups_pb2.ScheduleMeetupRequest(
            request_id="s1",
            details=types_pb2.MeetupDetails(
                title="Permissions mini-off", community_id="ops", organizer_ids=["dev-admin"],
                format=types_pb2.MEETUP_FORMAT_ONLINE, timezone="Asia/Tokyo",
                start=_in_days(30, 10), end=_in_days(30, 12), online_url="https://meet.example.org/ops"),
            frames=[types_pb2.Frame(frame_id="main", name="Online", capacity=10,
                                    mode=types_pb2.FRAME_MODE_FIRST_COME)],
        ), metadata=metadata)
        assert scheduled.meetup.meetup_id

    async def caught_up(service: str) -> bool:
        status = await _ops(stack, service, "GetProjectionStatus", ops_pb.GetProjectionStatusRequest())
        return all(p.checkpoint > 0 and p.pending == 0 and p.dead_letters == 0 for p in status.projections)

    for service in ("events", "notify"):
        await eventually(lambda service=service: caught_up(service), timeout=30, what=f"{service}'s projections")

    # Rebuilds delete and recreate each durable consumer, read its info, pull and ack.
    for service in SERVICES:
        for projection in service.projections:
            # (Some projections saw no events here; the calls themselves are the point.)
            await _ops(stack, service.name, "RebuildProjection",
                       ops_pb.RebuildProjectionRequest(projection=projection), timeout=60)

    # The audit runs its own ephemeral consumer on each service's subjects.
    for service in SERVICES:
        audit = await _ops(stack, service.name, "AuditStream", ops_pb.AuditStreamRequest())
        assert audit.republished == 0 and audit.on_stream >= audit.in_store

    # The stream loses members' events; members' audit republishes them (publishing
    # with the expected-stream header), and events' projections take them in.
    refusals: list[str] = []
    admin = await connect_as(stack, ADMIN_USER, refusals)
    try:
        await admin.jetstream().purge_stream("OFFKAI", subject="offkai.members.>")
    finally:
        await admin.close()
    audit = await _ops(stack, "members", "AuditStream", ops_pb.AuditStreamRequest())
    assert audit.on_stream == 0 and audit.republished == audit.in_store >= 1
    again = await _ops(stack, "members", "AuditStream", ops_pb.AuditStreamRequest())
    assert again.on_stream == again.in_store and again.republished == 0

    # RepublishEvents hands events back to the relay, which publishes them again.
    queued = await _ops(stack, "events", "RepublishEvents", ops_pb.RepublishEventsRequest(from_position=1))
    assert queued.queued >= 1
    await eventually(lambda: caught_up("events"), timeout=30, what="events after republishing")

    assert violations(stack) == [], "a service was refused something it needs"


async def _ops(stack: LocalStack, service: str, method: str, request, timeout: float = 10):
    async with grpc.aio.insecure_channel(stack.services[service].address) as channel:
        stub = operations_pb2_grpc.OperationsServiceStub(channel)
        return await getattr(stub, method)(request, metadata=bearer(stack.token()), timeout=timeout)


def _in_days(days: int, hour: int):
    from datetime import UTC, datetime, timedelta

    from google.protobuf.timestamp_pb2 import Timestamp

    when = (datetime.now(UTC) + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    stamp = Timestamp()
    stamp.FromDatetime(when)
    return stamp


async def _true(value: bool) -> bool:
    await asyncio.sleep(0)
    return value
