"""Local sinks for ``make run``: an SMTP server and a webhook receiver that
keep every message they get as files, so a newcomer sees what notify sent.

    <dir>/mail/<time>-<id>.eml       the message as received
    <dir>/mail/<time>-<id>.html      its HTML part (or its text, in <pre>), to open in a browser
    <dir>/webhooks/<time>-<id>.json  method, path, headers and body of each POST

Both listen on 127.0.0.1, on free ports unless told otherwise. The local
stack can start a ``DevSinks`` itself; standalone:

    python -m offkai_notify.devsinks --dir .offkai/sinks

prints where they listen and runs until Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import email
import email.policy
import html
import json
import os
import signal
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web
from aiosmtpd.smtp import SMTP, Envelope, Session

HOST = "127.0.0.1"


def _stem() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:8]}"


def html_view(raw: bytes) -> str:
    """The message's HTML part, or its plain text in a <pre> when it has none."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    body = message.get_body(preferencelist=("html", "plain"))
    if body is None:
        return "<!DOCTYPE html><meta charset=utf-8><p>(no readable body)</p>"
    content = body.get_content()
    if body.get_content_type() == "text/html":
        return content
    return f"<!DOCTYPE html><meta charset=utf-8><pre>{html.escape(content)}</pre>"


def _store(path: Path, data: bytes) -> None:
    """Written whole or not at all: readers never see a file being written."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


class _MailHandler:
    def __init__(self, directory: Path):
        self.directory = directory

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        stem = _stem()
        raw = envelope.original_content or b""
        # The view first: whoever sees the .eml finds its .html beside it.
        _store(self.directory / f"{stem}.html", html_view(raw).encode("utf-8"))
        _store(self.directory / f"{stem}.eml", raw)
        return "250 Message stored"


@dataclass
class Listening:
    smtp_port: int
    webhook_port: int
    directory: Path

    @property
    def webhook_url(self) -> str:
        return f"http://{HOST}:{self.webhook_port}/"


class DevSinks:
    def __init__(self, directory: Path, *, smtp_port: int = 0, webhook_port: int = 0):
        self.directory = Path(directory)
        self.mail_dir = self.directory / "mail"
        self.webhook_dir = self.directory / "webhooks"
        self._ports = (smtp_port, webhook_port)
        self._smtp: asyncio.base_events.Server | None = None
        self._web: web.AppRunner | None = None

    async def start(self) -> Listening:
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        self.webhook_dir.mkdir(parents=True, exist_ok=True)
        handler = _MailHandler(self.mail_dir)
        loop = asyncio.get_running_loop()
        self._smtp = await loop.create_server(
            lambda: SMTP(handler, enable_SMTPUTF8=True, hostname="offkai-devsink"), HOST, self._ports[0]
        )
        app = web.Application(client_max_size=10 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._receive)
        self._web = web.AppRunner(app, access_log=None)
        await self._web.setup()
        await web.TCPSite(self._web, HOST, self._ports[1]).start()
        return Listening(self._smtp.sockets[0].getsockname()[1], self._web.addresses[0][1], self.directory)

    async def _receive(self, request: web.Request) -> web.Response:
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", errors="replace")
        record = {
            "received_at": datetime.now(UTC).isoformat(),
            "method": request.method,
            "path": request.path,
            "query": request.query_string,
            "headers": dict(request.headers),
            "body": body,
        }
        path = self.webhook_dir / f"{_stem()}.json"
        _store(path, json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8"))
        return web.json_response({"ok": True})

    async def stop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            await self._smtp.wait_closed()
        if self._web is not None:
            await self._web.cleanup()


async def _serve(directory: Path, smtp_port: int, webhook_port: int) -> None:
    sinks = DevSinks(directory, smtp_port=smtp_port, webhook_port=webhook_port)
    where = await sinks.start()
    print("notify sinks are running.", flush=True)
    print(f"  smtp      {HOST}:{where.smtp_port}  -> {sinks.mail_dir} (.eml + .html)", flush=True)
    print(f"  webhooks  {where.webhook_url}  -> {sinks.webhook_dir} (.json)", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await sinks.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m offkai_notify.devsinks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", required=True, type=Path, help="where to keep what arrives")
    parser.add_argument("--smtp-port", type=int, default=0, help="default: a free port")
    parser.add_argument("--webhook-port", type=int, default=0, help="default: a free port")
    args = parser.parse_args(argv)
    asyncio.run(_serve(args.dir, args.smtp_port, args.webhook_port))


if __name__ == "__main__":
    main()
