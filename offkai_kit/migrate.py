"""Run a service's Alembic chain to head, programmatically (``python -m offkai_<svc>
migrate``, the Helm hook Job, and start-up when OFFKAI_MIGRATE_ON_START is true).

Each service keeps its chain in ``<package>/migrations``; its ``env.py`` is one call
to ``run_env(...)`` below, so the connection handling lives in one place.
"""

from __future__ import annotations

from importlib import resources

from alembic import command, context
from alembic.config import Config

from offkai_kit.db import Database


def alembic_config(migrations_package: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files(migrations_package)))
    # One version table per database: each service has its own database (its own
    # SQLite file, its own PostgreSQL database), never shared with another chain.
    cfg.set_main_option("version_table", "alembic_version")
    return cfg


async def upgrade(db: Database, migrations_package: str, revision: str = "head") -> None:
    cfg = alembic_config(migrations_package)

    def _run(sync_conn) -> None:
        cfg.attributes["connection"] = sync_conn
        command.upgrade(cfg, revision)

    async with db.write() as conn:
        await conn.run_sync(_run)


def run_env(target_metadata=None) -> None:
    """The body of every service's migrations/env.py."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "run migrations with `python -m offkai_<service> migrate`, which supplies "
            "the configured database connection"
        )
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite alters tables by copying them; batch mode does that for us.
        render_as_batch=connection.dialect.name == "sqlite",
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()
