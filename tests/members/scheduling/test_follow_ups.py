"""The follow-ups are exactly-once however many replicas run them and however
often they are retried: two replicas' loops running the same step at once
append one ConnectionAccepted; a step run again (a crash between its append and
deleting its row, or a rebuilt trigger projection writing it anew) appends
nothing; a step the domain refuses is dropped; the steps wait in the database
for a loop to run them (across restarts)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from types import SimpleNamespace

from sqlalchemy import insert, select

from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import connections_pb2_grpc, introductions_pb2_grpc, members_pb2_grpc
from offkai.members.v1 import introductions_pb2 as ipb
from offkai_kit.commands import CommandRunner
from offkai_kit.eventstore import EventStore
from offkai_kit.idempotency import CommandResults
from offkai_kit.repository import Repository
from offkai_kit.testing.polling import eventually
from offkai_kit.testing.services import channel_to, running_service
from offkai_members.bootstrap import SPEC, wire_api, wire_read_models
from offkai_members.facts import Facts
from offkai_members.scheduling.follow_up_tables import follow_up_steps
from offkai_members.scheduling.follow_ups import FollowUps
from offkai_members.scheduling.triggers import FollowUpTriggers
from tests.members.integration.support import as_member, register, request_id


def _without_the_loop(runtime) -> None:
    """The service with its trigger projection but no follow-ups loop: the test
    runs the loops itself, as replicas would."""
    wire_read_models(runtime)
    runtime.add_projection(FollowUpTriggers())
    wire_api(runtime)


def _replica(runtime) -> FollowUps:
    """Another process on the same database: its own repository cache and runner."""
    store = EventStore(runtime.db)
    repository = Repository(store, personal=runtime.personal)
    runner = CommandRunner(store, repository, CommandResults(runtime.db, runtime.personal), personal=runtime.personal)
    return FollowUps(runtime.db, runner, Facts(repository, runtime.db))


async def _steps(runtime) -> list:
    async with runtime.db.read() as conn:
        return (await conn.execute(select(follow_up_steps))).all()


async def _accepted(runtime, a: str, b: str) -> int:
    low, high = sorted((a, b))
    events = await runtime.store.load(f"relationship-{low}~{high}")
    return sum(1 for e in events if e.event_type == "ConnectionAccepted")


@contextlib.asynccontextmanager
async def _members(nats_server, tmp_path):
    spec = dataclasses.replace(SPEC, wire=_without_the_loop)
    async with running_service(spec, nats_url=nats_server.url, data_dir=tmp_path) as runtime:
        yield runtime


async def test_replicas_run_a_step_once_and_a_rerun_appends_nothing(nats_server, tmp_path):
    async with _members(nats_server, tmp_path) as runtime, channel_to(runtime) as channel:
        api = SimpleNamespace(members=members_pb2_grpc.MembersServiceStub(channel))
        connections = connections_pb2_grpc.ConnectionsServiceStub(channel)
        introductions = introductions_pb2_grpc.IntroductionsServiceStub(channel)
        for member_id in ("aki", "ben", "chie"):
            await register(api, member_id)
        for other in ("ben", "chie"):
            await connections.RequestConnection(rpb.RequestConnectionRequest(request_id=request_id(),
                                                                             other_member_id=other),
                                                metadata=as_member("aki"))
            await connections.AcceptConnection(rpb.AcceptConnectionRequest(request_id=request_id(),
                                                                           other_member_id="aki"),
                                               metadata=as_member(other))
        made = (await introductions.MakeIntroduction(
            ipb.MakeIntroductionRequest(request_id=request_id(), first_member_id="ben", second_member_id="chie"),
            metadata=as_member("aki"),
        )).introduction
        for member_id in ("ben", "chie"):
            await introductions.AcceptIntroduction(
                ipb.AcceptIntroductionRequest(request_id=request_id(), introduction_id=made.introduction_id),
                metadata=as_member(member_id),
            )

        # The trigger wrote the step; it waits there, whatever restarts, for a loop.
        (step,) = await eventually(lambda: _steps(runtime), what="the step written")
        assert step.kind == "connect_introduced"
        assert await _accepted(runtime, "ben", "chie") == 0

        first, second = _replica(runtime), _replica(runtime)
        await asyncio.gather(first.tick(), second.tick())
        assert await _accepted(runtime, "ben", "chie") == 1
        assert first.done + second.done == 2, "both ran it: one appended, the other got the stored answer"
        assert await _steps(runtime) == []

        # As after a crash before the row was deleted, or a rebuilt trigger projection.
        async with runtime.db.write() as conn:
            await conn.execute(insert(follow_up_steps).values(**step._mapping))
        await _replica(runtime).tick()
        assert await _accepted(runtime, "ben", "chie") == 1
        assert await _steps(runtime) == []

        # A step the domain refuses now (Ben blocked Chie meanwhile) is dropped, not retried.
        await connections.BlockMember(rpb.BlockMemberRequest(request_id=request_id(), other_member_id="chie"),
                                      metadata=as_member("ben"))
        refused = dict(step._mapping, step_id="f" * 64)
        async with runtime.db.write() as conn:
            await conn.execute(insert(follow_up_steps).values(**refused))
        replica = _replica(runtime)
        await replica.tick()
        assert (replica.done, replica.dropped) == (0, 1)
        assert await _steps(runtime) == []
