"""Members' own tables: hidden handle values, the read models (directory,
relationships, communities, introductions, invitations, attendance) and the
follow-ups (steps to run, and what their triggers know).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ID = 64
MEETUP_ID = 200


def _table(name: str, *columns, key: tuple[str, ...]) -> None:
    op.create_table(name, *columns, sa.PrimaryKeyConstraint(*key, name=f"pk_{name}"))


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    s = sa.String
    _table(
        "hidden_handle_values",
        sa.Column("member_id", s(ID), nullable=False),
        sa.Column("handle_id", s(ID), nullable=False),
        sa.Column("sealed_value", sa.Text, nullable=False),
        key=("member_id", "handle_id"),
    )

    # -- directory
    _table(
        "directory_members",
        sa.Column("member_id", s(ID), nullable=False),
        sa.Column("display_name", s, nullable=False),
        sa.Column("region_prefecture", s, nullable=False),
        sa.Column("region_city", s, nullable=False),
        sa.Column("prefecture_key", s, nullable=False),
        sa.Column("city_key", s, nullable=False),
        sa.Column("locale", s(8), nullable=False),
        sa.Column("registered_at", ts, nullable=False),
        key=("member_id",),
    )
    op.create_index("ix_directory_members_region", "directory_members", ["prefecture_key", "city_key"])
    _table(
        "directory_interests",
        sa.Column("member_id", s(ID), nullable=False),
        sa.Column("interest", s, nullable=False),
        key=("member_id", "interest"),
    )
    op.create_index("ix_directory_interests_interest", "directory_interests", ["interest", "member_id"])

    # -- relationships
    _table(
        "relationship_connections",
        sa.Column("member_id", s(ID), nullable=False),
        sa.Column("other_id", s(ID), nullable=False),
        sa.Column("connected_at", ts, nullable=False),
        sa.Column("provenance", sa.LargeBinary, nullable=False),
        key=("member_id", "other_id"),
    )
    op.create_index(
        "ix_relationship_connections_member_id_connected_at",
        "relationship_connections",
        ["member_id", "connected_at", "other_id"],
    )
    _table(
        "relationship_requests",
        sa.Column("requester_id", s(ID), nullable=False),
        sa.Column("addressee_id", s(ID), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("met_at", sa.LargeBinary, nullable=False),
        sa.Column("requested_at", ts, nullable=False),
        key=("requester_id", "addressee_id"),
    )
    op.create_index(
        "ix_relationship_requests_addressee_id", "relationship_requests", ["addressee_id", "requested_at"]
    )
    op.create_index(
        "ix_relationship_requests_requester_id", "relationship_requests", ["requester_id", "requested_at"]
    )
    _table(
        "relationship_blocks",
        sa.Column("blocker_id", s(ID), nullable=False),
        sa.Column("blocked_id", s(ID), nullable=False),
        sa.Column("blocked_at", ts, nullable=False),
        key=("blocker_id", "blocked_id"),
    )
    op.create_index("ix_relationship_blocks_blocked_id", "relationship_blocks", ["blocked_id"])

    # -- communities
    _table(
        "communities",
        sa.Column("community_id", s(ID), nullable=False),
        sa.Column("name", s, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("region_prefecture", s, nullable=False),
        sa.Column("region_city", s, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("created_by", s(ID), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("member_count", sa.Integer, nullable=False),
        sa.Column("follower_count", sa.Integer, nullable=False),
        key=("community_id",),
    )
    op.create_index("ix_communities_name", "communities", ["name", "community_id"])
    _table(
        "community_tags",
        sa.Column("community_id", s(ID), nullable=False),
        sa.Column("tag", s, nullable=False),
        key=("community_id", "tag"),
    )
    op.create_index("ix_community_tags_tag", "community_tags", ["tag", "community_id"])
    _table(
        "community_members",
        sa.Column("community_id", s(ID), nullable=False),
        sa.Column("member_id", s(ID), nullable=False),
        sa.Column("role", s(16), nullable=False),
        sa.Column("role_rank", sa.Integer, nullable=False),
        sa.Column("joined_at", ts, nullable=False),
        key=("community_id", "member_id"),
    )
    op.create_index("ix_community_members_member_id", "community_members", ["member_id"])
    op.create_index(
        "ix_community_members_listing", "community_members", ["community_id", "role_rank", "joined_at", "member_id"]
    )
    _table(
        "community_followers",
        sa.Column("community_id", s(ID), nullable=False),
        sa.Column("member_id", s(ID), nullable=False),
        sa.Column("followed_at", ts, nullable=False),
        key=("community_id", "member_id"),
    )
    op.create_index("ix_community_followers_member_id", "community_followers", ["member_id"])

    # -- introductions, invitations
    _table(
        "introduction_index",
        sa.Column("member_id", s(ID), nullable=False),
        sa.Column("introduction_id", s(ID), nullable=False),
        sa.Column("role", s(16), nullable=False),
        sa.Column("status", s(16), nullable=False),
        sa.Column("made_at", ts, nullable=False),
        key=("member_id", "introduction_id"),
    )
    op.create_index("ix_introduction_index_listing", "introduction_index", ["member_id", "made_at", "introduction_id"])
    _table(
        "invitation_index",
        sa.Column("invitation_id", s(ID), nullable=False),
        sa.Column("inviter_id", s(ID), nullable=False),
        sa.Column("invitee_id", s(ID), nullable=False),
        sa.Column("target_kind", s(16), nullable=False),
        sa.Column("target_id", s(MEETUP_ID), nullable=False),
        sa.Column("status", s(16), nullable=False),
        sa.Column("outcome", s(16), nullable=False),
        sa.Column("sent_at", ts, nullable=False),
        key=("invitation_id",),
    )
    op.create_index("ix_invitation_index_inviter_id", "invitation_index", ["inviter_id", "sent_at"])
    op.create_index("ix_invitation_index_invitee_id", "invitation_index", ["invitee_id", "sent_at"])
    op.create_index("ix_invitation_index_target", "invitation_index", ["target_kind", "target_id", "inviter_id"])

    # -- attendance
    _table(
        "meetup_refs",
        sa.Column("meetup_id", s(MEETUP_ID), nullable=False),
        sa.Column("title", s, nullable=False),
        sa.Column("start_at", ts, nullable=False),
        sa.Column("timezone", s, nullable=False),
        sa.Column("community_id", s, nullable=False),
        sa.Column("status", s(16), nullable=False),
        key=("meetup_id",),
    )
    _table(
        "meetup_organizers",
        sa.Column("meetup_id", s(MEETUP_ID), nullable=False),
        sa.Column("member_id", s(ID), nullable=False),
        key=("meetup_id", "member_id"),
    )
    _table(
        "meetup_check_ins",
        sa.Column("meetup_id", s(MEETUP_ID), nullable=False),
        sa.Column("member_id", s(ID), nullable=False),
        sa.Column("checked_in_at", ts, nullable=False),
        key=("meetup_id", "member_id"),
    )
    op.create_index("ix_meetup_check_ins_member_id", "meetup_check_ins", ["member_id"])
    _table(
        "meetup_rsvps",
        sa.Column("meetup_id", s(MEETUP_ID), nullable=False),
        sa.Column("member_id", s(ID), nullable=False),
        sa.Column("frame_id", s(ID), nullable=False),
        key=("meetup_id", "member_id", "frame_id"),
    )

    # -- follow-ups
    _table(
        "follow_up_steps",
        sa.Column("step_id", s(ID), nullable=False),
        sa.Column("kind", s(40), nullable=False),
        sa.Column("args", sa.Text, nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("due_at", ts, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=True),
        key=("step_id",),
    )
    op.create_index("ix_follow_up_steps_due_at", "follow_up_steps", ["due_at"])
    for name, second in (
        ("follow_up_pairs", "other_id"),
        ("follow_up_memberships", "community_id"),
        ("follow_up_introductions", "introduction_id"),
    ):
        _table(name, sa.Column("member_id", s(ID), nullable=False), sa.Column(second, s(ID), nullable=False),
               key=("member_id", second))
    op.create_index("ix_follow_up_introductions_introduction_id", "follow_up_introductions", ["introduction_id"])
    _table("follow_up_erased", sa.Column("member_id", s(ID), nullable=False), key=("member_id",))
    _table(
        "follow_up_invitations",
        sa.Column("invitation_id", s(ID), nullable=False),
        sa.Column("invitee_id", s(ID), nullable=False),
        sa.Column("target_kind", s(16), nullable=False),
        sa.Column("target_id", s(MEETUP_ID), nullable=False),
        sa.Column("sent_at", ts, nullable=False),
        key=("invitation_id",),
    )
    op.create_index(
        "ix_follow_up_invitations_invitee", "follow_up_invitations", ["invitee_id", "target_kind", "target_id"]
    )
    _table(
        "follow_up_presence",
        sa.Column("member_id", s(ID), nullable=False),
        sa.Column("target_kind", s(16), nullable=False),
        sa.Column("target_id", s(MEETUP_ID), nullable=False),
        sa.Column("since", ts, nullable=False),
        key=("member_id", "target_kind", "target_id"),
    )


TABLES = (
    "follow_up_presence",
    "follow_up_invitations",
    "follow_up_erased",
    "follow_up_introductions",
    "follow_up_memberships",
    "follow_up_pairs",
    "follow_up_steps",
    "meetup_rsvps",
    "meetup_check_ins",
    "meetup_organizers",
    "meetup_refs",
    "invitation_index",
    "introduction_index",
    "community_followers",
    "community_members",
    "community_tags",
    "communities",
    "relationship_blocks",
    "relationship_requests",
    "relationship_connections",
    "directory_interests",
    "directory_members",
    "hidden_handle_values",
)


def downgrade() -> None:
    # Dropping a table drops its indexes with it, on both backends.
    for name in TABLES:
        op.drop_table(name)
