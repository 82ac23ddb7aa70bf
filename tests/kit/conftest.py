"""Fixtures for the kit's own tests: a database with the kit's tables."""

from __future__ import annotations

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations

from offkai_kit.db import Database
from offkai_kit.eventstore.migrations import create_kit_tables_v1


async def create_kit_tables(db: Database) -> None:
    def _create(sync_conn):
        create_kit_tables_v1(Operations(MigrationContext.configure(sync_conn)))

    async with db.write() as conn:
        await conn.run_sync(_create)


@pytest.fixture
async def db(database_url):
    database = Database(database_url)
    await create_kit_tables(database)
    yield database
    await database.dispose()
