"""The relationship fold: ``evolve(state, event) -> state``.

Total over the relationship events; an unknown event type is a programming
error. Every event names both members, so the first one fixes the pair.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType

from google.protobuf.message import Message

from offkai.members.v1 import events_pb2 as ev
from offkai_members.domain.convert import instant, meetup_from_pb
from offkai_members.domain.relationship import provenance
from offkai_members.domain.relationship.state import Connection, PendingRequest, RelationshipState


def _with_pair(state: RelationshipState, a: str, b: str) -> RelationshipState:
    return state if state.pair else replace(state, pair=tuple(sorted((a, b))))


def _requested(state: RelationshipState, e: ev.ConnectionRequested) -> RelationshipState:
    request = PendingRequest(
        requester_id=e.requester_id,
        addressee_id=e.addressee_id,
        note=e.note,
        met_at=tuple(meetup_from_pb(m) for m in e.met_at),
        requested_at=instant(e, "requested_at"),
    )
    return replace(_with_pair(state, e.requester_id, e.addressee_id), request=request)


def _accepted(state: RelationshipState, e: ev.ConnectionAccepted) -> RelationshipState:
    connection = Connection(provenance.from_pb(e.provenance), instant(e, "connected_at"))
    return replace(_with_pair(state, e.requester_id, e.addressee_id), request=None, connection=connection)


def _declined(state: RelationshipState, e: ev.ConnectionDeclined) -> RelationshipState:
    return replace(_with_pair(state, e.requester_id, e.addressee_id), request=None)


def _request_cancelled(state: RelationshipState, e: ev.ConnectionRequestCancelled) -> RelationshipState:
    return replace(_with_pair(state, e.requester_id, e.addressee_id), request=None)


def _removed(state: RelationshipState, e: ev.ConnectionRemoved) -> RelationshipState:
    return replace(_with_pair(state, e.member_id, e.other_member_id), connection=None)


def _blocked(state: RelationshipState, e: ev.MemberBlocked) -> RelationshipState:
    blocks = {**state.blocks, e.blocker_id: instant(e, "blocked_at")}
    return replace(_with_pair(state, e.blocker_id, e.blocked_id), blocks=MappingProxyType(blocks))


def _unblocked(state: RelationshipState, e: ev.MemberUnblocked) -> RelationshipState:
    blocks = {k: v for k, v in state.blocks.items() if k != e.blocker_id}
    return replace(_with_pair(state, e.blocker_id, e.blocked_id), blocks=MappingProxyType(blocks))


EVOLVERS: dict[type[Message], Callable[[RelationshipState, Message], RelationshipState]] = {
    ev.ConnectionRequested: _requested,
    ev.ConnectionAccepted: _accepted,
    ev.ConnectionDeclined: _declined,
    ev.ConnectionRequestCancelled: _request_cancelled,
    ev.ConnectionRemoved: _removed,
    ev.MemberBlocked: _blocked,
    ev.MemberUnblocked: _unblocked,
}


def evolve(state: RelationshipState, event: Message) -> RelationshipState:
    try:
        apply = EVOLVERS[type(event)]
    except KeyError:
        raise TypeError(f"relationship aggregate cannot apply {type(event).__name__}") from None
    return apply(state, event)
