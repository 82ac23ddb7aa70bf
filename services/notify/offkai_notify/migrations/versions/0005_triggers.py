"""The triggers' read models (meetups, frames, RSVPs, communities, subscribers'
channels and preferences), the reminders and digests to send, and the
recipients' region (for "near me").

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _utc(name: str, **kw) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), **kw)


def upgrade() -> None:
    # Filled by the recipients projection from the member's profile; a rebuild
    # of "recipients" fills it for members registered before this revision.
    op.add_column("recipients", sa.Column("prefecture", sa.String(64), nullable=False, server_default=""))
    op.create_table(
        "notify_meetups",
        sa.Column("meetup_id", sa.String(200), primary_key=True),
        sa.Column("community_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("prefecture", sa.String(64), nullable=False),
        _utc("start_at", nullable=False),
        sa.Column("details", sa.LargeBinary, nullable=False),
        _utc("updated_at", nullable=False),
    )
    op.create_index("ix_notify_meetups_region", "notify_meetups", ["prefecture", "status", "start_at"])
    op.create_table(
        "notify_meetup_frames",
        sa.Column("meetup_id", sa.String(200), primary_key=True),
        sa.Column("frame_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("main_session", sa.Boolean, nullable=False),
    )
    op.create_table(
        "notify_meetup_rsvps",
        sa.Column("meetup_id", sa.String(200), primary_key=True),
        sa.Column("member_id", sa.String(128), primary_key=True),
        sa.Column("frame_id", sa.String(64), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("checked_in", sa.Boolean, nullable=False),
        sa.Column("no_show", sa.Boolean, nullable=False),
        _utc("updated_at", nullable=False),
    )
    op.create_index("ix_notify_meetup_rsvps_member", "notify_meetup_rsvps", ["member_id"])
    op.create_table(
        "notify_communities",
        sa.Column("community_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
    )
    op.create_table(
        "notify_community_members",
        sa.Column("community_id", sa.String(64), primary_key=True),
        sa.Column("member_id", sa.String(128), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("following", sa.Boolean, nullable=False),
    )
    op.create_index("ix_notify_community_members_member", "notify_community_members", ["member_id"])
    op.create_table(
        "notify_subscriber_channels",
        sa.Column("member_id", sa.String(128), primary_key=True),
        sa.Column("channel_id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
    )
    op.create_table(
        "notify_subscriber_choices",
        sa.Column("member_id", sa.String(128), primary_key=True),
        sa.Column("category", sa.String(32), primary_key=True),
        sa.Column("channel_id", sa.String(64), primary_key=True),
        sa.Column("enabled", sa.Boolean, nullable=False),
    )
    op.create_table(
        "notify_subscriber_settings",
        sa.Column("member_id", sa.String(128), primary_key=True),
        sa.Column("quiet_start", sa.String(5), nullable=False),
        sa.Column("quiet_end", sa.String(5), nullable=False),
        sa.Column("quiet_timezone", sa.String(64), nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("near_me", sa.Boolean, nullable=False),
    )
    op.create_table(
        "notify_reminders",
        sa.Column("meetup_id", sa.String(200), primary_key=True),
        sa.Column("member_id", sa.String(128), primary_key=True),
        sa.Column("offset_key", sa.String(16), primary_key=True),
        sa.Column("offset_seconds", sa.Integer, nullable=False),
        _utc("due_at", nullable=False),
    )
    op.create_index("ix_notify_reminders_due_at", "notify_reminders", ["due_at"])
    op.create_table(
        "notify_digests",
        sa.Column("member_id", sa.String(128), primary_key=True),
        _utc("due_at", nullable=False),
    )
    op.create_index("ix_notify_digests_due_at", "notify_digests", ["due_at"])


def downgrade() -> None:
    for table in ("notify_digests", "notify_reminders", "notify_subscriber_settings", "notify_subscriber_choices",
                  "notify_subscriber_channels", "notify_community_members", "notify_communities",
                  "notify_meetup_rsvps", "notify_meetup_frames", "notify_meetups"):
        op.drop_table(table)
    with op.batch_alter_table("recipients") as batch:
        batch.drop_column("prefecture")
