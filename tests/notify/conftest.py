"""Fixtures for every notify test: a real SMTP server (aiosmtpd) and a real
HTTP server per test, on free ports, and what the application logs; and, for
the triggers' tests, the service on a real nats-server and both databases
(the kit's ``nats_server`` and ``database_url``)."""

from __future__ import annotations

import logging

import pytest

from tests.notify.integration.servers import SmtpHandler, start_http, start_smtp


@pytest.fixture
async def smtp_server():
    server = await start_smtp(SmtpHandler())
    yield server
    server.server.close()
    await server.server.wait_closed()


@pytest.fixture
async def http_server():
    server = await start_http()
    yield server
    await server.runner.cleanup()


# The test servers' own loggers: what they log is theirs, not the application's,
# so they are muted while a test looks at the application's logs.
SERVER_LOGGERS = ("mail.log", "aiohttp.access", "aiohttp.server", "aiohttp.web")


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()}")


@pytest.fixture
def app_logs(capsys):
    """What reaches the application's log output: records at the root logger
    (where the service's handlers sit; pytest's own capture also hooks
    non-propagating loggers, so caplog would not tell) and what structlog
    printed. Call it to get the text so far."""
    root = logging.getLogger()
    collect = _Collect()
    previous = root.level
    root.addHandler(collect)
    root.setLevel(logging.DEBUG)
    servers = [logging.getLogger(name) for name in SERVER_LOGGERS]
    for logger in servers:
        logger.disabled = True
    printed: list[str] = []

    def text() -> str:
        captured = capsys.readouterr()
        printed.append(captured.out + captured.err)
        return "\n".join(collect.lines + printed)

    yield text
    root.removeHandler(collect)
    root.setLevel(previous)
    for logger in servers:
        logger.disabled = False


@pytest.fixture
def start(nats_server, database_url, tmp_path):
    """``start(wire, name, clock=, **settings)``: run notify with ``wire`` on
    the shared database and nats-server; several may run at once, like
    replicas."""
    from offkai_kit.testing.clock import SettableClock
    from tests.notify.triggers import service

    def _start(wire, name: str = "replica-1", *, clock=None, **settings):
        return service(nats_server.url, database_url, tmp_path / name, wire, clock or SettableClock(), **settings)

    return _start
