"""The catalog's tables: the read model for queries across meetups, and the
schedule of timed steps. Migration 0002 creates them; this is the code's view.

Times are ``UtcDateTime`` columns: stored in UTC and read back aware on both
backends, so comparisons hold on SQLite (which keeps no zone) too.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

from offkai_kit.db import UtcDateTime

metadata = MetaData()

Instant = UtcDateTime

# One row per meetup, from MeetupScheduled/Published/Updated/Cancelled/Ended.
catalog_meetups = Table(
    "catalog_meetups",
    metadata,
    Column("meetup_id", String(200), primary_key=True),
    Column("community_id", String, nullable=False),
    Column("prefecture", String, nullable=False),
    Column("city", String, nullable=False),
    # offkai_events.domain.state.MeetupStatus values.
    Column("status", String(16), nullable=False),
    Column("start_at", Instant, nullable=False),
    Column("end_at", Instant, nullable=False),
    Column("title", String, nullable=False),
    # occurred_at of the last event that changed the row.
    Column("updated_at", Instant, nullable=False),
)

catalog_meetup_tags = Table(
    "catalog_meetup_tags",
    metadata,
    Column("meetup_id", String(200), primary_key=True),
    Column("tag", String, primary_key=True),
)

# Rows rather than a column, so "drafts this member organizes" is an indexed lookup.
catalog_meetup_organizers = Table(
    "catalog_meetup_organizers",
    metadata,
    Column("meetup_id", String(200), primary_key=True),
    Column("member_id", String, primary_key=True),
)

# Everyone who ever RSVPed, entered a lottery or checked in; never removed.
catalog_meetup_members = Table(
    "catalog_meetup_members",
    metadata,
    Column("meetup_id", String(200), primary_key=True),
    Column("member_id", String, primary_key=True),
    Column("since", Instant, nullable=False),
)

# When each published meetup next needs a timed step (ScheduleProjection).
# ``version`` is the stream version of the event that last set the row.
meetup_schedule = Table(
    "meetup_schedule",
    metadata,
    Column("meetup_id", String(200), primary_key=True),
    Column("next_due_at", Instant, nullable=False),
    Column("version", Integer, nullable=False),
)

# The scheduler's own bookkeeping per meetup (not a projection: it records what
# the scheduler did, so a rebuild of meetup_schedule leaves it alone).
meetup_schedule_holds = Table(
    "meetup_schedule_holds",
    metadata,
    Column("meetup_id", String(200), primary_key=True),
    # The meetup_schedule.version that ``look_at`` was worked out against; when
    # the schedule row moves on, look_at no longer applies.
    Column("schedule_version", Integer, nullable=False),
    # When the scheduler should look again; NULL: nothing to do at that version.
    Column("look_at", Instant, nullable=True),
    # Step keys given up on (their decide raised FailedPrecondition), one per line.
    Column("dropped", Text, nullable=False),
    # A step that failed otherwise, retried with backoff.
    Column("failing_step", String, nullable=True),
    Column("attempts", Integer, nullable=False),
    Column("retry_at", Instant, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("updated_at", Instant, nullable=False),
)
