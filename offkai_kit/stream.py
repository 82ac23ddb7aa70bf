"""The NATS connection and the JetStream stream every service shares.

The connection never gives up reconnecting (nats-py's default closes it for good
after ~2 minutes of outage). The stream is created or updated idempotently at each
service's start-up with explicit settings, so its shape never depends on which
service started first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import nats
from nats.aio.client import Client as NATS
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from offkai_kit.config import ServiceSettings
from offkai_kit.telemetry import get_logger

SUBJECTS = ["offkai.>"]
log = get_logger(__name__)


def stream_config(settings: ServiceSettings) -> StreamConfig:
    return StreamConfig(
        name=settings.stream_name,
        subjects=SUBJECTS,
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        discard=DiscardPolicy.OLD,
        num_replicas=settings.stream_replicas,
        duplicate_window=settings.stream_duplicate_window_seconds,
        max_age=settings.stream_max_age_days * 86400 or None,
    )


async def ensure_stream(js, settings: ServiceSettings) -> None:
    wanted = stream_config(settings)
    try:
        info = await js.stream_info(wanted.name)
    except NotFoundError:
        await js.add_stream(wanted)
        log.info("stream created", stream=wanted.name)
        return
    current = info.config
    if (
        current.subjects != wanted.subjects
        or current.duplicate_window != wanted.duplicate_window
        or (current.max_age or None) != wanted.max_age
        or current.num_replicas != wanted.num_replicas
    ):
        await js.update_stream(wanted)
        log.info("stream updated", stream=wanted.name)


async def connect(
    settings: ServiceSettings,
    name: str,
    *,
    on_reconnect: Callable[[], Awaitable[None]] | None = None,
    stop: asyncio.Event | None = None,
) -> NATS:
    """Connect, retrying with backoff until NATS answers (or ``stop`` is set)."""
    servers = [s.strip() for s in settings.nats_url.split(",")]

    async def disconnected():
        if stop is not None and stop.is_set():
            log.info("nats disconnected at shutdown")
        else:
            log.warning("nats disconnected")

    async def reconnected():
        log.info("nats reconnected")
        if on_reconnect:
            await on_reconnect()

    async def error(exc):
        log.debug("nats client error", error=str(exc))

    delay = 0.2
    while True:
        try:
            return await nats.connect(
                servers,
                name=name,
                connect_timeout=settings.nats_connect_timeout_seconds,
                max_reconnect_attempts=-1,
                reconnect_time_wait=0.5,
                allow_reconnect=True,
                disconnected_cb=disconnected,
                reconnected_cb=reconnected,
                error_cb=error,
            )
        except (TimeoutError, OSError, nats.errors.NoServersError) as exc:
            if stop is not None and stop.is_set():
                raise
            log.warning("nats not reachable yet; retrying", url=settings.nats_url, error=str(exc), retry_in=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
