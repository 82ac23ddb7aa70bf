"""A connpass-style rush through gRPC: RSVPs from 64 concurrent clients in two client
processes, to ONE meetup and spread over 200, against a bare ``grpc.aio`` server that
answers ``RsvpToFrame`` with a canned reply to the very same clients.

The events service runs in two shapes, both up at once, each on its own database and
NATS server: in this process alone (the same start-up as ``python -m offkai_events``,
on SQLite or PostgreSQL, with its relay and projections), and as an API process (this
one, ``OFFKAI_ROLE=api``) beside a worker process (``OFFKAI_ROLE=worker``: the relay,
projections and tasks). The bare server runs in this process too; the clients are
``bench.rush_client`` processes. Runs alternate (bare, then each shape's one meetup
and many meetups, ...) and the medians are reported. Then the
latency at a steady load: open-loop clients at 60 % of half the bare ceiling (the
throughput target), p50/p99 from the scheduled send."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import statistics
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc
import structlog
from google.protobuf.timestamp_pb2 import Timestamp

from bench import results
from bench.harness import temp_nats
from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import meetups_pb2_grpc
from offkai.events.v1 import types_pb2 as types
from offkai_events.bootstrap import SPEC
from offkai_kit.healthcheck import check
from offkai_kit.ports import free_port
from offkai_kit.testing.databases import create_postgres_database, drop_postgres_database, postgres_unreachable_reason
from offkai_kit.testing.polling import eventually
from offkai_kit.testing.services import (
    TEST_AUDIENCE,
    TEST_ISSUER,
    TEST_SECRET,
    bearer,
    channel_to,
    running_service,
)

PROCESSES, CONCURRENCY = 2, 32  # 64 clients
SECONDS = float(os.environ.get("OFFKAI_BENCH_RUSH_SECONDS", 4))
ROUNDS = int(os.environ.get("OFFKAI_BENCH_ROUNDS", 3))
SPREAD = 200
SEATS = 100
ORGANIZER = bearer("org", "member", "organizer", "admin")


def _timestamp(at: datetime) -> Timestamp:
    out = Timestamp()
    out.FromDatetime(at)
    return out


async def published_meetup(api) -> str:
    start = datetime.now(UTC) + timedelta(days=14)
    details = types.MeetupDetails(
        title="Rush", community_id="bench", organizer_ids=["org"], format=types.MEETUP_FORMAT_IN_PERSON,
        start=_timestamp(start), end=_timestamp(start + timedelta(hours=3)), timezone="Asia/Tokyo",
        region=types.Region(prefecture="Tokyo", city="Shibuya"), venue=types.Venue(name="Cafe"),
    )
    frame = types.Frame(frame_id="main", name="Main", capacity=SEATS, mode=types.FRAME_MODE_FIRST_COME,
                        waitlist_enabled=True)
    scheduled = await api.ScheduleMeetup(
        pb.ScheduleMeetupRequest(request_id=str(uuid.uuid4()), details=details, frames=[frame]), metadata=ORGANIZER
    )
    meetup_id = scheduled.meetup.meetup_id
    await api.PublishMeetup(pb.PublishMeetupRequest(request_id=str(uuid.uuid4()), meetup_id=meetup_id),
                            metadata=ORGANIZER)
    return meetup_id


class Bare(meetups_pb2_grpc.MeetupsServiceServicer):
    """The ceiling: grpc.aio unary calls answered at once with a reply of the same shape."""

    REPLY = pb.RsvpToFrameResponse(rsvp=pb.Rsvp(meetup_id=str(uuid.uuid4()), member_id="m", frame_id="main",
                                                 status=types.RSVP_STATUS_GOING))

    async def RsvpToFrame(self, request, context):  # noqa: N802 - the generated name
        return self.REPLY


async def clients(port: int, meetups: list[str], *, rate: float = 0.0, seconds: float = SECONDS) -> dict:
    """Run the client processes; their answers merged: RSVP/s, p50, p99 (ms), errors."""
    tag = uuid.uuid4().hex[:8]
    members = int(seconds * 3000)  # more than a process can send: each RSVP is a new member's
    procs = []
    for p in range(PROCESSES):
        spec = {"target": f"127.0.0.1:{port}", "meetups": meetups, "tag": f"{tag}{p}", "members": members,
                "seconds": seconds, "concurrency": CONCURRENCY, "rate": rate / PROCESSES}
        procs.append(await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.rush_client", json.dumps(spec), stdout=asyncio.subprocess.PIPE))
    outs = [json.loads((await proc.communicate())[0]) for proc in procs]
    latencies = sorted(x for o in outs for x in o["latencies"])
    errors: dict[str, int] = {}
    for o in outs:
        for code, n in o["errors"].items():
            errors[code] = errors.get(code, 0) + n
    ok = sum(o["ok"] for o in outs)
    return {
        "rate": ok / max(o["seconds"] for o in outs),
        "p50": _quantile(latencies, 0.50) * 1000,
        "p99": _quantile(latencies, 0.99) * 1000,
        "errors": errors,
    }


def _quantile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


async def bare_server():
    server = grpc.aio.server(options=[("grpc.so_reuseport", 0)])
    meetups_pb2_grpc.add_MeetupsServiceServicer_to_server(Bare(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    return server, port


@contextlib.asynccontextmanager
async def worker_process(runtime):
    """The service's worker (``OFFKAI_ROLE=worker``: relay, projections, tasks) as a
    process of its own on ``runtime``'s database and NATS; ready when it says SERVING."""
    s = runtime.settings
    port = free_port()
    env = {**os.environ, "OFFKAI_ROLE": "worker", "OFFKAI_DATA_DIR": str(s.data_dir),
           "OFFKAI_DATABASE_URL": s.resolved_database_url, "OFFKAI_NATS_URL": s.nats_url,
           "OFFKAI_GRPC_PORT": str(port), "OFFKAI_INSTANCE_ID": "bench-worker", "OFFKAI_LOG_LEVEL": "WARNING",
           "OFFKAI_JWT_SECRET": TEST_SECRET, "OFFKAI_JWT_ISSUER": TEST_ISSUER, "OFFKAI_JWT_AUDIENCE": TEST_AUDIENCE,
           "OFFKAI_CONSUMER_FETCH_TIMEOUT_SECONDS": str(s.consumer_fetch_timeout_seconds)}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "offkai_events", env=env)

    async def serving() -> bool:
        if proc.returncode is not None:
            raise RuntimeError(f"the worker exited with {proc.returncode}")
        return await asyncio.to_thread(check, f"127.0.0.1:{port}") == "SERVING"

    try:
        await eventually(serving, timeout=60, interval=0.2, what="the worker serving")
        yield proc
    finally:
        if proc.returncode is None:
            proc.terminate()
        await proc.wait()


@contextlib.asynccontextmanager
async def events_service(database_url: str | None, *, apart: bool):
    """The events service on a NATS server of its own: one process (``OFFKAI_ROLE``
    all), or an API process (this one) and a worker process."""
    extra = {"database_url": database_url} if database_url else {}
    with temp_nats() as nats, tempfile.TemporaryDirectory() as tmp:
        async with (
            running_service(SPEC, nats_url=nats.url, data_dir=Path(tmp), role="api" if apart else "all",
                            **extra) as runtime,
            worker_process(runtime) if apart else contextlib.nullcontext(),
        ):
            yield runtime


SHAPES = (("one process", False), ("API and worker apart", True))


async def measure(label: str, database_urls: dict[bool, str | None]) -> None:
    """Both shapes of the service up at once (each on its own database and NATS), the
    bare server between them: runs alternate bare, then each shape's ONE meetup and
    200 meetups, round after round."""
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    async with contextlib.AsyncExitStack() as stack:
        shapes = {}
        for shape, apart in SHAPES:
            runtime = await stack.enter_async_context(events_service(database_urls[apart], apart=apart))
            channel = await stack.enter_async_context(channel_to(runtime))
            api = meetups_pb2_grpc.MeetupsServiceStub(channel)
            shapes[shape] = (runtime, api, [await published_meetup(api) for _ in range(SPREAD)])
        bare = []
        one = {shape: [] for shape in shapes}
        many = {shape: [] for shape in shapes}
        for _ in range(ROUNDS):
            server, port = await bare_server()
            bare.append(await clients(port, ["x"]))
            await server.stop(None)
            for shape, (runtime, api, spread) in shapes.items():
                one[shape].append(await clients(runtime.port, [await published_meetup(api)]))
                many[shape].append(await clients(runtime.port, spread))
        ceiling = statistics.median(b["rate"] for b in bare)
        for shape in shapes:
            for name, runs in (("ONE meetup", one[shape]), (f"{SPREAD} meetups", many[shape])):
                results.add("rush", f"RSVPs to {name}, 64 clients, {shape} ({label})", [r["rate"] for r in runs],
                            [b["rate"] for b in bare], "RSVP/s", "bare grpc.aio", target=0.5,
                            p50_ms=statistics.median(r["p50"] for r in runs),
                            p99_ms=statistics.median(r["p99"] for r in runs),
                            bare_p50_ms=statistics.median(b["p50"] for b in bare),
                            errors=[r["errors"] for r in runs])
        # Latency at 60 % of the target rate (half the bare ceiling), open loop.
        steady = 0.6 * 0.5 * ceiling
        one_lat = {shape: [] for shape in shapes}
        many_lat = {shape: [] for shape in shapes}
        bare_lat = []
        for _ in range(ROUNDS):
            server, port = await bare_server()
            bare_lat.append(await clients(port, ["x"], rate=steady))
            await server.stop(None)
            for shape, (runtime, api, spread) in shapes.items():
                one_lat[shape].append(await clients(runtime.port, [await published_meetup(api)], rate=steady))
                many_lat[shape].append(await clients(runtime.port, spread, rate=steady))
        for shape in shapes:
            for name, runs in (("ONE meetup", one_lat[shape]), (f"{SPREAD} meetups", many_lat[shape])):
                p99 = statistics.median(r["p99"] for r in runs)
                results.add("rush-latency", f"p99 at {steady:.0f} RSVP/s, {name}, {shape} ({label})", p99, 100.0,
                            "ms", "target", target=1.0,
                            p50_ms=statistics.median(r["p50"] for r in runs),
                            achieved=statistics.median(r["rate"] for r in runs),
                            bare_p99_ms=statistics.median(b["p99"] for b in bare_lat),
                            errors=[r["errors"] for r in runs])
        for shape in shapes:
            for name, runs in (("one", one[shape]), ("many", many[shape])):
                print(f"{'':<52} {shape}, {name}: p50 {statistics.median(r['p50'] for r in runs):.0f} ms, "
                      f"p99 {statistics.median(r['p99'] for r in runs):.0f} ms, errors {[r['errors'] for r in runs]}")


async def main() -> None:
    await measure("SQLite", {False: None, True: None})
    reason = await postgres_unreachable_reason()
    if reason:
        print(f"rush (PostgreSQL): skipped — {reason}")
        return
    urls = {apart: await create_postgres_database() for _, apart in SHAPES}
    try:
        await measure("PostgreSQL", urls)
    finally:
        for url in urls.values():
            await drop_postgres_database(url)


if __name__ == "__main__":
    logging.disable(logging.WARNING)
    asyncio.run(main())
    results.write("benchmarks-rush")
