"""Event store on SQLAlchemy: SQLite (embedded default) and PostgreSQL."""

from offkai_kit.eventstore.records import RecordedEvent, decode_payload, subject_for
from offkai_kit.eventstore.store import (
    CommandResult,
    DuplicateRequest,
    EventStore,
    Snapshot,
    WrongExpectedVersion,
)

__all__ = [
    "CommandResult",
    "DuplicateRequest",
    "EventStore",
    "RecordedEvent",
    "Snapshot",
    "WrongExpectedVersion",
    "decode_payload",
    "subject_for",
]
