"""The fan-out benchmark's destinations, in a process of their own: an SMTP
server (aiosmtpd) and an HTTP server (aiohttp) on 127.0.0.1 that accept
everything and count what they got — by Message-ID and by Idempotency-Key
too, so the benchmark can say nothing arrived twice.

    python -m bench.notify_sinks <smtp_port> <http_port>

``GET /counts`` answers {"mail": n, "posts": n, "mail_ids": n, "post_keys": n};
``POST /reset`` zeroes them.
"""

from __future__ import annotations

import asyncio
import email.parser
import sys

from aiohttp import web
from aiosmtpd.smtp import SMTP

_headers = email.parser.BytesHeaderParser()


class Counts:
    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self.mail = self.posts = 0
        self.mail_ids: set[str] = set()
        self.post_keys: set[str] = set()


class _Mail:
    def __init__(self, counts: Counts):
        self.counts = counts

    async def handle_DATA(self, server, session, envelope) -> str:
        self.counts.mail += 1
        self.counts.mail_ids.add(_headers.parsebytes(envelope.original_content).get("Message-ID", ""))
        return "250 OK"


async def main(smtp_port: int, http_port: int) -> None:
    counts = Counts()
    loop = asyncio.get_running_loop()
    await loop.create_server(lambda: SMTP(_Mail(counts), enable_SMTPUTF8=True), "127.0.0.1", smtp_port)

    async def post(request: web.Request) -> web.Response:
        await request.read()
        counts.posts += 1
        counts.post_keys.add(request.headers.get("Idempotency-Key", ""))
        return web.Response(status=204)

    async def get_counts(request: web.Request) -> web.Response:
        return web.json_response({"mail": counts.mail, "posts": counts.posts, "mail_ids": len(counts.mail_ids),
                                  "post_keys": len(counts.post_keys)})

    async def reset(request: web.Request) -> web.Response:
        counts.reset()
        return web.Response(status=204)

    app = web.Application()
    app.router.add_get("/counts", get_counts)
    app.router.add_post("/reset", reset)
    app.router.add_post("/{tail:.*}", post)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", http_port).start()
    print("ready", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
