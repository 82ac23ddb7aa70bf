import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from offkai.members.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class IntroductionRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INTRODUCTION_ROLE_UNSPECIFIED: _ClassVar[IntroductionRole]
    INTRODUCTION_ROLE_MADE: _ClassVar[IntroductionRole]
    INTRODUCTION_ROLE_RECEIVED: _ClassVar[IntroductionRole]
INTRODUCTION_ROLE_UNSPECIFIED: IntroductionRole
INTRODUCTION_ROLE_MADE: IntroductionRole
INTRODUCTION_ROLE_RECEIVED: IntroductionRole

class Introduction(_message.Message):
    __slots__ = ("introduction_id", "introducer", "first_member", "second_member", "note", "status", "first_answer", "second_answer", "made_at", "completed_at")
    INTRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    INTRODUCER_FIELD_NUMBER: _ClassVar[int]
    FIRST_MEMBER_FIELD_NUMBER: _ClassVar[int]
    SECOND_MEMBER_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    FIRST_ANSWER_FIELD_NUMBER: _ClassVar[int]
    SECOND_ANSWER_FIELD_NUMBER: _ClassVar[int]
    MADE_AT_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_FIELD_NUMBER: _ClassVar[int]
    introduction_id: str
    introducer: _types_pb2.MemberSummary
    first_member: _types_pb2.MemberSummary
    second_member: _types_pb2.MemberSummary
    note: str
    status: _types_pb2.IntroductionStatus
    first_answer: _types_pb2.IntroductionAnswer
    second_answer: _types_pb2.IntroductionAnswer
    made_at: _timestamp_pb2.Timestamp
    completed_at: _timestamp_pb2.Timestamp
    def __init__(self, introduction_id: _Optional[str] = ..., introducer: _Optional[_Union[_types_pb2.MemberSummary, _Mapping]] = ..., first_member: _Optional[_Union[_types_pb2.MemberSummary, _Mapping]] = ..., second_member: _Optional[_Union[_types_pb2.MemberSummary, _Mapping]] = ..., note: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.IntroductionStatus, str]] = ..., first_answer: _Optional[_Union[_types_pb2.IntroductionAnswer, str]] = ..., second_answer: _Optional[_Union[_types_pb2.IntroductionAnswer, str]] = ..., made_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., completed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MakeIntroductionRequest(_message.Message):
    __slots__ = ("request_id", "introducer_id", "first_member_id", "second_member_id", "note")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INTRODUCER_ID_FIELD_NUMBER: _ClassVar[int]
    FIRST_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    SECOND_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    introducer_id: str
    first_member_id: str
    second_member_id: str
    note: str
    def __init__(self, request_id: _Optional[str] = ..., introducer_id: _Optional[str] = ..., first_member_id: _Optional[str] = ..., second_member_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class MakeIntroductionResponse(_message.Message):
    __slots__ = ("introduction",)
    INTRODUCTION_FIELD_NUMBER: _ClassVar[int]
    introduction: Introduction
    def __init__(self, introduction: _Optional[_Union[Introduction, _Mapping]] = ...) -> None: ...

class AcceptIntroductionRequest(_message.Message):
    __slots__ = ("request_id", "introduction_id", "member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INTRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    introduction_id: str
    member_id: str
    def __init__(self, request_id: _Optional[str] = ..., introduction_id: _Optional[str] = ..., member_id: _Optional[str] = ...) -> None: ...

class AcceptIntroductionResponse(_message.Message):
    __slots__ = ("introduction",)
    INTRODUCTION_FIELD_NUMBER: _ClassVar[int]
    introduction: Introduction
    def __init__(self, introduction: _Optional[_Union[Introduction, _Mapping]] = ...) -> None: ...

class DeclineIntroductionRequest(_message.Message):
    __slots__ = ("request_id", "introduction_id", "member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INTRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    introduction_id: str
    member_id: str
    def __init__(self, request_id: _Optional[str] = ..., introduction_id: _Optional[str] = ..., member_id: _Optional[str] = ...) -> None: ...

class DeclineIntroductionResponse(_message.Message):
    __slots__ = ("introduction",)
    INTRODUCTION_FIELD_NUMBER: _ClassVar[int]
    introduction: Introduction
    def __init__(self, introduction: _Optional[_Union[Introduction, _Mapping]] = ...) -> None: ...

class GetIntroductionRequest(_message.Message):
    __slots__ = ("introduction_id",)
    INTRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    introduction_id: str
    def __init__(self, introduction_id: _Optional[str] = ...) -> None: ...

class GetIntroductionResponse(_message.Message):
    __slots__ = ("introduction",)
    INTRODUCTION_FIELD_NUMBER: _ClassVar[int]
    introduction: Introduction
    def __init__(self, introduction: _Optional[_Union[Introduction, _Mapping]] = ...) -> None: ...

class ListIntroductionsRequest(_message.Message):
    __slots__ = ("member_id", "role", "statuses", "page_size", "page_token")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    role: IntroductionRole
    statuses: _containers.RepeatedScalarFieldContainer[_types_pb2.IntroductionStatus]
    page_size: int
    page_token: str
    def __init__(self, member_id: _Optional[str] = ..., role: _Optional[_Union[IntroductionRole, str]] = ..., statuses: _Optional[_Iterable[_Union[_types_pb2.IntroductionStatus, str]]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListIntroductionsResponse(_message.Message):
    __slots__ = ("introductions", "next_page_token")
    INTRODUCTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    introductions: _containers.RepeatedCompositeFieldContainer[Introduction]
    next_page_token: str
    def __init__(self, introductions: _Optional[_Iterable[_Union[Introduction, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
