"""Commands on a community. ``member``/``creator`` are facts the handler
looked up: the member's card, None when they do not exist (or were erased)."""

from __future__ import annotations

from dataclasses import dataclass

from offkai_kit.principal import Principal
from offkai_members.domain.community.state import CommunityDetails, CommunityRole
from offkai_members.domain.model import MemberCard


@dataclass(frozen=True, kw_only=True)
class CreateCommunity:
    """The caller creates it and becomes its owner."""

    actor: Principal
    community_id: str
    details: CommunityDetails
    creator: MemberCard | None


@dataclass(frozen=True, kw_only=True)
class JoinCommunity:
    actor: Principal
    community_id: str
    member_id: str
    member: MemberCard | None


@dataclass(frozen=True, kw_only=True)
class LeaveCommunity:
    actor: Principal
    community_id: str
    member_id: str


@dataclass(frozen=True, kw_only=True)
class FollowCommunity:
    actor: Principal
    community_id: str
    member_id: str
    member: MemberCard | None


@dataclass(frozen=True, kw_only=True)
class UnfollowCommunity:
    actor: Principal
    community_id: str
    member_id: str


@dataclass(frozen=True, kw_only=True)
class ChangeCommunityRole:
    actor: Principal
    community_id: str
    member_id: str
    # None: not given (UNSPECIFIED in the request).
    role: CommunityRole | None
    member: MemberCard | None


Command = CreateCommunity | JoinCommunity | LeaveCommunity | FollowCommunity | UnfollowCommunity | ChangeCommunityRole
