"""Fixtures for the catalog tests: a real nats-server and both databases
(the kit's ``nats_server`` and ``database_url``)."""

from __future__ import annotations

import pytest


@pytest.fixture
def start(nats_server, database_url, tmp_path):
    """``start(wire, name)``: run the events service with ``wire`` on the shared
    database and nats-server; several may run at once, like replicas."""
    from tests.events.catalog.support import service

    def _start(wire, name: str = "replica-1"):
        return service(nats_server.url, database_url, tmp_path / name, wire)

    return _start
