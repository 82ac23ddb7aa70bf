import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from offkai.notify.v1 import types_pb2 as _types_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BroadcastToSegmentRequest(_message.Message):
    __slots__ = ("request_id", "meetup_id", "segment", "frame_id", "subject", "body")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meetup_id: str
    segment: _types_pb2.BroadcastSegment
    frame_id: str
    subject: str
    body: str
    def __init__(self, request_id: _Optional[str] = ..., meetup_id: _Optional[str] = ..., segment: _Optional[_Union[_types_pb2.BroadcastSegment, str]] = ..., frame_id: _Optional[str] = ..., subject: _Optional[str] = ..., body: _Optional[str] = ...) -> None: ...

class BroadcastToSegmentResponse(_message.Message):
    __slots__ = ("broadcast_id", "triggering_event_id", "requested_at")
    BROADCAST_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGERING_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    broadcast_id: str
    triggering_event_id: str
    requested_at: _timestamp_pb2.Timestamp
    def __init__(self, broadcast_id: _Optional[str] = ..., triggering_event_id: _Optional[str] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
