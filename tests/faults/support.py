"""The fault suite's harness: a real nats-server, the events service as child
processes (``python -m tests.faults.witness``: the events service plus a witness
projection), a real database, and the load client as a child process.

A row builds a ``World``, starts its replicas and a ``Load``, injects its fault,
stops the load, and hands everything to ``tests.faults.invariants``. Settings
keep rows short: leases of a few seconds, fast polls, a periodic stream audit —
but the consumers' AckWait stays at its default (30 s), so a recovery that waits
it out cannot pass the catch-up bound.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from offkai.platform.v1 import operations_pb2 as ops_pb
from offkai.platform.v1 import operations_pb2_grpc
from offkai_kit.db import Database
from offkai_kit.nats_server import NatsServer
from offkai_kit.ports import free_port
from offkai_kit.process import ServiceProcess
from offkai_kit.testing.services import TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET, bearer

ROOT = Path(__file__).resolve().parents[2]
ADMIN = bearer("faults-operator", "admin")
# The bound on catching up after a fault ends: well under the default AckWait (30 s).
CATCH_UP_SECONDS = 15.0
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING

# Short leases and fast polls keep rows short; AckWait is left at its default.
FAST = {
    "OFFKAI_CONSUMER_LEASE_SECONDS": "2",
    "OFFKAI_RELAY_LEASE_SECONDS": "3",
    "OFFKAI_RELAY_POLL_INTERVAL_SECONDS": "0.05",
    "OFFKAI_RELAY_PUBLISH_TIMEOUT_SECONDS": "2",
    "OFFKAI_RELAY_MAX_BACKOFF_SECONDS": "1",
    "OFFKAI_CONSUMER_FETCH_TIMEOUT_SECONDS": "0.25",
    "OFFKAI_CONSUMER_MAX_ATTEMPTS": "3",
    "OFFKAI_CONSUMER_BACKOFF_SECONDS": "[0.2, 0.4, 0.8]",
    "OFFKAI_HEALTH_CHECK_INTERVAL_SECONDS": "0.5",
    "OFFKAI_STREAM_AUDIT_INTERVAL_SECONDS": "4",
    "OFFKAI_SCHEDULER_TICK_SECONDS": "0.2",
    "OFFKAI_NATS_CONNECT_TIMEOUT_SECONDS": "1",
    "OFFKAI_GRPC_SHUTDOWN_GRACE_SECONDS": "10",
    "OFFKAI_LOG_LEVEL": "INFO",
    "OTEL_SDK_DISABLED": "true",
}


def timing(row: str, **measured: float) -> None:
    """What a row measured (seconds), for docs/reliability.md; shown with ``-s`` and
    kept in ``$OFFKAI_FAULT_TIMINGS`` when set."""
    line = json.dumps({"row": row, **{k: round(v, 2) for k, v in measured.items()}})
    print(f"\nFAULT-TIMING {line}")
    path = os.environ.get("OFFKAI_FAULT_TIMINGS")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(line + "\n")


@dataclass
class Replica:
    """One events-service replica: a child process with a stable identity."""

    name: str
    process: ServiceProcess

    @property
    def address(self) -> str:
        return self.process.address

    @property
    def pid(self) -> int:
        return self.process.proc.pid

    def start(self) -> None:
        self.process.start()

    async def started(self, timeout: float = 60.0) -> Replica:
        self.start()
        await self.process.wait_serving(timeout)
        return self

    def kill(self) -> None:
        """SIGKILL: a crash; nothing is flushed, nothing released."""
        self.process.proc.kill()
        self.process.proc.wait()

    def terminate(self) -> None:
        """SIGTERM: the graceful shutdown begins (not waited for)."""
        self.process.proc.send_signal(signal.SIGTERM)

    def suspend(self) -> None:
        self.process.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.proc.send_signal(signal.SIGCONT)

    def exit_code(self, timeout: float) -> int:
        return self.process.proc.wait(timeout)

    @property
    def running(self) -> bool:
        return self.process.proc is not None and self.process.proc.poll() is None

    async def health(self, timeout: float = 1.0) -> int | None:
        """The gRPC health status of the whole server, or None when it does not answer."""
        try:
            async with grpc.aio.insecure_channel(self.address) as channel:
                reply = await health_pb2_grpc.HealthStub(channel).Check(
                    health_pb2.HealthCheckRequest(service=""), timeout=timeout)
                return reply.status
        except grpc.aio.AioRpcError:
            return None

    def log_tail(self, lines: int = 40) -> str:
        return self.process.log_tail(lines)

    async def watch_health(self, seen: list[tuple[float, int]]) -> None:
        """Follow the health Watch stream (as gRPC clients' health checking does),
        appending (time.time(), status) for each update, until the stream ends."""
        async with grpc.aio.insecure_channel(self.address) as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            try:
                async for reply in stub.Watch(health_pb2.HealthCheckRequest(service="")):
                    seen.append((time.time(), reply.status))
            except grpc.aio.AioRpcError:
                pass


@dataclass
class World:
    """Everything one row runs on; ``close()`` ends what is still running."""

    root: Path
    database_url: str
    nats: NatsServer
    replicas: dict[str, Replica] = field(default_factory=dict)
    loads: list[Load] = field(default_factory=list)
    _db: Database | None = None

    @classmethod
    def create(cls, root: Path, database_url: str | None = None) -> World:
        root.mkdir(parents=True, exist_ok=True)
        nats = NatsServer(root / "jetstream", log_file=root / "nats.log").start()
        url = database_url or f"sqlite+aiosqlite:///{root / 'data' / 'events.db'}"
        return cls(root, url, nats)

    @property
    def db(self) -> Database:
        """The service's database, as the checker reads it."""
        if self._db is None:
            self._db = Database(self.database_url)
        return self._db

    def replica(self, name: str = "events-1", *, database_url: str | None = None,
                module: str = "tests.faults.witness", **env: str) -> Replica:
        """A replica (made once per name; the same port and OFFKAI_INSTANCE_ID on every
        start, as a pod keeps its name) of the events service with the witness, or of
        the service ``module`` runs (``offkai_members``, on its own ``database_url``)."""
        if name in self.replicas:
            return self.replicas[name]
        port = free_port()
        values = {
            **FAST,
            "OFFKAI_DATA_DIR": str(self.root / "data"),
            "OFFKAI_DATABASE_URL": database_url or self.database_url,
            "OFFKAI_NATS_URL": self.nats.url,
            "OFFKAI_GRPC_PORT": str(port),
            "OFFKAI_INSTANCE_ID": f"faults:{name}",
            "OFFKAI_JWT_SECRET": TEST_SECRET,
            "OFFKAI_JWT_ISSUER": TEST_ISSUER,
            "OFFKAI_JWT_AUDIENCE": TEST_AUDIENCE,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
            **env,
        }
        process = ServiceProcess(name, module, port, values, self.root / "logs" / f"{name}.log")
        self.replicas[name] = Replica(name, process)
        return self.replicas[name]

    def load(self, *targets: Replica, **options) -> Load:
        load = Load(self.root / f"load-{len(self.loads) + 1}.jsonl", [t.address for t in targets], options)
        self.loads.append(load)
        return load

    async def close(self) -> None:
        for load in self.loads:
            load.kill()
        for replica in self.replicas.values():
            if replica.process.proc is not None and replica.process.proc.poll() is None:
                replica.resume()
                replica.process.stop(timeout=15)
        self.nats.kill()
        if self._db is not None:
            await self._db.dispose()

    # -- operations through gRPC ---------------------------------------------------

    async def operations(self, replica: Replica, method: str, request, timeout: float = 60.0):
        async with grpc.aio.insecure_channel(replica.address) as channel:
            stub = operations_pb2_grpc.OperationsServiceStub(channel)
            return await getattr(stub, method)(request, metadata=ADMIN, timeout=timeout)

    async def rebuild(self, replica: Replica, projection: str) -> int:
        reply = await self.operations(replica, "RebuildProjection", ops_pb.RebuildProjectionRequest(
            projection=projection), timeout=90)
        return reply.replayed


class Load:
    """The load client (``python -m tests.faults.load``) as a child process; a
    subclass may run another client module that writes the same records."""

    module = "tests.faults.load"
    defaults = {"workers": 3, "members": 5, "pause": 0.03, "seconds": 150}

    def __init__(self, out: Path, targets: list[str], options: dict):
        self.out = out
        self.targets = targets
        self.options = {**self.defaults, **options}
        self.proc: subprocess.Popen | None = None

    def start(self) -> Load:
        args = [sys.executable, "-m", self.module, "--targets", ",".join(self.targets),
                "--out", str(self.out), "--prefix", uuid.uuid4().hex[:8]]
        for key, value in self.options.items():
            args += [f"--{key.replace('_', '-')}", str(value)]
        log = open(self.out.with_suffix(".log"), "ab")
        self.proc = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    async def running_for(self, seconds: float) -> None:
        """Let the load run ``seconds`` more (it must still be running)."""
        await asyncio.sleep(seconds)
        if self.proc.poll() is not None:
            raise AssertionError(f"the load client exited early:\n{self.tail()}")

    async def until_ok(self, count: int, timeout: float = 30.0) -> None:
        """Wait until at least ``count`` more commands were answered OK."""
        wanted = len(self.results().ok) + count
        deadline = time.monotonic() + timeout
        while len(self.results().ok) < wanted:
            if time.monotonic() > deadline:
                raise AssertionError(f"the load made no progress ({len(self.results().ok)} OK):\n{self.tail()}")
            if self.proc.poll() is not None:
                raise AssertionError(f"the load client exited early:\n{self.tail()}")
            await asyncio.sleep(0.1)

    async def stop(self, timeout: float = 90.0) -> LoadResults:
        """SIGTERM: no new commands; those begun are answered first."""
        self.proc.send_signal(signal.SIGTERM)
        loop = asyncio.get_running_loop()
        code = await loop.run_in_executor(None, self.proc.wait, timeout)
        assert code == 0, f"the load client failed:\n{self.tail()}"
        results = self.results()
        assert results.finished, "the load client wrote no summary"
        assert results.abandoned == 0, f"{results.abandoned} commands never got a definite answer"
        return results

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def results(self) -> LoadResults:
        return LoadResults.read(self.out)

    def tail(self) -> str:
        try:
            return "\n".join(self.out.with_suffix(".log").read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return "(no log)"


@dataclass
class LoadResults:
    ok: list[dict]
    attempts: list[dict]
    definite_errors: list[dict]
    finished: bool
    abandoned: int

    @classmethod
    def read(cls, path: Path) -> LoadResults:
        ok, attempts, errors, finished, abandoned = [], [], [], False, 0
        if path.exists():
            # The client may be writing its last line right now: only whole lines count.
            for line in path.read_text().split("\n")[:-1]:
                if not line.strip():
                    continue
                record = json.loads(line)
                kind = record["kind"]
                if kind == "ok":
                    ok.append(record)
                elif kind == "attempt":
                    attempts.append(record)
                elif kind == "definite_error":
                    errors.append(record)
                elif kind == "summary":
                    finished, abandoned = True, record["abandoned"]
        return cls(ok, attempts, errors, finished, abandoned)

    def codes(self, since: float = 0.0, until: float = float("inf")) -> Counter:
        """How many attempts ended with each status code (ended within the window)."""
        return Counter(a["code"] for a in self.attempts if since <= a["t1"] <= until)

    @staticmethod
    def merged(*results: LoadResults) -> LoadResults:
        return LoadResults(
            [r for res in results for r in res.ok], [a for res in results for a in res.attempts],
            [e for res in results for e in res.definite_errors], all(r.finished for r in results),
            sum(r.abandoned for r in results))


async def wait_health(replica: Replica, wanted: int, timeout: float = 15.0) -> float:
    """Poll the replica's health until it says ``wanted``; returns when (time.time())."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await replica.health(timeout=0.5) == wanted:
            return time.time()
        await asyncio.sleep(0.05)
    raise AssertionError(
        f"{replica.name} health never became {health_pb2.HealthCheckResponse.ServingStatus.Name(wanted)} "
        f"within {timeout}s:\n{replica.log_tail()}")
