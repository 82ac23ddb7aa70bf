"""The follow-ups' tables (migration 0004 creates them): the steps still to run,
and what the trigger projection must know to find them.

Everything here is kept by ``triggers.FollowUpTriggers`` from the stream, in one
projection, so what it knows is always as of the same point of the stream: a
MemberErased finds every relationship, community and introduction the member had
before it, whatever order other projections caught up in.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

from offkai_kit.db import UtcDateTime

metadata = MetaData()

ID = 64

# Steps to run: one row per (what to do, triggering event, target). The id is
# derived from those, so it is the same on every replica and after any replay:
# it is the command's request id, and the runner's stored answers make a step
# that ran already (here or on another replica) append nothing again.
follow_up_steps = Table(
    "follow_up_steps",
    metadata,
    Column("step_id", String(ID), primary_key=True),
    # offkai_members.scheduling.steps.STEPS keys.
    Column("kind", String(40), nullable=False),
    # The step's arguments, JSON.
    Column("args", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    # When it may run (now, or later after a failure).
    Column("due_at", UtcDateTime, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=True),
)

# Both directions of every pair that has a relationship stream.
follow_up_pairs = Table(
    "follow_up_pairs",
    metadata,
    Column("member_id", String(ID), primary_key=True),
    Column("other_id", String(ID), primary_key=True),
)

follow_up_memberships = Table(
    "follow_up_memberships",
    metadata,
    Column("member_id", String(ID), primary_key=True),
    Column("community_id", String(ID), primary_key=True),
)

# Introductions still pending, per introduced member.
follow_up_introductions = Table(
    "follow_up_introductions",
    metadata,
    Column("member_id", String(ID), primary_key=True),
    Column("introduction_id", String(ID), primary_key=True),
)

follow_up_erased = Table(
    "follow_up_erased",
    metadata,
    Column("member_id", String(ID), primary_key=True),
)

# Invitations neither accepted nor declined, with their invitee once known.
follow_up_invitations = Table(
    "follow_up_invitations",
    metadata,
    Column("invitation_id", String(ID), primary_key=True),
    Column("invitee_id", String(ID), nullable=False),
    Column("target_kind", String(16), nullable=False),
    Column("target_id", String(200), nullable=False),
    Column("sent_at", UtcDateTime, nullable=False),
)

# When a member last came into a community (joined) or a meetup (RSVPed, joined a
# waitlist or entered a lottery): what accepts an invitation sent before that.
follow_up_presence = Table(
    "follow_up_presence",
    metadata,
    Column("member_id", String(ID), primary_key=True),
    Column("target_kind", String(16), primary_key=True),
    Column("target_id", String(200), primary_key=True),
    Column("since", UtcDateTime, nullable=False),
)
