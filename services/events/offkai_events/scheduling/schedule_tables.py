"""The scheduler's tables: when each published meetup next needs a timed step
(kept by ``ScheduleProjection``), and the scheduler's own notes per meetup.
Migration 0002 creates them; this is the code's view.

Times are ``UtcDateTime`` columns: stored in UTC and read back aware on both
backends, so comparisons hold on SQLite (which keeps no zone) too.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

from offkai_kit.db import UtcDateTime

metadata = MetaData()

# When each published meetup next needs a timed step (ScheduleProjection).
# ``version`` is the stream version of the event that last set the row.
meetup_schedule = Table(
    "meetup_schedule",
    metadata,
    Column("meetup_id", String(200), primary_key=True),
    Column("next_due_at", UtcDateTime, nullable=False),
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
    Column("look_at", UtcDateTime, nullable=True),
    # Step keys given up on (their decide raised FailedPrecondition), one per line.
    Column("dropped", Text, nullable=False),
    # A step that failed otherwise, retried with backoff.
    Column("failing_step", String, nullable=True),
    Column("attempts", Integer, nullable=False),
    Column("retry_at", UtcDateTime, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("updated_at", UtcDateTime, nullable=False),
)
