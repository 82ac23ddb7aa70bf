"""notify split (OFFKAI_ROLE): the API process takes the registration, the worker's
sender emails the code at once, though it would poll for work only once an hour."""

from __future__ import annotations

from offkai.notify.v1 import channels_pb2 as ch
from offkai.notify.v1 import channels_pb2_grpc
from offkai.notify.v1 import types_pb2 as types
from offkai_kit.testing.services import channel_to, running_service
from offkai_notify.bootstrap import SPEC
from tests.notify.entrypoints.conftest import SECRET_KEYS
from tests.notify.entrypoints.support import code_in, mails_to, member, request_id

ADDRESS = "kenta.split@example.com"


async def test_the_api_queues_and_the_worker_sends_at_once(nats_server, tmp_path, smtp_server):
    shared = dict(
        nats_url=nats_server.url, data_dir=tmp_path / "data", smtp_host="127.0.0.1", smtp_port=smtp_server.port,
        smtp_security="none", smtp_from="offkai <noreply@offkai.test>", notify_message_id_domain="offkai.test",
        notify_app_url="https://offkai.test", notify_secret_keys=SECRET_KEYS, notify_local_destinations=True,
        notify_sender_poll_seconds=3600, relay_poll_interval_seconds=3600)
    async with (
        running_service(SPEC, role="worker", instance_id="worker", **shared),
        running_service(SPEC, role="api", instance_id="api", **shared) as api,
        channel_to(api) as channel,
    ):
        registered = await channels_pb2_grpc.ChannelsServiceStub(channel).RegisterChannel(
            ch.RegisterChannelRequest(request_id=request_id(), kind=types.CHANNEL_KIND_EMAIL, address=ADDRESS),
            metadata=member("kenta"))
        assert registered.channel.status == types.CHANNEL_STATUS_PENDING_VERIFICATION
        (mail,) = await mails_to(smtp_server, ADDRESS)
        assert code_in(mail)
