"""The local sinks of ``make run``: a message sent to each lands as files."""

from __future__ import annotations

import asyncio
import email
import json
import re
import signal
import sys

from offkai_notify.adapters.smtp import Email, SmtpSecurity, SmtpSettings, SmtpTransport, message_id_for
from offkai_notify.adapters.webhooks import WebhookPost, WebhookTransport
from offkai_notify.devsinks import DevSinks
from offkai_notify.domain.model import Trigger
from offkai_notify.render import render
from tests.notify.samples import LINKS, MESSAGES, RECIPIENTS


async def send_both(smtp_port: int, webhook_url: str) -> None:
    rendered = render(MESSAGES[Trigger.REMINDER], RECIPIENTS["ja"], LINKS)
    smtp = SmtpTransport(SmtpSettings(host="127.0.0.1", port=smtp_port, security=SmtpSecurity.NONE, timeout=5))
    outcome = await smtp.send(Email(to="ayumi@example.com", subject=rendered.subject, text=rendered.text,
                                    html=rendered.html, message_id=message_id_for("d-1", "offkai.test")))
    assert outcome.sent
    hook = WebhookTransport()
    try:
        outcome = await hook.send(WebhookPost(url=webhook_url + "hooks/ayumi", payload={"subject": rendered.subject},
                                              idempotency_key="d-2", signing_secret="s3cret"))
    finally:
        await hook.aclose()
    assert outcome.sent


async def test_mail_and_webhook_posts_land_as_files(tmp_path):
    sinks = DevSinks(tmp_path)
    where = await sinks.start()
    try:
        await send_both(where.smtp_port, where.webhook_url)
    finally:
        await sinks.stop()
    (eml,) = (tmp_path / "mail").glob("*.eml")
    (page,) = (tmp_path / "mail").glob("*.html")
    assert eml.stem == page.stem
    assert email.message_from_bytes(eml.read_bytes())["Message-ID"] == "<d-1@offkai.test>"
    assert "会場までの行き方" in page.read_text(encoding="utf-8") and page.read_text().startswith("<!DOCTYPE html>")
    (post,) = (tmp_path / "webhooks").glob("*.json")
    record = json.loads(post.read_text(encoding="utf-8"))
    assert (record["method"], record["path"]) == ("POST", "/hooks/ayumi")
    assert record["body"]["subject"].startswith("あと1日")
    assert record["headers"]["Idempotency-Key"] == "d-2" and "Offkai-Signature" in record["headers"]


async def test_the_entry_point_prints_its_ports_and_stops_on_ctrl_c(tmp_path):
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "offkai_notify.devsinks", "--dir", str(tmp_path),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        lines = [(await asyncio.wait_for(process.stdout.readline(), timeout=30)).decode() for _ in range(3)]
        smtp_port = int(re.search(r"smtp\s+127\.0\.0\.1:(\d+)", lines[1])[1])
        webhook_url = re.search(r"webhooks\s+(http://\S+/)", lines[2])[1]
        assert str(tmp_path / "mail") in lines[1] and str(tmp_path / "webhooks") in lines[2]
        await send_both(smtp_port, webhook_url)
    finally:
        process.send_signal(signal.SIGINT)
        code = await asyncio.wait_for(process.wait(), timeout=30)
    assert code == 0, (await process.stderr.read()).decode()
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 1
    assert len(list((tmp_path / "webhooks").glob("*.json"))) == 1
