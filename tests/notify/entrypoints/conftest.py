"""The whole notify service, in-process: real SQLite, real nats-server, a real
gRPC port, its SMTP relay a real aiosmtpd server; stubs of its three APIs;
its clock, which follows real time until a test sets it."""

from __future__ import annotations

import pytest

from offkai.notify.v1 import channels_pb2_grpc, deliveries_pb2_grpc, preferences_pb2_grpc
from offkai_kit.testing.clock import SettableClock
from offkai_kit.testing.services import channel_to, running_service
from offkai_notify.bootstrap import SPEC

SECRET_KEYS = "notify-test-key-1"


@pytest.fixture
def clock():
    return SettableClock()


@pytest.fixture
async def service(nats_server, tmp_path, clock, smtp_server):
    async with running_service(
        SPEC, nats_url=nats_server.url, data_dir=tmp_path / "data", clock=clock,
        smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_security="none",
        smtp_from="offkai <noreply@offkai.test>", notify_message_id_domain="offkai.test",
        notify_app_url="https://offkai.test", notify_secret_keys=SECRET_KEYS, notify_local_destinations=True,
        notify_sender_poll_seconds=0.05, notify_retry_base_seconds=0.05, notify_retry_max_seconds=0.2,
    ) as runtime:
        yield runtime


@pytest.fixture
async def api(service):
    async with channel_to(service) as channel:
        yield Api(channels_pb2_grpc.ChannelsServiceStub(channel),
                  preferences_pb2_grpc.PreferencesServiceStub(channel),
                  deliveries_pb2_grpc.DeliveriesServiceStub(channel), channel)


class Api:
    def __init__(self, channels, preferences, deliveries, channel):
        self.channels = channels
        self.preferences = preferences
        self.deliveries = deliveries
        self.channel = channel
