"""Run a service in-process for integration tests: real database, real nats-server,
real gRPC port, the same start-up and shutdown code as ``python -m offkai_<svc>``."""

from __future__ import annotations

import contextlib
from pathlib import Path

import grpc

from offkai_kit.auth import mint_token
from offkai_kit.clock import Clock, utc_now
from offkai_kit.config import load_settings
from offkai_kit.service import Runtime, ServiceSpec

TEST_SECRET = "offkai-test-secret-offkai-test-secret-0123456789"
TEST_ISSUER = "offkai-test"
TEST_AUDIENCE = "offkai"


def token(member_id: str, *roles: str) -> str:
    return mint_token(TEST_SECRET, member_id, roles, issuer=TEST_ISSUER, audience=TEST_AUDIENCE)


def bearer(member_id: str, *roles: str) -> tuple[tuple[str, str], ...]:
    """gRPC metadata for a call as ``member_id`` with ``roles`` (none by default)."""
    return (("authorization", f"Bearer {token(member_id, *roles)}"),)


@contextlib.asynccontextmanager
async def running_service(spec: ServiceSpec, *, nats_url: str, data_dir: Path, clock: Clock = utc_now, **settings):
    """Start ``spec`` on a free port; yields the Runtime (``runtime.port``, ``.db``,
    ``.commands``) and shuts it down gracefully afterwards. ``clock`` is the
    service's clock (a SettableClock to stand elsewhere in time)."""
    values = dict(
        service_name=spec.name,
        data_dir=data_dir,
        nats_url=nats_url,
        grpc_port=0,
        jwt_secret=TEST_SECRET,
        jwt_issuer=TEST_ISSUER,
        jwt_audience=TEST_AUDIENCE,
        relay_poll_interval_seconds=0.05,
        consumer_fetch_timeout_seconds=0.2,
        # Tests drive many commands as one caller; the rate limit has tests of its own.
        rate_limit_per_minute=0,
    )
    values.update(settings)
    runtime = await Runtime.create(spec, load_settings(spec.settings, **values), clock=clock)
    await runtime.start()
    try:
        yield runtime
    finally:
        runtime.stop.set()
        await runtime.shutdown()


@contextlib.asynccontextmanager
async def channel_to(runtime: Runtime):
    async with grpc.aio.insecure_channel(f"127.0.0.1:{runtime.port}") as channel:
        yield channel
