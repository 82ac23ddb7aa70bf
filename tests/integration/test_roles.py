"""OFFKAI_ROLE: the events service as two processes on one database. The API process
answers and commits; the worker publishes and projects, woken by the API's commit
rather than by its poll; each says where the other's work is done."""

from __future__ import annotations

import asyncio
import contextlib

import grpc
import pytest
from sqlalchemy import func, select

from bench.rush import published_meetup
from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import meetups_pb2_grpc
from offkai.platform.v1 import operations_pb2 as ops_pb
from offkai.platform.v1 import operations_pb2_grpc
from offkai_events.bootstrap import SPEC
from offkai_kit.config import ConfigError, ServiceSettings, load_settings
from offkai_kit.eventstore.schema import events
from offkai_kit.testing.polling import eventually
from offkai_kit.testing.services import bearer, channel_to, running_service

ADMIN = bearer("ops", "admin")
MEMBER = bearer("ami", "member")


@contextlib.asynccontextmanager
async def split(nats_url: str, database_url: str, data_dir):
    """A worker, then an API process, on one database; yields both runtimes. The
    worker polls its outbox once an hour: only a wake from the API can make it
    publish sooner."""
    shared = dict(nats_url=nats_url, data_dir=data_dir, database_url=database_url)
    async with (
        running_service(SPEC, role="worker", instance_id="worker", relay_poll_interval_seconds=3600,
                        **shared) as worker,
        running_service(SPEC, role="api", instance_id="api", **shared) as api,
    ):
        yield api, worker


async def test_the_api_commits_and_the_worker_publishes_and_projects(nats_server, database_url, tmp_path):
    async with split(nats_server.url, database_url, tmp_path) as (api, worker), channel_to(api) as channel:
        assert api.runners == {} and set(worker.runners) == {p.name for p in worker.projections}
        meetups = meetups_pb2_grpc.MeetupsServiceStub(channel)
        meetup_id = await published_meetup(meetups)
        await meetups.RsvpToFrame(pb.RsvpToFrameRequest(request_id="r-1", meetup_id=meetup_id, frame_id="main"),
                                  metadata=MEMBER)

        async def unpublished() -> int:
            async with api.db.read() as conn:
                return await conn.scalar(select(func.count()).select_from(events).where(events.c.published_at.is_(None)))

        async def all_published() -> bool:
            return await unpublished() == 0

        # Within seconds, though the worker's relay would poll only in an hour.
        await eventually(all_published, timeout=10, what="the worker's relay woken by the API's commits")

        async def listed() -> bool:  # the worker's catalog projection, read through the API
            reply = await meetups.ListMeetups(pb.ListMeetupsRequest(), metadata=MEMBER)
            return meetup_id in [m.meetup_id for m in reply.meetups]

        await eventually(listed, what="the meetup in the catalog")


async def test_each_process_serves_only_its_part(nats_server, sqlite_url, tmp_path):
    async with (
        split(nats_server.url, sqlite_url, tmp_path) as (api, worker),
        channel_to(api) as to_api,
        channel_to(worker) as to_worker,
    ):
        # The worker serves no product RPC.
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await meetups_pb2_grpc.MeetupsServiceStub(to_worker).GetMeetup(
                pb.GetMeetupRequest(meetup_id="m"), metadata=MEMBER)
        assert refused.value.code() == grpc.StatusCode.UNIMPLEMENTED

        # Projections and the stream are the worker's: the API process says so.
        on_api = operations_pb2_grpc.OperationsServiceStub(to_api)
        for call, request in (
            (on_api.GetProjectionStatus, ops_pb.GetProjectionStatusRequest()),
            (on_api.RebuildProjection, ops_pb.RebuildProjectionRequest(projection="meetup_catalog")),
            (on_api.AuditStream, ops_pb.AuditStreamRequest()),
        ):
            with pytest.raises(grpc.aio.AioRpcError) as elsewhere:
                await call(request, metadata=ADMIN)
            assert elsewhere.value.code() == grpc.StatusCode.FAILED_PRECONDITION
            assert "OFFKAI_ROLE=api" in elsewhere.value.details() and "worker" in elsewhere.value.details()
        # Dead letters are rows in the shared database: either process lists them.
        await on_api.ListDeadLetters(ops_pb.ListDeadLettersRequest(), metadata=ADMIN)

        status = await operations_pb2_grpc.OperationsServiceStub(to_worker).GetProjectionStatus(
            ops_pb.GetProjectionStatusRequest(), metadata=ADMIN)
        assert {p.projection for p in status.projections} == set(worker.runners)


async def test_a_wake_from_the_api_reaches_the_workers_tasks(nats_server, sqlite_url, tmp_path):
    """A handler's "look now" for a background task (``Runtime.waker``) crosses to
    the worker, where the task runs; the API process runs none of it itself."""
    async with split(nats_server.url, sqlite_url, tmp_path) as (api, worker):
        in_worker, in_api = asyncio.Event(), asyncio.Event()
        worker.waker(in_worker.set)
        api.waker(in_api.set)()
        await asyncio.wait_for(in_worker.wait(), timeout=10)
        assert not in_api.is_set()


def test_an_unknown_role_names_its_variable(monkeypatch):
    monkeypatch.setenv("OFFKAI_ROLE", "both")
    with pytest.raises(ConfigError, match="OFFKAI_ROLE"):
        load_settings(ServiceSettings)
