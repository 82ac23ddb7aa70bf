"""Apprise to a real local HTTP server: Apprise's json:// plugin posts to it,
so the whole path through Apprise runs without leaving the machine."""

from __future__ import annotations

import json

from aiohttp import web

from offkai_notify.adapters.apprise_chat import AppriseTransport
from offkai_notify.domain.retry import Verdict

TOKEN = "tok-9d8c7b6a5f4e3d2c1b0a"


async def test_a_message_goes_through_apprise(http_server):
    url = f"json://127.0.0.1:{http_server.port}/chat/{TOKEN}"
    outcome = await AppriseTransport().send(url, "Reminder", "Rust & <Go> starts at 19:00")
    assert outcome.verdict is Verdict.SENT
    (got,) = http_server.received
    assert got.path == f"/chat/{TOKEN}"
    body = json.loads(got.body)
    assert (body["title"], body["message"]) == ("Reminder", "Rust & <Go> starts at 19:00")


async def test_a_failing_service_is_transient_and_its_url_stays_out_of_the_logs(http_server, app_logs):
    async def fail(request):
        return web.Response(status=500)

    http_server.answer = fail
    outcome = await AppriseTransport().send(f"json://127.0.0.1:{http_server.port}/chat/{TOKEN}", "t", "b")
    assert (outcome.verdict, outcome.code) == (Verdict.TRANSIENT, "rejected")
    logged = app_logs()
    assert "chat message failed" in logged
    assert TOKEN[:-4] not in logged


async def test_a_url_apprise_does_not_take_is_permanent():
    outcome = await AppriseTransport().send("nosuchservice://x", "t", "b")
    assert (outcome.verdict, outcome.code) == (Verdict.PERMANENT, "bad_url")
