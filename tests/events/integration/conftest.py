"""The whole events service, in-process: real SQLite, real nats-server, a real
gRPC port; a MeetupsService stub talking to it; the service's clock, which
follows real time until a test sets it; and the tests' communities seeded as
the members service would publish them."""

from __future__ import annotations

import pytest

from offkai.events.v1 import meetups_pb2_grpc
from offkai_events.bootstrap import SPEC
from offkai_kit.testing.clock import SettableClock
from offkai_kit.testing.services import channel_to, running_service
from tests.events.members_stream import seed_community

COMMUNITIES = ("rust-tokyo", "go-osaka")


@pytest.fixture
def clock():
    return SettableClock()


@pytest.fixture
async def service(nats_server, tmp_path, clock):
    async with running_service(SPEC, nats_url=nats_server.url, data_dir=tmp_path / "data", clock=clock) as runtime:
        # The communities the tests' meetups belong to, organized by org-aki (as the
        # members service would say): only then may org-aki schedule them.
        for community_id in COMMUNITIES:
            await seed_community(runtime, community_id, "org-aki")
        yield runtime


@pytest.fixture
async def api(service):
    async with channel_to(service) as channel:
        yield meetups_pb2_grpc.MeetupsServiceStub(channel)
