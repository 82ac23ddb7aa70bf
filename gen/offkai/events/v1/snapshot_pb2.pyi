import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from offkai.events.v1 import events_pb2 as _events_pb2
from offkai.events.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MeetupSnapshot(_message.Message):
    __slots__ = ("meetup_id", "status", "details", "frames", "rsvps", "check_ins", "check_in_code", "sequence", "next_ticket", "created_at", "updated_at", "published_at", "cancellation_reason", "seat_confirmation_requested_at", "seat_release_at", "seat_confirmation_closed", "ended_at", "rsvp_columns", "queues")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    RSVPS_FIELD_NUMBER: _ClassVar[int]
    CHECK_INS_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_CODE_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    NEXT_TICKET_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    CANCELLATION_REASON_FIELD_NUMBER: _ClassVar[int]
    SEAT_CONFIRMATION_REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    SEAT_RELEASE_AT_FIELD_NUMBER: _ClassVar[int]
    SEAT_CONFIRMATION_CLOSED_FIELD_NUMBER: _ClassVar[int]
    ENDED_AT_FIELD_NUMBER: _ClassVar[int]
    RSVP_COLUMNS_FIELD_NUMBER: _ClassVar[int]
    QUEUES_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    status: _types_pb2.MeetupStatus
    details: _types_pb2.MeetupDetails
    frames: _containers.RepeatedCompositeFieldContainer[FrameSnapshot]
    rsvps: _containers.RepeatedCompositeFieldContainer[RsvpSnapshot]
    check_ins: _containers.RepeatedCompositeFieldContainer[CheckInSnapshot]
    check_in_code: str
    sequence: int
    next_ticket: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    published_at: _timestamp_pb2.Timestamp
    cancellation_reason: str
    seat_confirmation_requested_at: _timestamp_pb2.Timestamp
    seat_release_at: _timestamp_pb2.Timestamp
    seat_confirmation_closed: bool
    ended_at: _timestamp_pb2.Timestamp
    rsvp_columns: RsvpColumns
    queues: _containers.RepeatedCompositeFieldContainer[FrameQueuesSnapshot]
    def __init__(self, meetup_id: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.MeetupStatus, str]] = ..., details: _Optional[_Union[_types_pb2.MeetupDetails, _Mapping]] = ..., frames: _Optional[_Iterable[_Union[FrameSnapshot, _Mapping]]] = ..., rsvps: _Optional[_Iterable[_Union[RsvpSnapshot, _Mapping]]] = ..., check_ins: _Optional[_Iterable[_Union[CheckInSnapshot, _Mapping]]] = ..., check_in_code: _Optional[str] = ..., sequence: _Optional[int] = ..., next_ticket: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cancellation_reason: _Optional[str] = ..., seat_confirmation_requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., seat_release_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., seat_confirmation_closed: _Optional[bool] = ..., ended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., rsvp_columns: _Optional[_Union[RsvpColumns, _Mapping]] = ..., queues: _Optional[_Iterable[_Union[FrameQueuesSnapshot, _Mapping]]] = ...) -> None: ...

class FrameQueuesSnapshot(_message.Message):
    __slots__ = ("frame", "going", "waitlisted", "applied")
    FRAME_FIELD_NUMBER: _ClassVar[int]
    GOING_FIELD_NUMBER: _ClassVar[int]
    WAITLISTED_FIELD_NUMBER: _ClassVar[int]
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    frame: int
    going: _containers.RepeatedScalarFieldContainer[str]
    waitlisted: _containers.RepeatedScalarFieldContainer[str]
    applied: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, frame: _Optional[int] = ..., going: _Optional[_Iterable[str]] = ..., waitlisted: _Optional[_Iterable[str]] = ..., applied: _Optional[_Iterable[str]] = ...) -> None: ...

class RsvpColumns(_message.Message):
    __slots__ = ("frames", "member_ids", "statuses", "tickets", "seat_confirmed", "updated_at_micros", "without_updated_at", "details")
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    MEMBER_IDS_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    TICKETS_FIELD_NUMBER: _ClassVar[int]
    SEAT_CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_MICROS_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    frames: _containers.RepeatedScalarFieldContainer[int]
    member_ids: _containers.RepeatedScalarFieldContainer[str]
    statuses: _containers.RepeatedScalarFieldContainer[_types_pb2.RsvpStatus]
    tickets: _containers.RepeatedScalarFieldContainer[int]
    seat_confirmed: _containers.RepeatedScalarFieldContainer[bool]
    updated_at_micros: _containers.RepeatedScalarFieldContainer[int]
    without_updated_at: _containers.RepeatedScalarFieldContainer[int]
    details: _containers.RepeatedScalarFieldContainer[bytes]
    def __init__(self, frames: _Optional[_Iterable[int]] = ..., member_ids: _Optional[_Iterable[str]] = ..., statuses: _Optional[_Iterable[_Union[_types_pb2.RsvpStatus, str]]] = ..., tickets: _Optional[_Iterable[int]] = ..., seat_confirmed: _Optional[_Iterable[bool]] = ..., updated_at_micros: _Optional[_Iterable[int]] = ..., without_updated_at: _Optional[_Iterable[int]] = ..., details: _Optional[_Iterable[bytes]] = ...) -> None: ...

class FrameSnapshot(_message.Message):
    __slots__ = ("frame", "drawn", "lottery_seed")
    FRAME_FIELD_NUMBER: _ClassVar[int]
    DRAWN_FIELD_NUMBER: _ClassVar[int]
    LOTTERY_SEED_FIELD_NUMBER: _ClassVar[int]
    frame: _types_pb2.Frame
    drawn: bool
    lottery_seed: str
    def __init__(self, frame: _Optional[_Union[_types_pb2.Frame, _Mapping]] = ..., drawn: _Optional[bool] = ..., lottery_seed: _Optional[str] = ...) -> None: ...

class RsvpSnapshot(_message.Message):
    __slots__ = ("frame_id", "member_id", "status", "ticket", "details", "seat_confirmed", "updated_at")
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TICKET_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    SEAT_CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    frame_id: str
    member_id: str
    status: _types_pb2.RsvpStatus
    ticket: int
    details: _types_pb2.RsvpDetails
    seat_confirmed: bool
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, frame_id: _Optional[str] = ..., member_id: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.RsvpStatus, str]] = ..., ticket: _Optional[int] = ..., details: _Optional[_Union[_types_pb2.RsvpDetails, _Mapping]] = ..., seat_confirmed: _Optional[bool] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CheckInSnapshot(_message.Message):
    __slots__ = ("member_id", "frame_id", "method", "checked_in_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    CHECKED_IN_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    frame_id: str
    method: _events_pb2.CheckInMethod
    checked_in_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., method: _Optional[_Union[_events_pb2.CheckInMethod, str]] = ..., checked_in_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
