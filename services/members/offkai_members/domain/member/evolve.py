"""The member fold: ``evolve(state, event) -> state``.

Total over the member events: an unknown event type is a programming error,
not something to skip. The fold never re-checks rules; events are facts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from google.protobuf.message import Message

from offkai.members.v1 import events_pb2 as ev
from offkai_members.domain.convert import (
    handle_kind_from_pb,
    instant,
    profile_from_pb,
    self_introduction_from_pb,
    visibility_from_pb,
)
from offkai_members.domain.member.state import MemberState, MemberStatus
from offkai_members.domain.model import Handle, Profile


def _registered(state: MemberState, e: ev.MemberRegistered) -> MemberState:
    at = instant(e, "registered_at")
    profile = Profile(
        display_name=e.display_name,
        self_introduction=self_introduction_from_pb(e.self_introduction),
        region_prefecture=e.region_prefecture,
        region_city=e.region_city,
        timezone=e.timezone,
        locale=e.locale,
        interests=tuple(e.interests),
    )
    return MemberState(
        member_id=e.member_id, status=MemberStatus.ACTIVE, profile=profile, registered_at=at, updated_at=at
    )


def _profile_updated(state: MemberState, e: ev.ProfileUpdated) -> MemberState:
    return replace(state, profile=profile_from_pb(e.profile), updated_at=instant(e, "updated_at"))


def _handle_added(state: MemberState, e: ev.HandleAdded) -> MemberState:
    handle = Handle(e.handle_id, handle_kind_from_pb(e.kind), visibility_from_pb(e.visibility), e.value)
    return replace(state, handles=(*state.handles, handle), updated_at=instant(e, "added_at"))


def _handle_changed(state: MemberState, e: ev.HandleChanged) -> MemberState:
    changed = tuple(
        replace(h, visibility=visibility_from_pb(e.visibility), value=e.value) if h.handle_id == e.handle_id else h
        for h in state.handles
    )
    return replace(state, handles=changed, updated_at=instant(e, "changed_at"))


def _handle_removed(state: MemberState, e: ev.HandleRemoved) -> MemberState:
    kept = tuple(h for h in state.handles if h.handle_id != e.handle_id)
    return replace(state, handles=kept, updated_at=instant(e, "removed_at"))


def _erased(state: MemberState, e: ev.MemberErased) -> MemberState:
    # Forget everything personal: only the id and the fact remain.
    return MemberState(member_id=e.member_id, status=MemberStatus.ERASED, erased_at=instant(e, "erased_at"))


EVOLVERS: dict[type[Message], Callable[[MemberState, Message], MemberState]] = {
    ev.MemberRegistered: _registered,
    ev.ProfileUpdated: _profile_updated,
    ev.HandleAdded: _handle_added,
    ev.HandleChanged: _handle_changed,
    ev.HandleRemoved: _handle_removed,
    ev.MemberErased: _erased,
}


def evolve(state: MemberState, event: Message) -> MemberState:
    try:
        apply = EVOLVERS[type(event)]
    except KeyError:
        raise TypeError(f"member aggregate cannot apply {type(event).__name__}") from None
    return apply(state, event)
