from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class MemberRegistered(_message.Message):
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
