"""Fixtures of the fault suite: a World (nats-server, the events service's database,
its replicas and loads) on SQLite or on a fresh PostgreSQL database."""

from __future__ import annotations

import pytest

from offkai_kit.testing.fixtures import fresh_postgres
from tests.faults.support import World


@pytest.fixture
async def world(tmp_path):
    """On a SQLite file (the embedded default)."""
    world = World.create(tmp_path)
    yield world
    await world.close()


@pytest.fixture
async def pg_world(tmp_path):
    """On a fresh PostgreSQL database (skipped, with the reason, when unreachable)."""
    async with fresh_postgres() as url:
        world = World.create(tmp_path, url)
        yield world
        await world.close()
