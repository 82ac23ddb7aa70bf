import datetime

from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from offkai.events.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AttendanceOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ATTENDANCE_OUTCOME_UNSPECIFIED: _ClassVar[AttendanceOutcome]
    ATTENDANCE_OUTCOME_ATTENDED: _ClassVar[AttendanceOutcome]
    ATTENDANCE_OUTCOME_NO_SHOW: _ClassVar[AttendanceOutcome]
ATTENDANCE_OUTCOME_UNSPECIFIED: AttendanceOutcome
ATTENDANCE_OUTCOME_ATTENDED: AttendanceOutcome
ATTENDANCE_OUTCOME_NO_SHOW: AttendanceOutcome

class FrameOccupancy(_message.Message):
    __slots__ = ("frame_id", "going", "waitlisted", "applied", "drawn", "lottery_seed")
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    GOING_FIELD_NUMBER: _ClassVar[int]
    WAITLISTED_FIELD_NUMBER: _ClassVar[int]
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    DRAWN_FIELD_NUMBER: _ClassVar[int]
    LOTTERY_SEED_FIELD_NUMBER: _ClassVar[int]
    frame_id: str
    going: int
    waitlisted: int
    applied: int
    drawn: bool
    lottery_seed: str
    def __init__(self, frame_id: _Optional[str] = ..., going: _Optional[int] = ..., waitlisted: _Optional[int] = ..., applied: _Optional[int] = ..., drawn: _Optional[bool] = ..., lottery_seed: _Optional[str] = ...) -> None: ...

class Meetup(_message.Message):
    __slots__ = ("meetup_id", "status", "details", "frames", "occupancy", "sequence", "created_at", "updated_at", "published_at", "cancellation_reason", "check_in_code")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    OCCUPANCY_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    CANCELLATION_REASON_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_CODE_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    status: _types_pb2.MeetupStatus
    details: _types_pb2.MeetupDetails
    frames: _containers.RepeatedCompositeFieldContainer[_types_pb2.Frame]
    occupancy: _containers.RepeatedCompositeFieldContainer[FrameOccupancy]
    sequence: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    published_at: _timestamp_pb2.Timestamp
    cancellation_reason: str
    check_in_code: str
    def __init__(self, meetup_id: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.MeetupStatus, str]] = ..., details: _Optional[_Union[_types_pb2.MeetupDetails, _Mapping]] = ..., frames: _Optional[_Iterable[_Union[_types_pb2.Frame, _Mapping]]] = ..., occupancy: _Optional[_Iterable[_Union[FrameOccupancy, _Mapping]]] = ..., sequence: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cancellation_reason: _Optional[str] = ..., check_in_code: _Optional[str] = ...) -> None: ...

class Rsvp(_message.Message):
    __slots__ = ("meetup_id", "frame_id", "member_id", "status", "waitlist_position", "seat_confirmed", "checked_in", "details", "updated_at")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    WAITLIST_POSITION_FIELD_NUMBER: _ClassVar[int]
    SEAT_CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    CHECKED_IN_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    frame_id: str
    member_id: str
    status: _types_pb2.RsvpStatus
    waitlist_position: int
    seat_confirmed: bool
    checked_in: bool
    details: _types_pb2.RsvpDetails
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.RsvpStatus, str]] = ..., waitlist_position: _Optional[int] = ..., seat_confirmed: _Optional[bool] = ..., checked_in: _Optional[bool] = ..., details: _Optional[_Union[_types_pb2.RsvpDetails, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Attendee(_message.Message):
    __slots__ = ("member_id", "display_name", "frame_id", "self_introduction", "answers", "seat_confirmed", "checked_in")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    SELF_INTRODUCTION_FIELD_NUMBER: _ClassVar[int]
    ANSWERS_FIELD_NUMBER: _ClassVar[int]
    SEAT_CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    CHECKED_IN_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    display_name: str
    frame_id: str
    self_introduction: _types_pb2.SelfIntroduction
    answers: _containers.RepeatedCompositeFieldContainer[_types_pb2.Answer]
    seat_confirmed: bool
    checked_in: bool
    def __init__(self, member_id: _Optional[str] = ..., display_name: _Optional[str] = ..., frame_id: _Optional[str] = ..., self_introduction: _Optional[_Union[_types_pb2.SelfIntroduction, _Mapping]] = ..., answers: _Optional[_Iterable[_Union[_types_pb2.Answer, _Mapping]]] = ..., seat_confirmed: _Optional[bool] = ..., checked_in: _Optional[bool] = ...) -> None: ...

class ScheduleMeetupRequest(_message.Message):
    __slots__ = ("request_id", "details", "frames")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    details: _types_pb2.MeetupDetails
    frames: _containers.RepeatedCompositeFieldContainer[_types_pb2.Frame]
    def __init__(self, request_id: _Optional[str] = ..., details: _Optional[_Union[_types_pb2.MeetupDetails, _Mapping]] = ..., frames: _Optional[_Iterable[_Union[_types_pb2.Frame, _Mapping]]] = ...) -> None: ...

class ScheduleMeetupResponse(_message.Message):
    __slots__ = ("meetup", "check_in_code")
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_CODE_FIELD_NUMBER: _ClassVar[int]
    meetup: Meetup
    check_in_code: str
    def __init__(self, meetup: _Optional[_Union[Meetup, _Mapping]] = ..., check_in_code: _Optional[str] = ...) -> None: ...

class UpdateMeetupRequest(_message.Message):
    __slots__ = ("request_id", "meetup_id", "details", "update_mask")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meetup_id: str
    details: _types_pb2.MeetupDetails
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, request_id: _Optional[str] = ..., meetup_id: _Optional[str] = ..., details: _Optional[_Union[_types_pb2.MeetupDetails, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateMeetupResponse(_message.Message):
    __slots__ = ("meetup",)
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    meetup: Meetup
    def __init__(self, meetup: _Optional[_Union[Meetup, _Mapping]] = ...) -> None: ...

class PublishMeetupRequest(_message.Message):
    __slots__ = ("request_id", "meetup_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meetup_id: str
    def __init__(self, request_id: _Optional[str] = ..., meetup_id: _Optional[str] = ...) -> None: ...

class PublishMeetupResponse(_message.Message):
    __slots__ = ("meetup",)
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    meetup: Meetup
    def __init__(self, meetup: _Optional[_Union[Meetup, _Mapping]] = ...) -> None: ...

class CancelMeetupRequest(_message.Message):
    __slots__ = ("request_id", "meetup_id", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meetup_id: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., meetup_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CancelMeetupResponse(_message.Message):
    __slots__ = ("meetup",)
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    meetup: Meetup
    def __init__(self, meetup: _Optional[_Union[Meetup, _Mapping]] = ...) -> None: ...

class EndMeetupRequest(_message.Message):
    __slots__ = ("request_id", "meetup_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meetup_id: str
    def __init__(self, request_id: _Optional[str] = ..., meetup_id: _Optional[str] = ...) -> None: ...

class EndMeetupResponse(_message.Message):
    __slots__ = ("meetup",)
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    meetup: Meetup
    def __init__(self, meetup: _Optional[_Union[Meetup, _Mapping]] = ...) -> None: ...

class RotateCheckInCodeRequest(_message.Message):
    __slots__ = ("request_id", "meetup_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meetup_id: str
    def __init__(self, request_id: _Optional[str] = ..., meetup_id: _Optional[str] = ...) -> None: ...

class RotateCheckInCodeResponse(_message.Message):
    __slots__ = ("check_in_code",)
    CHECK_IN_CODE_FIELD_NUMBER: _ClassVar[int]
    check_in_code: str
    def __init__(self, check_in_code: _Optional[str] = ...) -> None: ...

class AddFrameRequest(_message.Message):
    __slots__ = ("request_id", "meetup_id", "frame")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meetup_id: str
    frame: _types_pb2.Frame
    def __init__(self, request_id: _Optional[str] = ..., meetup_id: _Optional[str] = ..., frame: _Optional[_Union[_types_pb2.Frame, _Mapping]] = ...) -> None: ...

class AddFrameResponse(_message.Message):
    __slots__ = ("meetup",)
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    meetup: Meetup
    def __init__(self, meetup: _Optional[_Union[Meetup, _Mapping]] = ...) -> None: ...

class ChangeFrameCapacityRequest(_message.Message):
    __slots__ = ("request_id", "meetup_id", "frame_id", "capacity", "keep_waitlist")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    KEEP_WAITLIST_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meetup_id: str
    frame_id: str
    capacity: int
    keep_waitlist: bool
    def __init__(self, request_id: _Optional[str] = ..., meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., capacity: _Optional[int] = ..., keep_waitlist: _Optional[bool] = ...) -> None: ...

class ChangeFrameCapacityResponse(_message.Message):
    __slots__ = ("meetup",)
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    meetup: Meetup
    def __init__(self, meetup: _Optional[_Union[Meetup, _Mapping]] = ...) -> None: ...

class RsvpToFrameRequest(_message.Message):
    __slots__ = ("request_id", "meetup_id", "frame_id", "member_id", "details")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meetup_id: str
    frame_id: str
    member_id: str
    details: _types_pb2.RsvpDetails
    def __init__(self, request_id: _Optional[str] = ..., meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ..., details: _Optional[_Union[_types_pb2.RsvpDetails, _Mapping]] = ...) -> None: ...

class RsvpToFrameResponse(_message.Message):
    __slots__ = ("rsvp",)
    RSVP_FIELD_NUMBER: _ClassVar[int]
    rsvp: Rsvp
    def __init__(self, rsvp: _Optional[_Union[Rsvp, _Mapping]] = ...) -> None: ...

class UpdateRsvpRequest(_message.Message):
    __slots__ = ("request_id", "meetup_id", "frame_id", "member_id", "details")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meetup_id: str
    frame_id: str
    member_id: str
    details: _types_pb2.RsvpDetails
    def __init__(self, request_id: _Optional[str] = ..., meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ..., details: _Optional[_Union[_types_pb2.RsvpDetails, _Mapping]] = ...) -> None: ...

class UpdateRsvpResponse(_message.Message):
    __slots__ = ("rsvp",)
    RSVP_FIELD_NUMBER: _ClassVar[int]
    rsvp: Rsvp
    def __init__(self, rsvp: _Optional[_Union[Rsvp, _Mapping]] = ...) -> None: ...

class CancelRsvpRequest(_message.Message):
    __slots__ = ("request_id", "meetup_id", "frame_id", "member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meetup_id: str
    frame_id: str
    member_id: str
    def __init__(self, request_id: _Optional[str] = ..., meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ...) -> None: ...

class CancelRsvpResponse(_message.Message):
    __slots__ = ("rsvp",)
    RSVP_FIELD_NUMBER: _ClassVar[int]
    rsvp: Rsvp
    def __init__(self, rsvp: _Optional[_Union[Rsvp, _Mapping]] = ...) -> None: ...

class ConfirmSeatRequest(_message.Message):
    __slots__ = ("request_id", "meetup_id", "frame_id", "member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meetup_id: str
    frame_id: str
    member_id: str
    def __init__(self, request_id: _Optional[str] = ..., meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ...) -> None: ...

class ConfirmSeatResponse(_message.Message):
    __slots__ = ("rsvp",)
    RSVP_FIELD_NUMBER: _ClassVar[int]
    rsvp: Rsvp
    def __init__(self, rsvp: _Optional[_Union[Rsvp, _Mapping]] = ...) -> None: ...

class ReleaseSeatRequest(_message.Message):
    __slots__ = ("request_id", "meetup_id", "frame_id", "member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meetup_id: str
    frame_id: str
    member_id: str
    def __init__(self, request_id: _Optional[str] = ..., meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ...) -> None: ...

class ReleaseSeatResponse(_message.Message):
    __slots__ = ("rsvp",)
    RSVP_FIELD_NUMBER: _ClassVar[int]
    rsvp: Rsvp
    def __init__(self, rsvp: _Optional[_Union[Rsvp, _Mapping]] = ...) -> None: ...

class CheckInRequest(_message.Message):
    __slots__ = ("request_id", "meetup_id", "member_id", "code")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meetup_id: str
    member_id: str
    code: str
    def __init__(self, request_id: _Optional[str] = ..., meetup_id: _Optional[str] = ..., member_id: _Optional[str] = ..., code: _Optional[str] = ...) -> None: ...

class CheckInResponse(_message.Message):
    __slots__ = ("meetup_id", "member_id", "frame_id", "checked_in_at")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    CHECKED_IN_AT_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    member_id: str
    frame_id: str
    checked_in_at: _timestamp_pb2.Timestamp
    def __init__(self, meetup_id: _Optional[str] = ..., member_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., checked_in_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetMeetupRequest(_message.Message):
    __slots__ = ("meetup_id",)
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    def __init__(self, meetup_id: _Optional[str] = ...) -> None: ...

class GetMeetupResponse(_message.Message):
    __slots__ = ("meetup",)
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    meetup: Meetup
    def __init__(self, meetup: _Optional[_Union[Meetup, _Mapping]] = ...) -> None: ...

class ListMeetupsRequest(_message.Message):
    __slots__ = ("community_id", "prefecture", "city", "tag", "starts_after", "starts_before", "statuses", "query", "page_size", "page_token")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    PREFECTURE_FIELD_NUMBER: _ClassVar[int]
    CITY_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    STARTS_AFTER_FIELD_NUMBER: _ClassVar[int]
    STARTS_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    prefecture: str
    city: str
    tag: str
    starts_after: _timestamp_pb2.Timestamp
    starts_before: _timestamp_pb2.Timestamp
    statuses: _containers.RepeatedScalarFieldContainer[_types_pb2.MeetupStatus]
    query: str
    page_size: int
    page_token: str
    def __init__(self, community_id: _Optional[str] = ..., prefecture: _Optional[str] = ..., city: _Optional[str] = ..., tag: _Optional[str] = ..., starts_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., starts_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., statuses: _Optional[_Iterable[_Union[_types_pb2.MeetupStatus, str]]] = ..., query: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListMeetupsResponse(_message.Message):
    __slots__ = ("meetups", "next_page_token")
    MEETUPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    meetups: _containers.RepeatedCompositeFieldContainer[Meetup]
    next_page_token: str
    def __init__(self, meetups: _Optional[_Iterable[_Union[Meetup, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListAttendeesRequest(_message.Message):
    __slots__ = ("meetup_id", "frame_id", "page_size", "page_token")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    frame_id: str
    page_size: int
    page_token: str
    def __init__(self, meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAttendeesResponse(_message.Message):
    __slots__ = ("attendees", "next_page_token")
    ATTENDEES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    attendees: _containers.RepeatedCompositeFieldContainer[Attendee]
    next_page_token: str
    def __init__(self, attendees: _Optional[_Iterable[_Union[Attendee, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetWaitlistPositionRequest(_message.Message):
    __slots__ = ("meetup_id", "frame_id", "member_id")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    frame_id: str
    member_id: str
    def __init__(self, meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ...) -> None: ...

class GetWaitlistPositionResponse(_message.Message):
    __slots__ = ("position", "waitlist_length")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    WAITLIST_LENGTH_FIELD_NUMBER: _ClassVar[int]
    position: int
    waitlist_length: int
    def __init__(self, position: _Optional[int] = ..., waitlist_length: _Optional[int] = ...) -> None: ...

class ListMemberRsvpsRequest(_message.Message):
    __slots__ = ("member_id", "include_past", "page_size", "page_token")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_PAST_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    include_past: bool
    page_size: int
    page_token: str
    def __init__(self, member_id: _Optional[str] = ..., include_past: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListMemberRsvpsResponse(_message.Message):
    __slots__ = ("rsvps", "next_page_token")
    RSVPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    rsvps: _containers.RepeatedCompositeFieldContainer[Rsvp]
    next_page_token: str
    def __init__(self, rsvps: _Optional[_Iterable[_Union[Rsvp, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AttendanceEntry(_message.Message):
    __slots__ = ("meetup_id", "title", "start", "timezone", "outcome")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    title: str
    start: _timestamp_pb2.Timestamp
    timezone: str
    outcome: AttendanceOutcome
    def __init__(self, meetup_id: _Optional[str] = ..., title: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., timezone: _Optional[str] = ..., outcome: _Optional[_Union[AttendanceOutcome, str]] = ...) -> None: ...

class GetAttendanceRecordRequest(_message.Message):
    __slots__ = ("member_id",)
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    def __init__(self, member_id: _Optional[str] = ...) -> None: ...

class GetAttendanceRecordResponse(_message.Message):
    __slots__ = ("attended", "no_shows", "entries")
    ATTENDED_FIELD_NUMBER: _ClassVar[int]
    NO_SHOWS_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    attended: int
    no_shows: int
    entries: _containers.RepeatedCompositeFieldContainer[AttendanceEntry]
    def __init__(self, attended: _Optional[int] = ..., no_shows: _Optional[int] = ..., entries: _Optional[_Iterable[_Union[AttendanceEntry, _Mapping]]] = ...) -> None: ...

class ExportMeetupCalendarRequest(_message.Message):
    __slots__ = ("meetup_id",)
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    def __init__(self, meetup_id: _Optional[str] = ...) -> None: ...

class ExportMeetupCalendarResponse(_message.Message):
    __slots__ = ("ics", "content_type")
    ICS_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    ics: bytes
    content_type: str
    def __init__(self, ics: _Optional[bytes] = ..., content_type: _Optional[str] = ...) -> None: ...

class ExportCommunityCalendarRequest(_message.Message):
    __slots__ = ("community_id",)
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    def __init__(self, community_id: _Optional[str] = ...) -> None: ...

class ExportCommunityCalendarResponse(_message.Message):
    __slots__ = ("ics", "content_type")
    ICS_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    ics: bytes
    content_type: str
    def __init__(self, ics: _Optional[bytes] = ..., content_type: _Optional[str] = ...) -> None: ...
