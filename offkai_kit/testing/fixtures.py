"""pytest fixtures: ``nats_server``, ``database_url`` (SQLite and PostgreSQL),
``sqlite_url``, ``postgres_url``. Every resource is real, on free ports and temp
dirs, and torn down."""

from __future__ import annotations

import contextlib

import pytest

from offkai_kit.nats_server import NatsServer
from offkai_kit.testing.databases import (
    create_postgres_database,
    drop_postgres_database,
    postgres_unreachable_reason,
)


@contextlib.asynccontextmanager
async def fresh_postgres():
    reason = await postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    url = await create_postgres_database()
    try:
        yield url
    finally:
        await drop_postgres_database(url)


@pytest.fixture
def nats_server(tmp_path):
    server = NatsServer(tmp_path / "jetstream", log_file=tmp_path / "nats.log")
    server.start()
    yield server
    server.kill()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'offkai.db'}"


@pytest.fixture
async def postgres_url():
    async with fresh_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request, sqlite_url):
    """Each test using this runs once per backend: the contract holds on both."""
    if request.param == "sqlite":
        yield sqlite_url
        return
    async with fresh_postgres() as url:
        yield url
