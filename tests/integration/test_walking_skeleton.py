"""The walking skeleton: a member registered through the members gRPC API reaches
the events service's projection via the outbox, JetStream and a durable consumer.
Real processes (python -m offkai_*), a real nats-server, real SQLite files."""

from __future__ import annotations

import grpc
import pytest
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from offkai.members.v1 import members_pb2 as pb
from offkai.members.v1 import members_pb2_grpc
from offkai_cli.stack import LocalStack
from offkai_events.projections.member_directory import display_names
from offkai_kit.db import Database
from offkai_kit.testing.polling import eventually


@pytest.fixture
async def stack(tmp_path):
    stack = LocalStack(tmp_path / "data")
    await stack.start()
    yield stack
    codes = stack.stop()
    assert codes == {"events": 0, "members": 0, "notify": 0}, "every service exits cleanly on SIGTERM"


def bearer(token: str):
    return (("authorization", f"Bearer {token}"),)


async def test_registered_member_reaches_the_events_projection(stack):
    members = stack.services["members"]
    token = stack.token("ayumi", roles=["member"])
    async with grpc.aio.insecure_channel(members.address) as channel:
        api = members_pb2_grpc.MembersServiceStub(channel)
        request = pb.RegisterMemberRequest(request_id="r-1", display_name="Ayumi", region_prefecture="Tokyo")
        reply = await api.RegisterMember(request, metadata=bearer(token))
        assert reply.member.member_id == "ayumi"
        again = await api.RegisterMember(request, metadata=bearer(token))
        assert again == reply  # idempotent retry

        with pytest.raises(grpc.aio.AioRpcError) as missing:
            await api.RegisterMember(request)
        assert missing.value.code() == grpc.StatusCode.UNAUTHENTICATED

        with pytest.raises(grpc.aio.AioRpcError) as bad:
            await api.RegisterMember(
                pb.RegisterMemberRequest(request_id="r-2", member_id="kenji", display_name=""),
                metadata=bearer(stack.token("kenji")),
            )
        assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "display_name" in bad.value.details()

    events_db = Database(f"sqlite+aiosqlite:///{stack.data_dir / 'events.db'}")
    try:

        async def projected() -> bool:
            return await display_names(events_db, ["ayumi"]) == {"ayumi": "Ayumi"}

        await eventually(projected, what="the member directory in events")
        assert await display_names(events_db, ["ayumi", "kenji"]) == {"ayumi": "Ayumi"}
    finally:
        await events_db.dispose()


async def test_services_offer_health_and_reflection(stack):
    async with grpc.aio.insecure_channel(stack.services["events"].address) as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)

        async def ask():
            yield reflection_pb2.ServerReflectionRequest(list_services="")

        async for reply in stub.ServerReflectionInfo(ask()):
            names = {s.name for s in reply.list_services_response.service}
            break
    assert {"offkai.platform.v1.OperationsService", "grpc.health.v1.Health"} <= names
