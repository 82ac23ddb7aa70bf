"""Deciding a member's contact handles: add, change, remove.

A handle's value goes into an event only while its visibility is EVERYONE:
the stream is read by other services, and a value meant for connections (or
nobody) must not reach them. The command handler keeps the other values
itself (sealed with the member's key), outside the stream.
"""

from __future__ import annotations

from datetime import datetime

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.errors import AlreadyExists, FailedPrecondition, NotFound, Violations
from offkai_members.domain import validate
from offkai_members.domain.convert import HANDLE_KINDS, VISIBILITIES, timestamp
from offkai_members.domain.handle_values import check_handle_value
from offkai_members.domain.member.commands import AddHandle, ChangeHandle, RemoveHandle
from offkai_members.domain.member.guards import existing, require_profile_owner
from offkai_members.domain.member.state import MemberState
from offkai_members.domain.model import Handle, Visibility


def value_on_stream(visibility: Visibility, value: str) -> str:
    """What an event may carry of a handle's value."""
    return value if visibility is Visibility.EVERYONE else ""


def _check_visibility(visibility: Visibility | None, v: Violations) -> None:
    v.check(visibility is not None, "visibility", "required: everyone, connections or nobody")


def add_handle(state: MemberState, c: AddHandle, now: datetime) -> list:
    existing(state, c.member_id)
    require_profile_owner(c.actor, c.member_id, "add a handle")
    v = Violations()
    validate.check_generated_id(c.handle_id, "handle_id", v)
    v.check(c.kind is not None, "kind", "required: facebook, line, x, github, blog URL or other URL")
    value = check_handle_value(c.kind, c.value, "value", v)
    _check_visibility(c.visibility, v)
    v.raise_if_any()
    if state.handle(c.handle_id) is not None:
        raise AlreadyExists(f"handle '{c.handle_id}' exists already")
    if len(state.handles) >= validate.MAX_HANDLES:
        raise FailedPrecondition(f"a member has at most {validate.MAX_HANDLES} handles; remove one first")
    return [
        ev.HandleAdded(
            member_id=c.member_id,
            handle_id=c.handle_id,
            kind=HANDLE_KINDS[c.kind],
            visibility=VISIBILITIES[c.visibility],
            value=value_on_stream(c.visibility, value),
            added_by=c.actor.member_id,
            added_at=timestamp(now),
        )
    ]


def _handle(state: MemberState, handle_id: str) -> Handle:
    handle = state.handle(handle_id)
    if handle is None:
        raise NotFound(f"member '{state.member_id}' has no handle '{handle_id}'")
    return handle


def change_handle(state: MemberState, c: ChangeHandle, now: datetime) -> list:
    existing(state, c.member_id)
    require_profile_owner(c.actor, c.member_id, "change a handle")
    handle = _handle(state, c.handle_id)
    v = Violations()
    value = check_handle_value(handle.kind, c.value, "value", v)
    _check_visibility(c.visibility, v)
    v.raise_if_any()
    current = handle.value if handle.visibility is Visibility.EVERYONE else c.current_value
    if value == current and c.visibility is handle.visibility:
        return []
    return [
        ev.HandleChanged(
            member_id=c.member_id,
            handle_id=c.handle_id,
            kind=HANDLE_KINDS[handle.kind],
            visibility=VISIBILITIES[c.visibility],
            previous_visibility=VISIBILITIES[handle.visibility],
            value=value_on_stream(c.visibility, value),
            changed_by=c.actor.member_id,
            changed_at=timestamp(now),
        )
    ]


def remove_handle(state: MemberState, c: RemoveHandle, now: datetime) -> list:
    existing(state, c.member_id)
    require_profile_owner(c.actor, c.member_id, "remove a handle")
    handle = _handle(state, c.handle_id)
    return [
        ev.HandleRemoved(
            member_id=c.member_id,
            handle_id=c.handle_id,
            kind=HANDLE_KINDS[handle.kind],
            removed_by=c.actor.member_id,
            removed_at=timestamp(now),
        )
    ]
