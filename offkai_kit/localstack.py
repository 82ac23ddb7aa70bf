"""The whole system on one machine: a nats-server with JetStream and the three
services as child processes on SQLite files under one data folder.

``offkai dev`` (``make run``) runs it in the foreground; the integration tests start
the same processes. Ports are free ones (reused from the last run when still free),
so nothing assumes 4222 or 50051 is available.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from offkai_kit.auth import generate_secret, mint_token
from offkai_kit.nats_server import NatsServer
from offkai_kit.ports import free_port, port_is_free

SERVICES = ("events", "members", "notify")
DEV_ISSUER = "offkai-dev"
DEV_AUDIENCE = "offkai"


@dataclass
class ServiceProcess:
    name: str
    port: int
    env: dict[str, str]
    log_path: Path
    proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", f"offkai_{self.name}"],
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            # Own process group: a terminal's Ctrl-C reaches the supervisor only,
            # which then stops each child in order.
            start_new_session=True,
        )

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    async def wait_serving(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        async with grpc.aio.insecure_channel(self.address) as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(
                        f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}"
                    )
                try:
                    reply = await stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=1)
                    if reply.status == health_pb2.HealthCheckResponse.SERVING:
                        return
                except grpc.aio.AioRpcError:
                    pass
                await asyncio.sleep(0.1)
        raise TimeoutError(f"{self.name} not serving after {timeout}s:\n{self.log_tail()}")

    def stop(self, timeout: float = 20.0) -> int | None:
        """SIGTERM, then wait for the graceful shutdown; returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@dataclass
class LocalStack:
    data_dir: Path
    services: dict[str, ServiceProcess] = field(default_factory=dict)
    nats: NatsServer | None = None

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir).resolve()
        self.data_dir.mkdir(parents=True, exist_ok=True)

    @property
    def secret(self) -> str:
        """The development signing secret, made once and kept in the data folder."""
        path = self.data_dir / "dev-secret"
        if not path.exists():
            path.write_text(generate_secret())
            path.chmod(0o600)
        return path.read_text().strip()

    def token(self, member_id: str = "dev-admin", roles=("member", "organizer", "admin")) -> str:
        return mint_token(self.secret, member_id, list(roles), issuer=DEV_ISSUER, audience=DEV_AUDIENCE)

    def _ports(self) -> dict[str, int]:
        """Last run's ports where still free, new free ones otherwise."""
        path = self.data_dir / "ports.json"
        previous = json.loads(path.read_text()) if path.exists() else {}
        ports = {}
        for name in ("nats", *SERVICES):
            port = previous.get(name)
            ports[name] = port if port and port_is_free(port) else free_port()
        path.write_text(json.dumps(ports, indent=2))
        return ports

    def start_nats(self, port: int) -> NatsServer:
        self.nats = NatsServer(self.data_dir / "jetstream", port=port, log_file=self.data_dir / "logs" / "nats.log")
        self.nats.start()
        return self.nats

    async def start(self, extra_env: dict[str, str] | None = None) -> None:
        ports = self._ports()
        self.start_nats(ports["nats"])
        common = {
            "OFFKAI_DATA_DIR": str(self.data_dir),
            "OFFKAI_NATS_URL": self.nats.url,
            "OFFKAI_JWT_SECRET": self.secret,
            "OFFKAI_JWT_ISSUER": DEV_ISSUER,
            "OFFKAI_JWT_AUDIENCE": DEV_AUDIENCE,
            "OFFKAI_GRPC_HOST": "127.0.0.1",
            **(extra_env or {}),
        }
        for name in SERVICES:
            self.services[name] = ServiceProcess(
                name, ports[name], {**common, "OFFKAI_GRPC_PORT": str(ports[name])},
                self.data_dir / "logs" / f"{name}.log",
            )
            self.services[name].start()
        try:
            await asyncio.gather(*(s.wait_serving() for s in self.services.values()))
        except BaseException:
            self.stop()
            raise

    def stop(self) -> dict[str, int | None]:
        codes = {name: svc.stop() for name, svc in self.services.items()}
        if self.nats is not None:
            self.nats.stop()
        return codes
