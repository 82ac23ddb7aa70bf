"""The kit's tables, shared by every service's database.

``events`` is both the event store and the outbox: ``published_at`` stays NULL until
the relay has a PubAck for the row. Migrations create these tables (see
offkai_kit.eventstore.migrations); this module is the code's view of them.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

# SQLite only autoincrements an INTEGER PRIMARY KEY.
Position = BigInteger().with_variant(Integer(), "sqlite")

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
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("correlation_id", String(64), nullable=False),
    Column("causation_id", String(64), nullable=False),
    Column("traceparent", String(64), nullable=False, server_default=""),
    Column("tracestate", String(512), nullable=False, server_default=""),
    Column("published_at", DateTime(timezone=True), nullable=True),
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
    Column("taken_at", DateTime(timezone=True), nullable=False),
)

# Idempotent commands: the first result of each (caller, method, request_id).
command_results = Table(
    "command_results",
    metadata,
    Column("request_key", String(64), primary_key=True),
    Column("method", String(200), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("response_type", String(255), nullable=False),
    Column("response", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# One row per relay group: whoever holds an unexpired lease publishes.
outbox_lease = Table(
    "outbox_lease",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("owner", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# Consumer side: the last version of each source stream a projection applied.
projection_positions = Table(
    "projection_positions",
    metadata,
    Column("projection", String(100), primary_key=True),
    Column("stream_id", String(200), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("event_id", String(36), nullable=False),
)

# Failed attempts to apply an event, kept across redeliveries and replicas.
projection_failures = Table(
    "projection_failures",
    metadata,
    Column("projection", String(100), primary_key=True),
    Column("event_id", String(36), primary_key=True),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=False),
)

projection_checkpoints = Table(
    "projection_checkpoints",
    metadata,
    Column("projection", String(100), primary_key=True),
    Column("stream_sequence", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

dead_letters = Table(
    "dead_letters",
    metadata,
    Column("id", Position, primary_key=True, autoincrement=True),
    Column("projection", String(100), nullable=False, index=True),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(128), nullable=False),
    Column("stream_id", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("subject", String(255), nullable=False),
    Column("stream_sequence", BigInteger, nullable=False),
    Column("deliveries", Integer, nullable=False),
    Column("error", Text, nullable=False),
    Column("envelope", LargeBinary, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)
