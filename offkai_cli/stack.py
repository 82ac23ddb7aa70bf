"""The whole system on one machine: a nats-server with JetStream and every offkai
service (``offkai_services.SERVICES``) as child processes on SQLite files under one
data folder.

``offkai dev`` (``make run``) runs it in the foreground; the integration tests start
the same processes. Ports are free ones (reused from the last run when still free),
so nothing assumes 4222 or 50051 is available. One stack at a time per data folder
(``StackLock``). NATS runs with one user per service, each allowed only what its
service does (``offkai_kit.nats_auth``); the passwords are made once and kept in the
data folder, readable by its owner only.

notify sends through local sinks (``offkai_notify.devsinks``), a child process too: an
SMTP server and a webhook receiver that keep every message under ``<data>/sinks``
(emails as .eml plus a rendered .html, webhook posts as .json). notify may post to
the local receiver (``OFFKAI_NOTIFY_LOCAL_DESTINATIONS``); its secret keys are made
once and kept in the data folder, so verification codes and unsubscribe links
outlive a restart.
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from offkai_cli.lock import StackLock
from offkai_kit.auth import generate_secret, mint_token
from offkai_kit.nats_auth import ADMIN_USER, generate_password, server_config
from offkai_kit.nats_server import NatsServer
from offkai_kit.ports import free_port, port_is_free
from offkai_kit.principal import ADMIN
from offkai_kit.process import ServiceProcess
from offkai_services import MEMBER, ORGANIZER, SERVICE_NAMES, SERVICES, durables

DEV_ISSUER = "offkai-dev"
DEV_AUDIENCE = "offkai"
DEV_ROLES = (MEMBER, ORGANIZER, ADMIN)
DEV_TOKEN_TTL_SECONDS = 12 * 3600
NATS_USERS_FILE = "nats-users.json"
NATS_CONFIG_FILE = "nats.conf"
SINKS_DIR = "sinks"
SINKS_MODULE = "offkai_notify.devsinks"


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, never world-readable even briefly."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)
    path.chmod(0o600)


@dataclass
class LocalStack:
    data_dir: Path
    services: dict[str, ServiceProcess] = field(default_factory=dict)
    nats: NatsServer | None = None
    sinks: ServiceProcess | None = None
    lock: StackLock | None = None

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir).resolve()
        self.data_dir.mkdir(parents=True, exist_ok=True)

    @property
    def secret(self) -> str:
        """The development signing secret, made once and kept in the data folder."""
        path = self.data_dir / "dev-secret"
        if not path.exists():
            _write_private(path, generate_secret())
        return path.read_text().strip()

    def token(self, member_id: str = "dev-admin", roles=DEV_ROLES, ttl_seconds: float = DEV_TOKEN_TTL_SECONDS) -> str:
        return mint_token(self.secret, member_id, list(roles), issuer=DEV_ISSUER, audience=DEV_AUDIENCE,
                          ttl_seconds=ttl_seconds)

    @property
    def notify_keys(self) -> str:
        """notify's key for verification codes and unsubscribe links, made once."""
        path = self.data_dir / "notify-keys"
        if not path.exists():
            _write_private(path, generate_secret())
        return path.read_text().strip()

    @property
    def sinks_dir(self) -> Path:
        return self.data_dir / SINKS_DIR

    @property
    def webhook_sink_url(self) -> str:
        return f"http://127.0.0.1:{self.sinks.port}/"

    @property
    def nats_passwords(self) -> dict[str, str]:
        """One NATS password per service and one for the admin user, made once and
        kept in ``nats-users.json`` (mode 0600); a service added later gets its own."""
        path = self.data_dir / NATS_USERS_FILE
        passwords = json.loads(path.read_text()) if path.exists() else {}
        wanted = (*SERVICE_NAMES, ADMIN_USER)
        if not all(name in passwords for name in wanted):
            passwords = {name: passwords.get(name) or generate_password() for name in wanted}
            _write_private(path, json.dumps(passwords, indent=2) + "\n")
        return passwords

    def _write_nats_config(self) -> Path:
        """The server's users and permissions, written afresh at each start so they
        follow the code's list of services and projections."""
        passwords = self.nats_passwords
        config = server_config({n: passwords[n] for n in SERVICE_NAMES}, durables(),
                               admin_password=passwords[ADMIN_USER])
        path = self.data_dir / NATS_CONFIG_FILE
        _write_private(path, config)
        return path

    def _ports(self) -> dict[str, int]:
        """Last run's ports where still free, new free ones otherwise."""
        path = self.data_dir / "ports.json"
        previous = json.loads(path.read_text()) if path.exists() else {}
        ports = {}
        for name in ("nats", *SERVICE_NAMES, "smtp_sink", "webhook_sink"):
            port = previous.get(name)
            ports[name] = port if port and port_is_free(port) else free_port()
        path.write_text(json.dumps(ports, indent=2))
        return ports

    def _children_keep(self) -> dict:
        """How each child is started: it ends with the supervisor and keeps the
        data folder locked until it has ended."""
        held = self.lock is not None and self.lock.fd is not None
        return {"die_with_parent": True, "pass_fds": (self.lock.fd,) if held else ()}

    def start_nats(self, port: int) -> NatsServer:
        self.nats = NatsServer(self.data_dir / "jetstream", port=port, log_file=self.data_dir / "logs" / "nats.log",
                               config=self._write_nats_config(), **self._children_keep())
        self.nats.start()
        return self.nats

    def claim(self) -> None:
        """Lock the data folder for this stack: ``StackLocked`` when another stack
        holds it (whose ``ports.json`` is then left as it is)."""
        if self.lock is None:
            lock = StackLock(self.data_dir)
            lock.acquire()
            self.lock = lock

    async def start(self, extra_env: dict[str, str] | None = None) -> None:
        """Claim the data folder (see ``claim``), then start NATS and every service."""
        self.claim()
        try:
            await self._start(extra_env)
        except BaseException:
            self.stop()
            raise

    async def _start(self, extra_env: dict[str, str] | None) -> None:
        ports = self._ports()
        self.start_nats(ports["nats"])
        passwords = self.nats_passwords
        common = {
            "OFFKAI_DATA_DIR": str(self.data_dir),
            "OFFKAI_NATS_URL": self.nats.url,
            "OFFKAI_JWT_SECRET": self.secret,
            "OFFKAI_JWT_ISSUER": DEV_ISSUER,
            "OFFKAI_JWT_AUDIENCE": DEV_AUDIENCE,
            "OFFKAI_GRPC_HOST": "127.0.0.1",
            **(extra_env or {}),
        }
        await self._start_sinks(ports["smtp_sink"], ports["webhook_sink"])
        for info in SERVICES:
            name = info.name
            env = {**common, "OFFKAI_GRPC_PORT": str(ports[name]),
                   "OFFKAI_NATS_USER": name, "OFFKAI_NATS_PASSWORD": passwords[name]}
            if name == "notify":
                env = {**self._notify_env(ports["smtp_sink"]), **env}
            self.services[name] = ServiceProcess(
                name, info.module, ports[name], env, self.data_dir / "logs" / f"{name}.log", **self._children_keep(),
            )
            self.services[name].start()
        await asyncio.gather(*(s.wait_serving() for s in self.services.values()))

    async def _start_sinks(self, smtp_port: int, webhook_port: int) -> None:
        """The local SMTP server and webhook receiver; returns once both listen."""
        self.sinks = ServiceProcess(
            "sinks", SINKS_MODULE, webhook_port, {}, self.data_dir / "logs" / "sinks.log",
            args=("--dir", str(self.sinks_dir), "--smtp-port", str(smtp_port), "--webhook-port", str(webhook_port)),
            **self._children_keep(),
        )
        self.sinks.start()
        for _ in range(300):
            if self.sinks.proc.poll() is not None:
                raise RuntimeError(f"the notify sinks exited with {self.sinks.proc.returncode}:\n"
                                   f"{self.sinks.log_tail()}")
            if not port_is_free(smtp_port) and not port_is_free(webhook_port):
                return
            await asyncio.sleep(0.05)
        raise TimeoutError(f"the notify sinks did not listen:\n{self.sinks.log_tail()}")

    def _notify_env(self, smtp_port: int) -> dict[str, str]:
        """notify mails the local SMTP sink and may post to the local webhook receiver."""
        return {
            "OFFKAI_SMTP_HOST": "127.0.0.1",
            "OFFKAI_SMTP_PORT": str(smtp_port),
            "OFFKAI_SMTP_SECURITY": "none",
            "OFFKAI_SMTP_FROM": "offkai <noreply@offkai.localhost>",
            "OFFKAI_NOTIFY_LOCAL_DESTINATIONS": "true",
            "OFFKAI_NOTIFY_SECRET_KEYS": self.notify_keys,
        }

    def stop(self) -> dict[str, int | None]:
        codes = {name: svc.stop() for name, svc in self.services.items()}
        if self.sinks is not None:
            self.sinks.stop()
        if self.nats is not None:
            self.nats.stop()
        if self.lock is not None:
            self.lock.release()
        return codes
