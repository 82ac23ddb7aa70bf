"""Alembic operations that create the kit's tables, for each service's migration chain.

Every service's first revision calls ``create_kit_tables_v1(op)``. These functions are
frozen once released: a later change to the kit's schema is a new function
(``..._v2``) that each service's chain calls from a new revision.
"""

from __future__ import annotations

import sqlalchemy as sa

from offkai_kit.db import Position


def create_kit_tables_v1(op) -> None:
    ts = sa.DateTime(timezone=True)
    op.create_table(
        "events",
        sa.Column("position", Position, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("stream_id", sa.String(200), nullable=False),
        sa.Column("stream_type", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("event_type", sa.String(128), nullable=False),
        sa.Column("payload_type", sa.String(255), nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
        sa.Column("occurred_at", ts, nullable=False),
        sa.Column("correlation_id", sa.String(64), nullable=False),
        sa.Column("causation_id", sa.String(64), nullable=False),
        sa.Column("traceparent", sa.String(64), nullable=False, server_default=""),
        sa.Column("tracestate", sa.String(512), nullable=False, server_default=""),
        sa.Column("published_at", ts, nullable=True),
        sa.PrimaryKeyConstraint("position", name="pk_events"),
        sa.UniqueConstraint("event_id", name="uq_events_event_id"),
        sa.UniqueConstraint("stream_id", "version", name="uq_events_stream_id_version"),
    )
    op.create_index(
        "ix_events_unpublished",
        "events",
        ["position"],
        postgresql_where=sa.text("published_at IS NULL"),
        sqlite_where=sa.text("published_at IS NULL"),
    )
    op.create_table(
        "snapshots",
        sa.Column("stream_id", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("schema", sa.Integer, nullable=False),
        sa.Column("state", sa.LargeBinary, nullable=False),
        sa.Column("taken_at", ts, nullable=False),
        sa.PrimaryKeyConstraint("stream_id", name="pk_snapshots"),
    )
    op.create_table(
        "command_results",
        sa.Column("request_key", sa.String(64), nullable=False),
        sa.Column("method", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("response_type", sa.String(255), nullable=False),
        sa.Column("response", sa.LargeBinary, nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.PrimaryKeyConstraint("request_key", name="pk_command_results"),
    )
    op.create_table(
        "outbox_lease",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("expires_at", ts, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_outbox_lease"),
    )
    op.create_table(
        "projection_positions",
        sa.Column("projection", sa.String(100), nullable=False),
        sa.Column("stream_id", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.PrimaryKeyConstraint("projection", "stream_id", name="pk_projection_positions"),
    )
    op.create_table(
        "projection_failures",
        sa.Column("projection", sa.String(100), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("projection", "event_id", name="pk_projection_failures"),
    )
    op.create_table(
        "projection_checkpoints",
        sa.Column("projection", sa.String(100), nullable=False),
        sa.Column("stream_sequence", sa.BigInteger, nullable=False),
        sa.Column("updated_at", ts, nullable=False),
        sa.PrimaryKeyConstraint("projection", name="pk_projection_checkpoints"),
    )
    op.create_table(
        "dead_letters",
        sa.Column("id", Position, primary_key=True, autoincrement=True),
        sa.Column("projection", sa.String(100), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("event_type", sa.String(128), nullable=False),
        sa.Column("stream_id", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("stream_sequence", sa.BigInteger, nullable=False),
        sa.Column("deliveries", sa.Integer, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("envelope", sa.LargeBinary, nullable=False),
        sa.Column("recorded_at", ts, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_dead_letters"),
    )
    op.create_index("ix_dead_letters_projection", "dead_letters", ["projection"])


def drop_kit_tables_v1(op) -> None:
    for table in (
        "dead_letters",
        "projection_checkpoints",
        "projection_failures",
        "projection_positions",
        "outbox_lease",
        "command_results",
        "snapshots",
        "events",
    ):
        op.drop_table(table)
