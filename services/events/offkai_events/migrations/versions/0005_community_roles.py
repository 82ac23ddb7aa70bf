"""Community roles, from the members service's stream (who may schedule a
community's meetups).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "community_roles",
        sa.Column("community_id", sa.String(64), nullable=False),
        sa.Column("member_id", sa.String(128), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("community_id", "member_id", name="pk_community_roles"),
    )
    op.create_index("ix_community_roles_member_id", "community_roles", ["member_id"])


def downgrade() -> None:
    op.drop_table("community_roles")
