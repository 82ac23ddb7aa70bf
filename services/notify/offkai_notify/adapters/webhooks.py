"""Webhook transports: the generic signed JSON webhook, Slack and Discord.

Generic webhooks get the delivery as JSON, signed (see ``signing`` for the
headers and the receiver's recipe) and keyed for idempotency. Slack and
Discord get their own JSON shapes with the chat-sized text: Slack's
``{"text"}`` with its three control characters escaped, Discord's
``{"content"}`` with mentions switched off, so an organizer's "@everyone" in
a broadcast pings nobody.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from offkai_kit.clock import utc_now
from offkai_notify.adapters import http
from offkai_notify.adapters.limiter import HostLimiter
from offkai_notify.adapters.logs import keep_destinations_out_of_logs
from offkai_notify.adapters.signing import IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signature
from offkai_notify.domain.masking import destination_host
from offkai_notify.domain.model import ChannelKind
from offkai_notify.domain.retry import Outcome

DISCORD_MAX = 2_000


@dataclass(frozen=True)
class WebhookPost:
    url: str = field(repr=False)
    # JSON-serialisable: what the delivery says (see the delivery pipeline).
    payload: Mapping[str, Any]
    # The delivery id: the same on every retry.
    idempotency_key: str
    signing_secret: str = field(repr=False)


def _json(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


class _Transport:
    kind: ChannelKind

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        limiter: HostLimiter | None = None,
        now: Callable[[], datetime] = utc_now,
    ):
        keep_destinations_out_of_logs()
        self._client = client or http.new_client()
        self._owns_client = client is None
        self._limiter = limiter
        self._now = now

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def _post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Outcome:
        return await http.post(self._client, url, body, headers, limiter=self._limiter,
                               host=destination_host(self.kind, url), now=self._now)


class WebhookTransport(_Transport):
    kind = ChannelKind.WEBHOOK

    def __init__(self, *args, clock: Callable[[], float] = time.time, **kwargs):
        super().__init__(*args, **kwargs)
        self._clock = clock

    async def send(self, post: WebhookPost) -> Outcome:
        body = _json(post.payload)
        # A fresh timestamp per attempt, so a retry after minutes is not refused as a replay.
        timestamp = int(self._clock())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: signature(post.signing_secret, timestamp, body),
            IDEMPOTENCY_HEADER: post.idempotency_key,
        }
        return await self._post(post.url, body, headers)


def slack_escape(text: str) -> str:
    """Slack reads &, < and > as markup; everything else is text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SlackTransport(_Transport):
    kind = ChannelKind.SLACK

    async def send(self, url: str, text: str) -> Outcome:
        body = _json({"text": slack_escape(text)})
        return await self._post(url, body, {"Content-Type": "application/json; charset=utf-8"})


class DiscordTransport(_Transport):
    kind = ChannelKind.DISCORD

    async def send(self, url: str, text: str) -> Outcome:
        content = text if len(text) <= DISCORD_MAX else text[: DISCORD_MAX - 1] + "…"
        body = _json({"content": content, "allowed_mentions": {"parse": []}})
        return await self._post(url, body, {"Content-Type": "application/json; charset=utf-8"})
