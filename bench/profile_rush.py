"""Where the time of the rush goes: ``py-spy record -f raw -o rush.txt -- python -m
bench.profile_rush [one|many] [sqlite|postgres] [apart]`` runs the events service in
this process under 64 clients for a while (no baseline), to be profiled from outside
(with ``apart``, only its API: the worker is a process of its own); then
``python -m bench.profile_rush summary rush.txt`` prints the top frames by own and
by total samples."""

from __future__ import annotations

import asyncio
import collections
import logging
import sys
from pathlib import Path

import structlog

from bench.rush import SPREAD, clients, events_service, published_meetup
from offkai.events.v1 import meetups_pb2_grpc
from offkai_kit.testing.databases import create_postgres_database, drop_postgres_database
from offkai_kit.testing.services import channel_to


async def run(which: str, backend: str, apart: bool) -> None:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    url = await create_postgres_database() if backend == "postgres" else None
    try:
        async with events_service(url, apart=apart) as runtime, channel_to(runtime) as channel:
            api = meetups_pb2_grpc.MeetupsServiceStub(channel)
            count = 1 if which == "one" else SPREAD
            meetups = [await published_meetup(api) for _ in range(count)]
            print("rush", flush=True)
            print(await clients(runtime.port, meetups, seconds=15))
    finally:
        if url:
            await drop_postgres_database(url)


# The parts of the service a sample belongs to: the first of these its stack shows.
PARTS = (
    ("start-up (imports)", "_find_and_load"),
    ("projections (ProjectionRunner)", "ProjectionRunner."),
    ("outbox relay", "OutboxRelay."),
    ("command runner: decide, respond, seal", "CommandRunner._decide"),
    ("command runner: database", "CommandRunner."),
    ("gRPC handling: interceptor, auth, views", "OffkaiServerInterceptor"),
)


def summary(path: str, top: int = 25) -> None:
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    parts: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in Path(path).read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        n = int(count)
        parts[next((name for name, marker in PARTS if marker in stack), "other (event loop, gRPC core, NATS)")] += n
        frames = [f.split(" (")[0] + " (" + f.split(" (")[-1].split(":")[0].split("/")[-1] + ")"
                  for f in stack.split(";") if f]
        samples += n
        if frames:
            own[frames[-1]] += n
        for frame in set(frames):
            total[frame] += n
    print(f"{samples} samples")
    print("-- by part")
    for part, n in parts.most_common():
        print(f"{100 * n / samples:5.1f} %  {part}")
    for title, counter in (("own", own), ("total", total)):
        print(f"-- by {title}")
        for frame, n in counter.most_common(top):
            print(f"{100 * n / samples:5.1f} %  {frame}")


if __name__ == "__main__":
    if sys.argv[1] == "summary":
        summary(sys.argv[2])
    else:
        logging.disable(logging.WARNING)
        asyncio.run(run(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "sqlite", "apart" in sys.argv[3:]))
