"""The members service's read models: the code's view of the tables migration
0004 creates. Each projection in this package owns some of them (named in the
comment above each), keeps them from the stream alone and empties them on
``reset``, so any of them can be dropped and rebuilt by replaying the stream.

Times are ``UtcDateTime`` (stored in UTC, read back aware on both backends).
Member ids are at most 64 characters, generated ids too; meetup ids come from
the events service (at most 200, like its stream ids).
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, LargeBinary, MetaData, String, Table, Text

from offkai_kit.db import UtcDateTime

metadata = MetaData()

ID = 64
MEETUP_ID = 200

# -- member_directory (projections/directory.py) ---------------------------------

# One row per registered member; gone once erased. What lists show of a member
# (MemberSummary) and what suggestions rank by (region, interests).
directory_members = Table(
    "directory_members",
    metadata,
    Column("member_id", String(ID), primary_key=True),
    Column("display_name", String, nullable=False),
    Column("region_prefecture", String, nullable=False),
    Column("region_city", String, nullable=False),
    # The prefecture and city as suggestions compare them (domain.suggestions.region_key),
    # so "same region" is an indexed equality.
    Column("prefecture_key", String, nullable=False),
    Column("city_key", String, nullable=False),
    Column("locale", String(8), nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
)

directory_interests = Table(
    "directory_interests",
    metadata,
    Column("member_id", String(ID), primary_key=True),
    # Normalised (offkai_members.domain.validate.normalize_tag).
    Column("interest", String, primary_key=True),
)

# -- relationships (projections/relationships.py) --------------------------------

# Two rows per connection, one per side, so "my connections" is one index range.
relationship_connections = Table(
    "relationship_connections",
    metadata,
    Column("member_id", String(ID), primary_key=True),
    Column("other_id", String(ID), primary_key=True),
    Column("connected_at", UtcDateTime, nullable=False),
    # offkai.members.v1.ConnectionProvenance, serialised.
    Column("provenance", LargeBinary, nullable=False),
)

relationship_requests = Table(
    "relationship_requests",
    metadata,
    Column("requester_id", String(ID), primary_key=True),
    Column("addressee_id", String(ID), primary_key=True),
    # The requester's note (personal: the row goes when either member is erased).
    Column("note", Text, nullable=False),
    # offkai.members.v1.MetAt, serialised: the meetups both had checked in at.
    Column("met_at", LargeBinary, nullable=False),
    Column("requested_at", UtcDateTime, nullable=False),
)

relationship_blocks = Table(
    "relationship_blocks",
    metadata,
    Column("blocker_id", String(ID), primary_key=True),
    Column("blocked_id", String(ID), primary_key=True),
    Column("blocked_at", UtcDateTime, nullable=False),
)

# -- communities (projections/communities.py) ------------------------------------

communities = Table(
    "communities",
    metadata,
    Column("community_id", String(ID), primary_key=True),
    Column("name", String, nullable=False),
    Column("description", Text, nullable=False),
    Column("region_prefecture", String, nullable=False),
    Column("region_city", String, nullable=False),
    # Name, description and tags case-folded: what ListCommunities' query words match.
    Column("search_text", Text, nullable=False),
    Column("created_by", String(ID), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("member_count", Integer, nullable=False),
    Column("follower_count", Integer, nullable=False),
)

community_tags = Table(
    "community_tags",
    metadata,
    Column("community_id", String(ID), primary_key=True),
    Column("tag", String, primary_key=True),
)

community_members = Table(
    "community_members",
    metadata,
    Column("community_id", String(ID), primary_key=True),
    Column("member_id", String(ID), primary_key=True),
    # offkai_members.domain.community.state.CommunityRole values.
    Column("role", String(16), nullable=False),
    # Owners 0, organizers 1, members 2: the order ListCommunityMembers shows.
    Column("role_rank", Integer, nullable=False),
    Column("joined_at", UtcDateTime, nullable=False),
)

community_followers = Table(
    "community_followers",
    metadata,
    Column("community_id", String(ID), primary_key=True),
    Column("member_id", String(ID), primary_key=True),
    Column("followed_at", UtcDateTime, nullable=False),
)

# -- introductions (projections/introductions.py) --------------------------------

# One row per member an introduction concerns: its introducer ("made") and the two
# introduced ("received").
introduction_index = Table(
    "introduction_index",
    metadata,
    Column("member_id", String(ID), primary_key=True),
    Column("introduction_id", String(ID), primary_key=True),
    Column("role", String(16), nullable=False),
    # offkai_members.domain.introduction.state.IntroductionStatus values.
    Column("status", String(16), nullable=False),
    Column("made_at", UtcDateTime, nullable=False),
)

# -- invitations (projections/invitations.py) ------------------------------------

invitation_index = Table(
    "invitation_index",
    metadata,
    Column("invitation_id", String(ID), primary_key=True),
    Column("inviter_id", String(ID), nullable=False),
    # The invited member, or who claimed an emailed invitation; "" until then.
    Column("invitee_id", String(ID), nullable=False),
    # offkai_members.domain.invitation.state.TargetKind values.
    Column("target_kind", String(16), nullable=False),
    Column("target_id", String(MEETUP_ID), nullable=False),
    # InvitationStatus values; outcome "" until accepted.
    Column("status", String(16), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("sent_at", UtcDateTime, nullable=False),
)

# -- attendance (projections/attendance.py), from the events service's stream ----

meetup_refs = Table(
    "meetup_refs",
    metadata,
    Column("meetup_id", String(MEETUP_ID), primary_key=True),
    Column("title", String, nullable=False),
    Column("start_at", UtcDateTime, nullable=False),
    Column("timezone", String, nullable=False),
    Column("community_id", String, nullable=False),
    # offkai_events' MeetupStatus values: draft, published, cancelled, ended.
    Column("status", String(16), nullable=False),
)

meetup_organizers = Table(
    "meetup_organizers",
    metadata,
    Column("meetup_id", String(MEETUP_ID), primary_key=True),
    Column("member_id", String(ID), primary_key=True),
)

# Who checked in where: AttendeeCheckedIn, never a caller's word.
meetup_check_ins = Table(
    "meetup_check_ins",
    metadata,
    Column("meetup_id", String(MEETUP_ID), primary_key=True),
    Column("member_id", String(ID), primary_key=True),
    Column("checked_in_at", UtcDateTime, nullable=False),
)

# RSVPs standing now (a seat, a waitlist place or a lottery entry), per frame.
meetup_rsvps = Table(
    "meetup_rsvps",
    metadata,
    Column("meetup_id", String(MEETUP_ID), primary_key=True),
    Column("member_id", String(ID), primary_key=True),
    Column("frame_id", String(ID), primary_key=True),
)
