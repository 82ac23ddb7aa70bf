"""GetMember: a member's profile as the viewer may see it.

The member and the pair's relationship are read from their streams (current),
so a block or a new connection counts at once. ``domain.visibility`` decides
which handles the viewer may see; only then are the hidden values among them
opened from the members service's own table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from offkai.members.v1 import members_pb2 as pb
from offkai_kit.context import current_principal
from offkai_kit.errors import NotFound, PermissionDenied
from offkai_members.adapters.hidden_handles import HiddenHandles
from offkai_members.domain.member.state import MemberState
from offkai_members.domain.model import Visibility
from offkai_members.domain.relationship import RelationshipState
from offkai_members.domain.visibility import profile_as_seen
from offkai_members.entrypoints import requests as r
from offkai_members.entrypoints.views import member_message
from offkai_members.facts import Facts


def profile_message(
    state: MemberState, viewer_id: str, relationship: RelationshipState | None, hidden: Mapping[str, str]
) -> pb.Member | None:
    """The member as ``viewer_id`` may see them, hidden values filled in from
    ``hidden`` (handle id → value; only those the viewer may see are used)."""
    view = profile_as_seen(state, viewer_id, relationship)
    if view is None:
        return None
    handles = tuple(
        h if h.visibility is Visibility.EVERYONE else replace(h, value=hidden.get(h.handle_id, ""))
        for h in view.handles
    )
    return member_message(state, replace(view, handles=handles))


class ProfileReads:
    def __init__(self, facts: Facts, hidden: HiddenHandles):
        self.facts = facts
        self.hidden = hidden

    async def get_member(self, request: pb.GetMemberRequest) -> pb.GetMemberResponse:
        caller = current_principal()
        r.require(request, "member_id")
        state = await self.facts.member(request.member_id)
        viewer_id = request.viewer_id or caller.member_id
        if viewer_id != caller.member_id and not caller.is_privileged:
            # Judged as the caller sees the member first: another's view would tell
            # a member about blocks that are none of their business.
            await self._visible(state, caller.member_id, request.member_id)
            raise PermissionDenied("only admins and services may see a profile as another member would")
        if request.viewer_id:
            r.member_id(request.viewer_id, "viewer_id")
        relationship, view = await self._visible(state, viewer_id, request.member_id)
        wanted = [h.handle_id for h in view.handles if h.visibility is not Visibility.EVERYONE]
        values = await self.hidden.values(state.member_id, wanted)
        return pb.GetMemberResponse(member=profile_message(state, viewer_id, relationship, values))

    async def _visible(self, state: MemberState, viewer_id: str, member_id: str):
        relationship = await self.facts.relationship(viewer_id, member_id)
        view = profile_as_seen(state, viewer_id, relationship)
        if view is None:
            # Unknown, erased, or a block either way: all look the same.
            raise NotFound(f"member '{member_id}' not found")
        return relationship, view
