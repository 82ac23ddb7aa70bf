"""The event store's tables: ``events`` and ``snapshots``.

``events`` is both the event store and the outbox: ``published_at`` stays NULL until
the relay has a PubAck for the row. Migrations create these tables (see
offkai_kit.eventstore.migrations); this module is the code's view of them. The kit's
other tables are described next to the code that owns them: command results in
``offkai_kit.idempotency``, the relay's lease in ``offkai_kit.outbox``, projection
tracking in ``offkai_kit.consumer.tracking``; all share this ``metadata``.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from offkai_kit.db import Position, UtcDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

events = Table(
    "events",
    metadata,
    Column("position", Position, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("stream_id", String(200), nullable=False),
    Column("stream_type", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("event_type", String(128), nullable=False),
    Column("payload_type", String(255), nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("correlation_id", String(64), nullable=False),
    Column("causation_id", String(64), nullable=False),
    Column("traceparent", String(64), nullable=False, server_default=""),
    Column("tracestate", String(512), nullable=False, server_default=""),
    Column("published_at", UtcDateTime, nullable=True),
    UniqueConstraint("stream_id", "version"),
)

# The relay's queue: only unpublished rows are in this index.
Index(
    "ix_events_unpublished",
    events.c.position,
    postgresql_where=events.c.published_at.is_(None),
    sqlite_where=events.c.published_at.is_(None),
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("stream_id", String(200), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("schema", Integer, nullable=False),
    Column("state", LargeBinary, nullable=False),
    Column("taken_at", UtcDateTime, nullable=False),
)
