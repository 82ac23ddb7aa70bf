import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from offkai.platform.v1 import personal_data_pb2 as _personal_data_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class HandleKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HANDLE_KIND_UNSPECIFIED: _ClassVar[HandleKind]
    HANDLE_KIND_FACEBOOK: _ClassVar[HandleKind]
    HANDLE_KIND_LINE: _ClassVar[HandleKind]
    HANDLE_KIND_X: _ClassVar[HandleKind]
    HANDLE_KIND_GITHUB: _ClassVar[HandleKind]
    HANDLE_KIND_BLOG_URL: _ClassVar[HandleKind]
    HANDLE_KIND_OTHER_URL: _ClassVar[HandleKind]

class HandleVisibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HANDLE_VISIBILITY_UNSPECIFIED: _ClassVar[HandleVisibility]
    HANDLE_VISIBILITY_EVERYONE: _ClassVar[HandleVisibility]
    HANDLE_VISIBILITY_CONNECTIONS: _ClassVar[HandleVisibility]
    HANDLE_VISIBILITY_NOBODY: _ClassVar[HandleVisibility]

class CommunityRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMMUNITY_ROLE_UNSPECIFIED: _ClassVar[CommunityRole]
    COMMUNITY_ROLE_OWNER: _ClassVar[CommunityRole]
    COMMUNITY_ROLE_ORGANIZER: _ClassVar[CommunityRole]
    COMMUNITY_ROLE_MEMBER: _ClassVar[CommunityRole]

class ConnectionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONNECTION_STATUS_UNSPECIFIED: _ClassVar[ConnectionStatus]
    CONNECTION_STATUS_NONE: _ClassVar[ConnectionStatus]
    CONNECTION_STATUS_REQUEST_SENT: _ClassVar[ConnectionStatus]
    CONNECTION_STATUS_REQUEST_RECEIVED: _ClassVar[ConnectionStatus]
    CONNECTION_STATUS_CONNECTED: _ClassVar[ConnectionStatus]
    CONNECTION_STATUS_BLOCKED: _ClassVar[ConnectionStatus]

class IntroductionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INTRODUCTION_STATUS_UNSPECIFIED: _ClassVar[IntroductionStatus]
    INTRODUCTION_STATUS_PENDING: _ClassVar[IntroductionStatus]
    INTRODUCTION_STATUS_COMPLETED: _ClassVar[IntroductionStatus]
    INTRODUCTION_STATUS_DECLINED: _ClassVar[IntroductionStatus]

class IntroductionAnswer(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INTRODUCTION_ANSWER_UNSPECIFIED: _ClassVar[IntroductionAnswer]
    INTRODUCTION_ANSWER_PENDING: _ClassVar[IntroductionAnswer]
    INTRODUCTION_ANSWER_ACCEPTED: _ClassVar[IntroductionAnswer]
    INTRODUCTION_ANSWER_DECLINED: _ClassVar[IntroductionAnswer]

class InvitationTargetKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INVITATION_TARGET_KIND_UNSPECIFIED: _ClassVar[InvitationTargetKind]
    INVITATION_TARGET_KIND_MEETUP: _ClassVar[InvitationTargetKind]
    INVITATION_TARGET_KIND_COMMUNITY: _ClassVar[InvitationTargetKind]

class InvitationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INVITATION_STATUS_UNSPECIFIED: _ClassVar[InvitationStatus]
    INVITATION_STATUS_SENT: _ClassVar[InvitationStatus]
    INVITATION_STATUS_ACCEPTED: _ClassVar[InvitationStatus]
    INVITATION_STATUS_DECLINED: _ClassVar[InvitationStatus]

class InvitationOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INVITATION_OUTCOME_UNSPECIFIED: _ClassVar[InvitationOutcome]
    INVITATION_OUTCOME_JOINED: _ClassVar[InvitationOutcome]
    INVITATION_OUTCOME_RSVPED: _ClassVar[InvitationOutcome]
HANDLE_KIND_UNSPECIFIED: HandleKind
HANDLE_KIND_FACEBOOK: HandleKind
HANDLE_KIND_LINE: HandleKind
HANDLE_KIND_X: HandleKind
HANDLE_KIND_GITHUB: HandleKind
HANDLE_KIND_BLOG_URL: HandleKind
HANDLE_KIND_OTHER_URL: HandleKind
HANDLE_VISIBILITY_UNSPECIFIED: HandleVisibility
HANDLE_VISIBILITY_EVERYONE: HandleVisibility
HANDLE_VISIBILITY_CONNECTIONS: HandleVisibility
HANDLE_VISIBILITY_NOBODY: HandleVisibility
COMMUNITY_ROLE_UNSPECIFIED: CommunityRole
COMMUNITY_ROLE_OWNER: CommunityRole
COMMUNITY_ROLE_ORGANIZER: CommunityRole
COMMUNITY_ROLE_MEMBER: CommunityRole
CONNECTION_STATUS_UNSPECIFIED: ConnectionStatus
CONNECTION_STATUS_NONE: ConnectionStatus
CONNECTION_STATUS_REQUEST_SENT: ConnectionStatus
CONNECTION_STATUS_REQUEST_RECEIVED: ConnectionStatus
CONNECTION_STATUS_CONNECTED: ConnectionStatus
CONNECTION_STATUS_BLOCKED: ConnectionStatus
INTRODUCTION_STATUS_UNSPECIFIED: IntroductionStatus
INTRODUCTION_STATUS_PENDING: IntroductionStatus
INTRODUCTION_STATUS_COMPLETED: IntroductionStatus
INTRODUCTION_STATUS_DECLINED: IntroductionStatus
INTRODUCTION_ANSWER_UNSPECIFIED: IntroductionAnswer
INTRODUCTION_ANSWER_PENDING: IntroductionAnswer
INTRODUCTION_ANSWER_ACCEPTED: IntroductionAnswer
INTRODUCTION_ANSWER_DECLINED: IntroductionAnswer
INVITATION_TARGET_KIND_UNSPECIFIED: InvitationTargetKind
INVITATION_TARGET_KIND_MEETUP: InvitationTargetKind
INVITATION_TARGET_KIND_COMMUNITY: InvitationTargetKind
INVITATION_STATUS_UNSPECIFIED: InvitationStatus
INVITATION_STATUS_SENT: InvitationStatus
INVITATION_STATUS_ACCEPTED: InvitationStatus
INVITATION_STATUS_DECLINED: InvitationStatus
INVITATION_OUTCOME_UNSPECIFIED: InvitationOutcome
INVITATION_OUTCOME_JOINED: InvitationOutcome
INVITATION_OUTCOME_RSVPED: InvitationOutcome

class SelfIntroduction(_message.Message):
    __slots__ = ("what_i_do", "why_i_come", "hobbies")
    WHAT_I_DO_FIELD_NUMBER: _ClassVar[int]
    WHY_I_COME_FIELD_NUMBER: _ClassVar[int]
    HOBBIES_FIELD_NUMBER: _ClassVar[int]
    what_i_do: str
    why_i_come: str
    hobbies: str
    def __init__(self, what_i_do: _Optional[str] = ..., why_i_come: _Optional[str] = ..., hobbies: _Optional[str] = ...) -> None: ...

class Profile(_message.Message):
    __slots__ = ("display_name", "self_introduction", "region_prefecture", "region_city", "timezone", "locale", "interests")
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    SELF_INTRODUCTION_FIELD_NUMBER: _ClassVar[int]
    REGION_PREFECTURE_FIELD_NUMBER: _ClassVar[int]
    REGION_CITY_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    INTERESTS_FIELD_NUMBER: _ClassVar[int]
    display_name: str
    self_introduction: SelfIntroduction
    region_prefecture: str
    region_city: str
    timezone: str
    locale: str
    interests: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, display_name: _Optional[str] = ..., self_introduction: _Optional[_Union[SelfIntroduction, _Mapping]] = ..., region_prefecture: _Optional[str] = ..., region_city: _Optional[str] = ..., timezone: _Optional[str] = ..., locale: _Optional[str] = ..., interests: _Optional[_Iterable[str]] = ...) -> None: ...

class Handle(_message.Message):
    __slots__ = ("handle_id", "kind", "value", "visibility")
    HANDLE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    handle_id: str
    kind: HandleKind
    value: str
    visibility: HandleVisibility
    def __init__(self, handle_id: _Optional[str] = ..., kind: _Optional[_Union[HandleKind, str]] = ..., value: _Optional[str] = ..., visibility: _Optional[_Union[HandleVisibility, str]] = ...) -> None: ...

class MemberCard(_message.Message):
    __slots__ = ("member_id", "display_name", "locale", "timezone")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    display_name: str
    locale: str
    timezone: str
    def __init__(self, member_id: _Optional[str] = ..., display_name: _Optional[str] = ..., locale: _Optional[str] = ..., timezone: _Optional[str] = ...) -> None: ...

class MeetupRef(_message.Message):
    __slots__ = ("meetup_id", "title", "start", "timezone")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    title: str
    start: _timestamp_pb2.Timestamp
    timezone: str
    def __init__(self, meetup_id: _Optional[str] = ..., title: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., timezone: _Optional[str] = ...) -> None: ...

class ConnectionProvenance(_message.Message):
    __slots__ = ("met_at", "introduced_by", "online")
    MET_AT_FIELD_NUMBER: _ClassVar[int]
    INTRODUCED_BY_FIELD_NUMBER: _ClassVar[int]
    ONLINE_FIELD_NUMBER: _ClassVar[int]
    met_at: MetAt
    introduced_by: IntroducedBy
    online: Online
    def __init__(self, met_at: _Optional[_Union[MetAt, _Mapping]] = ..., introduced_by: _Optional[_Union[IntroducedBy, _Mapping]] = ..., online: _Optional[_Union[Online, _Mapping]] = ...) -> None: ...

class MetAt(_message.Message):
    __slots__ = ("meetups",)
    MEETUPS_FIELD_NUMBER: _ClassVar[int]
    meetups: _containers.RepeatedCompositeFieldContainer[MeetupRef]
    def __init__(self, meetups: _Optional[_Iterable[_Union[MeetupRef, _Mapping]]] = ...) -> None: ...

class IntroducedBy(_message.Message):
    __slots__ = ("introducer_id", "introduction_id")
    INTRODUCER_ID_FIELD_NUMBER: _ClassVar[int]
    INTRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    introducer_id: str
    introduction_id: str
    def __init__(self, introducer_id: _Optional[str] = ..., introduction_id: _Optional[str] = ...) -> None: ...

class Online(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class InvitationTarget(_message.Message):
    __slots__ = ("kind", "target_id", "title", "start", "timezone")
    KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    kind: InvitationTargetKind
    target_id: str
    title: str
    start: _timestamp_pb2.Timestamp
    timezone: str
    def __init__(self, kind: _Optional[_Union[InvitationTargetKind, str]] = ..., target_id: _Optional[str] = ..., title: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., timezone: _Optional[str] = ...) -> None: ...

class CommunityDetails(_message.Message):
    __slots__ = ("name", "description", "region_prefecture", "region_city", "tags")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    REGION_PREFECTURE_FIELD_NUMBER: _ClassVar[int]
    REGION_CITY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    region_prefecture: str
    region_city: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., region_prefecture: _Optional[str] = ..., region_city: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ...) -> None: ...

class MemberSummary(_message.Message):
    __slots__ = ("member_id", "display_name", "region_prefecture", "region_city")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    REGION_PREFECTURE_FIELD_NUMBER: _ClassVar[int]
    REGION_CITY_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    display_name: str
    region_prefecture: str
    region_city: str
    def __init__(self, member_id: _Optional[str] = ..., display_name: _Optional[str] = ..., region_prefecture: _Optional[str] = ..., region_city: _Optional[str] = ...) -> None: ...
