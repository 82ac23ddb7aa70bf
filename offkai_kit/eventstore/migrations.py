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


def upgrade_kit_tables_v2(op) -> None:
    """Leases with fencing terms for any single-active job (the relay, each
    projection's runner); parked events that wait for their predecessor or for an
    operator's decision on a dead letter; dead letters that record how they were
    resolved."""
    ts = sa.DateTime(timezone=True)
    op.create_table(
        "leases",
        sa.Column("name", sa.String(150), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("term", sa.BigInteger, nullable=False),
        sa.Column("expires_at", ts, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_leases"),
    )
    op.drop_table("outbox_lease")
    op.create_table(
        "projection_parked",
        sa.Column("projection", sa.String(100), nullable=False),
        sa.Column("stream_id", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("stream_sequence", sa.BigInteger, nullable=False),
        sa.Column("envelope", sa.LargeBinary, nullable=False),
        sa.Column("parked_at", ts, nullable=False),
        sa.Column("retry_at", ts, nullable=True),
        sa.PrimaryKeyConstraint("projection", "stream_id", "version", name="pk_projection_parked"),
    )
    with op.batch_alter_table("dead_letters") as batch:
        batch.add_column(sa.Column("resolved_at", ts, nullable=True))
        batch.add_column(sa.Column("resolution", sa.String(16), nullable=True))
        batch.add_column(sa.Column("resolved_by", sa.String(200), nullable=True))
        batch.add_column(sa.Column("note", sa.Text, nullable=True))
    op.create_index("ix_dead_letters_open", "dead_letters", ["projection", "stream_id", "resolved_at"])


def downgrade_kit_tables_v2(op) -> None:
    op.drop_index("ix_dead_letters_open", "dead_letters")
    with op.batch_alter_table("dead_letters") as batch:
        for column in ("note", "resolved_by", "resolution", "resolved_at"):
            batch.drop_column(column)
    op.drop_table("projection_parked")
    op.create_table(
        "outbox_lease",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_outbox_lease"),
    )
    op.drop_table("leases")




def upgrade_kit_tables_v3(op) -> None:
    """Keys that seal each member's personal data (offkai_kit.personal)."""
    op.create_table(
        "personal_keys",
        sa.Column("subject_id", sa.String(200), nullable=False),
        sa.Column("key", sa.LargeBinary, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("distributed", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("subject_id", name="pk_personal_keys"),
    )
    op.create_index("ix_personal_keys_undistributed", "personal_keys", ["distributed"])


def downgrade_kit_tables_v3(op) -> None:
    op.drop_index("ix_personal_keys_undistributed", "personal_keys")
    op.drop_table("personal_keys")


# Every step, in order: what a service's chain applies to reach the kit's current shape.
KIT_SCHEMA_STEPS = (create_kit_tables_v1, upgrade_kit_tables_v2, upgrade_kit_tables_v3)
