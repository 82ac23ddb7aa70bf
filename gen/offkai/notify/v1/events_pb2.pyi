import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from offkai.notify.v1 import types_pb2 as _types_pb2
from offkai.platform.v1 import personal_data_pb2 as _personal_data_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ChannelRegistered(_message.Message):
    __slots__ = ("member_id", "channel_id", "kind", "address", "label", "status", "signing_secret", "registered_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SIGNING_SECRET_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    channel_id: str
    kind: _types_pb2.ChannelKind
    address: str
    label: str
    status: _types_pb2.ChannelStatus
    signing_secret: str
    registered_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., channel_id: _Optional[str] = ..., kind: _Optional[_Union[_types_pb2.ChannelKind, str]] = ..., address: _Optional[str] = ..., label: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.ChannelStatus, str]] = ..., signing_secret: _Optional[str] = ..., registered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EmailVerificationCodeIssued(_message.Message):
    __slots__ = ("member_id", "channel_id", "code_hash", "issued_at", "expires_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_HASH_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    channel_id: str
    code_hash: str
    issued_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., channel_id: _Optional[str] = ..., code_hash: _Optional[str] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ChannelVerificationFailed(_message.Message):
    __slots__ = ("member_id", "channel_id", "failed_attempts", "failed_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    FAILED_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    FAILED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    channel_id: str
    failed_attempts: int
    failed_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., channel_id: _Optional[str] = ..., failed_attempts: _Optional[int] = ..., failed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ChannelVerified(_message.Message):
    __slots__ = ("member_id", "channel_id", "verified_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    channel_id: str
    verified_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., channel_id: _Optional[str] = ..., verified_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ChannelRemoved(_message.Message):
    __slots__ = ("member_id", "channel_id", "removed_by", "removed_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVED_BY_FIELD_NUMBER: _ClassVar[int]
    REMOVED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    channel_id: str
    removed_by: str
    removed_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., channel_id: _Optional[str] = ..., removed_by: _Optional[str] = ..., removed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CategoryPreferenceSet(_message.Message):
    __slots__ = ("member_id", "category", "channel_id", "enabled", "via_unsubscribe_link", "set_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    VIA_UNSUBSCRIBE_LINK_FIELD_NUMBER: _ClassVar[int]
    SET_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    category: _types_pb2.Category
    channel_id: str
    enabled: bool
    via_unsubscribe_link: bool
    set_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., category: _Optional[_Union[_types_pb2.Category, str]] = ..., channel_id: _Optional[str] = ..., enabled: _Optional[bool] = ..., via_unsubscribe_link: _Optional[bool] = ..., set_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class QuietHoursSet(_message.Message):
    __slots__ = ("member_id", "quiet_hours", "set_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    QUIET_HOURS_FIELD_NUMBER: _ClassVar[int]
    SET_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    quiet_hours: _types_pb2.QuietHours
    set_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., quiet_hours: _Optional[_Union[_types_pb2.QuietHours, _Mapping]] = ..., set_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class QuietHoursCleared(_message.Message):
    __slots__ = ("member_id", "cleared_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CLEARED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    cleared_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., cleared_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LocaleSet(_message.Message):
    __slots__ = ("member_id", "locale", "set_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    SET_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    locale: str
    set_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., locale: _Optional[str] = ..., set_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class NearMeSet(_message.Message):
    __slots__ = ("member_id", "enabled", "set_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    SET_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    enabled: bool
    set_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., enabled: _Optional[bool] = ..., set_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class BroadcastRequested(_message.Message):
    __slots__ = ("broadcast_id", "meetup_id", "segment", "frame_id", "subject", "body", "requested_by", "requested_at")
    BROADCAST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    broadcast_id: str
    meetup_id: str
    segment: _types_pb2.BroadcastSegment
    frame_id: str
    subject: str
    body: str
    requested_by: str
    requested_at: _timestamp_pb2.Timestamp
    def __init__(self, broadcast_id: _Optional[str] = ..., meetup_id: _Optional[str] = ..., segment: _Optional[_Union[_types_pb2.BroadcastSegment, str]] = ..., frame_id: _Optional[str] = ..., subject: _Optional[str] = ..., body: _Optional[str] = ..., requested_by: _Optional[str] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class NotificationSent(_message.Message):
    __slots__ = ("delivery_id", "triggering_event_id", "trigger", "category", "member_id", "channel_id", "channel_kind", "attempts", "sent_at")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGERING_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_KIND_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_FIELD_NUMBER: _ClassVar[int]
    delivery_id: str
    triggering_event_id: str
    trigger: _types_pb2.Trigger
    category: _types_pb2.Category
    member_id: str
    channel_id: str
    channel_kind: _types_pb2.ChannelKind
    attempts: int
    sent_at: _timestamp_pb2.Timestamp
    def __init__(self, delivery_id: _Optional[str] = ..., triggering_event_id: _Optional[str] = ..., trigger: _Optional[_Union[_types_pb2.Trigger, str]] = ..., category: _Optional[_Union[_types_pb2.Category, str]] = ..., member_id: _Optional[str] = ..., channel_id: _Optional[str] = ..., channel_kind: _Optional[_Union[_types_pb2.ChannelKind, str]] = ..., attempts: _Optional[int] = ..., sent_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class NotificationFailed(_message.Message):
    __slots__ = ("delivery_id", "triggering_event_id", "trigger", "category", "member_id", "channel_id", "channel_kind", "attempts", "failure")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGERING_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_KIND_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    FAILURE_FIELD_NUMBER: _ClassVar[int]
    delivery_id: str
    triggering_event_id: str
    trigger: _types_pb2.Trigger
    category: _types_pb2.Category
    member_id: str
    channel_id: str
    channel_kind: _types_pb2.ChannelKind
    attempts: int
    failure: _types_pb2.DeliveryFailure
    def __init__(self, delivery_id: _Optional[str] = ..., triggering_event_id: _Optional[str] = ..., trigger: _Optional[_Union[_types_pb2.Trigger, str]] = ..., category: _Optional[_Union[_types_pb2.Category, str]] = ..., member_id: _Optional[str] = ..., channel_id: _Optional[str] = ..., channel_kind: _Optional[_Union[_types_pb2.ChannelKind, str]] = ..., attempts: _Optional[int] = ..., failure: _Optional[_Union[_types_pb2.DeliveryFailure, _Mapping]] = ...) -> None: ...

class DeliveryReplayed(_message.Message):
    __slots__ = ("delivery_id", "replayed_by", "replayed_at")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_BY_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_AT_FIELD_NUMBER: _ClassVar[int]
    delivery_id: str
    replayed_by: str
    replayed_at: _timestamp_pb2.Timestamp
    def __init__(self, delivery_id: _Optional[str] = ..., replayed_by: _Optional[str] = ..., replayed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
