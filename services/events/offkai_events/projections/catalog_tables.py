"""The catalog's tables: the read model for queries across meetups.
Migration 0002 creates them; this is the code's view.

Times are ``UtcDateTime`` columns: stored in UTC and read back aware on both
backends, so comparisons hold on SQLite (which keeps no zone) too.
"""

from __future__ import annotations

from sqlalchemy import Column, MetaData, String, Table

from offkai_kit.db import UtcDateTime

metadata = MetaData()

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
    Column("start_at", UtcDateTime, nullable=False),
    Column("end_at", UtcDateTime, nullable=False),
    Column("title", String, nullable=False),
    # occurred_at of the last event that changed the row.
    Column("updated_at", UtcDateTime, nullable=False),
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
    Column("since", UtcDateTime, nullable=False),
)
