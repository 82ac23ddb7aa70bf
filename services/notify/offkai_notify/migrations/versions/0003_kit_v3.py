"""The kit's tables, third shape: keys that seal personal data.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

from offkai_kit.eventstore.migrations import downgrade_kit_tables_v3, upgrade_kit_tables_v3

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgrade_kit_tables_v3(op)


def downgrade() -> None:
    downgrade_kit_tables_v3(op)
