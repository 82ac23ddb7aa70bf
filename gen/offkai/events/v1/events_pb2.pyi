import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from offkai.events.v1 import types_pb2 as _types_pb2
from offkai.platform.v1 import personal_data_pb2 as _personal_data_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PromotionCause(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROMOTION_CAUSE_UNSPECIFIED: _ClassVar[PromotionCause]
    PROMOTION_CAUSE_RSVP_CANCELLED: _ClassVar[PromotionCause]
    PROMOTION_CAUSE_SEAT_RELEASED: _ClassVar[PromotionCause]
    PROMOTION_CAUSE_CAPACITY_INCREASED: _ClassVar[PromotionCause]

class SeatReleaseReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEAT_RELEASE_REASON_UNSPECIFIED: _ClassVar[SeatReleaseReason]
    SEAT_RELEASE_REASON_RELEASED: _ClassVar[SeatReleaseReason]
    SEAT_RELEASE_REASON_UNCONFIRMED: _ClassVar[SeatReleaseReason]

class CheckInMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHECK_IN_METHOD_UNSPECIFIED: _ClassVar[CheckInMethod]
    CHECK_IN_METHOD_SELF_CODE: _ClassVar[CheckInMethod]
    CHECK_IN_METHOD_ORGANIZER: _ClassVar[CheckInMethod]
PROMOTION_CAUSE_UNSPECIFIED: PromotionCause
PROMOTION_CAUSE_RSVP_CANCELLED: PromotionCause
PROMOTION_CAUSE_SEAT_RELEASED: PromotionCause
PROMOTION_CAUSE_CAPACITY_INCREASED: PromotionCause
SEAT_RELEASE_REASON_UNSPECIFIED: SeatReleaseReason
SEAT_RELEASE_REASON_RELEASED: SeatReleaseReason
SEAT_RELEASE_REASON_UNCONFIRMED: SeatReleaseReason
CHECK_IN_METHOD_UNSPECIFIED: CheckInMethod
CHECK_IN_METHOD_SELF_CODE: CheckInMethod
CHECK_IN_METHOD_ORGANIZER: CheckInMethod

class MeetupScheduled(_message.Message):
    __slots__ = ("meetup_id", "details", "frames", "scheduled_by", "scheduled_at")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_BY_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_AT_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    details: _types_pb2.MeetupDetails
    frames: _containers.RepeatedCompositeFieldContainer[_types_pb2.Frame]
    scheduled_by: str
    scheduled_at: _timestamp_pb2.Timestamp
    def __init__(self, meetup_id: _Optional[str] = ..., details: _Optional[_Union[_types_pb2.MeetupDetails, _Mapping]] = ..., frames: _Optional[_Iterable[_Union[_types_pb2.Frame, _Mapping]]] = ..., scheduled_by: _Optional[str] = ..., scheduled_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CheckInCodeIssued(_message.Message):
    __slots__ = ("meetup_id", "code", "issued_by", "issued_at")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    ISSUED_BY_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    code: str
    issued_by: str
    issued_at: _timestamp_pb2.Timestamp
    def __init__(self, meetup_id: _Optional[str] = ..., code: _Optional[str] = ..., issued_by: _Optional[str] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MeetupPublished(_message.Message):
    __slots__ = ("meetup_id", "details", "frames", "published_by", "published_at", "sequence")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_BY_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    details: _types_pb2.MeetupDetails
    frames: _containers.RepeatedCompositeFieldContainer[_types_pb2.Frame]
    published_by: str
    published_at: _timestamp_pb2.Timestamp
    sequence: int
    def __init__(self, meetup_id: _Optional[str] = ..., details: _Optional[_Union[_types_pb2.MeetupDetails, _Mapping]] = ..., frames: _Optional[_Iterable[_Union[_types_pb2.Frame, _Mapping]]] = ..., published_by: _Optional[str] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sequence: _Optional[int] = ...) -> None: ...

class MeetupUpdated(_message.Message):
    __slots__ = ("meetup_id", "details", "changed_fields", "updated_by", "updated_at", "sequence", "affected_member_ids", "meetup")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    AFFECTED_MEMBER_IDS_FIELD_NUMBER: _ClassVar[int]
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    details: _types_pb2.MeetupDetails
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    updated_by: str
    updated_at: _timestamp_pb2.Timestamp
    sequence: int
    affected_member_ids: _containers.RepeatedScalarFieldContainer[str]
    meetup: _types_pb2.MeetupSummary
    def __init__(self, meetup_id: _Optional[str] = ..., details: _Optional[_Union[_types_pb2.MeetupDetails, _Mapping]] = ..., changed_fields: _Optional[_Iterable[str]] = ..., updated_by: _Optional[str] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sequence: _Optional[int] = ..., affected_member_ids: _Optional[_Iterable[str]] = ..., meetup: _Optional[_Union[_types_pb2.MeetupSummary, _Mapping]] = ...) -> None: ...

class MeetupCancelled(_message.Message):
    __slots__ = ("meetup_id", "reason", "cancelled_by", "cancelled_at", "sequence", "affected_member_ids", "meetup")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_BY_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_AT_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    AFFECTED_MEMBER_IDS_FIELD_NUMBER: _ClassVar[int]
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    reason: str
    cancelled_by: str
    cancelled_at: _timestamp_pb2.Timestamp
    sequence: int
    affected_member_ids: _containers.RepeatedScalarFieldContainer[str]
    meetup: _types_pb2.MeetupSummary
    def __init__(self, meetup_id: _Optional[str] = ..., reason: _Optional[str] = ..., cancelled_by: _Optional[str] = ..., cancelled_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sequence: _Optional[int] = ..., affected_member_ids: _Optional[_Iterable[str]] = ..., meetup: _Optional[_Union[_types_pb2.MeetupSummary, _Mapping]] = ...) -> None: ...

class MeetupEnded(_message.Message):
    __slots__ = ("meetup_id", "ended_at", "checked_in_member_ids", "no_show_count", "meetup")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    ENDED_AT_FIELD_NUMBER: _ClassVar[int]
    CHECKED_IN_MEMBER_IDS_FIELD_NUMBER: _ClassVar[int]
    NO_SHOW_COUNT_FIELD_NUMBER: _ClassVar[int]
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    ended_at: _timestamp_pb2.Timestamp
    checked_in_member_ids: _containers.RepeatedScalarFieldContainer[str]
    no_show_count: int
    meetup: _types_pb2.MeetupSummary
    def __init__(self, meetup_id: _Optional[str] = ..., ended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., checked_in_member_ids: _Optional[_Iterable[str]] = ..., no_show_count: _Optional[int] = ..., meetup: _Optional[_Union[_types_pb2.MeetupSummary, _Mapping]] = ...) -> None: ...

class FrameAdded(_message.Message):
    __slots__ = ("meetup_id", "frame", "added_by", "added_at")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_FIELD_NUMBER: _ClassVar[int]
    ADDED_BY_FIELD_NUMBER: _ClassVar[int]
    ADDED_AT_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    frame: _types_pb2.Frame
    added_by: str
    added_at: _timestamp_pb2.Timestamp
    def __init__(self, meetup_id: _Optional[str] = ..., frame: _Optional[_Union[_types_pb2.Frame, _Mapping]] = ..., added_by: _Optional[str] = ..., added_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FrameCapacityChanged(_message.Message):
    __slots__ = ("meetup_id", "frame_id", "previous_capacity", "capacity", "promote_waitlist", "changed_by", "changed_at")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_CAPACITY_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    PROMOTE_WAITLIST_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    frame_id: str
    previous_capacity: int
    capacity: int
    promote_waitlist: bool
    changed_by: str
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., previous_capacity: _Optional[int] = ..., capacity: _Optional[int] = ..., promote_waitlist: _Optional[bool] = ..., changed_by: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LotteryEntered(_message.Message):
    __slots__ = ("meetup_id", "frame_id", "member_id", "rsvp", "entered_at", "draw_at", "meetup", "frame_name")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    RSVP_FIELD_NUMBER: _ClassVar[int]
    ENTERED_AT_FIELD_NUMBER: _ClassVar[int]
    DRAW_AT_FIELD_NUMBER: _ClassVar[int]
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    FRAME_NAME_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    frame_id: str
    member_id: str
    rsvp: _types_pb2.RsvpDetails
    entered_at: _timestamp_pb2.Timestamp
    draw_at: _timestamp_pb2.Timestamp
    meetup: _types_pb2.MeetupSummary
    frame_name: str
    def __init__(self, meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ..., rsvp: _Optional[_Union[_types_pb2.RsvpDetails, _Mapping]] = ..., entered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., draw_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., meetup: _Optional[_Union[_types_pb2.MeetupSummary, _Mapping]] = ..., frame_name: _Optional[str] = ...) -> None: ...

class RsvpConfirmed(_message.Message):
    __slots__ = ("meetup_id", "frame_id", "member_id", "rsvp", "confirmed_at", "meetup", "frame_name")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    RSVP_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_AT_FIELD_NUMBER: _ClassVar[int]
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    FRAME_NAME_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    frame_id: str
    member_id: str
    rsvp: _types_pb2.RsvpDetails
    confirmed_at: _timestamp_pb2.Timestamp
    meetup: _types_pb2.MeetupSummary
    frame_name: str
    def __init__(self, meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ..., rsvp: _Optional[_Union[_types_pb2.RsvpDetails, _Mapping]] = ..., confirmed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., meetup: _Optional[_Union[_types_pb2.MeetupSummary, _Mapping]] = ..., frame_name: _Optional[str] = ...) -> None: ...

class RsvpWaitlisted(_message.Message):
    __slots__ = ("meetup_id", "frame_id", "member_id", "rsvp", "waitlisted_at", "position", "meetup", "frame_name")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    RSVP_FIELD_NUMBER: _ClassVar[int]
    WAITLISTED_AT_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    FRAME_NAME_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    frame_id: str
    member_id: str
    rsvp: _types_pb2.RsvpDetails
    waitlisted_at: _timestamp_pb2.Timestamp
    position: int
    meetup: _types_pb2.MeetupSummary
    frame_name: str
    def __init__(self, meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ..., rsvp: _Optional[_Union[_types_pb2.RsvpDetails, _Mapping]] = ..., waitlisted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., position: _Optional[int] = ..., meetup: _Optional[_Union[_types_pb2.MeetupSummary, _Mapping]] = ..., frame_name: _Optional[str] = ...) -> None: ...

class RsvpDetailsChanged(_message.Message):
    __slots__ = ("meetup_id", "frame_id", "member_id", "rsvp", "changed_at")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    RSVP_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    frame_id: str
    member_id: str
    rsvp: _types_pb2.RsvpDetails
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ..., rsvp: _Optional[_Union[_types_pb2.RsvpDetails, _Mapping]] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RsvpCancelled(_message.Message):
    __slots__ = ("meetup_id", "frame_id", "member_id", "previous_status", "cancelled_by", "cancelled_at", "meetup", "frame_name")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_STATUS_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_BY_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_AT_FIELD_NUMBER: _ClassVar[int]
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    FRAME_NAME_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    frame_id: str
    member_id: str
    previous_status: _types_pb2.RsvpStatus
    cancelled_by: str
    cancelled_at: _timestamp_pb2.Timestamp
    meetup: _types_pb2.MeetupSummary
    frame_name: str
    def __init__(self, meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ..., previous_status: _Optional[_Union[_types_pb2.RsvpStatus, str]] = ..., cancelled_by: _Optional[str] = ..., cancelled_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., meetup: _Optional[_Union[_types_pb2.MeetupSummary, _Mapping]] = ..., frame_name: _Optional[str] = ...) -> None: ...

class WaitlistPromoted(_message.Message):
    __slots__ = ("meetup_id", "frame_id", "member_id", "cause", "promoted_at", "confirm_by", "meetup", "frame_name")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    PROMOTED_AT_FIELD_NUMBER: _ClassVar[int]
    CONFIRM_BY_FIELD_NUMBER: _ClassVar[int]
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    FRAME_NAME_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    frame_id: str
    member_id: str
    cause: PromotionCause
    promoted_at: _timestamp_pb2.Timestamp
    confirm_by: _timestamp_pb2.Timestamp
    meetup: _types_pb2.MeetupSummary
    frame_name: str
    def __init__(self, meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ..., cause: _Optional[_Union[PromotionCause, str]] = ..., promoted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., confirm_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., meetup: _Optional[_Union[_types_pb2.MeetupSummary, _Mapping]] = ..., frame_name: _Optional[str] = ...) -> None: ...

class LotteryDrawn(_message.Message):
    __slots__ = ("meetup_id", "frame_id", "seed", "algorithm", "capacity", "applicant_ids", "winner_ids", "waitlisted_ids", "drawn_at", "meetup", "frame_name")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_IDS_FIELD_NUMBER: _ClassVar[int]
    WINNER_IDS_FIELD_NUMBER: _ClassVar[int]
    WAITLISTED_IDS_FIELD_NUMBER: _ClassVar[int]
    DRAWN_AT_FIELD_NUMBER: _ClassVar[int]
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    FRAME_NAME_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    frame_id: str
    seed: str
    algorithm: str
    capacity: int
    applicant_ids: _containers.RepeatedScalarFieldContainer[str]
    winner_ids: _containers.RepeatedScalarFieldContainer[str]
    waitlisted_ids: _containers.RepeatedScalarFieldContainer[str]
    drawn_at: _timestamp_pb2.Timestamp
    meetup: _types_pb2.MeetupSummary
    frame_name: str
    def __init__(self, meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., seed: _Optional[str] = ..., algorithm: _Optional[str] = ..., capacity: _Optional[int] = ..., applicant_ids: _Optional[_Iterable[str]] = ..., winner_ids: _Optional[_Iterable[str]] = ..., waitlisted_ids: _Optional[_Iterable[str]] = ..., drawn_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., meetup: _Optional[_Union[_types_pb2.MeetupSummary, _Mapping]] = ..., frame_name: _Optional[str] = ...) -> None: ...

class SeatConfirmationRequested(_message.Message):
    __slots__ = ("meetup_id", "member_ids", "requested_at", "release_at", "meetup")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_IDS_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    RELEASE_AT_FIELD_NUMBER: _ClassVar[int]
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    member_ids: _containers.RepeatedScalarFieldContainer[str]
    requested_at: _timestamp_pb2.Timestamp
    release_at: _timestamp_pb2.Timestamp
    meetup: _types_pb2.MeetupSummary
    def __init__(self, meetup_id: _Optional[str] = ..., member_ids: _Optional[_Iterable[str]] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., release_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., meetup: _Optional[_Union[_types_pb2.MeetupSummary, _Mapping]] = ...) -> None: ...

class SeatConfirmed(_message.Message):
    __slots__ = ("meetup_id", "frame_id", "member_id", "confirmed_at")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_AT_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    frame_id: str
    member_id: str
    confirmed_at: _timestamp_pb2.Timestamp
    def __init__(self, meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ..., confirmed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SeatReleased(_message.Message):
    __slots__ = ("meetup_id", "frame_id", "member_id", "reason", "released_at", "meetup", "frame_name")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RELEASED_AT_FIELD_NUMBER: _ClassVar[int]
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    FRAME_NAME_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    frame_id: str
    member_id: str
    reason: SeatReleaseReason
    released_at: _timestamp_pb2.Timestamp
    meetup: _types_pb2.MeetupSummary
    frame_name: str
    def __init__(self, meetup_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., member_id: _Optional[str] = ..., reason: _Optional[_Union[SeatReleaseReason, str]] = ..., released_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., meetup: _Optional[_Union[_types_pb2.MeetupSummary, _Mapping]] = ..., frame_name: _Optional[str] = ...) -> None: ...

class SeatConfirmationClosed(_message.Message):
    __slots__ = ("meetup_id", "released_count", "closed_at")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    RELEASED_COUNT_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    released_count: int
    closed_at: _timestamp_pb2.Timestamp
    def __init__(self, meetup_id: _Optional[str] = ..., released_count: _Optional[int] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AttendeeCheckedIn(_message.Message):
    __slots__ = ("meetup_id", "member_id", "frame_id", "method", "checked_in_by", "checked_in_at", "meetup")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    CHECKED_IN_BY_FIELD_NUMBER: _ClassVar[int]
    CHECKED_IN_AT_FIELD_NUMBER: _ClassVar[int]
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    member_id: str
    frame_id: str
    method: CheckInMethod
    checked_in_by: str
    checked_in_at: _timestamp_pb2.Timestamp
    meetup: _types_pb2.MeetupSummary
    def __init__(self, meetup_id: _Optional[str] = ..., member_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., method: _Optional[_Union[CheckInMethod, str]] = ..., checked_in_by: _Optional[str] = ..., checked_in_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., meetup: _Optional[_Union[_types_pb2.MeetupSummary, _Mapping]] = ...) -> None: ...

class NoShowRecorded(_message.Message):
    __slots__ = ("meetup_id", "member_id", "frame_id", "recorded_at", "meetup")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    member_id: str
    frame_id: str
    recorded_at: _timestamp_pb2.Timestamp
    meetup: _types_pb2.MeetupSummary
    def __init__(self, meetup_id: _Optional[str] = ..., member_id: _Optional[str] = ..., frame_id: _Optional[str] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., meetup: _Optional[_Union[_types_pb2.MeetupSummary, _Mapping]] = ...) -> None: ...
