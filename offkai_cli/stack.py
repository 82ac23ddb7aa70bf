"""The whole system on one machine: a nats-server with JetStream and every offkai
service (``offkai_services.SERVICES``) as child processes on SQLite files under one
data folder.

``offkai dev`` (``make run``) runs it in the foreground; the integration tests start
the same processes. Ports are free ones (reused from the last run when still free),
so nothing assumes 4222 or 50051 is available.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path

from offkai_kit.auth import generate_secret, mint_token
from offkai_kit.nats_server import NatsServer
from offkai_kit.ports import free_port, port_is_free
from offkai_kit.principal import ADMIN
from offkai_kit.process import ServiceProcess
from offkai_services import MEMBER, ORGANIZER, SERVICE_NAMES, SERVICES

DEV_ISSUER = "offkai-dev"
DEV_AUDIENCE = "offkai"
DEV_ROLES = (MEMBER, ORGANIZER, ADMIN)


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

    def token(self, member_id: str = "dev-admin", roles=DEV_ROLES) -> str:
        return mint_token(self.secret, member_id, list(roles), issuer=DEV_ISSUER, audience=DEV_AUDIENCE)

    def _ports(self) -> dict[str, int]:
        """Last run's ports where still free, new free ones otherwise."""
        path = self.data_dir / "ports.json"
        previous = json.loads(path.read_text()) if path.exists() else {}
        ports = {}
        for name in ("nats", *SERVICE_NAMES):
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
        for info in SERVICES:
            name = info.name
            self.services[name] = ServiceProcess(
                name, info.module, ports[name], {**common, "OFFKAI_GRPC_PORT": str(ports[name])},
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
