"""Deciding erasure: a member (or an admin) erases the member's personal data.

The event carries nothing personal. What erasure means elsewhere (the
member's key destroyed, connections removed, communities left) follows from
MemberErased in the handlers and process managers; here the state forgets
everything and every later command finds no member.
"""

from __future__ import annotations

from datetime import datetime

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.errors import NotFound
from offkai_members.domain.convert import timestamp
from offkai_members.domain.member.commands import EraseMember
from offkai_members.domain.member.state import MemberState
from offkai_members.domain.roles import require_self_or_admin


def erase(state: MemberState, c: EraseMember, now: datetime) -> list:
    if state.status is None:
        raise NotFound(f"member '{c.member_id}' not found")
    require_self_or_admin(c.actor, c.member_id, "erase a member")
    if state.erased:
        return []
    return [ev.MemberErased(member_id=c.member_id, erased_by=c.actor.member_id, erased_at=timestamp(now))]
