"""Each service's Alembic chain upgrades an empty database to head and back, on
SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect

from offkai_kit.db import Database
from offkai_kit.migrate import alembic_config, upgrade
from offkai_services import SERVICE_NAMES

KIT_TABLES = {"events", "snapshots", "command_results", "leases", "projection_positions",
              "projection_failures", "projection_checkpoints", "dead_letters", "projection_parked",
              "personal_keys"}


async def tables(db: Database) -> set[str]:
    async with db.read() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names())) - {"alembic_version"}


@pytest.mark.parametrize("service", SERVICE_NAMES)
async def test_chain_upgrades_and_downgrades(service, database_url):
    db = Database(database_url)
    package = f"offkai_{service}.migrations"
    try:
        await upgrade(db, package)
        created = await tables(db)
        assert KIT_TABLES <= created
        await upgrade(db, package)  # at head already: a no-op, not an error
        cfg = alembic_config(package)

        def down(sync_conn):
            cfg.attributes["connection"] = sync_conn
            command.downgrade(cfg, "base")

        async with db.write() as conn:
            await conn.run_sync(down)
        assert await tables(db) == set()
    finally:
        await db.dispose()
