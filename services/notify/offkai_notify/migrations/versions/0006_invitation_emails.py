"""Invitations emailed to non-members: the address of each delivery to one,
kept apart from the delivery until it is sent or cancelled; and the addresses
that asked for no more invitation emails, by hash only.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "delivery_addresses",
        sa.Column("delivery_id", sa.String(64), primary_key=True),
        sa.Column("on_behalf_of", sa.String(128), nullable=False),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
    )
    # The erasure of the member they go on behalf of finds them.
    op.create_index("ix_delivery_addresses_on_behalf_of", "delivery_addresses", ["on_behalf_of"])
    op.create_table(
        "invitation_opt_outs",
        sa.Column("address_hash", sa.String(64), primary_key=True),
        sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("invitation_opt_outs")
    op.drop_index("ix_delivery_addresses_on_behalf_of", table_name="delivery_addresses")
    op.drop_table("delivery_addresses")
