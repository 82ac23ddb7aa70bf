"""Deciding roles in a community: owners (and admins) make a member an owner,
an organizer or a plain member. The last owner cannot be demoted."""

from __future__ import annotations

from datetime import datetime

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.errors import FailedPrecondition, Violations
from offkai_members.domain.community.commands import ChangeCommunityRole
from offkai_members.domain.community.convert import role_to_pb
from offkai_members.domain.community.guards import existing, member_card, require_owner
from offkai_members.domain.community.state import CommunityRole, CommunityState
from offkai_members.domain.convert import card_to_pb, timestamp


def change_role(state: CommunityState, c: ChangeCommunityRole, now: datetime) -> list:
    existing(state, c.community_id)
    card = member_card(c.member, c.member_id)
    require_owner(state, c.actor, "change roles")
    v = Violations()
    v.check(c.role is not None, "role", "required: owner, organizer or member")
    v.raise_if_any()
    current = state.role_of(c.member_id)
    if current is None:
        raise FailedPrecondition(f"member '{c.member_id}' has not joined the community")
    if current is c.role:
        return []
    if current is CommunityRole.OWNER and state.owners() == [c.member_id]:
        raise FailedPrecondition("the last owner cannot be demoted; make another member an owner first")
    return [
        ev.CommunityRoleChanged(
            community_id=c.community_id,
            member_id=c.member_id,
            member=card_to_pb(card),
            previous_role=role_to_pb(current),
            role=role_to_pb(c.role),
            changed_by=c.actor.member_id,
            changed_at=timestamp(now),
            community_name=state.details.name,
        )
    ]
