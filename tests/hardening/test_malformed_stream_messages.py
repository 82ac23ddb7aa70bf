"""Malformed messages on the stream, for EACH projection of every service: the
projections are the ones offkai_services declares (and the running service must have
exactly those). On a subject the projection consumes come a message that is not
protobuf, an event of a type nobody knows, and one of a future contract version
(``….v9.…``); each becomes a dead letter with its reason, visible through the
Operations API, and the consumer goes on to apply the good event that follows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import grpc
import pytest
from google.protobuf import empty_pb2
from sqlalchemy import select

from offkai.platform.v1 import operations_pb2 as ops
from offkai.platform.v1 import operations_pb2_grpc
from offkai_kit.consumer.tracking import projection_positions
from offkai_kit.eventstore.records import RecordedEvent
from offkai_kit.stream import connect
from offkai_kit.testing.polling import eventually
from offkai_kit.testing.services import bearer
from offkai_services import SERVICES
from tests.hardening.services import each_on_its_own

ADMIN = bearer("ops-1", "admin")
# What each dead letter's error starts with (the runner's wording).
REASONS = {
    "not protobuf": "undecodable message",
    "unknown type": "unknown event type offkai.{service}.v1.NoSuchEvent",
    "future version": "unknown event type offkai.{service}.v9.{event}",
}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with each_on_its_own(list(SERVICES), tmp_path_factory.mktemp("poison")) as running:
        yield running


def _projections():
    return [pytest.param(info, projection, id=f"{info.name}:{projection}")
            for info in SERVICES for projection in info.projections]


def test_each_service_runs_the_projections_it_declares(stack):
    for info in SERVICES:
        assert set(stack.services[info.name].runtime.runners) == set(info.projections), info.name


def _envelope(service: str, stream_type: str, stream_id: str, event: str, payload_type: str) -> bytes:
    recorded = RecordedEvent(str(uuid.uuid4()), stream_id, stream_type, 1, event, payload_type, b"",
                             datetime.now(UTC), "poison", "poison")
    return recorded.envelope(service).SerializeToString()


@pytest.mark.parametrize(("info", "projection"), _projections())
def test_malformed_messages_are_dead_letters_and_the_consumer_goes_on(stack, info, projection):
    running = stack.services[info.name]
    runner = running.runtime.runners[projection]
    subject = runner.projection.subjects[0]  # offkai.<service>.<aggregate>.>
    _, producer, stream_type, _ = subject.split(".", 3)
    tag = uuid.uuid4().hex[:8]
    good = f"poison-check-{tag}"
    empty_pb2.Empty  # noqa: B018 — loaded, so the good event's payload type is known
    messages = [
        (f"{subject[:-1]}Garbage{tag}", b"\x00\xffnot protobuf at all"),
        (f"{subject[:-1]}NoSuchEvent{tag}", _envelope(producer, stream_type, f"unknown-{tag}", "NoSuchEvent",
                                                 f"offkai.{producer}.v1.NoSuchEvent")),
        (f"{subject[:-1]}Registered{tag}", _envelope(producer, stream_type, f"future-{tag}", "Registered",
                                                f"offkai.{producer}.v9.Registered")),
        # A good event after them: a known type this projection has nothing to do with.
        (f"{subject[:-1]}Empty{tag}", _envelope(producer, stream_type, good, "Empty", "google.protobuf.Empty")),
    ]

    async def publish():
        nc = await connect(running.runtime.settings, f"poison-{tag}")
        try:
            js = nc.jetstream()
            for on, data in messages:
                await js.publish(on, data, headers={"Nats-Msg-Id": str(uuid.uuid4())})
        finally:
            await nc.close()

    running.run(publish())

    async def applied_good() -> bool:
        pos = projection_positions.c
        async with running.runtime.db.read() as conn:
            version = await conn.scalar(select(pos.version).where(pos.projection == projection,
                                                                  pos.stream_id == good))
        return version == 1

    running.run(eventually(applied_good, timeout=30, what=f"{projection} applied the good event after the bad"))

    with grpc.insecure_channel(running.address) as channel:
        letters = operations_pb2_grpc.OperationsServiceStub(channel).ListDeadLetters(
            ops.ListDeadLettersRequest(projection=projection, page_size=1000), metadata=ADMIN).dead_letters
    ours = {letter.subject: letter.error for letter in letters if letter.subject in {on for on, _ in messages}}
    wanted = {
        messages[0][0]: REASONS["not protobuf"],
        messages[1][0]: REASONS["unknown type"].format(service=producer),
        messages[2][0]: REASONS["future version"].format(service=producer, event="Registered"),
    }
    assert set(ours) == set(wanted), f"dead letters of {projection}: {ours}"
    for on, reason in wanted.items():
        assert ours[on].startswith(reason), f"{on}: {ours[on]}"
    assert runner.active, "the consumer still runs"
