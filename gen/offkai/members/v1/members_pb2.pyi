from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Member(_message.Message):
    __slots__ = ("member_id", "display_name", "region_prefecture", "region_city", "timezone", "locale")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    REGION_PREFECTURE_FIELD_NUMBER: _ClassVar[int]
    REGION_CITY_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    display_name: str
    region_prefecture: str
    region_city: str
    timezone: str
    locale: str
    def __init__(self, member_id: _Optional[str] = ..., display_name: _Optional[str] = ..., region_prefecture: _Optional[str] = ..., region_city: _Optional[str] = ..., timezone: _Optional[str] = ..., locale: _Optional[str] = ...) -> None: ...

class RegisterMemberRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "display_name", "region_prefecture", "region_city", "timezone", "locale")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    REGION_PREFECTURE_FIELD_NUMBER: _ClassVar[int]
    REGION_CITY_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    display_name: str
    region_prefecture: str
    region_city: str
    timezone: str
    locale: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., display_name: _Optional[str] = ..., region_prefecture: _Optional[str] = ..., region_city: _Optional[str] = ..., timezone: _Optional[str] = ..., locale: _Optional[str] = ...) -> None: ...

class RegisterMemberResponse(_message.Message):
    __slots__ = ("member",)
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    member: Member
    def __init__(self, member: _Optional[_Union[Member, _Mapping]] = ...) -> None: ...

class GetMemberRequest(_message.Message):
    __slots__ = ("member_id",)
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    def __init__(self, member_id: _Optional[str] = ...) -> None: ...

class GetMemberResponse(_message.Message):
    __slots__ = ("member",)
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    member: Member
    def __init__(self, member: _Optional[_Union[Member, _Mapping]] = ...) -> None: ...
