"""A connpass-style rush through gRPC: RSVPs from 64 concurrent clients in two client
processes, to ONE meetup and spread over 200, against a bare ``grpc.aio`` server that
answers ``RsvpToFrame`` with a canned reply to the very same clients.

The events service runs in this process (the same start-up as ``python -m
offkai_events``, on SQLite or PostgreSQL, with its relay and projections) and so does
the bare server, one at a time; the clients are ``bench.rush_client`` processes. Runs
alternate (bare, one meetup, many meetups, ...) and the medians are reported. Then the
latency at a steady load: open-loop clients at 60 % of half the bare ceiling (the
throughput target), p50/p99 from the scheduled send."""

from __future__ import annotations

import asyncio
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
from offkai_kit.testing.databases import create_postgres_database, drop_postgres_database, postgres_unreachable_reason
from offkai_kit.testing.services import bearer, channel_to, running_service

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


async def measure(label: str, database_url: str | None) -> None:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    extra = {"database_url": database_url} if database_url else {}
    with temp_nats() as nats, tempfile.TemporaryDirectory() as tmp:
        async with (
            running_service(SPEC, nats_url=nats.url, data_dir=Path(tmp), **extra) as runtime,
            channel_to(runtime) as channel,
        ):
            api = meetups_pb2_grpc.MeetupsServiceStub(channel)
            spread = [await published_meetup(api) for _ in range(SPREAD)]
            bare, one, many = [], [], []
            for _ in range(ROUNDS):
                server, port = await bare_server()
                bare.append(await clients(port, ["x"]))
                await server.stop(None)
                one.append(await clients(runtime.port, [await published_meetup(api)]))
                many.append(await clients(runtime.port, spread))
            ceiling = statistics.median(b["rate"] for b in bare)
            for name, runs in (("ONE meetup", one), (f"{SPREAD} meetups", many)):
                results.add("rush", f"RSVPs to {name}, 64 clients ({label})", [r["rate"] for r in runs],
                            [b["rate"] for b in bare], "RSVP/s", "bare grpc.aio", target=0.5,
                            p50_ms=statistics.median(r["p50"] for r in runs),
                            p99_ms=statistics.median(r["p99"] for r in runs),
                            bare_p50_ms=statistics.median(b["p50"] for b in bare),
                            errors=[r["errors"] for r in runs])
            # Latency at 60 % of the target rate (half the bare ceiling), open loop.
            steady = 0.6 * 0.5 * ceiling
            one_lat, many_lat, bare_lat = [], [], []
            for _ in range(ROUNDS):
                server, port = await bare_server()
                bare_lat.append(await clients(port, ["x"], rate=steady))
                await server.stop(None)
                one_lat.append(await clients(runtime.port, [await published_meetup(api)], rate=steady))
                many_lat.append(await clients(runtime.port, spread, rate=steady))
            for name, runs in (("ONE meetup", one_lat), (f"{SPREAD} meetups", many_lat)):
                p99 = statistics.median(r["p99"] for r in runs)
                results.add("rush-latency", f"p99 at {steady:.0f} RSVP/s, {name} ({label})", p99, 100.0, "ms",
                            "target", target=1.0,
                            p50_ms=statistics.median(r["p50"] for r in runs),
                            achieved=statistics.median(r["rate"] for r in runs),
                            bare_p99_ms=statistics.median(b["p99"] for b in bare_lat),
                            errors=[r["errors"] for r in runs])
            for name, runs in (("one", one), ("many", many)):
                print(f"{'':<52} {name}: p50 {statistics.median(r['p50'] for r in runs):.0f} ms, "
                      f"p99 {statistics.median(r['p99'] for r in runs):.0f} ms, errors {[r['errors'] for r in runs]}")


async def main() -> None:
    await measure("SQLite", None)
    reason = await postgres_unreachable_reason()
    if reason:
        print(f"rush (PostgreSQL): skipped — {reason}")
        return
    url = await create_postgres_database()
    try:
        await measure("PostgreSQL", url)
    finally:
        await drop_postgres_database(url)


if __name__ == "__main__":
    logging.disable(logging.WARNING)
    asyncio.run(main())
    results.write("benchmarks-rush")
