"""The whole events service, in-process: real SQLite, real nats-server, a real
gRPC port; a MeetupsService stub talking to it; and the service's clock, which
follows real time until a test sets it."""

from __future__ import annotations

import pytest

from offkai.events.v1 import meetups_pb2_grpc
from offkai_events.bootstrap import SPEC
from offkai_kit.testing.clock import SettableClock
from offkai_kit.testing.services import channel_to, running_service


@pytest.fixture
def clock():
    return SettableClock()


@pytest.fixture
async def service(nats_server, tmp_path, clock):
    async with running_service(SPEC, nats_url=nats_server.url, data_dir=tmp_path / "data", clock=clock) as runtime:
        yield runtime


@pytest.fixture
async def api(service):
    async with channel_to(service) as channel:
        yield meetups_pb2_grpc.MeetupsServiceStub(channel)
