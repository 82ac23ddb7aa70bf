"""The kit's tables, second shape: fencing leases, parked events, resolved dead letters.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from offkai_kit.eventstore.migrations import downgrade_kit_tables_v2, upgrade_kit_tables_v2

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgrade_kit_tables_v2(op)


def downgrade() -> None:
    downgrade_kit_tables_v2(op)
