import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from offkai.members.v1 import types_pb2 as _types_pb2
from offkai.platform.v1 import personal_data_pb2 as _personal_data_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestCancelReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REQUEST_CANCEL_REASON_UNSPECIFIED: _ClassVar[RequestCancelReason]
    REQUEST_CANCEL_REASON_WITHDRAWN: _ClassVar[RequestCancelReason]
    REQUEST_CANCEL_REASON_BLOCKED: _ClassVar[RequestCancelReason]
    REQUEST_CANCEL_REASON_ERASED: _ClassVar[RequestCancelReason]

class ConnectionRemovalReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONNECTION_REMOVAL_REASON_UNSPECIFIED: _ClassVar[ConnectionRemovalReason]
    CONNECTION_REMOVAL_REASON_REMOVED: _ClassVar[ConnectionRemovalReason]
    CONNECTION_REMOVAL_REASON_BLOCKED: _ClassVar[ConnectionRemovalReason]
    CONNECTION_REMOVAL_REASON_ERASED: _ClassVar[ConnectionRemovalReason]
REQUEST_CANCEL_REASON_UNSPECIFIED: RequestCancelReason
REQUEST_CANCEL_REASON_WITHDRAWN: RequestCancelReason
REQUEST_CANCEL_REASON_BLOCKED: RequestCancelReason
REQUEST_CANCEL_REASON_ERASED: RequestCancelReason
CONNECTION_REMOVAL_REASON_UNSPECIFIED: ConnectionRemovalReason
CONNECTION_REMOVAL_REASON_REMOVED: ConnectionRemovalReason
CONNECTION_REMOVAL_REASON_BLOCKED: ConnectionRemovalReason
CONNECTION_REMOVAL_REASON_ERASED: ConnectionRemovalReason

class MemberRegistered(_message.Message):
    __slots__ = ("member_id", "display_name", "region_prefecture", "region_city", "timezone", "locale", "self_introduction", "interests", "registered_by", "registered_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    REGION_PREFECTURE_FIELD_NUMBER: _ClassVar[int]
    REGION_CITY_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    SELF_INTRODUCTION_FIELD_NUMBER: _ClassVar[int]
    INTERESTS_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_BY_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    display_name: str
    region_prefecture: str
    region_city: str
    timezone: str
    locale: str
    self_introduction: _types_pb2.SelfIntroduction
    interests: _containers.RepeatedScalarFieldContainer[str]
    registered_by: str
    registered_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., display_name: _Optional[str] = ..., region_prefecture: _Optional[str] = ..., region_city: _Optional[str] = ..., timezone: _Optional[str] = ..., locale: _Optional[str] = ..., self_introduction: _Optional[_Union[_types_pb2.SelfIntroduction, _Mapping]] = ..., interests: _Optional[_Iterable[str]] = ..., registered_by: _Optional[str] = ..., registered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ProfileUpdated(_message.Message):
    __slots__ = ("member_id", "profile", "changed_fields", "updated_by", "updated_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    profile: _types_pb2.Profile
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    updated_by: str
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., profile: _Optional[_Union[_types_pb2.Profile, _Mapping]] = ..., changed_fields: _Optional[_Iterable[str]] = ..., updated_by: _Optional[str] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class HandleAdded(_message.Message):
    __slots__ = ("member_id", "handle_id", "kind", "visibility", "value", "added_by", "added_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    ADDED_BY_FIELD_NUMBER: _ClassVar[int]
    ADDED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    handle_id: str
    kind: _types_pb2.HandleKind
    visibility: _types_pb2.HandleVisibility
    value: str
    added_by: str
    added_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., handle_id: _Optional[str] = ..., kind: _Optional[_Union[_types_pb2.HandleKind, str]] = ..., visibility: _Optional[_Union[_types_pb2.HandleVisibility, str]] = ..., value: _Optional[str] = ..., added_by: _Optional[str] = ..., added_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class HandleChanged(_message.Message):
    __slots__ = ("member_id", "handle_id", "kind", "visibility", "previous_visibility", "value", "changed_by", "changed_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    handle_id: str
    kind: _types_pb2.HandleKind
    visibility: _types_pb2.HandleVisibility
    previous_visibility: _types_pb2.HandleVisibility
    value: str
    changed_by: str
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., handle_id: _Optional[str] = ..., kind: _Optional[_Union[_types_pb2.HandleKind, str]] = ..., visibility: _Optional[_Union[_types_pb2.HandleVisibility, str]] = ..., previous_visibility: _Optional[_Union[_types_pb2.HandleVisibility, str]] = ..., value: _Optional[str] = ..., changed_by: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class HandleRemoved(_message.Message):
    __slots__ = ("member_id", "handle_id", "kind", "removed_by", "removed_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REMOVED_BY_FIELD_NUMBER: _ClassVar[int]
    REMOVED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    handle_id: str
    kind: _types_pb2.HandleKind
    removed_by: str
    removed_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., handle_id: _Optional[str] = ..., kind: _Optional[_Union[_types_pb2.HandleKind, str]] = ..., removed_by: _Optional[str] = ..., removed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MemberErased(_message.Message):
    __slots__ = ("member_id", "erased_by", "erased_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    ERASED_BY_FIELD_NUMBER: _ClassVar[int]
    ERASED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    erased_by: str
    erased_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., erased_by: _Optional[str] = ..., erased_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CommunityCreated(_message.Message):
    __slots__ = ("community_id", "details", "created_by", "created_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    details: _types_pb2.CommunityDetails
    created_by: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., details: _Optional[_Union[_types_pb2.CommunityDetails, _Mapping]] = ..., created_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CommunityJoined(_message.Message):
    __slots__ = ("community_id", "member_id", "member", "community_name", "joined_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_NAME_FIELD_NUMBER: _ClassVar[int]
    JOINED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    member_id: str
    member: _types_pb2.MemberCard
    community_name: str
    joined_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., member_id: _Optional[str] = ..., member: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., community_name: _Optional[str] = ..., joined_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CommunityLeft(_message.Message):
    __slots__ = ("community_id", "member_id", "previous_role", "left_by", "left_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_ROLE_FIELD_NUMBER: _ClassVar[int]
    LEFT_BY_FIELD_NUMBER: _ClassVar[int]
    LEFT_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    member_id: str
    previous_role: _types_pb2.CommunityRole
    left_by: str
    left_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., member_id: _Optional[str] = ..., previous_role: _Optional[_Union[_types_pb2.CommunityRole, str]] = ..., left_by: _Optional[str] = ..., left_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CommunityFollowed(_message.Message):
    __slots__ = ("community_id", "member_id", "followed_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    FOLLOWED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    member_id: str
    followed_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., member_id: _Optional[str] = ..., followed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CommunityUnfollowed(_message.Message):
    __slots__ = ("community_id", "member_id", "unfollowed_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    UNFOLLOWED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    member_id: str
    unfollowed_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., member_id: _Optional[str] = ..., unfollowed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CommunityRoleChanged(_message.Message):
    __slots__ = ("community_id", "member_id", "member", "previous_role", "role", "changed_by", "changed_at", "community_name")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_ROLE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_NAME_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    member_id: str
    member: _types_pb2.MemberCard
    previous_role: _types_pb2.CommunityRole
    role: _types_pb2.CommunityRole
    changed_by: str
    changed_at: _timestamp_pb2.Timestamp
    community_name: str
    def __init__(self, community_id: _Optional[str] = ..., member_id: _Optional[str] = ..., member: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., previous_role: _Optional[_Union[_types_pb2.CommunityRole, str]] = ..., role: _Optional[_Union[_types_pb2.CommunityRole, str]] = ..., changed_by: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., community_name: _Optional[str] = ...) -> None: ...

class ConnectionRequested(_message.Message):
    __slots__ = ("requester_id", "addressee_id", "note", "requester", "addressee", "met_at", "requested_at")
    REQUESTER_ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESSEE_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_FIELD_NUMBER: _ClassVar[int]
    ADDRESSEE_FIELD_NUMBER: _ClassVar[int]
    MET_AT_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    requester_id: str
    addressee_id: str
    note: str
    requester: _types_pb2.MemberCard
    addressee: _types_pb2.MemberCard
    met_at: _containers.RepeatedCompositeFieldContainer[_types_pb2.MeetupRef]
    requested_at: _timestamp_pb2.Timestamp
    def __init__(self, requester_id: _Optional[str] = ..., addressee_id: _Optional[str] = ..., note: _Optional[str] = ..., requester: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., addressee: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., met_at: _Optional[_Iterable[_Union[_types_pb2.MeetupRef, _Mapping]]] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConnectionAccepted(_message.Message):
    __slots__ = ("requester_id", "addressee_id", "provenance", "requester", "addressee", "connected_at")
    REQUESTER_ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESSEE_ID_FIELD_NUMBER: _ClassVar[int]
    PROVENANCE_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_FIELD_NUMBER: _ClassVar[int]
    ADDRESSEE_FIELD_NUMBER: _ClassVar[int]
    CONNECTED_AT_FIELD_NUMBER: _ClassVar[int]
    requester_id: str
    addressee_id: str
    provenance: _types_pb2.ConnectionProvenance
    requester: _types_pb2.MemberCard
    addressee: _types_pb2.MemberCard
    connected_at: _timestamp_pb2.Timestamp
    def __init__(self, requester_id: _Optional[str] = ..., addressee_id: _Optional[str] = ..., provenance: _Optional[_Union[_types_pb2.ConnectionProvenance, _Mapping]] = ..., requester: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., addressee: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., connected_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConnectionDeclined(_message.Message):
    __slots__ = ("requester_id", "addressee_id", "declined_at")
    REQUESTER_ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESSEE_ID_FIELD_NUMBER: _ClassVar[int]
    DECLINED_AT_FIELD_NUMBER: _ClassVar[int]
    requester_id: str
    addressee_id: str
    declined_at: _timestamp_pb2.Timestamp
    def __init__(self, requester_id: _Optional[str] = ..., addressee_id: _Optional[str] = ..., declined_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConnectionRequestCancelled(_message.Message):
    __slots__ = ("requester_id", "addressee_id", "reason", "cancelled_by", "cancelled_at")
    REQUESTER_ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESSEE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_BY_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_AT_FIELD_NUMBER: _ClassVar[int]
    requester_id: str
    addressee_id: str
    reason: RequestCancelReason
    cancelled_by: str
    cancelled_at: _timestamp_pb2.Timestamp
    def __init__(self, requester_id: _Optional[str] = ..., addressee_id: _Optional[str] = ..., reason: _Optional[_Union[RequestCancelReason, str]] = ..., cancelled_by: _Optional[str] = ..., cancelled_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConnectionRemoved(_message.Message):
    __slots__ = ("member_id", "other_member_id", "reason", "removed_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REMOVED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    other_member_id: str
    reason: ConnectionRemovalReason
    removed_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., other_member_id: _Optional[str] = ..., reason: _Optional[_Union[ConnectionRemovalReason, str]] = ..., removed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MemberBlocked(_message.Message):
    __slots__ = ("blocker_id", "blocked_id", "blocked_at")
    BLOCKER_ID_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_ID_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_AT_FIELD_NUMBER: _ClassVar[int]
    blocker_id: str
    blocked_id: str
    blocked_at: _timestamp_pb2.Timestamp
    def __init__(self, blocker_id: _Optional[str] = ..., blocked_id: _Optional[str] = ..., blocked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MemberUnblocked(_message.Message):
    __slots__ = ("blocker_id", "blocked_id", "unblocked_at")
    BLOCKER_ID_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_ID_FIELD_NUMBER: _ClassVar[int]
    UNBLOCKED_AT_FIELD_NUMBER: _ClassVar[int]
    blocker_id: str
    blocked_id: str
    unblocked_at: _timestamp_pb2.Timestamp
    def __init__(self, blocker_id: _Optional[str] = ..., blocked_id: _Optional[str] = ..., unblocked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class IntroductionMade(_message.Message):
    __slots__ = ("introduction_id", "introducer_id", "first_member_id", "second_member_id", "note", "introducer", "first_member", "second_member", "made_at")
    INTRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    INTRODUCER_ID_FIELD_NUMBER: _ClassVar[int]
    FIRST_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    SECOND_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    INTRODUCER_FIELD_NUMBER: _ClassVar[int]
    FIRST_MEMBER_FIELD_NUMBER: _ClassVar[int]
    SECOND_MEMBER_FIELD_NUMBER: _ClassVar[int]
    MADE_AT_FIELD_NUMBER: _ClassVar[int]
    introduction_id: str
    introducer_id: str
    first_member_id: str
    second_member_id: str
    note: str
    introducer: _types_pb2.MemberCard
    first_member: _types_pb2.MemberCard
    second_member: _types_pb2.MemberCard
    made_at: _timestamp_pb2.Timestamp
    def __init__(self, introduction_id: _Optional[str] = ..., introducer_id: _Optional[str] = ..., first_member_id: _Optional[str] = ..., second_member_id: _Optional[str] = ..., note: _Optional[str] = ..., introducer: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., first_member: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., second_member: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., made_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class IntroductionAccepted(_message.Message):
    __slots__ = ("introduction_id", "member_id", "other_member_id", "introducer_id", "member", "accepted_at")
    INTRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    INTRODUCER_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_AT_FIELD_NUMBER: _ClassVar[int]
    introduction_id: str
    member_id: str
    other_member_id: str
    introducer_id: str
    member: _types_pb2.MemberCard
    accepted_at: _timestamp_pb2.Timestamp
    def __init__(self, introduction_id: _Optional[str] = ..., member_id: _Optional[str] = ..., other_member_id: _Optional[str] = ..., introducer_id: _Optional[str] = ..., member: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., accepted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class IntroductionDeclined(_message.Message):
    __slots__ = ("introduction_id", "member_id", "other_member_id", "introducer_id", "declined_at")
    INTRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    INTRODUCER_ID_FIELD_NUMBER: _ClassVar[int]
    DECLINED_AT_FIELD_NUMBER: _ClassVar[int]
    introduction_id: str
    member_id: str
    other_member_id: str
    introducer_id: str
    declined_at: _timestamp_pb2.Timestamp
    def __init__(self, introduction_id: _Optional[str] = ..., member_id: _Optional[str] = ..., other_member_id: _Optional[str] = ..., introducer_id: _Optional[str] = ..., declined_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class IntroductionCompleted(_message.Message):
    __slots__ = ("introduction_id", "introducer_id", "first_member_id", "second_member_id", "introducer", "first_member", "second_member", "completed_at")
    INTRODUCTION_ID_FIELD_NUMBER: _ClassVar[int]
    INTRODUCER_ID_FIELD_NUMBER: _ClassVar[int]
    FIRST_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    SECOND_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    INTRODUCER_FIELD_NUMBER: _ClassVar[int]
    FIRST_MEMBER_FIELD_NUMBER: _ClassVar[int]
    SECOND_MEMBER_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_FIELD_NUMBER: _ClassVar[int]
    introduction_id: str
    introducer_id: str
    first_member_id: str
    second_member_id: str
    introducer: _types_pb2.MemberCard
    first_member: _types_pb2.MemberCard
    second_member: _types_pb2.MemberCard
    completed_at: _timestamp_pb2.Timestamp
    def __init__(self, introduction_id: _Optional[str] = ..., introducer_id: _Optional[str] = ..., first_member_id: _Optional[str] = ..., second_member_id: _Optional[str] = ..., introducer: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., first_member: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., second_member: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., completed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InvitationSent(_message.Message):
    __slots__ = ("invitation_id", "inviter_id", "inviter", "invitee_member_id", "invitee", "invitee_email", "target", "note", "sent_at")
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    INVITER_ID_FIELD_NUMBER: _ClassVar[int]
    INVITER_FIELD_NUMBER: _ClassVar[int]
    INVITEE_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    INVITEE_FIELD_NUMBER: _ClassVar[int]
    INVITEE_EMAIL_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_FIELD_NUMBER: _ClassVar[int]
    invitation_id: str
    inviter_id: str
    inviter: _types_pb2.MemberCard
    invitee_member_id: str
    invitee: _types_pb2.MemberCard
    invitee_email: str
    target: _types_pb2.InvitationTarget
    note: str
    sent_at: _timestamp_pb2.Timestamp
    def __init__(self, invitation_id: _Optional[str] = ..., inviter_id: _Optional[str] = ..., inviter: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., invitee_member_id: _Optional[str] = ..., invitee: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., invitee_email: _Optional[str] = ..., target: _Optional[_Union[_types_pb2.InvitationTarget, _Mapping]] = ..., note: _Optional[str] = ..., sent_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InvitationClaimed(_message.Message):
    __slots__ = ("invitation_id", "inviter_id", "member_id", "member", "target", "claimed_at")
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    INVITER_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_AT_FIELD_NUMBER: _ClassVar[int]
    invitation_id: str
    inviter_id: str
    member_id: str
    member: _types_pb2.MemberCard
    target: _types_pb2.InvitationTarget
    claimed_at: _timestamp_pb2.Timestamp
    def __init__(self, invitation_id: _Optional[str] = ..., inviter_id: _Optional[str] = ..., member_id: _Optional[str] = ..., member: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., target: _Optional[_Union[_types_pb2.InvitationTarget, _Mapping]] = ..., claimed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InvitationDeclined(_message.Message):
    __slots__ = ("invitation_id", "inviter_id", "member_id", "target", "declined_at")
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    INVITER_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    DECLINED_AT_FIELD_NUMBER: _ClassVar[int]
    invitation_id: str
    inviter_id: str
    member_id: str
    target: _types_pb2.InvitationTarget
    declined_at: _timestamp_pb2.Timestamp
    def __init__(self, invitation_id: _Optional[str] = ..., inviter_id: _Optional[str] = ..., member_id: _Optional[str] = ..., target: _Optional[_Union[_types_pb2.InvitationTarget, _Mapping]] = ..., declined_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InvitationAccepted(_message.Message):
    __slots__ = ("invitation_id", "inviter_id", "member_id", "outcome", "target", "member", "inviter", "accepted_at")
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    INVITER_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    INVITER_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_AT_FIELD_NUMBER: _ClassVar[int]
    invitation_id: str
    inviter_id: str
    member_id: str
    outcome: _types_pb2.InvitationOutcome
    target: _types_pb2.InvitationTarget
    member: _types_pb2.MemberCard
    inviter: _types_pb2.MemberCard
    accepted_at: _timestamp_pb2.Timestamp
    def __init__(self, invitation_id: _Optional[str] = ..., inviter_id: _Optional[str] = ..., member_id: _Optional[str] = ..., outcome: _Optional[_Union[_types_pb2.InvitationOutcome, str]] = ..., target: _Optional[_Union[_types_pb2.InvitationTarget, _Mapping]] = ..., member: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., inviter: _Optional[_Union[_types_pb2.MemberCard, _Mapping]] = ..., accepted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
