"""Event store on SQLAlchemy: SQLite (embedded default) and PostgreSQL."""

from offkai_kit.eventstore.records import RecordedEvent, decode_payload, subject_for
from offkai_kit.eventstore.store import EventStore, Origin, Snapshot, WrongExpectedVersion

__all__ = [
    "EventStore",
    "Origin",
    "RecordedEvent",
    "Snapshot",
    "WrongExpectedVersion",
    "decode_payload",
    "subject_for",
]
