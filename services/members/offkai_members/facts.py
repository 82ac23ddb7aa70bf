"""What handlers look up before deciding: the facts the pure domain takes in its
commands (does a member exist and how do they appear, where do two members
stand, at which meetups did both check in, what is a target of an invitation).

Aggregates are read through the kit's repository (current: the store's tail);
what only the stream tells (check-ins, meetups, RSVPs) comes from the
attendance read model. Both the API's handlers and the follow-ups use these.
"""

from __future__ import annotations

from sqlalchemy import select

from offkai_kit.db import Database
from offkai_kit.repository import Repository
from offkai_members.domain import community, introduction, invitation, member, relationship
from offkai_members.domain.community.state import CommunityState
from offkai_members.domain.introduction.state import IntroductionState
from offkai_members.domain.invitation.state import InvitationState, InvitationTarget, TargetKind
from offkai_members.domain.member.state import MemberState
from offkai_members.domain.model import MeetupRef, MemberCard
from offkai_members.domain.relationship import RelationshipState
from offkai_members.domain.relationship.provenance import meetups_met
from offkai_members.domain.validate import COMMUNITY_ID, GENERATED_ID, MEMBER_ID
from offkai_members.projections.attendance import PUBLISHED
from offkai_members.projections.tables import meetup_check_ins, meetup_refs, meetup_rsvps


def is_member_id(value: str) -> bool:
    return bool(MEMBER_ID.fullmatch(value))


class Facts:
    def __init__(self, repository: Repository, db: Database):
        self.repository = repository
        self.db = db

    # -- aggregates ----------------------------------------------------------------

    async def member(self, member_id: str) -> MemberState:
        """The member's state; the initial (non-existent) one for an id that cannot be one."""
        if not is_member_id(member_id):
            return member.INITIAL
        return (await self.repository.load(member.MEMBER, member.stream_id(member_id))).state

    async def card(self, member_id: str) -> MemberCard | None:
        """None for a member who does not exist (never registered, or erased)."""
        return (await self.member(member_id)).card()

    async def relationship(self, member_id: str, other_id: str) -> RelationshipState:
        if not (is_member_id(member_id) and is_member_id(other_id)) or member_id == other_id:
            return relationship.INITIAL
        stream = relationship.stream_id(member_id, other_id)
        return (await self.repository.load(relationship.RELATIONSHIP, stream)).state

    async def community(self, community_id: str) -> CommunityState:
        if not COMMUNITY_ID.fullmatch(community_id):
            return community.INITIAL
        return (await self.repository.load(community.COMMUNITY, community.stream_id(community_id))).state

    async def introduction(self, introduction_id: str) -> IntroductionState:
        if not GENERATED_ID.fullmatch(introduction_id):
            return introduction.INITIAL
        return (await self.repository.load(introduction.INTRODUCTION, introduction.stream_id(introduction_id))).state

    async def invitation(self, invitation_id: str) -> InvitationState:
        if not GENERATED_ID.fullmatch(invitation_id):
            return invitation.INITIAL
        return (await self.repository.load(invitation.INVITATION, invitation.stream_id(invitation_id))).state

    # -- from the events service's stream ------------------------------------------

    async def met_at(self, member_id: str, other_id: str) -> tuple[MeetupRef, ...]:
        """The meetups where both checked in, earliest first."""
        a, b, m = meetup_check_ins.alias("a"), meetup_check_ins.alias("b"), meetup_refs.c
        statement = (
            select(m.meetup_id, m.title, m.start_at, m.timezone)
            .select_from(a.join(b, a.c.meetup_id == b.c.meetup_id).join(meetup_refs, m.meetup_id == a.c.meetup_id))
            .where(a.c.member_id == member_id, b.c.member_id == other_id)
        )
        async with self.db.read() as conn:
            rows = (await conn.execute(statement)).all()
        return meetups_met(MeetupRef(r.meetup_id, r.title, r.start_at, r.timezone) for r in rows)

    async def meetup_target(self, meetup_id: str) -> InvitationTarget | None:
        """A published meetup as an invitation names it; None for any other."""
        m = meetup_refs.c
        async with self.db.read() as conn:
            row = (await conn.execute(select(meetup_refs).where(m.meetup_id == meetup_id))).first()
        if row is None or row.status != PUBLISHED:
            return None
        return InvitationTarget(TargetKind.MEETUP, meetup_id, row.title, row.start_at, row.timezone)

    async def community_target(self, community_id: str) -> InvitationTarget | None:
        state = await self.community(community_id)
        if not state.exists:
            return None
        return InvitationTarget(TargetKind.COMMUNITY, community_id, state.details.name)

    async def has_rsvp(self, member_id: str, meetup_id: str) -> bool:
        r = meetup_rsvps.c
        async with self.db.read() as conn:
            found = await conn.scalar(select(r.member_id).where(r.meetup_id == meetup_id, r.member_id == member_id))
        return found is not None
