"""Webhooks to a real local HTTP server (aiohttp, in-process): the generic
signed JSON webhook, Slack and Discord shapes, and how each answer is
classified."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from datetime import timedelta

from aiohttp import web

from offkai_notify.adapters import http
from offkai_notify.adapters.limiter import HostLimiter
from offkai_notify.adapters.signing import verify
from offkai_notify.adapters.webhooks import DiscordTransport, SlackTransport, WebhookPost, WebhookTransport
from offkai_notify.domain.retry import Verdict

SECRET = "whsec-4f1c9a7e2b"
TOKEN = "tok-9d8c7b6a5f4e3d2c1b0a"


def post_to(url: str, **overrides) -> WebhookPost:
    fields = dict(url=url, payload={"trigger": "reminder", "subject": "あと1日：Rust & <Go>", "n": 1},
                  idempotency_key="d-7f3a", signing_secret=SECRET)
    return WebhookPost(**{**fields, **overrides})


def answer(status: int, headers: dict | None = None):
    async def respond(request: web.Request) -> web.StreamResponse:
        return web.Response(status=status, headers=headers or {})

    return respond


def documented_recipe(headers: dict[str, str], body: bytes, secret: str, now: float) -> bool:
    """signing.py's recipe, written out as a receiver would."""
    t = headers["offkai-timestamp"]
    if not t.isdigit() or abs(now - int(t)) > 300:
        return False
    expected = hmac.new(secret.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest("v1=" + expected, headers["offkai-signature"])


async def test_a_generic_webhook_arrives_signed_and_keyed(http_server):
    sender = WebhookTransport()
    try:
        outcome = await sender.send(post_to(http_server.url(f"/hooks/{TOKEN}")))
    finally:
        await sender.aclose()
    assert outcome.verdict is Verdict.SENT
    (got,) = http_server.received
    assert got.method == "POST" and got.path == f"/hooks/{TOKEN}"
    assert got.headers["content-type"] == "application/json; charset=utf-8"
    assert got.headers["idempotency-key"] == "d-7f3a"
    assert json.loads(got.body) == {"trigger": "reminder", "subject": "あと1日：Rust & <Go>", "n": 1}
    now = time.time()
    assert documented_recipe(got.headers, got.body, SECRET, now)
    assert verify(SECRET, got.headers["offkai-timestamp"], got.headers["offkai-signature"], got.body, now)
    # What the recipe refuses: another body, another secret, a replay six minutes on.
    assert not documented_recipe(got.headers, got.body + b" ", SECRET, now)
    assert not documented_recipe(got.headers, got.body, "another-secret", now)
    assert not documented_recipe(got.headers, got.body, SECRET, now + 360)
    assert not verify(SECRET, got.headers["offkai-timestamp"], got.headers["offkai-signature"], got.body, now + 360)


async def test_a_retry_keeps_its_idempotency_key_and_signs_afresh(http_server):
    clock = iter([1_800_000_000.0, 1_800_000_090.0])
    sender = WebhookTransport(clock=lambda: next(clock))
    try:
        await sender.send(post_to(http_server.url("/in")))
        await sender.send(post_to(http_server.url("/in")))
    finally:
        await sender.aclose()
    first, second = http_server.received
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"] == "d-7f3a"
    assert (first.headers["offkai-timestamp"], second.headers["offkai-timestamp"]) == ("1800000000", "1800000090")
    assert first.headers["offkai-signature"] != second.headers["offkai-signature"]


async def test_500_is_transient_and_404_permanent(http_server):
    sender = WebhookTransport()
    try:
        http_server.answer = answer(500)
        failed = await sender.send(post_to(http_server.url("/in")))
        http_server.answer = answer(404)
        gone = await sender.send(post_to(http_server.url("/in")))
        http_server.answer = answer(302, {"Location": "http://169.254.169.254/"})
        moved = await sender.send(post_to(http_server.url("/in")))
    finally:
        await sender.aclose()
    assert (failed.verdict, failed.code) == (Verdict.TRANSIENT, "http_500")
    assert (gone.verdict, gone.code) == (Verdict.PERMANENT, "http_404")
    # Redirects are not followed.
    assert (moved.verdict, moved.code) == (Verdict.PERMANENT, "http_302")
    assert len(http_server.received) == 3


async def test_429_with_retry_after_is_transient_and_holds_the_host_off(http_server):
    http_server.answer = answer(429, {"Retry-After": "2"})
    limiter = HostLimiter()
    sender = WebhookTransport(limiter=limiter)
    try:
        outcome = await sender.send(post_to(http_server.url("/in")))
    finally:
        await sender.aclose()
    assert (outcome.verdict, outcome.code) == (Verdict.TRANSIENT, "http_429")
    assert outcome.retry_after >= timedelta(seconds=2)
    assert limiter.ready_in("127.0.0.1") > 1.5
    assert limiter.ready_in("hooks.example.org") == 0


async def test_a_receiver_that_does_not_answer_in_time_is_a_transient_timeout(http_server):
    never = asyncio.Event()

    async def hang(request):
        await never.wait()
        return web.Response()

    http_server.answer = hang
    sender = WebhookTransport(http.new_client(timeout=0.3))
    try:
        outcome = await sender.send(post_to(http_server.url("/in")))
    finally:
        never.set()
        await sender._client.aclose()
    assert (outcome.verdict, outcome.code) == (Verdict.TRANSIENT, "timeout")


async def test_slack_gets_its_text_shape_escaped(http_server):
    sender = SlackTransport()
    try:
        outcome = await sender.send(http_server.url("/services/T0/B0/x"), "Rust & <Go> in 1 day\n<@channel>")
    finally:
        await sender.aclose()
    assert outcome.sent
    assert json.loads(http_server.received[0].body) == {"text": "Rust &amp; &lt;Go&gt; in 1 day\n&lt;@channel&gt;"}


async def test_discord_gets_content_with_mentions_off_and_cut_to_its_limit(http_server):
    http_server.answer = answer(204)
    sender = DiscordTransport()
    try:
        ok = await sender.send(http_server.url("/api/webhooks/1/x"), "@everyone room change")
        long = await sender.send(http_server.url("/api/webhooks/1/x"), "x" * 2500)
    finally:
        await sender.aclose()
    assert ok.sent and long.sent
    first, second = (json.loads(r.body) for r in http_server.received)
    assert first == {"content": "@everyone room change", "allowed_mentions": {"parse": []}}
    assert len(second["content"]) == 2000


async def test_nothing_secret_reaches_the_logs(http_server, app_logs):
    http_server.answer = answer(500)
    sender = WebhookTransport()
    try:
        await sender.send(post_to(http_server.url(f"/hooks/{TOKEN}?key={TOKEN}")))
        http_server.answer = answer(200)
        await sender.send(post_to(http_server.url(f"/hooks/{TOKEN}?key={TOKEN}")))
    finally:
        await sender.aclose()
    logged = app_logs()
    assert "webhook delivered" in logged
    assert "webhook failed" in logged and "http_500" in logged
    assert TOKEN[:-4] not in logged and SECRET not in logged
