"""``decide(state, command, now) -> events`` for the community aggregate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from google.protobuf.message import Message

from offkai_members.domain.community import appointments, creation, membership
from offkai_members.domain.community import commands as c
from offkai_members.domain.community.state import CommunityState

DECIDERS: dict[type, Callable[[CommunityState, object, datetime], list[Message]]] = {
    c.CreateCommunity: creation.create,
    c.JoinCommunity: membership.join,
    c.LeaveCommunity: membership.leave,
    c.FollowCommunity: membership.follow,
    c.UnfollowCommunity: membership.unfollow,
    c.ChangeCommunityRole: appointments.change_role,
}


def decide(state: CommunityState, command: c.Command, now: datetime) -> list[Message]:
    if now.tzinfo is None:
        raise ValueError("decide needs an aware 'now' (UTC)")
    return DECIDERS[type(command)](state, command, now)
