"""The scheduler's tables: reminders still to send (kept by the meetups
projection, in the transaction that applies the event that makes, moves or
drops them) and when each member's next weekly digest is due (kept by the
scheduler itself). Migration 0005 creates them; this is the code's view."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table

from offkai_kit.db import UtcDateTime

metadata = MetaData()

# One row per (meetup, member going, offset): sent and deleted at ``due_at``.
reminders = Table(
    "notify_reminders",
    metadata,
    Column("meetup_id", String(200), primary_key=True),
    Column("member_id", String(128), primary_key=True),
    # domain.reminders.Reminder.key, e.g. "P1D", "PT1H".
    Column("offset_key", String(16), primary_key=True),
    Column("offset_seconds", Integer, nullable=False),
    Column("due_at", UtcDateTime, nullable=False, index=True),
)

# When each member's next digest is due (their local Monday morning).
digests = Table(
    "notify_digests",
    metadata,
    Column("member_id", String(128), primary_key=True),
    Column("due_at", UtcDateTime, nullable=False, index=True),
)
