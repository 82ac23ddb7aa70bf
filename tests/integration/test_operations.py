"""OperationsService through gRPC on a running service: projection status, dead
letters and rebuilds — admins only."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import grpc
import pytest

from offkai.members.v1.events_pb2 import MemberRegistered
from offkai.platform.v1 import operations_pb2 as pb
from offkai.platform.v1 import operations_pb2_grpc
from offkai_events.bootstrap import SPEC
from offkai_events.projections.member_directory import display_names
from offkai_kit.eventstore.records import RecordedEvent
from offkai_kit.stream import connect
from offkai_kit.testing.polling import eventually
from offkai_kit.testing.services import bearer, channel_to, running_service

ADMIN = bearer("ops", "admin")


async def publish(js, payload: bytes) -> None:
    """As the members service would (or a broken producer, for the dead letter)."""
    await js.publish("offkai.members.member.MemberRegistered", payload,
                     headers={"Nats-Msg-Id": str(uuid.uuid4())})


def envelope(member_id: str, name: str) -> bytes:
    event = RecordedEvent(str(uuid.uuid4()), f"member-{member_id}", "member", 1, "MemberRegistered",
                          "offkai.members.v1.MemberRegistered",
                          MemberRegistered(member_id=member_id, display_name=name).SerializeToString(),
                          datetime.now(UTC), "c", "c")
    return event.envelope("members").SerializeToString()


async def test_status_dead_letters_and_rebuild(nats_server, tmp_path):
    async with running_service(SPEC, nats_url=nats_server.url, data_dir=tmp_path) as events:
        nc = await connect(events.settings, "ops-test")
        js = nc.jetstream()
        await publish(js, envelope("ami", "Ami"))
        await publish(js, b"\xff not an envelope")
        await eventually(lambda: display_names(events.db, ["ami"]), what="projection")
        async with channel_to(events) as channel:
            ops = operations_pb2_grpc.OperationsServiceStub(channel)

            async def dead():
                reply = await ops.ListDeadLetters(pb.ListDeadLettersRequest(projection="member_directory"),
                                                  metadata=ADMIN)
                return reply.dead_letters

            (letter,) = await eventually(dead, what="dead letter")
            assert "undecodable" in letter.error and letter.subject.endswith("MemberRegistered")

            status = {p.projection: p for p in (await ops.GetProjectionStatus(
                pb.GetProjectionStatusRequest(), metadata=ADMIN)).projections}
            assert status["member_directory"].dead_letters == 1
            assert status["member_directory"].checkpoint >= 2

            rebuilt = await ops.RebuildProjection(pb.RebuildProjectionRequest(projection="member_directory"),
                                                  metadata=ADMIN, timeout=60)
            assert rebuilt.replayed == 1  # Ami again; the undecodable one is a dead letter again
            assert await display_names(events.db, ["ami"]) == {"ami": "Ami"}

            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await ops.GetProjectionStatus(pb.GetProjectionStatusRequest(), metadata=bearer("ami"))
            assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
            with pytest.raises(grpc.aio.AioRpcError) as unknown:
                await ops.RebuildProjection(pb.RebuildProjectionRequest(projection="nope"), metadata=ADMIN)
            assert unknown.value.code() == grpc.StatusCode.NOT_FOUND
            with pytest.raises(grpc.aio.AioRpcError) as too_long:
                await ops.RebuildProjection(pb.RebuildProjectionRequest(projection="p" * 129), metadata=ADMIN)
            assert too_long.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            assert "p" * 129 not in too_long.value.details(), "not echoed back"
            with pytest.raises(grpc.aio.AioRpcError) as bad:
                await ops.ListDeadLetters(pb.ListDeadLettersRequest(page_size=5000), metadata=ADMIN)
            assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            for token in ("9" * 5000, "\u00b2"):  # int() refuses both: never INTERNAL
                with pytest.raises(grpc.aio.AioRpcError) as bad:
                    await ops.ListDeadLetters(pb.ListDeadLettersRequest(page_token=token), metadata=ADMIN)
                assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        await nc.close()
