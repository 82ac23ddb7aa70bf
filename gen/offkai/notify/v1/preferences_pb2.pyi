from offkai.notify.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetPreferencesRequest(_message.Message):
    __slots__ = ("member_id",)
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    def __init__(self, member_id: _Optional[str] = ...) -> None: ...

class GetPreferencesResponse(_message.Message):
    __slots__ = ("preferences",)
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    preferences: _types_pb2.Preferences
    def __init__(self, preferences: _Optional[_Union[_types_pb2.Preferences, _Mapping]] = ...) -> None: ...

class CategoryPreferenceChange(_message.Message):
    __slots__ = ("category", "channel_id", "enabled")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    category: _types_pb2.Category
    channel_id: str
    enabled: bool
    def __init__(self, category: _Optional[_Union[_types_pb2.Category, str]] = ..., channel_id: _Optional[str] = ..., enabled: _Optional[bool] = ...) -> None: ...

class SetCategoryPreferencesRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "changes")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    changes: _containers.RepeatedCompositeFieldContainer[CategoryPreferenceChange]
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., changes: _Optional[_Iterable[_Union[CategoryPreferenceChange, _Mapping]]] = ...) -> None: ...

class SetCategoryPreferencesResponse(_message.Message):
    __slots__ = ("preferences",)
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    preferences: _types_pb2.Preferences
    def __init__(self, preferences: _Optional[_Union[_types_pb2.Preferences, _Mapping]] = ...) -> None: ...

class SetQuietHoursRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "quiet_hours")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    QUIET_HOURS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    quiet_hours: _types_pb2.QuietHours
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., quiet_hours: _Optional[_Union[_types_pb2.QuietHours, _Mapping]] = ...) -> None: ...

class SetQuietHoursResponse(_message.Message):
    __slots__ = ("preferences",)
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    preferences: _types_pb2.Preferences
    def __init__(self, preferences: _Optional[_Union[_types_pb2.Preferences, _Mapping]] = ...) -> None: ...

class SetLocaleRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "locale")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    locale: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., locale: _Optional[str] = ...) -> None: ...

class SetLocaleResponse(_message.Message):
    __slots__ = ("preferences",)
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    preferences: _types_pb2.Preferences
    def __init__(self, preferences: _Optional[_Union[_types_pb2.Preferences, _Mapping]] = ...) -> None: ...

class SetNearMeRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "enabled")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    enabled: bool
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., enabled: _Optional[bool] = ...) -> None: ...

class SetNearMeResponse(_message.Message):
    __slots__ = ("preferences",)
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    preferences: _types_pb2.Preferences
    def __init__(self, preferences: _Optional[_Union[_types_pb2.Preferences, _Mapping]] = ...) -> None: ...

class UnsubscribeWithTokenRequest(_message.Message):
    __slots__ = ("request_id", "token")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    token: str
    def __init__(self, request_id: _Optional[str] = ..., token: _Optional[str] = ...) -> None: ...

class UnsubscribeWithTokenResponse(_message.Message):
    __slots__ = ("category", "masked_address", "invitation_emails_stopped")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    MASKED_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    INVITATION_EMAILS_STOPPED_FIELD_NUMBER: _ClassVar[int]
    category: _types_pb2.Category
    masked_address: str
    invitation_emails_stopped: bool
    def __init__(self, category: _Optional[_Union[_types_pb2.Category, str]] = ..., masked_address: _Optional[str] = ..., invitation_emails_stopped: _Optional[bool] = ...) -> None: ...
