"""The catalog (meetups, tags, organizers, members) and the schedule of timed steps.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    op.create_table(
        "catalog_meetups",
        sa.Column("meetup_id", sa.String(200), nullable=False),
        sa.Column("community_id", sa.String, nullable=False),
        sa.Column("prefecture", sa.String, nullable=False),
        sa.Column("city", sa.String, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("start_at", ts, nullable=False),
        sa.Column("end_at", ts, nullable=False),
        sa.Column("title", sa.String, nullable=False),
        sa.Column("updated_at", ts, nullable=False),
        sa.PrimaryKeyConstraint("meetup_id", name="pk_catalog_meetups"),
    )
    # Searches page in (start, id) order; community and region narrow the most.
    op.create_index("ix_catalog_meetups_start_at_meetup_id", "catalog_meetups", ["start_at", "meetup_id"])
    op.create_index("ix_catalog_meetups_community_id_start_at", "catalog_meetups", ["community_id", "start_at"])
    op.create_index(
        "ix_catalog_meetups_prefecture_city_start_at", "catalog_meetups", ["prefecture", "city", "start_at"]
    )
    op.create_table(
        "catalog_meetup_tags",
        sa.Column("meetup_id", sa.String(200), nullable=False),
        sa.Column("tag", sa.String, nullable=False),
        sa.PrimaryKeyConstraint("meetup_id", "tag", name="pk_catalog_meetup_tags"),
    )
    op.create_index("ix_catalog_meetup_tags_tag", "catalog_meetup_tags", ["tag", "meetup_id"])
    op.create_table(
        "catalog_meetup_organizers",
        sa.Column("meetup_id", sa.String(200), nullable=False),
        sa.Column("member_id", sa.String, nullable=False),
        sa.PrimaryKeyConstraint("meetup_id", "member_id", name="pk_catalog_meetup_organizers"),
    )
    op.create_table(
        "catalog_meetup_members",
        sa.Column("meetup_id", sa.String(200), nullable=False),
        sa.Column("member_id", sa.String, nullable=False),
        sa.Column("since", ts, nullable=False),
        sa.PrimaryKeyConstraint("meetup_id", "member_id", name="pk_catalog_meetup_members"),
    )
    op.create_index("ix_catalog_meetup_members_member_id", "catalog_meetup_members", ["member_id"])
    op.create_table(
        "meetup_schedule",
        sa.Column("meetup_id", sa.String(200), nullable=False),
        sa.Column("next_due_at", ts, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("meetup_id", name="pk_meetup_schedule"),
    )
    op.create_index("ix_meetup_schedule_next_due_at", "meetup_schedule", ["next_due_at"])
    op.create_table(
        "meetup_schedule_holds",
        sa.Column("meetup_id", sa.String(200), nullable=False),
        sa.Column("schedule_version", sa.Integer, nullable=False),
        sa.Column("look_at", ts, nullable=True),
        sa.Column("dropped", sa.Text, nullable=False),
        sa.Column("failing_step", sa.String, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("retry_at", ts, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("updated_at", ts, nullable=False),
        sa.PrimaryKeyConstraint("meetup_id", name="pk_meetup_schedule_holds"),
    )


def downgrade() -> None:
    op.drop_table("meetup_schedule_holds")
    op.drop_index("ix_meetup_schedule_next_due_at", table_name="meetup_schedule")
    op.drop_table("meetup_schedule")
    op.drop_index("ix_catalog_meetup_members_member_id", table_name="catalog_meetup_members")
    op.drop_table("catalog_meetup_members")
    op.drop_table("catalog_meetup_organizers")
    op.drop_index("ix_catalog_meetup_tags_tag", table_name="catalog_meetup_tags")
    op.drop_table("catalog_meetup_tags")
    op.drop_index("ix_catalog_meetups_prefecture_city_start_at", table_name="catalog_meetups")
    op.drop_index("ix_catalog_meetups_community_id_start_at", table_name="catalog_meetups")
    op.drop_index("ix_catalog_meetups_start_at_meetup_id", table_name="catalog_meetups")
    op.drop_table("catalog_meetups")
