"""One trace follows a command from its RPC span, through the append, the outbox
publish and NATS, into the consuming projection (traceparent in the envelope and
the message headers)."""

from __future__ import annotations

import asyncio

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from offkai.members.v1.events_pb2 import MemberRegistered
from offkai_kit.config import ServiceSettings
from offkai_kit.consumer import ProjectionRunner
from offkai_kit.eventstore import EventStore
from offkai_kit.outbox import OutboxRelay
from offkai_kit.stream import connect, ensure_stream
from offkai_kit.telemetry import setup_telemetry, tracer
from offkai_kit.testing.polling import eventually

from .streaming import settings_for


class Recorder:
    name = "traced"
    subjects = ["offkai.members.member.>"]

    def __init__(self):
        self.seen = []

    async def apply(self, conn, event):
        self.seen.append(event)

    async def reset(self, conn):
        pass


@pytest.fixture
def spans():
    exporter = InMemorySpanExporter()
    setup_telemetry("trace-test", ServiceSettings(), span_exporter=exporter)
    yield exporter
    exporter.clear()


async def test_one_trace_from_command_to_projection(spans, nats_server, db):
    settings = settings_for(nats_server.url)
    nc = await connect(settings, "trace")
    js = nc.jetstream()
    await ensure_stream(js, settings)
    store = EventStore(db)
    with tracer().start_as_current_span("offkai.members.v1.MembersService/RegisterMember", kind=SpanKind.SERVER) as rpc:
        await store.append("member-t", "member", 0, [MemberRegistered(member_id="t", display_name="T")])
    trace_id = rpc.get_span_context().trace_id
    assert await OutboxRelay(db, settings, "members", js=js).flush(timeout=10)

    recorder = Recorder()
    runner = ProjectionRunner(db, nc, settings, "events", recorder)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))

    async def seen() -> bool:
        return bool(recorder.seen)

    try:
        await eventually(seen, what="the event reached the projection")
    finally:
        stop.set()
        await task
        await runner.close()
        await nc.close()

    assert recorder.seen[0].envelope.traceparent.split("-")[1] == f"{trace_id:032x}"
    finished = {s.name: s for s in spans.get_finished_spans()}
    append = finished["eventstore.append"]
    assert append.context.trace_id == trace_id and append.parent.span_id == rpc.get_span_context().span_id
    consumed = next(s for s in finished.values() if s.name.endswith(" process"))
    assert consumed.kind == SpanKind.CONSUMER and consumed.context.trace_id == trace_id
    published = finished["outbox publish"]
    assert any(link.context.trace_id == trace_id for link in published.links)
