"""The NATS connection and the JetStream stream every service shares.

The connection never gives up reconnecting (nats-py's default closes it for good
after ~2 minutes of outage). It authenticates as the service's own NATS user when
``OFFKAI_NATS_USER``/``OFFKAI_NATS_PASSWORD`` are set, speaks TLS with
``OFFKAI_NATS_TLS_*`` (or a ``tls://`` URL), and takes its replies on the service's
own inbox prefix, which its NATS permissions let only it read
(``offkai_kit.nats_auth``). The stream is created or updated idempotently at each
service's start-up with explicit settings, so its shape never depends on which
service started first.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit, urlunsplit

import nats
from nats.aio.client import Client as NATS
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from offkai_kit.config import ENV_PREFIX, ConfigError, ServiceSettings
from offkai_kit.nats_auth import inbox_prefix
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


def redact_url(urls: str) -> str:
    """The NATS URL(s) fit for a log line: any ``user:password@`` is hidden."""
    shown = []
    for url in urls.split(","):
        parts = urlsplit(url.strip())
        if parts.password is not None or parts.username is not None:
            parts = parts._replace(netloc=f"***@{parts.hostname}" + (f":{parts.port}" if parts.port else ""))
        shown.append(urlunsplit(parts))
    return ",".join(shown)


def tls_context(settings: ServiceSettings) -> ssl.SSLContext | None:
    """The TLS context for NATS, or None when no ``OFFKAI_NATS_TLS_*`` is set (a
    ``tls://`` URL then uses the system's trusted CAs). An unreadable file stops
    start-up naming its variable."""
    if not (settings.nats_tls_ca or settings.nats_tls_cert):
        return None
    name = f"{ENV_PREFIX}NATS_TLS_CA"
    try:
        context = ssl.create_default_context(cafile=settings.nats_tls_ca)
        if settings.nats_tls_cert:
            name = f"{ENV_PREFIX}NATS_TLS_CERT / {ENV_PREFIX}NATS_TLS_KEY"
            context.load_cert_chain(settings.nats_tls_cert, settings.nats_tls_key)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"offkai: {name}: cannot load: {exc}") from None
    return context


def credentials(settings: ServiceSettings) -> dict:
    """nats-py's connect options for this service's user, if it has one."""
    if not settings.nats_user:
        return {}
    return {"user": settings.nats_user, "password": settings.nats_password.get_secret_value()}


async def connect(
    settings: ServiceSettings,
    name: str,
    *,
    on_reconnect: Callable[[], Awaitable[None]] | None = None,
    stop: asyncio.Event | None = None,
) -> NATS:
    """Connect, retrying with backoff until NATS answers (or ``stop`` is set)."""
    servers = [s.strip() for s in settings.nats_url.split(",")]
    shown_url = redact_url(settings.nats_url)
    tls = tls_context(settings)
    # Refusals worth an operator's attention, each logged once until it changes.
    last_refusal: list[str] = [""]

    async def disconnected():
        if stop is not None and stop.is_set():
            log.info("nats disconnected at shutdown")
        else:
            log.warning("nats disconnected")

    async def reconnected():
        last_refusal[0] = ""
        log.info("nats reconnected")
        if on_reconnect:
            await on_reconnect()

    async def error(exc):
        text = str(exc)
        lowered = text.lower()
        if "authorization" in lowered or "authentication" in lowered or "permissions violation" in lowered:
            # Wrong credentials keep the service NOT_SERVING while nats-py retries;
            # a permission refusal means this service's NATS user lacks a subject.
            if text != last_refusal[0]:
                last_refusal[0] = text
                log.error("nats refused", error=text, user=settings.nats_user or None, url=shown_url)
            return
        log.debug("nats client error", error=text)

    options = dict(
        name=name,
        connect_timeout=settings.nats_connect_timeout_seconds,
        max_reconnect_attempts=-1,
        reconnect_time_wait=0.5,
        allow_reconnect=True,
        disconnected_cb=disconnected,
        reconnected_cb=reconnected,
        error_cb=error,
        inbox_prefix=inbox_prefix(settings.service_name),
        **credentials(settings),
    )
    if tls is not None:
        options["tls"] = tls
    delay = 0.2
    while True:
        try:
            return await nats.connect(servers, **options)
        except (TimeoutError, OSError, nats.errors.NoServersError) as exc:
            if stop is not None and stop.is_set():
                raise
            log.warning("nats not reachable yet; retrying", url=shown_url, error=str(exc), retry_in=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
