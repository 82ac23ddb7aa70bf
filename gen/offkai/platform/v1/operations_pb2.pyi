import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DeadLetter(_message.Message):
    __slots__ = ("id", "projection", "event_id", "event_type", "stream_id", "version", "subject", "stream_sequence", "deliveries", "error", "recorded_at")
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
    def __init__(self, id: _Optional[int] = ..., projection: _Optional[str] = ..., event_id: _Optional[str] = ..., event_type: _Optional[str] = ..., stream_id: _Optional[str] = ..., version: _Optional[int] = ..., subject: _Optional[str] = ..., stream_sequence: _Optional[int] = ..., deliveries: _Optional[int] = ..., error: _Optional[str] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListDeadLettersRequest(_message.Message):
    __slots__ = ("projection", "page_size", "page_token")
    PROJECTION_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    projection: str
    page_size: int
    page_token: str
    def __init__(self, projection: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDeadLettersResponse(_message.Message):
    __slots__ = ("dead_letters", "next_page_token")
    DEAD_LETTERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    dead_letters: _containers.RepeatedCompositeFieldContainer[DeadLetter]
    next_page_token: str
    def __init__(self, dead_letters: _Optional[_Iterable[_Union[DeadLetter, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ProjectionStatus(_message.Message):
    __slots__ = ("projection", "consumer", "checkpoint", "pending", "dead_letters")
    PROJECTION_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    DEAD_LETTERS_FIELD_NUMBER: _ClassVar[int]
    projection: str
    consumer: str
    checkpoint: int
    pending: int
    dead_letters: int
    def __init__(self, projection: _Optional[str] = ..., consumer: _Optional[str] = ..., checkpoint: _Optional[int] = ..., pending: _Optional[int] = ..., dead_letters: _Optional[int] = ...) -> None: ...

class GetProjectionStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetProjectionStatusResponse(_message.Message):
    __slots__ = ("projections",)
    PROJECTIONS_FIELD_NUMBER: _ClassVar[int]
    projections: _containers.RepeatedCompositeFieldContainer[ProjectionStatus]
    def __init__(self, projections: _Optional[_Iterable[_Union[ProjectionStatus, _Mapping]]] = ...) -> None: ...

class RebuildProjectionRequest(_message.Message):
    __slots__ = ("projection",)
    PROJECTION_FIELD_NUMBER: _ClassVar[int]
    projection: str
    def __init__(self, projection: _Optional[str] = ...) -> None: ...

class RebuildProjectionResponse(_message.Message):
    __slots__ = ("replayed",)
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    replayed: int
    def __init__(self, replayed: _Optional[int] = ...) -> None: ...
