"""The kit's tables and the member directory projection.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from offkai_kit.eventstore.migrations import create_kit_tables_v1, drop_kit_tables_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kit_tables_v1(op)
    op.create_table(
        "member_directory",
        sa.Column("member_id", sa.String(128), primary_key=True),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("member_directory")
    drop_kit_tables_v1(op)
