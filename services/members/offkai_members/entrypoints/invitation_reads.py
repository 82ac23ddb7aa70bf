"""GetInvitation, ListInvitations and GetInvitationReport.

An invitation is its inviter's and its invitee's (or claimer's) business, and
privileged principals'; anyone else gets NOT_FOUND, and the email address shows
to the inviter alone. The organizer's report counts, per inviter, what the
invitations to one meetup or community brought in: the invitations read model,
kept from the stream, where acceptance is what the service saw (a join, an
RSVP), never a caller's claim.
"""

from __future__ import annotations

from sqlalchemy import case, func, select

from offkai.members.v1 import invitations_pb2 as pb
from offkai_kit import paging
from offkai_kit.context import current_principal
from offkai_kit.db import Database
from offkai_kit.errors import InvalidArgument, NotFound, PermissionDenied
from offkai_kit.principal import Principal
from offkai_members.domain.community.state import CommunityRole
from offkai_members.domain.invitation.convert import target_to_pb
from offkai_members.domain.invitation.state import InvitationState, InvitationStatus, InvitationTarget, TargetKind
from offkai_members.entrypoints import requests as r
from offkai_members.entrypoints.keysets import (
    ascending_after,
    key_position,
    key_token,
    newest_first_after,
    time_position,
    time_token,
)
from offkai_members.entrypoints.views import invitation_message, summary
from offkai_members.facts import Facts
from offkai_members.projections.directory import summaries
from offkai_members.projections.tables import invitation_index, meetup_organizers, meetup_refs

ORGANIZING = (CommunityRole.OWNER, CommunityRole.ORGANIZER)


def _people(state: InvitationState) -> tuple[str, ...]:
    return tuple(p for p in (state.inviter_id, state.invitee) if p)


class InvitationReads:
    def __init__(self, db: Database, facts: Facts):
        self.db = db
        self.facts = facts

    async def get_invitation(self, request: pb.GetInvitationRequest) -> pb.GetInvitationResponse:
        viewer = current_principal()
        r.require(request, "invitation_id")
        state = await self.facts.invitation(request.invitation_id)
        if not state.exists or not (viewer.is_privileged or viewer.member_id in _people(state)):
            raise NotFound(f"invitation '{request.invitation_id}' not found")
        shown = await summaries(self.db, _people(state))
        return pb.GetInvitationResponse(invitation=invitation_message(state, shown, viewer.member_id))

    async def list_invitations(self, request: pb.ListInvitationsRequest) -> pb.ListInvitationsResponse:
        viewer = current_principal()
        member_id = r.acting(request, viewer)
        viewer.require_self_or_privileged(member_id, "list invitations")
        received = r.invitations_received(request.direction)
        wanted = r.statuses(request.statuses, r.INVITATION_STATUSES)
        size = paging.page_size(request.page_size, default=50, maximum=200)
        scope = ["ListInvitations", member_id, received, sorted(s.value for s in wanted)]
        i = invitation_index.c
        where = [(i.invitee_id if received else i.inviter_id) == member_id]
        if wanted:
            where.append(i.status.in_(sorted(s.value for s in wanted)))
        where += newest_first_after(i.sent_at, i.invitation_id, time_position(request.page_token, scope))
        statement = (
            select(i.invitation_id, i.sent_at)
            .where(*where)
            .order_by(i.sent_at.desc(), i.invitation_id.desc())
            .limit(size + 1)
        )
        async with self.db.read() as conn:
            rows = (await conn.execute(statement)).all()
        page = rows[:size]
        states = [await self.facts.invitation(row.invitation_id) for row in page]
        states = [s for s in states if s.exists and (not wanted or s.status in wanted)]
        shown = await summaries(self.db, {p for s in states for p in _people(s)})
        out = pb.ListInvitationsResponse(
            invitations=[invitation_message(s, shown, viewer.member_id) for s in states]
        )
        if len(rows) > size:
            out.next_page_token = time_token(page[-1].sent_at, page[-1].invitation_id, scope)
        return out

    # -- the organizer's report --------------------------------------------------

    async def _report_target(self, kind: TargetKind, target_id: str, viewer: Principal) -> InvitationTarget:
        """The target, if it exists and the viewer organises it (NOT_FOUND first)."""
        if kind is TargetKind.COMMUNITY:
            state = await self.facts.community(target_id)
            if not state.exists:
                raise NotFound(f"community '{target_id}' not found")
            if not (viewer.is_admin or state.role_of(viewer.member_id) in ORGANIZING):
                raise PermissionDenied("only the community's owners and organizers may see its invitation report")
            return InvitationTarget(TargetKind.COMMUNITY, target_id, state.details.name)
        m, o = meetup_refs.c, meetup_organizers.c
        async with self.db.read() as conn:
            row = (await conn.execute(select(meetup_refs).where(m.meetup_id == target_id))).first()
            organizers = set((await conn.scalars(select(o.member_id).where(o.meetup_id == target_id))).all())
        if row is None:
            raise NotFound(f"meetup '{target_id}' not found")
        if not (viewer.is_admin or viewer.member_id in organizers):
            raise PermissionDenied("only the meetup's organizers may see its invitation report")
        return InvitationTarget(TargetKind.MEETUP, target_id, row.title, row.start_at, row.timezone)

    async def get_invitation_report(self, request: pb.GetInvitationReportRequest) -> pb.GetInvitationReportResponse:
        viewer = current_principal()
        kind = r.target_kind(request.target_kind)
        if kind is None:
            raise InvalidArgument.field("target_kind", "required: meetup or community")
        r.require(request, "target_id")
        target = await self._report_target(kind, request.target_id, viewer)
        size = paging.page_size(request.page_size, default=50, maximum=200)
        scope = ["GetInvitationReport", kind.value, request.target_id]
        i = invitation_index.c
        tallies = (
            func.count().label("sent"),
            func.sum(case((i.status == InvitationStatus.ACCEPTED.value, 1), else_=0)).label("accepted"),
            func.sum(case((i.status == InvitationStatus.DECLINED.value, 1), else_=0)).label("declined"),
        )
        mine = (i.target_kind == kind.value, i.target_id == request.target_id)
        after = ascending_after((i.inviter_id,), key_position(request.page_token, scope, (str,)))
        async with self.db.read() as conn:
            totals = (await conn.execute(select(*tallies).where(*mine))).one()
            rows = (
                await conn.execute(
                    select(i.inviter_id, *tallies)
                    .where(*mine, *after)
                    .group_by(i.inviter_id)
                    .order_by(i.inviter_id)
                    .limit(size + 1)
                )
            ).all()
        page = rows[:size]
        shown = await summaries(self.db, [row.inviter_id for row in page])
        out = pb.GetInvitationReportResponse(target=target_to_pb(target), totals=_tally(totals))
        for row in page:
            out.inviters.append(_tally(row, summary(row.inviter_id, shown)))
        if len(rows) > size:
            out.next_page_token = key_token((page[-1].inviter_id,), scope)
        return out


def _tally(row, inviter=None) -> pb.InvitationTally:
    sent, accepted, declined = row.sent or 0, row.accepted or 0, row.declined or 0
    return pb.InvitationTally(
        inviter=inviter, sent=sent, accepted=accepted, declined=declined, open=sent - accepted - declined
    )
