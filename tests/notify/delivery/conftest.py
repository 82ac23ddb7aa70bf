"""A migrated notify database per backend, for the queue and the sender."""

from __future__ import annotations

import pytest

from offkai_kit.db import Database
from offkai_kit.migrate import upgrade


@pytest.fixture
async def db(database_url):
    database = Database(database_url)
    await upgrade(database, "offkai_notify.migrations")
    yield database
    await database.dispose()


@pytest.fixture
def clock():
    from datetime import UTC, datetime

    from offkai_kit.testing.clock import SettableClock

    return SettableClock(datetime(2027, 1, 10, 3, 0, tzinfo=UTC))


@pytest.fixture
def world(db, clock):
    from offkai_kit.eventstore import EventStore
    from tests.notify.delivery.support import World

    return World(db, EventStore(db), clock)
