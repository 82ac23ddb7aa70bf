import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ChannelKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANNEL_KIND_UNSPECIFIED: _ClassVar[ChannelKind]
    CHANNEL_KIND_EMAIL: _ClassVar[ChannelKind]
    CHANNEL_KIND_SLACK: _ClassVar[ChannelKind]
    CHANNEL_KIND_DISCORD: _ClassVar[ChannelKind]
    CHANNEL_KIND_WEBHOOK: _ClassVar[ChannelKind]
    CHANNEL_KIND_APPRISE: _ClassVar[ChannelKind]

class ChannelStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANNEL_STATUS_UNSPECIFIED: _ClassVar[ChannelStatus]
    CHANNEL_STATUS_PENDING_VERIFICATION: _ClassVar[ChannelStatus]
    CHANNEL_STATUS_ACTIVE: _ClassVar[ChannelStatus]

class Category(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CATEGORY_UNSPECIFIED: _ClassVar[Category]
    CATEGORY_ANNOUNCEMENTS: _ClassVar[Category]
    CATEGORY_REMINDERS: _ClassVar[Category]
    CATEGORY_RSVP_CHANGES: _ClassVar[Category]
    CATEGORY_CONNECTIONS: _ClassVar[Category]
    CATEGORY_BROADCASTS: _ClassVar[Category]
    CATEGORY_DIGEST: _ClassVar[Category]

class Trigger(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TRIGGER_UNSPECIFIED: _ClassVar[Trigger]
    TRIGGER_MEETUP_PUBLISHED: _ClassVar[Trigger]
    TRIGGER_RSVP_CONFIRMED: _ClassVar[Trigger]
    TRIGGER_RSVP_WAITLISTED: _ClassVar[Trigger]
    TRIGGER_WAITLIST_PROMOTED: _ClassVar[Trigger]
    TRIGGER_RSVP_CANCELLED: _ClassVar[Trigger]
    TRIGGER_LOTTERY_WON: _ClassVar[Trigger]
    TRIGGER_LOTTERY_LOST: _ClassVar[Trigger]
    TRIGGER_SEAT_CONFIRMATION_REQUESTED: _ClassVar[Trigger]
    TRIGGER_MEETUP_UPDATED: _ClassVar[Trigger]
    TRIGGER_MEETUP_CANCELLED: _ClassVar[Trigger]
    TRIGGER_REMINDER: _ClassVar[Trigger]
    TRIGGER_CONNECTION_REQUESTED: _ClassVar[Trigger]
    TRIGGER_CONNECTION_ACCEPTED: _ClassVar[Trigger]
    TRIGGER_INTRODUCTION_MADE: _ClassVar[Trigger]
    TRIGGER_INVITATION_RECEIVED: _ClassVar[Trigger]
    TRIGGER_ORGANIZER_BROADCAST: _ClassVar[Trigger]
    TRIGGER_WEEKLY_DIGEST: _ClassVar[Trigger]
    TRIGGER_EMAIL_VERIFICATION: _ClassVar[Trigger]
    TRIGGER_INVITATION_EMAILED: _ClassVar[Trigger]

class DeliveryStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DELIVERY_STATUS_UNSPECIFIED: _ClassVar[DeliveryStatus]
    DELIVERY_STATUS_QUEUED: _ClassVar[DeliveryStatus]
    DELIVERY_STATUS_SENT: _ClassVar[DeliveryStatus]
    DELIVERY_STATUS_RETRYING: _ClassVar[DeliveryStatus]
    DELIVERY_STATUS_FAILED: _ClassVar[DeliveryStatus]
    DELIVERY_STATUS_CANCELLED: _ClassVar[DeliveryStatus]

class FailureClass(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FAILURE_CLASS_UNSPECIFIED: _ClassVar[FailureClass]
    FAILURE_CLASS_TRANSIENT: _ClassVar[FailureClass]
    FAILURE_CLASS_PERMANENT: _ClassVar[FailureClass]

class BroadcastSegment(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BROADCAST_SEGMENT_UNSPECIFIED: _ClassVar[BroadcastSegment]
    BROADCAST_SEGMENT_GOING: _ClassVar[BroadcastSegment]
    BROADCAST_SEGMENT_WAITLISTED: _ClassVar[BroadcastSegment]
    BROADCAST_SEGMENT_CHECKED_IN: _ClassVar[BroadcastSegment]
    BROADCAST_SEGMENT_NO_SHOWS: _ClassVar[BroadcastSegment]
CHANNEL_KIND_UNSPECIFIED: ChannelKind
CHANNEL_KIND_EMAIL: ChannelKind
CHANNEL_KIND_SLACK: ChannelKind
CHANNEL_KIND_DISCORD: ChannelKind
CHANNEL_KIND_WEBHOOK: ChannelKind
CHANNEL_KIND_APPRISE: ChannelKind
CHANNEL_STATUS_UNSPECIFIED: ChannelStatus
CHANNEL_STATUS_PENDING_VERIFICATION: ChannelStatus
CHANNEL_STATUS_ACTIVE: ChannelStatus
CATEGORY_UNSPECIFIED: Category
CATEGORY_ANNOUNCEMENTS: Category
CATEGORY_REMINDERS: Category
CATEGORY_RSVP_CHANGES: Category
CATEGORY_CONNECTIONS: Category
CATEGORY_BROADCASTS: Category
CATEGORY_DIGEST: Category
TRIGGER_UNSPECIFIED: Trigger
TRIGGER_MEETUP_PUBLISHED: Trigger
TRIGGER_RSVP_CONFIRMED: Trigger
TRIGGER_RSVP_WAITLISTED: Trigger
TRIGGER_WAITLIST_PROMOTED: Trigger
TRIGGER_RSVP_CANCELLED: Trigger
TRIGGER_LOTTERY_WON: Trigger
TRIGGER_LOTTERY_LOST: Trigger
TRIGGER_SEAT_CONFIRMATION_REQUESTED: Trigger
TRIGGER_MEETUP_UPDATED: Trigger
TRIGGER_MEETUP_CANCELLED: Trigger
TRIGGER_REMINDER: Trigger
TRIGGER_CONNECTION_REQUESTED: Trigger
TRIGGER_CONNECTION_ACCEPTED: Trigger
TRIGGER_INTRODUCTION_MADE: Trigger
TRIGGER_INVITATION_RECEIVED: Trigger
TRIGGER_ORGANIZER_BROADCAST: Trigger
TRIGGER_WEEKLY_DIGEST: Trigger
TRIGGER_EMAIL_VERIFICATION: Trigger
TRIGGER_INVITATION_EMAILED: Trigger
DELIVERY_STATUS_UNSPECIFIED: DeliveryStatus
DELIVERY_STATUS_QUEUED: DeliveryStatus
DELIVERY_STATUS_SENT: DeliveryStatus
DELIVERY_STATUS_RETRYING: DeliveryStatus
DELIVERY_STATUS_FAILED: DeliveryStatus
DELIVERY_STATUS_CANCELLED: DeliveryStatus
FAILURE_CLASS_UNSPECIFIED: FailureClass
FAILURE_CLASS_TRANSIENT: FailureClass
FAILURE_CLASS_PERMANENT: FailureClass
BROADCAST_SEGMENT_UNSPECIFIED: BroadcastSegment
BROADCAST_SEGMENT_GOING: BroadcastSegment
BROADCAST_SEGMENT_WAITLISTED: BroadcastSegment
BROADCAST_SEGMENT_CHECKED_IN: BroadcastSegment
BROADCAST_SEGMENT_NO_SHOWS: BroadcastSegment

class Channel(_message.Message):
    __slots__ = ("channel_id", "kind", "masked_address", "label", "status", "registered_at", "verified_at")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MASKED_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_AT_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    kind: ChannelKind
    masked_address: str
    label: str
    status: ChannelStatus
    registered_at: _timestamp_pb2.Timestamp
    verified_at: _timestamp_pb2.Timestamp
    def __init__(self, channel_id: _Optional[str] = ..., kind: _Optional[_Union[ChannelKind, str]] = ..., masked_address: _Optional[str] = ..., label: _Optional[str] = ..., status: _Optional[_Union[ChannelStatus, str]] = ..., registered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., verified_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class QuietHours(_message.Message):
    __slots__ = ("start", "end", "timezone")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    start: str
    end: str
    timezone: str
    def __init__(self, start: _Optional[str] = ..., end: _Optional[str] = ..., timezone: _Optional[str] = ...) -> None: ...

class CategoryPreference(_message.Message):
    __slots__ = ("category", "channel_id", "enabled", "is_default")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    IS_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    category: Category
    channel_id: str
    enabled: bool
    is_default: bool
    def __init__(self, category: _Optional[_Union[Category, str]] = ..., channel_id: _Optional[str] = ..., enabled: _Optional[bool] = ..., is_default: _Optional[bool] = ...) -> None: ...

class Preferences(_message.Message):
    __slots__ = ("member_id", "locale", "quiet_hours", "near_me", "categories")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    QUIET_HOURS_FIELD_NUMBER: _ClassVar[int]
    NEAR_ME_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    locale: str
    quiet_hours: QuietHours
    near_me: bool
    categories: _containers.RepeatedCompositeFieldContainer[CategoryPreference]
    def __init__(self, member_id: _Optional[str] = ..., locale: _Optional[str] = ..., quiet_hours: _Optional[_Union[QuietHours, _Mapping]] = ..., near_me: _Optional[bool] = ..., categories: _Optional[_Iterable[_Union[CategoryPreference, _Mapping]]] = ...) -> None: ...

class DeliveryFailure(_message.Message):
    __slots__ = ("failure_class", "code", "failed_at")
    FAILURE_CLASS_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    FAILED_AT_FIELD_NUMBER: _ClassVar[int]
    failure_class: FailureClass
    code: str
    failed_at: _timestamp_pb2.Timestamp
    def __init__(self, failure_class: _Optional[_Union[FailureClass, str]] = ..., code: _Optional[str] = ..., failed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Delivery(_message.Message):
    __slots__ = ("delivery_id", "triggering_event_id", "trigger", "category", "member_id", "channel_id", "channel_kind", "masked_destination", "status", "attempts", "created_at", "next_attempt_at", "sent_at", "last_failure")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGERING_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_KIND_FIELD_NUMBER: _ClassVar[int]
    MASKED_DESTINATION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    NEXT_ATTEMPT_AT_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_FAILURE_FIELD_NUMBER: _ClassVar[int]
    delivery_id: str
    triggering_event_id: str
    trigger: Trigger
    category: Category
    member_id: str
    channel_id: str
    channel_kind: ChannelKind
    masked_destination: str
    status: DeliveryStatus
    attempts: int
    created_at: _timestamp_pb2.Timestamp
    next_attempt_at: _timestamp_pb2.Timestamp
    sent_at: _timestamp_pb2.Timestamp
    last_failure: DeliveryFailure
    def __init__(self, delivery_id: _Optional[str] = ..., triggering_event_id: _Optional[str] = ..., trigger: _Optional[_Union[Trigger, str]] = ..., category: _Optional[_Union[Category, str]] = ..., member_id: _Optional[str] = ..., channel_id: _Optional[str] = ..., channel_kind: _Optional[_Union[ChannelKind, str]] = ..., masked_destination: _Optional[str] = ..., status: _Optional[_Union[DeliveryStatus, str]] = ..., attempts: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., next_attempt_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sent_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_failure: _Optional[_Union[DeliveryFailure, _Mapping]] = ...) -> None: ...

class StatusCount(_message.Message):
    __slots__ = ("status", "count")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    status: DeliveryStatus
    count: int
    def __init__(self, status: _Optional[_Union[DeliveryStatus, str]] = ..., count: _Optional[int] = ...) -> None: ...
