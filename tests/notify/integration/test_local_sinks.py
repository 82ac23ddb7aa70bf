"""The local stack's notify sends to its own sinks: a member who registers an
email channel finds the verification email under <data>/sinks/mail (.eml and
.html), and may point a webhook channel at the local receiver. Real processes, real nats-server, real SQLite files."""

from __future__ import annotations

import email
import email.policy

import grpc
import pytest

from offkai.notify.v1 import channels_pb2 as ch
from offkai.notify.v1 import channels_pb2_grpc
from offkai.notify.v1 import types_pb2 as types
from offkai_cli.stack import LocalStack
from offkai_kit.testing.polling import eventually


@pytest.fixture
async def stack(tmp_path):
    stack = LocalStack(tmp_path / "data")
    await stack.start()
    yield stack
    codes = stack.stop()
    assert codes == {"events": 0, "members": 0, "notify": 0}


async def test_what_notify_sends_lands_in_the_data_folder(stack):
    metadata = (("authorization", f"Bearer {stack.token('ayumi', roles=['member'])}"),)
    async with grpc.aio.insecure_channel(stack.services["notify"].address) as channel:
        api = channels_pb2_grpc.ChannelsServiceStub(channel)
        await api.RegisterChannel(ch.RegisterChannelRequest(
            request_id="r-1", kind=types.CHANNEL_KIND_EMAIL, address="ayumi@example.com"), metadata=metadata)
        hook = await api.RegisterChannel(ch.RegisterChannelRequest(
            request_id="r-2", kind=types.CHANNEL_KIND_WEBHOOK, address=stack.webhook_sink_url + "ayumi"),
            metadata=metadata)
    assert hook.channel.status == types.CHANNEL_STATUS_ACTIVE, "the local receiver is an allowed destination"

    mail_dir = stack.sinks_dir / "mail"

    async def arrived() -> bool:
        return len(list(mail_dir.glob("*.eml"))) == 1

    await eventually(arrived, timeout=20, what="the verification email in the sinks folder")
    (eml,) = mail_dir.glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["To"] == "ayumi@example.com" and message["Message-ID"].endswith("@offkai.invalid>")
    assert "<html" in eml.with_suffix(".html").read_text(encoding="utf-8").lower()
