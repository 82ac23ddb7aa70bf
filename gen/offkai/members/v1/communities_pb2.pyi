import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from offkai.members.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Community(_message.Message):
    __slots__ = ("community_id", "details", "created_by", "created_at", "member_count", "follower_count", "caller_role", "caller_follows")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    MEMBER_COUNT_FIELD_NUMBER: _ClassVar[int]
    FOLLOWER_COUNT_FIELD_NUMBER: _ClassVar[int]
    CALLER_ROLE_FIELD_NUMBER: _ClassVar[int]
    CALLER_FOLLOWS_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    details: _types_pb2.CommunityDetails
    created_by: str
    created_at: _timestamp_pb2.Timestamp
    member_count: int
    follower_count: int
    caller_role: _types_pb2.CommunityRole
    caller_follows: bool
    def __init__(self, community_id: _Optional[str] = ..., details: _Optional[_Union[_types_pb2.CommunityDetails, _Mapping]] = ..., created_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., member_count: _Optional[int] = ..., follower_count: _Optional[int] = ..., caller_role: _Optional[_Union[_types_pb2.CommunityRole, str]] = ..., caller_follows: _Optional[bool] = ...) -> None: ...

class CommunityMember(_message.Message):
    __slots__ = ("member", "role", "joined_at")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    JOINED_AT_FIELD_NUMBER: _ClassVar[int]
    member: _types_pb2.MemberSummary
    role: _types_pb2.CommunityRole
    joined_at: _timestamp_pb2.Timestamp
    def __init__(self, member: _Optional[_Union[_types_pb2.MemberSummary, _Mapping]] = ..., role: _Optional[_Union[_types_pb2.CommunityRole, str]] = ..., joined_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateCommunityRequest(_message.Message):
    __slots__ = ("request_id", "community_id", "details")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    community_id: str
    details: _types_pb2.CommunityDetails
    def __init__(self, request_id: _Optional[str] = ..., community_id: _Optional[str] = ..., details: _Optional[_Union[_types_pb2.CommunityDetails, _Mapping]] = ...) -> None: ...

class CreateCommunityResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class JoinCommunityRequest(_message.Message):
    __slots__ = ("request_id", "community_id", "member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    community_id: str
    member_id: str
    def __init__(self, request_id: _Optional[str] = ..., community_id: _Optional[str] = ..., member_id: _Optional[str] = ...) -> None: ...

class JoinCommunityResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class LeaveCommunityRequest(_message.Message):
    __slots__ = ("request_id", "community_id", "member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    community_id: str
    member_id: str
    def __init__(self, request_id: _Optional[str] = ..., community_id: _Optional[str] = ..., member_id: _Optional[str] = ...) -> None: ...

class LeaveCommunityResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class FollowCommunityRequest(_message.Message):
    __slots__ = ("request_id", "community_id", "member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    community_id: str
    member_id: str
    def __init__(self, request_id: _Optional[str] = ..., community_id: _Optional[str] = ..., member_id: _Optional[str] = ...) -> None: ...

class FollowCommunityResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class UnfollowCommunityRequest(_message.Message):
    __slots__ = ("request_id", "community_id", "member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    community_id: str
    member_id: str
    def __init__(self, request_id: _Optional[str] = ..., community_id: _Optional[str] = ..., member_id: _Optional[str] = ...) -> None: ...

class UnfollowCommunityResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class ChangeCommunityRoleRequest(_message.Message):
    __slots__ = ("request_id", "community_id", "member_id", "role")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    community_id: str
    member_id: str
    role: _types_pb2.CommunityRole
    def __init__(self, request_id: _Optional[str] = ..., community_id: _Optional[str] = ..., member_id: _Optional[str] = ..., role: _Optional[_Union[_types_pb2.CommunityRole, str]] = ...) -> None: ...

class ChangeCommunityRoleResponse(_message.Message):
    __slots__ = ("member",)
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    member: CommunityMember
    def __init__(self, member: _Optional[_Union[CommunityMember, _Mapping]] = ...) -> None: ...

class GetCommunityRequest(_message.Message):
    __slots__ = ("community_id",)
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    def __init__(self, community_id: _Optional[str] = ...) -> None: ...

class GetCommunityResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class ListCommunitiesRequest(_message.Message):
    __slots__ = ("prefecture", "city", "tag", "query", "page_size", "page_token")
    PREFECTURE_FIELD_NUMBER: _ClassVar[int]
    CITY_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    prefecture: str
    city: str
    tag: str
    query: str
    page_size: int
    page_token: str
    def __init__(self, prefecture: _Optional[str] = ..., city: _Optional[str] = ..., tag: _Optional[str] = ..., query: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCommunitiesResponse(_message.Message):
    __slots__ = ("communities", "next_page_token")
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    communities: _containers.RepeatedCompositeFieldContainer[Community]
    next_page_token: str
    def __init__(self, communities: _Optional[_Iterable[_Union[Community, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListCommunityMembersRequest(_message.Message):
    __slots__ = ("community_id", "role", "page_size", "page_token")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    role: _types_pb2.CommunityRole
    page_size: int
    page_token: str
    def __init__(self, community_id: _Optional[str] = ..., role: _Optional[_Union[_types_pb2.CommunityRole, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCommunityMembersResponse(_message.Message):
    __slots__ = ("members", "next_page_token")
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedCompositeFieldContainer[CommunityMember]
    next_page_token: str
    def __init__(self, members: _Optional[_Iterable[_Union[CommunityMember, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListMemberCommunitiesRequest(_message.Message):
    __slots__ = ("member_id", "page_size", "page_token")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    page_size: int
    page_token: str
    def __init__(self, member_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class MemberCommunity(_message.Message):
    __slots__ = ("community", "role", "follows")
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    FOLLOWS_FIELD_NUMBER: _ClassVar[int]
    community: Community
    role: _types_pb2.CommunityRole
    follows: bool
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ..., role: _Optional[_Union[_types_pb2.CommunityRole, str]] = ..., follows: _Optional[bool] = ...) -> None: ...

class ListMemberCommunitiesResponse(_message.Message):
    __slots__ = ("communities", "next_page_token")
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    communities: _containers.RepeatedCompositeFieldContainer[MemberCommunity]
    next_page_token: str
    def __init__(self, communities: _Optional[_Iterable[_Union[MemberCommunity, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
