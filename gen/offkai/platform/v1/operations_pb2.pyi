import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DeadLetter(_message.Message):
    __slots__ = ("id", "projection", "event_id", "event_type", "stream_id", "version", "subject", "stream_sequence", "deliveries", "error", "recorded_at", "resolved_at", "resolution", "resolved_by", "note")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROJECTION_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    STREAM_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    STREAM_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    DELIVERIES_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    id: int
    projection: str
    event_id: str
    event_type: str
    stream_id: str
    version: int
    subject: str
    stream_sequence: int
    deliveries: int
    error: str
    recorded_at: _timestamp_pb2.Timestamp
    resolved_at: _timestamp_pb2.Timestamp
    resolution: str
    resolved_by: str
    note: str
    def __init__(self, id: _Optional[int] = ..., projection: _Optional[str] = ..., event_id: _Optional[str] = ..., event_type: _Optional[str] = ..., stream_id: _Optional[str] = ..., version: _Optional[int] = ..., subject: _Optional[str] = ..., stream_sequence: _Optional[int] = ..., deliveries: _Optional[int] = ..., error: _Optional[str] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolution: _Optional[str] = ..., resolved_by: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ListDeadLettersRequest(_message.Message):
    __slots__ = ("projection", "page_size", "page_token", "include_resolved")
    PROJECTION_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RESOLVED_FIELD_NUMBER: _ClassVar[int]
    projection: str
    page_size: int
    page_token: str
    include_resolved: bool
    def __init__(self, projection: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., include_resolved: _Optional[bool] = ...) -> None: ...

class ListDeadLettersResponse(_message.Message):
    __slots__ = ("dead_letters", "next_page_token")
    DEAD_LETTERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    dead_letters: _containers.RepeatedCompositeFieldContainer[DeadLetter]
    next_page_token: str
    def __init__(self, dead_letters: _Optional[_Iterable[_Union[DeadLetter, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ReplayDeadLetterRequest(_message.Message):
    __slots__ = ("projection", "dead_letter_id")
    PROJECTION_FIELD_NUMBER: _ClassVar[int]
    DEAD_LETTER_ID_FIELD_NUMBER: _ClassVar[int]
    projection: str
    dead_letter_id: int
    def __init__(self, projection: _Optional[str] = ..., dead_letter_id: _Optional[int] = ...) -> None: ...

class ReplayDeadLetterResponse(_message.Message):
    __slots__ = ("applied",)
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    applied: int
    def __init__(self, applied: _Optional[int] = ...) -> None: ...

class SkipDeadLetterRequest(_message.Message):
    __slots__ = ("projection", "dead_letter_id", "note")
    PROJECTION_FIELD_NUMBER: _ClassVar[int]
    DEAD_LETTER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    projection: str
    dead_letter_id: int
    note: str
    def __init__(self, projection: _Optional[str] = ..., dead_letter_id: _Optional[int] = ..., note: _Optional[str] = ...) -> None: ...

class SkipDeadLetterResponse(_message.Message):
    __slots__ = ("applied",)
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    applied: int
    def __init__(self, applied: _Optional[int] = ...) -> None: ...

class BlockedAggregate(_message.Message):
    __slots__ = ("projection", "stream_id", "applied_version", "first_parked_version", "parked_since", "reason")
    PROJECTION_FIELD_NUMBER: _ClassVar[int]
    STREAM_ID_FIELD_NUMBER: _ClassVar[int]
    APPLIED_VERSION_FIELD_NUMBER: _ClassVar[int]
    FIRST_PARKED_VERSION_FIELD_NUMBER: _ClassVar[int]
    PARKED_SINCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    projection: str
    stream_id: str
    applied_version: int
    first_parked_version: int
    parked_since: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, projection: _Optional[str] = ..., stream_id: _Optional[str] = ..., applied_version: _Optional[int] = ..., first_parked_version: _Optional[int] = ..., parked_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class ListBlockedAggregatesRequest(_message.Message):
    __slots__ = ("projection",)
    PROJECTION_FIELD_NUMBER: _ClassVar[int]
    projection: str
    def __init__(self, projection: _Optional[str] = ...) -> None: ...

class ListBlockedAggregatesResponse(_message.Message):
    __slots__ = ("aggregates",)
    AGGREGATES_FIELD_NUMBER: _ClassVar[int]
    aggregates: _containers.RepeatedCompositeFieldContainer[BlockedAggregate]
    def __init__(self, aggregates: _Optional[_Iterable[_Union[BlockedAggregate, _Mapping]]] = ...) -> None: ...

class ProjectionStatus(_message.Message):
    __slots__ = ("projection", "consumer", "checkpoint", "pending", "dead_letters", "parked", "blocked_aggregates", "stalled_aggregates", "active")
    PROJECTION_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    DEAD_LETTERS_FIELD_NUMBER: _ClassVar[int]
    PARKED_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_AGGREGATES_FIELD_NUMBER: _ClassVar[int]
    STALLED_AGGREGATES_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    projection: str
    consumer: str
    checkpoint: int
    pending: int
    dead_letters: int
    parked: int
    blocked_aggregates: int
    stalled_aggregates: int
    active: bool
    def __init__(self, projection: _Optional[str] = ..., consumer: _Optional[str] = ..., checkpoint: _Optional[int] = ..., pending: _Optional[int] = ..., dead_letters: _Optional[int] = ..., parked: _Optional[int] = ..., blocked_aggregates: _Optional[int] = ..., stalled_aggregates: _Optional[int] = ..., active: _Optional[bool] = ...) -> None: ...

class GetProjectionStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetProjectionStatusResponse(_message.Message):
    __slots__ = ("projections",)
    PROJECTIONS_FIELD_NUMBER: _ClassVar[int]
    projections: _containers.RepeatedCompositeFieldContainer[ProjectionStatus]
    def __init__(self, projections: _Optional[_Iterable[_Union[ProjectionStatus, _Mapping]]] = ...) -> None: ...

class RebuildProjectionRequest(_message.Message):
    __slots__ = ("projection", "force")
    PROJECTION_FIELD_NUMBER: _ClassVar[int]
    FORCE_FIELD_NUMBER: _ClassVar[int]
    projection: str
    force: bool
    def __init__(self, projection: _Optional[str] = ..., force: _Optional[bool] = ...) -> None: ...

class RebuildProjectionResponse(_message.Message):
    __slots__ = ("replayed",)
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    replayed: int
    def __init__(self, replayed: _Optional[int] = ...) -> None: ...

class AuditStreamRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AuditStreamResponse(_message.Message):
    __slots__ = ("on_stream", "in_store", "republished")
    ON_STREAM_FIELD_NUMBER: _ClassVar[int]
    IN_STORE_FIELD_NUMBER: _ClassVar[int]
    REPUBLISHED_FIELD_NUMBER: _ClassVar[int]
    on_stream: int
    in_store: int
    republished: int
    def __init__(self, on_stream: _Optional[int] = ..., in_store: _Optional[int] = ..., republished: _Optional[int] = ...) -> None: ...

class RepublishEventsRequest(_message.Message):
    __slots__ = ("from_position",)
    FROM_POSITION_FIELD_NUMBER: _ClassVar[int]
    from_position: int
    def __init__(self, from_position: _Optional[int] = ...) -> None: ...

class RepublishEventsResponse(_message.Message):
    __slots__ = ("queued",)
    QUEUED_FIELD_NUMBER: _ClassVar[int]
    queued: int
    def __init__(self, queued: _Optional[int] = ...) -> None: ...
