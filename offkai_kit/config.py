"""Service configuration from ``OFFKAI_*`` environment variables.

The defaults run the local stack with no configuration at all: SQLite files under
``OFFKAI_DATA_DIR`` and a nats-server on localhost. A bad value stops start-up with a
message that names the variable, not a traceback.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "OFFKAI_"


class ConfigError(SystemExit):
    """Raised at start-up for a bad setting; exits with the message, no traceback."""


class ServiceSettings(BaseSettings):
    """Settings every offkai service shares. Each service subclasses it to set its
    name and default port; the variable names stay the same (one pod, one service)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    service_name: str = Field("offkai", exclude=True)

    data_dir: Path = Path(".offkai")
    # This replica's stable name, owner of the leases it holds (the relay, projection
    # runners). Empty: "<host name>:<service>:<gRPC port>". A restarted replica with the
    # same identity takes its own leases back at once.
    instance_id: str = Field("", max_length=150)
    # SQLAlchemy async URL. Empty: a SQLite file <data_dir>/<service>.db.
    database_url: str = ""
    migrate_on_start: bool = True
    # What this process runs: "all" (the default) serves the API and runs the relay,
    # the projections and the background tasks; "api" only serves the API and
    # "worker" only runs the rest, so the two can run as separate processes (or
    # deployments) on the same database.
    role: Literal["all", "api", "worker"] = "all"

    nats_url: str = "nats://127.0.0.1:4222"
    nats_connect_timeout_seconds: float = Field(5.0, gt=0)
    # This service's own NATS user; its permissions cover only what the service does
    # (offkai_kit.nats_auth). Empty: connect without credentials.
    nats_user: str = ""
    nats_password: SecretStr | None = None
    # TLS to NATS (PEM files): the CA that signed the server's certificate, and this
    # service's certificate and key when the server asks for client certificates.
    nats_tls_ca: Path | None = None
    nats_tls_cert: Path | None = None
    nats_tls_key: Path | None = None
    stream_name: str = "OFFKAI"
    stream_replicas: int = Field(1, ge=1, le=5)
    # Longer than the relay's retry span, so a republished event is dropped as a duplicate.
    stream_duplicate_window_seconds: float = Field(2 * 3600, gt=0)
    stream_max_age_days: float = Field(0, ge=0, description="0 keeps events forever")

    grpc_host: str = "127.0.0.1"
    grpc_port: int = Field(50051, ge=0, le=65535)
    grpc_max_message_bytes: int = Field(4 * 1024 * 1024, ge=1024)
    grpc_max_concurrent_rpcs: int = Field(256, ge=1)
    grpc_shutdown_grace_seconds: float = Field(10.0, ge=0)
    grpc_default_deadline_seconds: float = Field(30.0, gt=0)
    # TLS for the gRPC port (paths to PEM files); with a client CA, callers need mTLS.
    grpc_tls_cert: Path | None = None
    grpc_tls_key: Path | None = None
    grpc_tls_client_ca: Path | None = None
    # Server reflection (grpc.reflection.v1 and v1alpha) for grpcurl and friends;
    # turn it off where the API's shape is nobody's business.
    grpc_reflection: bool = True
    # Mutating calls (those with a request_id) per caller and minute, with a burst;
    # 0 turns the limit off. Service principals are never limited.
    rate_limit_per_minute: float = Field(600.0, ge=0)
    rate_limit_burst: int = Field(60, ge=1)

    jwt_issuer: str = "offkai-dev"
    jwt_audience: str = "offkai"
    jwt_algorithms: list[Literal["HS256", "HS384", "HS512", "RS256", "ES256", "EdDSA"]] = ["HS256"]
    # Shared secret for HS*; the local stack generates one into <data_dir>/dev-secret.
    jwt_secret: SecretStr | None = None
    # PEM public key (or a path to one) for RS256/ES256/EdDSA.
    jwt_public_key: str | None = None
    jwt_leeway_seconds: float = Field(30, ge=0)

    # At most nats-py's limit of async publishes in flight (4000), or a batch could stall.
    relay_batch_size: int = Field(256, ge=1, le=4000)
    relay_poll_interval_seconds: float = Field(0.5, gt=0)
    relay_publish_timeout_seconds: float = Field(5.0, gt=0)
    relay_max_backoff_seconds: float = Field(10.0, gt=0)
    relay_lease_seconds: float = Field(15.0, gt=0)
    # How often the relay compares the stream with the store to find (and
    # republish) events the stream lost; 0 turns the periodic audit off.
    stream_audit_interval_seconds: float = Field(300.0, ge=0)

    consumer_batch_size: int = Field(64, ge=1, le=1000)
    consumer_fetch_timeout_seconds: float = Field(1.0, gt=0)
    consumer_ack_wait_seconds: float = Field(30.0, gt=0)
    # Failed attempts to apply one event before it becomes a dead letter. Waiting for
    # a missing earlier version is not a failure; waiting longer than the gap timeout is.
    consumer_max_attempts: int = Field(6, ge=1)
    # An event parked this long waiting for its predecessor is reported as stalled
    # (status, logs); it keeps waiting — the stream audit republishes what was lost.
    consumer_gap_timeout_seconds: float = Field(300.0, gt=0)
    consumer_backoff_seconds: list[float] = [1, 2, 5, 15, 30]
    # One replica at a time runs each projection; a standby takes over this long
    # after the active one stopped renewing (at once after a graceful shutdown).
    consumer_lease_seconds: float = Field(10.0, gt=0)

    # How often readiness re-checks the database and the stream.
    health_check_interval_seconds: float = Field(2.0, gt=0)

    # A diagnostic for a suspected leak (offkai_kit.memwatch): every so many seconds log
    # what grew in memory since the first report; 0 is off. Tracing costs CPU.
    memory_report_seconds: float = Field(0.0, ge=0)
    memory_report_frames: int = Field(1, ge=1, le=50)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "console"] = "json"

    @field_validator("nats_url")
    @classmethod
    def _nats_scheme(cls, value: str) -> str:
        for url in value.split(","):
            if not url.strip().startswith(("nats://", "tls://", "ws://", "wss://")):
                raise ValueError("must be nats://host:port (comma-separate several servers)")
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if value and not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "must be sqlite+aiosqlite:///path.db or postgresql+asyncpg://user@host/db"
            )
        return value

    @model_validator(mode="after")
    def _nats_credentials_in_pairs(self) -> ServiceSettings:
        # Never echo the password: these messages name the variables only.
        if bool(self.nats_user) != bool(self.nats_password and self.nats_password.get_secret_value()):
            raise ValueError(f"{ENV_PREFIX}NATS_USER and {ENV_PREFIX}NATS_PASSWORD are set together or not at all")
        if bool(self.nats_tls_cert) != bool(self.nats_tls_key):
            raise ValueError(f"{ENV_PREFIX}NATS_TLS_CERT and {ENV_PREFIX}NATS_TLS_KEY are set together or not at all")
        return self

    @model_validator(mode="after")
    def _keys_match_algorithms(self) -> ServiceSettings:
        asymmetric = any(not a.startswith("HS") for a in self.jwt_algorithms)
        if asymmetric and not self.jwt_public_key:
            raise ValueError(
                f"{ENV_PREFIX}JWT_PUBLIC_KEY is required when {ENV_PREFIX}JWT_ALGORITHMS "
                "names an asymmetric algorithm"
            )
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / f'{self.service_name}.db').resolve()}"

    @property
    def grpc_address(self) -> str:
        return f"{self.grpc_host}:{self.grpc_port}"

    @property
    def resolved_instance_id(self) -> str:
        if self.instance_id:
            return self.instance_id
        # Port 0 (tests) gives nothing stable to go by: the process is the identity.
        where = self.grpc_port or f"pid{os.getpid()}"
        return f"{socket.gethostname()}:{self.service_name}:{where}"


S = TypeVar("S", bound=ServiceSettings)


def load_settings(cls: type[S], **overrides) -> S:
    """Read settings from the environment; on a bad value exit with a message naming
    each offending variable and what it should be."""
    try:
        return cls(**overrides)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            loc = [str(p) for p in error["loc"] if not str(p).isdigit()]
            name = ENV_PREFIX + "_".join(loc).upper() if loc else "(settings)"
            shown = error.get("input")
            got = f" (got {shown!r})" if loc and not isinstance(shown, dict) else ""
            lines.append(f"  {name}: {error['msg']}{got}")
        raise ConfigError("offkai: bad configuration\n" + "\n".join(lines)) from None
