"""The delivery queue: one row per (triggering key, member, channel).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("delivery_id", sa.String(64), primary_key=True),
        sa.Column("key", sa.String(256), nullable=False),
        sa.Column("member_id", sa.String(128), nullable=False),
        sa.Column("channel_id", sa.String(64), nullable=False),
        sa.Column("trigger", sa.String(40), nullable=False),
        sa.Column("category", sa.String(32), nullable=True),
        sa.Column("urgent", sa.Boolean, nullable=False),
        sa.Column("message", sa.Text, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel_kind", sa.String(16), nullable=True),
        sa.Column("masked_destination", sa.String(200), nullable=True),
        sa.Column("failure_class", sa.String(16), nullable=True),
        sa.Column("failure_code", sa.String(32), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(128), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("key", "member_id", "channel_id", name="uq_deliveries_key_member_channel"),
    )
    op.create_index("ix_deliveries_due", "deliveries", ["status", "next_attempt_at"])
    op.create_index("ix_deliveries_member", "deliveries", ["member_id", "created_at"])
    op.create_index("ix_deliveries_key", "deliveries", ["key"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_key", "deliveries")
    op.drop_index("ix_deliveries_member", "deliveries")
    op.drop_index("ix_deliveries_due", "deliveries")
    op.drop_table("deliveries")
