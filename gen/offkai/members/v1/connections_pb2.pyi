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

class RequestDirection(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REQUEST_DIRECTION_UNSPECIFIED: _ClassVar[RequestDirection]
    REQUEST_DIRECTION_RECEIVED: _ClassVar[RequestDirection]
    REQUEST_DIRECTION_SENT: _ClassVar[RequestDirection]

class SuggestionReasonKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUGGESTION_REASON_KIND_UNSPECIFIED: _ClassVar[SuggestionReasonKind]
    SUGGESTION_REASON_KIND_MET_AT: _ClassVar[SuggestionReasonKind]
    SUGGESTION_REASON_KIND_MUTUAL_CONNECTIONS: _ClassVar[SuggestionReasonKind]
    SUGGESTION_REASON_KIND_SHARED_COMMUNITIES: _ClassVar[SuggestionReasonKind]
    SUGGESTION_REASON_KIND_SHARED_INTERESTS: _ClassVar[SuggestionReasonKind]
    SUGGESTION_REASON_KIND_SAME_CITY: _ClassVar[SuggestionReasonKind]
    SUGGESTION_REASON_KIND_SAME_PREFECTURE: _ClassVar[SuggestionReasonKind]
REQUEST_DIRECTION_UNSPECIFIED: RequestDirection
REQUEST_DIRECTION_RECEIVED: RequestDirection
REQUEST_DIRECTION_SENT: RequestDirection
SUGGESTION_REASON_KIND_UNSPECIFIED: SuggestionReasonKind
SUGGESTION_REASON_KIND_MET_AT: SuggestionReasonKind
SUGGESTION_REASON_KIND_MUTUAL_CONNECTIONS: SuggestionReasonKind
SUGGESTION_REASON_KIND_SHARED_COMMUNITIES: SuggestionReasonKind
SUGGESTION_REASON_KIND_SHARED_INTERESTS: SuggestionReasonKind
SUGGESTION_REASON_KIND_SAME_CITY: SuggestionReasonKind
SUGGESTION_REASON_KIND_SAME_PREFECTURE: SuggestionReasonKind

class Relationship(_message.Message):
    __slots__ = ("member_id", "other_member_id", "status", "provenance", "since", "blocked_by_other")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PROVENANCE_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_BY_OTHER_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    other_member_id: str
    status: _types_pb2.ConnectionStatus
    provenance: _types_pb2.ConnectionProvenance
    since: _timestamp_pb2.Timestamp
    blocked_by_other: bool
    def __init__(self, member_id: _Optional[str] = ..., other_member_id: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.ConnectionStatus, str]] = ..., provenance: _Optional[_Union[_types_pb2.ConnectionProvenance, _Mapping]] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., blocked_by_other: _Optional[bool] = ...) -> None: ...

class Connection(_message.Message):
    __slots__ = ("member", "provenance", "connected_at")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    PROVENANCE_FIELD_NUMBER: _ClassVar[int]
    CONNECTED_AT_FIELD_NUMBER: _ClassVar[int]
    member: _types_pb2.MemberSummary
    provenance: _types_pb2.ConnectionProvenance
    connected_at: _timestamp_pb2.Timestamp
    def __init__(self, member: _Optional[_Union[_types_pb2.MemberSummary, _Mapping]] = ..., provenance: _Optional[_Union[_types_pb2.ConnectionProvenance, _Mapping]] = ..., connected_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConnectionRequest(_message.Message):
    __slots__ = ("requester", "addressee", "note", "met_at", "requested_at")
    REQUESTER_FIELD_NUMBER: _ClassVar[int]
    ADDRESSEE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    MET_AT_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    requester: _types_pb2.MemberSummary
    addressee: _types_pb2.MemberSummary
    note: str
    met_at: _containers.RepeatedCompositeFieldContainer[_types_pb2.MeetupRef]
    requested_at: _timestamp_pb2.Timestamp
    def __init__(self, requester: _Optional[_Union[_types_pb2.MemberSummary, _Mapping]] = ..., addressee: _Optional[_Union[_types_pb2.MemberSummary, _Mapping]] = ..., note: _Optional[str] = ..., met_at: _Optional[_Iterable[_Union[_types_pb2.MeetupRef, _Mapping]]] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RequestConnectionRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "other_member_id", "note")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    other_member_id: str
    note: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., other_member_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class RequestConnectionResponse(_message.Message):
    __slots__ = ("relationship",)
    RELATIONSHIP_FIELD_NUMBER: _ClassVar[int]
    relationship: Relationship
    def __init__(self, relationship: _Optional[_Union[Relationship, _Mapping]] = ...) -> None: ...

class AcceptConnectionRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "other_member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    other_member_id: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., other_member_id: _Optional[str] = ...) -> None: ...

class AcceptConnectionResponse(_message.Message):
    __slots__ = ("relationship",)
    RELATIONSHIP_FIELD_NUMBER: _ClassVar[int]
    relationship: Relationship
    def __init__(self, relationship: _Optional[_Union[Relationship, _Mapping]] = ...) -> None: ...

class DeclineConnectionRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "other_member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    other_member_id: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., other_member_id: _Optional[str] = ...) -> None: ...

class DeclineConnectionResponse(_message.Message):
    __slots__ = ("relationship",)
    RELATIONSHIP_FIELD_NUMBER: _ClassVar[int]
    relationship: Relationship
    def __init__(self, relationship: _Optional[_Union[Relationship, _Mapping]] = ...) -> None: ...

class WithdrawConnectionRequestRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "other_member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    other_member_id: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., other_member_id: _Optional[str] = ...) -> None: ...

class WithdrawConnectionRequestResponse(_message.Message):
    __slots__ = ("relationship",)
    RELATIONSHIP_FIELD_NUMBER: _ClassVar[int]
    relationship: Relationship
    def __init__(self, relationship: _Optional[_Union[Relationship, _Mapping]] = ...) -> None: ...

class RemoveConnectionRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "other_member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    other_member_id: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., other_member_id: _Optional[str] = ...) -> None: ...

class RemoveConnectionResponse(_message.Message):
    __slots__ = ("relationship",)
    RELATIONSHIP_FIELD_NUMBER: _ClassVar[int]
    relationship: Relationship
    def __init__(self, relationship: _Optional[_Union[Relationship, _Mapping]] = ...) -> None: ...

class BlockMemberRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "other_member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    other_member_id: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., other_member_id: _Optional[str] = ...) -> None: ...

class BlockMemberResponse(_message.Message):
    __slots__ = ("relationship",)
    RELATIONSHIP_FIELD_NUMBER: _ClassVar[int]
    relationship: Relationship
    def __init__(self, relationship: _Optional[_Union[Relationship, _Mapping]] = ...) -> None: ...

class UnblockMemberRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "other_member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    other_member_id: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., other_member_id: _Optional[str] = ...) -> None: ...

class UnblockMemberResponse(_message.Message):
    __slots__ = ("relationship",)
    RELATIONSHIP_FIELD_NUMBER: _ClassVar[int]
    relationship: Relationship
    def __init__(self, relationship: _Optional[_Union[Relationship, _Mapping]] = ...) -> None: ...

class ListConnectionsRequest(_message.Message):
    __slots__ = ("member_id", "page_size", "page_token")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    page_size: int
    page_token: str
    def __init__(self, member_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListConnectionsResponse(_message.Message):
    __slots__ = ("connections", "next_page_token")
    CONNECTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    connections: _containers.RepeatedCompositeFieldContainer[Connection]
    next_page_token: str
    def __init__(self, connections: _Optional[_Iterable[_Union[Connection, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListConnectionRequestsRequest(_message.Message):
    __slots__ = ("member_id", "direction", "page_size", "page_token")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    direction: RequestDirection
    page_size: int
    page_token: str
    def __init__(self, member_id: _Optional[str] = ..., direction: _Optional[_Union[RequestDirection, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListConnectionRequestsResponse(_message.Message):
    __slots__ = ("requests", "next_page_token")
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[ConnectionRequest]
    next_page_token: str
    def __init__(self, requests: _Optional[_Iterable[_Union[ConnectionRequest, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class BlockedMember(_message.Message):
    __slots__ = ("member_id", "blocked_at")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_AT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    blocked_at: _timestamp_pb2.Timestamp
    def __init__(self, member_id: _Optional[str] = ..., blocked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListBlockedMembersRequest(_message.Message):
    __slots__ = ("member_id", "page_size", "page_token")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    page_size: int
    page_token: str
    def __init__(self, member_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListBlockedMembersResponse(_message.Message):
    __slots__ = ("blocked", "next_page_token")
    BLOCKED_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    blocked: _containers.RepeatedCompositeFieldContainer[BlockedMember]
    next_page_token: str
    def __init__(self, blocked: _Optional[_Iterable[_Union[BlockedMember, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class PersonMet(_message.Message):
    __slots__ = ("member", "connection_status")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_STATUS_FIELD_NUMBER: _ClassVar[int]
    member: _types_pb2.MemberSummary
    connection_status: _types_pb2.ConnectionStatus
    def __init__(self, member: _Optional[_Union[_types_pb2.MemberSummary, _Mapping]] = ..., connection_status: _Optional[_Union[_types_pb2.ConnectionStatus, str]] = ...) -> None: ...

class MeetupMet(_message.Message):
    __slots__ = ("meetup", "people")
    MEETUP_FIELD_NUMBER: _ClassVar[int]
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    meetup: _types_pb2.MeetupRef
    people: _containers.RepeatedCompositeFieldContainer[PersonMet]
    def __init__(self, meetup: _Optional[_Union[_types_pb2.MeetupRef, _Mapping]] = ..., people: _Optional[_Iterable[_Union[PersonMet, _Mapping]]] = ...) -> None: ...

class ListPeopleMetRequest(_message.Message):
    __slots__ = ("member_id", "page_size", "page_token")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    page_size: int
    page_token: str
    def __init__(self, member_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListPeopleMetResponse(_message.Message):
    __slots__ = ("meetups", "next_page_token")
    MEETUPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    meetups: _containers.RepeatedCompositeFieldContainer[MeetupMet]
    next_page_token: str
    def __init__(self, meetups: _Optional[_Iterable[_Union[MeetupMet, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SuggestionReason(_message.Message):
    __slots__ = ("kind", "count", "names", "text")
    KIND_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    NAMES_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    kind: SuggestionReasonKind
    count: int
    names: _containers.RepeatedScalarFieldContainer[str]
    text: str
    def __init__(self, kind: _Optional[_Union[SuggestionReasonKind, str]] = ..., count: _Optional[int] = ..., names: _Optional[_Iterable[str]] = ..., text: _Optional[str] = ...) -> None: ...

class Suggestion(_message.Message):
    __slots__ = ("member", "reasons")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    member: _types_pb2.MemberSummary
    reasons: _containers.RepeatedCompositeFieldContainer[SuggestionReason]
    def __init__(self, member: _Optional[_Union[_types_pb2.MemberSummary, _Mapping]] = ..., reasons: _Optional[_Iterable[_Union[SuggestionReason, _Mapping]]] = ...) -> None: ...

class ListSuggestionsRequest(_message.Message):
    __slots__ = ("member_id", "page_size", "page_token")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    page_size: int
    page_token: str
    def __init__(self, member_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSuggestionsResponse(_message.Message):
    __slots__ = ("suggestions", "next_page_token")
    SUGGESTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    suggestions: _containers.RepeatedCompositeFieldContainer[Suggestion]
    next_page_token: str
    def __init__(self, suggestions: _Optional[_Iterable[_Union[Suggestion, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
