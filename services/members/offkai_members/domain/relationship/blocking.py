"""Deciding blocks. Blocking ends any connection or pending request between
the two, in the same append (MemberBlocked first, then its effects), so no
connection ever coexists with a block. Blocking twice or unblocking someone
not blocked changes nothing."""

from __future__ import annotations

from datetime import datetime

from offkai.members.v1 import events_pb2 as ev
from offkai_members.domain.convert import timestamp
from offkai_members.domain.relationship import commands as c
from offkai_members.domain.relationship.guards import opened, require_pair
from offkai_members.domain.relationship.state import RelationshipState


def block_member(state: RelationshipState, cmd: c.BlockMember, now: datetime) -> list:
    opened(cmd, "block a member")
    require_pair(state, cmd, "block")
    if state.blocked_by(cmd.member_id):
        return []
    at = timestamp(now)
    events: list = [ev.MemberBlocked(blocker_id=cmd.member_id, blocked_id=cmd.other_id, blocked_at=at)]
    if state.connected:
        events.append(
            ev.ConnectionRemoved(
                member_id=cmd.member_id,
                other_member_id=cmd.other_id,
                reason=ev.CONNECTION_REMOVAL_REASON_BLOCKED,
                removed_at=at,
            )
        )
    if state.request is not None:
        events.append(
            ev.ConnectionRequestCancelled(
                requester_id=state.request.requester_id,
                addressee_id=state.request.addressee_id,
                reason=ev.REQUEST_CANCEL_REASON_BLOCKED,
                cancelled_by=cmd.member_id,
                cancelled_at=at,
            )
        )
    return events


def unblock_member(state: RelationshipState, cmd: c.UnblockMember, now: datetime) -> list:
    opened(cmd, "unblock a member")
    require_pair(state, cmd, "unblock")
    if not state.blocked_by(cmd.member_id):
        return []
    return [ev.MemberUnblocked(blocker_id=cmd.member_id, blocked_id=cmd.other_id, unblocked_at=timestamp(now))]
