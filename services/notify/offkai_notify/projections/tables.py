"""The read models notify keeps from the stream: meetups with their frames and
RSVPs, communities with their members and followers, and each subscriber's
channels and preferences (the recipients table lives with its projection).
Migration 0005 creates them; this is the code's view.

Nothing here holds personal data but member ids, which identify no one once
the member is erased: names, addresses and answers stay with their owners.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Integer, LargeBinary, MetaData, String, Table

from offkai_kit.db import UtcDateTime

metadata = MetaData()

# One row per meetup notify has seen scheduled. ``details`` is the latest
# MeetupDetails as the events service published it (venue, checklist,
# pre-meeting and organizers for reminders and broadcasts).
meetups = Table(
    "notify_meetups",
    metadata,
    Column("meetup_id", String(200), primary_key=True),
    Column("community_id", String(64), nullable=False),
    # "draft", "published", "cancelled" or "ended" (the events service's words).
    Column("status", String(16), nullable=False),
    Column("prefecture", String(64), nullable=False),
    Column("start_at", UtcDateTime, nullable=False),
    Column("details", LargeBinary, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# The frames of each meetup: their names, and whether they seat the main
# session (whose members are entitled to the join URL and the pre-meeting).
meetup_frames = Table(
    "notify_meetup_frames",
    metadata,
    Column("meetup_id", String(200), primary_key=True),
    Column("frame_id", String(64), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("main_session", Boolean, nullable=False),
)

# Where each member stands in each frame: "applied", "going", "waitlisted" or
# "cancelled"; whether they were at the meetup, or a no-show.
meetup_rsvps = Table(
    "notify_meetup_rsvps",
    metadata,
    Column("meetup_id", String(200), primary_key=True),
    Column("member_id", String(128), primary_key=True),
    Column("frame_id", String(64), primary_key=True),
    Column("status", String(16), nullable=False),
    # 1-based place on the waitlist when it was last told; 0 otherwise.
    Column("position", Integer, nullable=False),
    Column("checked_in", Boolean, nullable=False),
    Column("no_show", Boolean, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

communities = Table(
    "notify_communities",
    metadata,
    Column("community_id", String(64), primary_key=True),
    Column("name", String(120), nullable=False),
)

# Members of a community (``role`` "owner", "organizer" or "member"; empty for a
# follower who is not a member) and who follows its announcements.
community_members = Table(
    "notify_community_members",
    metadata,
    Column("community_id", String(64), primary_key=True),
    Column("member_id", String(128), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("following", Boolean, nullable=False),
)

# A subscriber's channels, without their addresses (the sender reads those
# from the subscriber aggregate at send time).
subscriber_channels = Table(
    "notify_subscriber_channels",
    metadata,
    Column("member_id", String(128), primary_key=True),
    Column("channel_id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),
    # "pending_verification" or "active".
    Column("status", String(24), nullable=False),
)

# The member's explicit choices per category and channel; anything absent
# takes the channel kind's default (domain/categories.on_by_default).
subscriber_choices = Table(
    "notify_subscriber_choices",
    metadata,
    Column("member_id", String(128), primary_key=True),
    Column("category", String(32), primary_key=True),
    Column("channel_id", String(64), primary_key=True),
    Column("enabled", Boolean, nullable=False),
)

subscriber_settings = Table(
    "notify_subscriber_settings",
    metadata,
    Column("member_id", String(128), primary_key=True),
    # "HH:MM" and an IANA zone, or all three empty: no quiet hours.
    Column("quiet_start", String(5), nullable=False),
    Column("quiet_end", String(5), nullable=False),
    Column("quiet_timezone", String(64), nullable=False),
    # "" until the member chooses: the profile's locale applies.
    Column("locale", String(8), nullable=False),
    Column("near_me", Boolean, nullable=False),
)
