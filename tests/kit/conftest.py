"""Fixtures for the kit's own tests: a database with the kit's tables."""

from __future__ import annotations

import pytest

from offkai_kit.db import Database
from offkai_kit.testing.databases import create_kit_tables


@pytest.fixture
async def db(database_url):
    database = Database(database_url)
    await create_kit_tables(database)
    yield database
    await database.dispose()
