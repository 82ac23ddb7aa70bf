"""Real databases for tests: a SQLite file, or a fresh PostgreSQL database per test.

PostgreSQL is the one named by ``OFFKAI_TEST_POSTGRES_URL`` (default: the local
server at 127.0.0.1:5432). When it cannot be reached, tests that need it are skipped
with a message saying where it was looked for and why it failed.
"""

from __future__ import annotations

import os
import uuid

import asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


def postgres_admin_url() -> str:
    return os.environ.get("OFFKAI_TEST_POSTGRES_URL", DEFAULT_POSTGRES)


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def postgres_unreachable_reason() -> str | None:
    url = postgres_admin_url()
    try:
        make_url(url)
    except ArgumentError:
        return (
            f"OFFKAI_TEST_POSTGRES_URL={url!r} is not a database URL; "
            f"expected e.g. {DEFAULT_POSTGRES}"
        )
    try:
        conn = await asyncpg.connect(_dsn(url), timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        shown = make_url(url).render_as_string(hide_password=True)
        return (
            f"PostgreSQL not reachable at {shown} ({type(exc).__name__}: {exc}); "
            "set OFFKAI_TEST_POSTGRES_URL to run the PostgreSQL tests"
        )
    await conn.close()
    return None


async def create_postgres_database() -> str:
    """Create an empty database; returns its SQLAlchemy URL."""
    admin = postgres_admin_url()
    name = f"offkai_test_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(_dsn(admin))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(url: str) -> None:
    name = make_url(url).database
    conn = await asyncpg.connect(_dsn(postgres_admin_url()))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def create_kit_tables(db) -> None:
    """The kit's tables at their current shape, without a service's chain (for the
    kit's own tests and benchmarks)."""
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    from offkai_kit.eventstore.migrations import KIT_SCHEMA_STEPS

    def _create(sync_conn):
        ops = Operations(MigrationContext.configure(sync_conn))
        for step in KIT_SCHEMA_STEPS:
            step(ops)

    async with db.write() as conn:
        await conn.run_sync(_create)
