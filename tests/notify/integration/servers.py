"""Real servers for notify's transport tests, in-process on free ports: an
SMTP server (aiosmtpd) and an HTTP server (aiohttp), each told per test how
to answer, recording what they received."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web
from aiosmtpd.smtp import SMTP, Envelope, Session


class SmtpHandler:
    """Accepts mail, unless told to refuse a recipient or the data."""

    def __init__(self):
        self.envelopes: list[Envelope] = []
        # The client's address and port of each accepted message: one connection, one peer.
        self.peers: list[tuple[str, int]] = []
        # address -> reply to RCPT TO, e.g. "550 5.1.1 <x@y>: no such user"
        self.refuse_rcpt: dict[str, str] = {}
        # reply to the end of DATA instead of accepting, e.g. "421 4.3.2 try later"
        self.data_reply: str | None = None
        # replies to the next messages' DATA, one each, before accepting again
        self.next_data_replies: list[str] = []

    def refuse_next_data(self, reply: str) -> None:
        """Answer the next message's DATA with ``reply`` (once), then accept again."""
        self.next_data_replies.append(reply)

    async def handle_RCPT(self, server, session: Session, envelope: Envelope, address: str, rcpt_options):
        if address in self.refuse_rcpt:
            return self.refuse_rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session: Session, envelope: Envelope):
        if self.next_data_replies:
            return self.next_data_replies.pop(0)
        if self.data_reply:
            return self.data_reply
        self.envelopes.append(envelope)
        self.peers.append(session.peer)
        return "250 Message accepted"


class DroppingSMTP(SMTP):
    """Agrees to take the message, then hangs up while it is being sent."""

    async def smtp_DATA(self, arg):
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        self.transport.close()


class HangingUpSMTP(SMTP):
    """Remembers its sessions, so a test can close one from the server's side
    (as a relay does to a connection that sat idle)."""

    sessions: list[HangingUpSMTP] = []

    def connection_made(self, transport):
        super().connection_made(transport)
        HangingUpSMTP.sessions.append(self)


@dataclass
class SmtpServer:
    handler: SmtpHandler
    server: asyncio.base_events.Server

    @property
    def port(self) -> int:
        return self.server.sockets[0].getsockname()[1]


async def start_smtp(handler: SmtpHandler, protocol: type[SMTP] = SMTP) -> SmtpServer:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: protocol(handler, enable_SMTPUTF8=True), "127.0.0.1", 0)
    return SmtpServer(handler, server)


@dataclass
class Received:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


Answer = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def _ok(request: web.Request) -> web.StreamResponse:
    return web.Response(status=200, text="ok")


@dataclass
class HttpServer:
    runner: web.AppRunner
    port: int
    received: list[Received] = field(default_factory=list)
    answer: Answer = _ok

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


async def start_http() -> HttpServer:
    holder: list[HttpServer] = []

    async def handle(request: web.Request) -> web.StreamResponse:
        server = holder[0]
        body = await request.read()
        server.received.append(Received(request.method, request.path, request.query_string,
                                        {k.lower(): v for k, v in request.headers.items()}, body))
        return await server.answer(request)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = HttpServer(runner, runner.addresses[0][1])
    holder.append(server)
    return server
