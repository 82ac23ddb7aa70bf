"""Deciding who is in a community and who follows it: join, leave, follow,
unfollow. Each is for the member themself (privileged principals for anyone);
reaching a state already held changes nothing. The last owner cannot leave:
a community always keeps someone who can appoint organizers (only an admin or
the service, e.g. on erasure, may take the last owner out)."""

from __future__ import annotations

from datetime import datetime

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.errors import FailedPrecondition
from offkai_members.domain.community.commands import (
    FollowCommunity,
    JoinCommunity,
    LeaveCommunity,
    UnfollowCommunity,
)
from offkai_members.domain.community.convert import role_to_pb
from offkai_members.domain.community.guards import existing, member_card
from offkai_members.domain.community.state import CommunityRole, CommunityState
from offkai_members.domain.convert import card_to_pb, timestamp
from offkai_members.domain.roles import is_privileged, require_self_or_privileged


def join(state: CommunityState, c: JoinCommunity, now: datetime) -> list:
    existing(state, c.community_id)
    card = member_card(c.member, c.member_id)
    require_self_or_privileged(c.actor, c.member_id, "join a community")
    if state.role_of(c.member_id) is not None:
        return []
    return [
        ev.CommunityJoined(
            community_id=c.community_id,
            member_id=c.member_id,
            member=card_to_pb(card),
            community_name=state.details.name,
            joined_at=timestamp(now),
        )
    ]


def leave(state: CommunityState, c: LeaveCommunity, now: datetime) -> list:
    existing(state, c.community_id)
    require_self_or_privileged(c.actor, c.member_id, "leave a community")
    role = state.role_of(c.member_id)
    if role is None:
        return []
    if role is CommunityRole.OWNER and state.owners() == [c.member_id] and not is_privileged(c.actor):
        raise FailedPrecondition("the last owner cannot leave; make another member an owner first")
    return [
        ev.CommunityLeft(
            community_id=c.community_id,
            member_id=c.member_id,
            previous_role=role_to_pb(role),
            left_by=c.actor.member_id,
            left_at=timestamp(now),
        )
    ]


def follow(state: CommunityState, c: FollowCommunity, now: datetime) -> list:
    existing(state, c.community_id)
    member_card(c.member, c.member_id)
    require_self_or_privileged(c.actor, c.member_id, "follow a community")
    if c.member_id in state.followers:
        return []
    return [ev.CommunityFollowed(community_id=c.community_id, member_id=c.member_id, followed_at=timestamp(now))]


def unfollow(state: CommunityState, c: UnfollowCommunity, now: datetime) -> list:
    existing(state, c.community_id)
    require_self_or_privileged(c.actor, c.member_id, "unfollow a community")
    if c.member_id not in state.followers:
        return []
    return [ev.CommunityUnfollowed(community_id=c.community_id, member_id=c.member_id, unfollowed_at=timestamp(now))]
