"""Fixtures for the projection and scheduling tests: the events service on a
real nats-server and both databases (the kit's ``nats_server`` and
``database_url``)."""

from __future__ import annotations

import pytest


@pytest.fixture
def start(nats_server, database_url, tmp_path):
    """``start(wire, name, clock=)``: run the events service with ``wire`` on the
    shared database and nats-server; several may run at once, like replicas. The
    service's clock is ``clock``, by default a SettableClock following real time."""
    from offkai_kit.testing.clock import SettableClock
    from tests.events.support import service

    def _start(wire, name: str = "replica-1", *, clock=None):
        return service(nats_server.url, database_url, tmp_path / name, wire, clock or SettableClock())

    return _start
