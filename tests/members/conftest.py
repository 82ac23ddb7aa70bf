"""Fixtures for the members tests that run services: the members service
in-process (real SQLite and PostgreSQL, real nats-server, a real gRPC port), with the events
service beside it on the same nats-server when a test needs meetups and
check-ins, and notify when it needs channels; stubs for every members gRPC service."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from offkai.events.v1 import meetups_pb2_grpc
from offkai.members.v1 import (
    communities_pb2_grpc,
    connections_pb2_grpc,
    introductions_pb2_grpc,
    invitations_pb2_grpc,
    members_pb2_grpc,
)
from offkai.notify.v1 import channels_pb2_grpc
from offkai_events.bootstrap import SPEC as EVENTS
from offkai_kit.ports import free_port
from offkai_kit.testing.clock import SettableClock
from offkai_kit.testing.services import channel_to, running_service
from offkai_members.bootstrap import SPEC as MEMBERS
from offkai_notify.bootstrap import SPEC as NOTIFY


@pytest.fixture
def clock():
    return SettableClock()


@pytest.fixture
async def members_service(nats_server, tmp_path, clock, database_url):
    """Once on SQLite, once on PostgreSQL (``database_url``): the same API on both."""
    async with running_service(MEMBERS, nats_url=nats_server.url, data_dir=tmp_path / "members", clock=clock,
                               database_url=database_url) as rt:
        yield rt


@pytest.fixture
async def api(members_service):
    async with channel_to(members_service) as channel:
        yield SimpleNamespace(
            members=members_pb2_grpc.MembersServiceStub(channel),
            communities=communities_pb2_grpc.CommunitiesServiceStub(channel),
            connections=connections_pb2_grpc.ConnectionsServiceStub(channel),
            introductions=introductions_pb2_grpc.IntroductionsServiceStub(channel),
            invitations=invitations_pb2_grpc.InvitationsServiceStub(channel),
            runtime=members_service,
        )


@pytest.fixture
async def events_service(nats_server, tmp_path, clock):
    async with running_service(EVENTS, nats_url=nats_server.url, data_dir=tmp_path / "events", clock=clock) as rt:
        yield rt


@pytest.fixture
async def meetups(events_service):
    async with channel_to(events_service) as channel:
        yield meetups_pb2_grpc.MeetupsServiceStub(channel)


@pytest.fixture
async def notify_service(nats_server, tmp_path, clock):
    """notify with nothing listening at its SMTP relay: what it sends waits and retries."""
    async with running_service(
        NOTIFY, nats_url=nats_server.url, data_dir=tmp_path / "notify", clock=clock,
        smtp_host="127.0.0.1", smtp_port=free_port(), smtp_security="none", notify_secret_keys="members-test-key",
    ) as rt:
        yield rt


@pytest.fixture
async def channels(notify_service):
    async with channel_to(notify_service) as channel:
        yield channels_pb2_grpc.ChannelsServiceStub(channel)
