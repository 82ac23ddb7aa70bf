import datetime

from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from offkai.members.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Member(_message.Message):
    __slots__ = ("member_id", "display_name", "region_prefecture", "region_city", "timezone", "locale", "self_introduction", "interests", "handles", "connection_status", "registered_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    REGION_PREFECTURE_FIELD_NUMBER: _ClassVar[int]
    REGION_CITY_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    SELF_INTRODUCTION_FIELD_NUMBER: _ClassVar[int]
    INTERESTS_FIELD_NUMBER: _ClassVar[int]
    HANDLES_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_STATUS_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    display_name: str
    region_prefecture: str
    region_city: str
    timezone: str
    locale: str
    self_introduction: _types_pb2.SelfIntroduction
    interests: _containers.RepeatedScalarFieldContainer[str]
    handles: _containers.RepeatedCompositeFieldContainer[_types_pb2.Handle]
    connection_status: _types_pb2.ConnectionStatus
    registered_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., display_name: _Optional[str] = ..., region_prefecture: _Optional[str] = ..., region_city: _Optional[str] = ..., timezone: _Optional[str] = ..., locale: _Optional[str] = ..., self_introduction: _Optional[_Union[_types_pb2.SelfIntroduction, _Mapping]] = ..., interests: _Optional[_Iterable[str]] = ..., handles: _Optional[_Iterable[_Union[_types_pb2.Handle, _Mapping]]] = ..., connection_status: _Optional[_Union[_types_pb2.ConnectionStatus, str]] = ..., registered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RegisterMemberRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "display_name", "region_prefecture", "region_city", "timezone", "locale", "self_introduction", "interests")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    REGION_PREFECTURE_FIELD_NUMBER: _ClassVar[int]
    REGION_CITY_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    SELF_INTRODUCTION_FIELD_NUMBER: _ClassVar[int]
    INTERESTS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    display_name: str
    region_prefecture: str
    region_city: str
    timezone: str
    locale: str
    self_introduction: _types_pb2.SelfIntroduction
    interests: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., display_name: _Optional[str] = ..., region_prefecture: _Optional[str] = ..., region_city: _Optional[str] = ..., timezone: _Optional[str] = ..., locale: _Optional[str] = ..., self_introduction: _Optional[_Union[_types_pb2.SelfIntroduction, _Mapping]] = ..., interests: _Optional[_Iterable[str]] = ...) -> None: ...

class RegisterMemberResponse(_message.Message):
    __slots__ = ("member",)
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    member: Member
    def __init__(self, member: _Optional[_Union[Member, _Mapping]] = ...) -> None: ...

class UpdateProfileRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "profile", "update_mask")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    profile: _types_pb2.Profile
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., profile: _Optional[_Union[_types_pb2.Profile, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateProfileResponse(_message.Message):
    __slots__ = ("member",)
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    member: Member
    def __init__(self, member: _Optional[_Union[Member, _Mapping]] = ...) -> None: ...

class AddHandleRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "kind", "value", "visibility")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    kind: _types_pb2.HandleKind
    value: str
    visibility: _types_pb2.HandleVisibility
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., kind: _Optional[_Union[_types_pb2.HandleKind, str]] = ..., value: _Optional[str] = ..., visibility: _Optional[_Union[_types_pb2.HandleVisibility, str]] = ...) -> None: ...

class AddHandleResponse(_message.Message):
    __slots__ = ("handle",)
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    handle: _types_pb2.Handle
    def __init__(self, handle: _Optional[_Union[_types_pb2.Handle, _Mapping]] = ...) -> None: ...

class ChangeHandleRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "handle_id", "value", "visibility", "update_mask")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_ID_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    handle_id: str
    value: str
    visibility: _types_pb2.HandleVisibility
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., handle_id: _Optional[str] = ..., value: _Optional[str] = ..., visibility: _Optional[_Union[_types_pb2.HandleVisibility, str]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class ChangeHandleResponse(_message.Message):
    __slots__ = ("handle",)
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    handle: _types_pb2.Handle
    def __init__(self, handle: _Optional[_Union[_types_pb2.Handle, _Mapping]] = ...) -> None: ...

class RemoveHandleRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "handle_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    handle_id: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., handle_id: _Optional[str] = ...) -> None: ...

class RemoveHandleResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class EraseMemberRequest(_message.Message):
    __slots__ = ("request_id", "member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ...) -> None: ...

class EraseMemberResponse(_message.Message):
    __slots__ = ("member_id", "erased_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    ERASED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    erased_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., erased_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetMemberRequest(_message.Message):
    __slots__ = ("member_id", "viewer_id")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    viewer_id: str
    def __init__(self, member_id: _Optional[str] = ..., viewer_id: _Optional[str] = ...) -> None: ...

class GetMemberResponse(_message.Message):
    __slots__ = ("member",)
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    member: Member
    def __init__(self, member: _Optional[_Union[Member, _Mapping]] = ...) -> None: ...
