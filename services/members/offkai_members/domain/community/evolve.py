"""The community fold: ``evolve(state, event) -> state``; total over the
community events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType

from google.protobuf.message import Message

from offkai.members.v1 import events_pb2 as ev
from offkai_members.domain.community.convert import details_from_pb, role_from_pb
from offkai_members.domain.community.state import CommunityRole, CommunityState
from offkai_members.domain.convert import instant


def _with_role(state: CommunityState, member_id: str, role: CommunityRole) -> CommunityState:
    return replace(state, roles=MappingProxyType({**state.roles, member_id: role}))


def _created(state: CommunityState, e: ev.CommunityCreated) -> CommunityState:
    created = CommunityState(
        community_id=e.community_id,
        details=details_from_pb(e.details),
        created_by=e.created_by,
        created_at=instant(e, "created_at"),
    )
    return _with_role(created, e.created_by, CommunityRole.OWNER)


def _joined(state: CommunityState, e: ev.CommunityJoined) -> CommunityState:
    return _with_role(state, e.member_id, CommunityRole.MEMBER)


def _left(state: CommunityState, e: ev.CommunityLeft) -> CommunityState:
    return replace(state, roles=MappingProxyType({m: r for m, r in state.roles.items() if m != e.member_id}))


def _followed(state: CommunityState, e: ev.CommunityFollowed) -> CommunityState:
    return replace(state, followers=state.followers | {e.member_id})


def _unfollowed(state: CommunityState, e: ev.CommunityUnfollowed) -> CommunityState:
    return replace(state, followers=state.followers - {e.member_id})


def _role_changed(state: CommunityState, e: ev.CommunityRoleChanged) -> CommunityState:
    return _with_role(state, e.member_id, role_from_pb(e.role))


EVOLVERS: dict[type[Message], Callable[[CommunityState, Message], CommunityState]] = {
    ev.CommunityCreated: _created,
    ev.CommunityJoined: _joined,
    ev.CommunityLeft: _left,
    ev.CommunityFollowed: _followed,
    ev.CommunityUnfollowed: _unfollowed,
    ev.CommunityRoleChanged: _role_changed,
}


def evolve(state: CommunityState, event: Message) -> CommunityState:
    try:
        apply = EVOLVERS[type(event)]
    except KeyError:
        raise TypeError(f"community aggregate cannot apply {type(event).__name__}") from None
    return apply(state, event)
