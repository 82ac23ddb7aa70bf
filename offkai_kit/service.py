"""Running an offkai service: one ``ServiceSpec`` per service, one ``main`` for all.

``python -m offkai_<svc>`` (or ``serve``) starts, in order: settings (a bad value
exits naming the variable), telemetry, the database and its migrations, the gRPC
server (listening, but NOT_SERVING), NATS and the stream, the outbox relay, the
projection runners and any background tasks — then reports SERVING. SIGTERM or
SIGINT reverses it: NOT_SERVING, in-flight calls finish, the outbox is flushed,
NATS is drained. ``python -m offkai_<svc> migrate`` runs the migrations and exits.

``OFFKAI_ROLE`` splits a service in two processes on one database: ``api`` serves the
service's RPCs and commits commands; ``worker`` runs the outbox relay, the stream
audit, the projections and the background tasks, and serves only health and
``OperationsService``. The default, ``all``, runs both in one process. An API process
wakes the worker's relay after each commit (``offkai_kit.outbox``), so events leave as
promptly as in one process; the API process gets a core of its own for commands.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import nats.errors
from nats.js.errors import NotFoundError, ServerError, ServiceUnavailableError

from offkai.platform.v1 import operations_pb2_grpc
from offkai_kit.auth import TokenVerifier
from offkai_kit.clock import Clock, utc_now
from offkai_kit.commands import CommandRunner
from offkai_kit.config import ConfigError, ServiceSettings, load_settings
from offkai_kit.consumer import Projection, ProjectionRunner
from offkai_kit.db import Database
from offkai_kit.eventstore import EventStore
from offkai_kit.grpc.server import GrpcServer
from offkai_kit.healing import StreamAudit
from offkai_kit.idempotency import CommandResults
from offkai_kit.memwatch import MemoryReport
from offkai_kit.migrate import upgrade
from offkai_kit.nats_auth import wake_subject
from offkai_kit.operations import OperationsServicer
from offkai_kit.outbox import OutboxRelay
from offkai_kit.personal import KeyRing, PersonalData, key_bucket
from offkai_kit.repository import Repository
from offkai_kit.stream import connect, ensure_stream, redact_url
from offkai_kit.telemetry import get_logger, meter, setup_telemetry

log = get_logger(__name__)

Task = Callable[[asyncio.Event], Awaitable[None]]


@dataclass
class ServiceSpec:
    """What makes a service itself; the rest is the kit's."""

    name: str
    settings: type[ServiceSettings]
    migrations: str  # package holding the service's Alembic chain
    health_services: list[str]
    # Registers servicers, projections and tasks on the runtime.
    wire: Callable[[Runtime], None]
    # Product roles tokens may carry besides the kit's "admin" and "service".
    roles: frozenset[str] = frozenset()
    # RPCs that take calls without a bearer token ("/package.Service/Method"):
    # they authorise each call themselves.
    public_methods: frozenset[str] = frozenset()


@dataclass
class Runtime:
    spec: ServiceSpec
    settings: ServiceSettings
    clock: Clock
    db: Database
    relay: OutboxRelay
    store: EventStore
    repository: Repository
    commands: CommandRunner
    server: GrpcServer
    projections: list[Projection] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    runners: dict[str, ProjectionRunner] = field(default_factory=dict)
    # This service's keys for personal data, and other services' (offkai_kit.personal).
    personal: PersonalData | None = None
    keyring: KeyRing | None = None
    operations: OperationsServicer | None = None
    audit: StreamAudit | None = None
    nc: Any = None
    # What readiness last found: the database answers, the stream exists.
    database_ok: bool = True
    stream_ok: bool = True
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    port: int = 0
    _running: list[asyncio.Task] = field(default_factory=list)
    # Called, besides the relay, when an API process's wake message arrives (waker).
    _wakers: list[Callable[[], None]] = field(default_factory=list)

    def add_servicer(self, add_to_server, servicer) -> None:
        if self.settings.role != "worker":  # a worker serves health and operations only
            self.server.add(add_to_server, servicer)

    def add_projection(self, projection: Projection) -> None:
        self.projections.append(projection)

    def add_task(self, task: Task) -> None:
        """A background loop ``task(stop)`` that returns soon after ``stop`` is set."""
        self.tasks.append(task)

    def waker(self, wake: Callable[[], None]) -> Callable[[], None]:
        """``wake`` (a background task's "look now") as the API's handlers should
        call it: here it is ``wake``; in an API-only process, whose tasks run in the
        worker, it sends the worker the wake message its relay listens to, and the
        worker calls ``wake`` there."""
        if self.settings.role == "api":
            return self.relay.notify
        self._wakers.append(wake)
        return wake

    # --- lifecycle ----------------------------------------------------------------

    @classmethod
    async def create(cls, spec: ServiceSpec, settings: ServiceSettings, *, clock: Clock = utc_now) -> Runtime:
        """Compose the service: database, event store, relay, repository, command
        runner and gRPC server, then the service's own ``wire``. Nothing connects to
        NATS yet (``start`` does). ``clock`` is for tests standing elsewhere in time."""
        db = Database(settings.resolved_database_url)
        if settings.migrate_on_start:
            await upgrade(db, spec.migrations)
        # Owner of this replica's leases (relay, projections): stable across restarts.
        instance = settings.resolved_instance_id
        personal = PersonalData(db, spec.name)
        relay = OutboxRelay(db, settings, spec.name, owner=instance, personal=personal)
        personal.on_new_key(relay.notify)
        store = EventStore(db, on_append=relay.notify)
        repository = Repository(store, personal=personal)
        commands = CommandRunner(store, repository, CommandResults(db, personal), clock=clock, personal=personal)
        verifier = TokenVerifier.from_settings(settings, roles=spec.roles)
        server = GrpcServer(settings, verifier, health_services=spec.health_services,
                            public_methods=spec.public_methods)
        runtime = cls(spec, settings, clock, db, relay, store, repository, commands, server)
        runtime.personal, runtime.keyring = personal, KeyRing(personal)
        runtime.operations = OperationsServicer(db, runtime.runners, api_only=settings.role == "api")
        spec.wire(runtime)
        return runtime

    @property
    def instance(self) -> str:
        return self.relay.owner

    async def start(self) -> None:
        s = self.settings
        self.server.add(operations_pb2_grpc.add_OperationsServiceServicer_to_server, self.operations)
        self.port = await self.server.start()
        self.nc = await connect(s, f"offkai-{self.spec.name}", on_reconnect=self._on_reconnect, stop=self.stop)
        js = self.nc.jetstream()
        await _while_jetstream_recovers(lambda: ensure_stream(js, s), "the stream")
        bucket = await _while_jetstream_recovers(lambda: key_bucket(js, s.stream_replicas), "the key bucket")
        self.relay.attach(js, bucket)
        self.keyring.attach(bucket)
        self.audit = self.operations.audit = StreamAudit(self.db, js, s, self.spec.name)
        works = s.role != "api"  # runs the relay, the projections and the tasks
        if works:
            await self.relay.listen(self.nc, wake_subject(self.spec.name), also=self._wakers)
        else:
            self.relay.wake_elsewhere(self.nc, wake_subject(self.spec.name))
        for projection in self.projections if works else ():
            runner = ProjectionRunner(self.db, self.nc, s, self.spec.name, projection, owner=self.instance,
                                      clock=self.clock, keys=self.keyring)
            await _while_jetstream_recovers(runner.ensure_consumer, f"the consumer of {projection.name}")
            self.runners[projection.name] = runner
        self._observe()
        loops = [self._health_loop]
        if works:
            loops += [self.relay.run, self._audit_loop, *(r.run for r in self.runners.values()), *self.tasks]
        if s.memory_report_seconds:
            report = MemoryReport(s.memory_report_seconds, s.memory_report_frames,
                                  checked_out=self.db.engine.pool.checkedout)
            report.start()
            loops.append(report.run)
        self._running = [asyncio.create_task(loop(self.stop)) for loop in loops]
        await self.server.set_serving(True)
        self.ready.set()
        log.info("service ready", service=self.spec.name, grpc=f"{s.grpc_host}:{self.port}",
                 database=self.db.url.render_as_string(hide_password=True), nats=redact_url(s.nats_url))

    def _observe(self) -> None:
        """Gauges an alert can watch: the database and the stream as readiness last
        found them, and whether NATS is connected (an outage keeps the service ready)."""
        from opentelemetry.metrics import Observation

        service = {"service": self.spec.name}
        gauges = {
            "offkai.health.database": lambda: self.database_ok,
            "offkai.health.stream": lambda: self.stream_ok,
            "offkai.nats.connected": lambda: bool(self.nc and self.nc.is_connected),
        }
        for name, read in gauges.items():
            meter().create_observable_gauge(
                name, callbacks=[lambda _options, read=read: [Observation(int(read()), service)]],
                description="1 when up, 0 when not",
            )

    async def _on_reconnect(self) -> None:
        for runner in self.runners.values():
            runner.resubscribe()
        # A server that came back may have come back without its store.
        self.relay.stream_recreated.set()

    async def _audit_loop(self, stop: asyncio.Event) -> None:
        """Audit the stream against the store: at start, at once when the stream was
        created anew (or NATS came back), and every OFFKAI_STREAM_AUDIT_INTERVAL_SECONDS;
        only on the replica holding the relay lease."""
        interval = self.settings.stream_audit_interval_seconds or None
        # An audit is owed: at start (it also notes which stream it saw), when NATS
        # came back or the stream was made again, and after one that failed.
        due = True
        while not stop.is_set():
            woken = asyncio.ensure_future(self.relay.stream_recreated.wait())
            stopped = asyncio.ensure_future(stop.wait())
            try:
                # Owed (failed, or not this replica's to run yet): look again in a
                # second (a local check: the relay keeps the lease).
                wait = 1.0 if due else interval
                await asyncio.wait([woken, stopped], timeout=wait, return_when=asyncio.FIRST_COMPLETED)
            finally:
                woken.cancel()
                stopped.cancel()
            if stop.is_set():
                return
            due = due or self.relay.stream_recreated.is_set()
            self.relay.stream_recreated.clear()
            if not (due or interval) or not self.relay.lease.held:
                continue
            try:
                # After a reconnect the server may be back without its store: the
                # stream (and the key bucket) first, then what they should hold.
                await self.relay.ensure_stream_and_keys()
                report = await self.audit.audit()
                due = False
                if report.republished:
                    log.warning("stream audit republished events", **report.__dict__)
            except Exception as exc:  # still due: soon, not a whole interval later
                log.warning("stream audit failed; trying again in a second", error=repr(exc))

    async def _health_loop(self, stop: asyncio.Event) -> None:
        """Readiness follows the database and the stream: NOT_SERVING while the
        database cannot be used or the stream is missing and cannot be made again.
        A NATS outage alone keeps SERVING: commands commit and the outbox waits."""
        serving = True
        while not stop.is_set():
            try:  # erasures made on other replicas: drop what this one cached
                await self.personal.watch_erasures()
            except Exception as exc:
                log.debug("could not look for erasures", error=repr(exc))
            self.database_ok = await self.db.usable()
            self.stream_ok = await self._stream_usable()
            healthy = self.database_ok and self.stream_ok
            if healthy != serving:
                serving = healthy
                await self.server.set_serving(healthy)
                log.warning("readiness changed", serving=healthy, database=self.database_ok, stream=self.stream_ok)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.settings.health_check_interval_seconds)

    async def _stream_usable(self) -> bool:
        if self.nc is None or not self.nc.is_connected:
            return True
        js = self.nc.jetstream()
        try:
            await js.stream_info(self.settings.stream_name)
            return True
        except NotFoundError:
            try:
                await ensure_stream(js, self.settings)
            except Exception as exc:
                log.error("the stream is missing and cannot be created", error=repr(exc))
                return False
            log.error("the stream was missing; created it again", stream=self.settings.stream_name)
            self.relay.stream_recreated.set()
            try:
                await self.relay.restore_keys()
                self.keyring.attach(self.relay.key_bucket)
            except Exception as exc:
                log.warning("could not restore the key bucket yet", error=repr(exc))
            return True
        except Exception:
            return self.stream_ok  # a slow answer says nothing new

    async def shutdown(self) -> None:
        log.info("shutting down", service=self.spec.name)
        await self.server.stop()  # NOT_SERVING, refuse new calls, finish in-flight ones
        self.stop.set()
        await asyncio.gather(*self._running, return_exceptions=True)
        if self.relay.js is not None and self.settings.role != "api":  # the worker flushes its own
            if not await self.relay.flush(timeout=5.0):
                log.warning("outbox not empty at shutdown; the next start publishes the rest")
            await self.relay.release()
        for runner in self.runners.values():
            await runner.close()
        if self.nc is not None and self.nc.is_connected:
            try:
                await asyncio.wait_for(self.nc.drain(), timeout=5.0)
            except Exception as exc:  # a timeout or a broken connection
                log.warning("nats drain incomplete; closing", error=repr(exc))
                await self.nc.close()
        await self.db.dispose()
        log.info("stopped", service=self.spec.name)


async def serve(spec: ServiceSpec, settings: ServiceSettings) -> None:
    runtime = await Runtime.create(spec, settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, runtime.stop.set)
    starting = asyncio.create_task(runtime.start())
    stopped = asyncio.create_task(runtime.stop.wait())
    await asyncio.wait([starting, stopped], return_when=asyncio.FIRST_COMPLETED)
    if starting.done() and starting.exception():
        raise starting.exception()
    await runtime.stop.wait()
    starting.cancel()
    await runtime.shutdown()


async def migrate(spec: ServiceSpec, settings: ServiceSettings) -> None:
    db = Database(settings.resolved_database_url)
    try:
        await upgrade(db, spec.migrations)
        log.info("migrated", service=spec.name, database=db.url.render_as_string(hide_password=True))
    finally:
        await db.dispose()


def main(spec: ServiceSpec, argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog=f"python -m offkai_{spec.name}",
                                     description=f"offkai {spec.name} service")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "migrate"])
    args = parser.parse_args(argv)
    try:
        settings = load_settings(spec.settings, service_name=spec.name)
        setup_telemetry(spec.name, settings)
        asyncio.run(serve(spec, settings) if args.command == "serve" else migrate(spec, settings))
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        pass


# What a JetStream server says while it is still coming back (a restart reading its
# store, a meta leader not elected yet): worth asking again, not worth dying for.
_RECOVERING = (ServerError, ServiceUnavailableError, nats.errors.TimeoutError, nats.errors.NoRespondersError)


async def _while_jetstream_recovers(step: Callable[[], Awaitable[Any]], what: str, *, give_up_after: float = 60.0):
    """``step()``, asked again with a growing pause while the server answers that it is
    recovering; after ``give_up_after`` seconds the last error stands (the process
    exits and its supervisor starts it again)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + give_up_after
    pause = 0.2
    while True:
        try:
            return await step()
        except _RECOVERING as exc:
            if loop.time() + pause > deadline:
                raise
            log.warning("JetStream not ready at start-up; asking again", what=what, error=repr(exc), retry_in=pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 5.0)
