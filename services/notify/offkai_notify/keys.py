"""notify's secret keys: they hash verification codes and sign unsubscribe
links. ``OFFKAI_NOTIFY_SECRET_KEYS`` holds them, comma-separated, the first
signing and any verifying; without it a key is made at start, so codes and
links die with the process (the local stack and tests only)."""

from __future__ import annotations

import secrets

from offkai_kit.telemetry import get_logger

log = get_logger(__name__)


def secret_keys(configured: str) -> tuple[bytes, ...]:
    keys = tuple(k.strip().encode() for k in configured.split(",") if k.strip())
    if keys:
        return keys
    log.warning("OFFKAI_NOTIFY_SECRET_KEYS is not set: verification codes and unsubscribe links "
                "work only until this process stops")
    return (secrets.token_bytes(32),)
