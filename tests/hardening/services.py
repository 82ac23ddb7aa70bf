"""offkai's services running in a background thread (their own event loop) on a
real nats-server and SQLite, for tests that call them synchronously — hypothesis
drives plain functions best."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from google.protobuf import symbol_database
from google.protobuf.descriptor import MethodDescriptor

from offkai_kit.service import Runtime
from offkai_kit.testing.services import running_service
from offkai_services import ServiceInfo

OPERATIONS = "offkai.platform.v1.OperationsService"


@dataclass
class Running:
    info: ServiceInfo
    runtime: Runtime
    loop: asyncio.AbstractEventLoop

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.runtime.port}"

    def run(self, coroutine):
        """Run a coroutine on the service's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=60)

    def methods(self) -> list[MethodDescriptor]:
        return methods_of(self.info)


@dataclass
class Stack:
    services: dict[str, Running] = field(default_factory=dict)


@contextlib.contextmanager
def services_in_a_thread(infos: list[ServiceInfo], nats_url: str, data_dir: Path, **settings) -> Iterator[Stack]:
    stack = Stack()
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    stop = asyncio.Event()
    failure: list[BaseException] = []

    async def main() -> None:
        async with contextlib.AsyncExitStack() as exits:
            try:
                for info in infos:
                    spec = importlib.import_module(f"{info.module}.bootstrap").SPEC
                    runtime = await exits.enter_async_context(
                        running_service(spec, nats_url=nats_url, data_dir=data_dir / info.name, **settings)
                    )
                    stack.services[info.name] = Running(info, runtime, loop)
            except BaseException as exc:
                failure.append(exc)
                ready.set()
                raise
            ready.set()
            await stop.wait()

    thread = threading.Thread(target=lambda: loop.run_until_complete(main()), daemon=True)
    thread.start()
    ready.wait(timeout=120)
    if failure:
        raise failure[0]
    try:
        yield stack
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=60)
        loop.close()


@contextlib.contextmanager
def each_on_its_own(infos: list[ServiceInfo], base: Path, **settings) -> Iterator[Stack]:
    """Every service of ``infos`` running alone, each on its own nats-server and
    data folder: what one service's cases write never reaches another's stream."""
    from offkai_kit.nats_server import NatsServer

    stack = Stack()
    with contextlib.ExitStack() as exits:
        for info in infos:
            folder = base / info.name
            server = NatsServer(folder / "jetstream", log_file=folder / "nats.log")
            server.start()
            exits.callback(server.kill)
            alone = exits.enter_context(services_in_a_thread([info], server.url, folder, **settings))
            seed_communities(alone)
            stack.services.update(alone.services)
        yield stack


def methods_of(info: ServiceInfo) -> list[MethodDescriptor]:
    """Every RPC ``info`` serves (its gRPC services and operations), read from the
    descriptors its generated modules register on import."""
    importlib.import_module(f"{info.module}.bootstrap")
    pool = symbol_database.Default().pool
    return [m for name in [*info.grpc_services, OPERATIONS] for m in pool.FindServiceByName(name).methods]


def seed_communities(stack: Stack) -> None:
    """org-aki organizes "rust-tokyo" (as the members service would say on the
    stream), so the events service lets them schedule its meetups."""
    from tests.events.members_stream import seed_community

    events = stack.services.get("events")
    if events is not None and "members" not in stack.services:
        events.run(seed_community(events.runtime, "rust-tokyo", "org-aki"))
