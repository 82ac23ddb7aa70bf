"""States and read-model rows → API messages, as a given viewer may see them.

Who may see what is decided before these are called (``domain.visibility`` for
profiles, the query modules for lists); these only shape the messages, and
leave out what only some viewers may see (an invitee's email address, a block
by the other member) unless told the viewer may.
"""

from __future__ import annotations

from collections.abc import Mapping

from offkai.members.v1 import communities_pb2 as cpb
from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import introductions_pb2 as ipb
from offkai.members.v1 import invitations_pb2 as vpb
from offkai.members.v1 import members_pb2 as mpb
from offkai.members.v1 import types_pb2 as pb
from offkai_kit.principal import Principal
from offkai_members.domain.community.convert import details_to_pb, role_to_pb
from offkai_members.domain.community.state import CommunityRole, CommunityState
from offkai_members.domain.convert import handle_to_pb, self_introduction_to_pb, timestamp
from offkai_members.domain.introduction.state import Answer, IntroductionState, IntroductionStatus
from offkai_members.domain.invitation.convert import OUTCOMES, target_to_pb
from offkai_members.domain.invitation.state import InvitationState, InvitationStatus
from offkai_members.domain.member.state import MemberState
from offkai_members.domain.relationship import RelationshipState, Standing
from offkai_members.domain.relationship import provenance as provenances
from offkai_members.domain.suggestions import Reason, ReasonKind, Suggestion
from offkai_members.domain.visibility import ProfileView

Summaries = Mapping[str, pb.MemberSummary]

STATUSES = {
    Standing.NONE: pb.CONNECTION_STATUS_NONE,
    Standing.REQUEST_SENT: pb.CONNECTION_STATUS_REQUEST_SENT,
    Standing.REQUEST_RECEIVED: pb.CONNECTION_STATUS_REQUEST_RECEIVED,
    Standing.CONNECTED: pb.CONNECTION_STATUS_CONNECTED,
    Standing.BLOCKED: pb.CONNECTION_STATUS_BLOCKED,
    # Blocks are private: the blocked member sees no more than "none".
    Standing.BLOCKED_BY_OTHER: pb.CONNECTION_STATUS_NONE,
}


def summary(member_id: str, summaries: Summaries) -> pb.MemberSummary:
    """The member as lists show them; only the id for one no longer in the
    directory (erased)."""
    found = summaries.get(member_id)
    return found if found is not None else pb.MemberSummary(member_id=member_id)


# -- members -------------------------------------------------------------------


def member_message(state: MemberState, view: ProfileView) -> mpb.Member:
    p = view.profile
    return mpb.Member(
        member_id=state.member_id,
        display_name=p.display_name,
        region_prefecture=p.region_prefecture,
        region_city=p.region_city,
        timezone=p.timezone,
        locale=p.locale,
        self_introduction=self_introduction_to_pb(p.self_introduction),
        interests=list(p.interests),
        handles=[handle_to_pb(h) for h in view.handles],
        connection_status=STATUSES[view.standing],
        registered_at=timestamp(state.registered_at),
    )


# -- relationships -------------------------------------------------------------


def relationship_message(
    state: RelationshipState, member_id: str, other_id: str, viewer: Principal
) -> rpb.Relationship:
    """Where ``member_id`` stands with ``other_id``; a block by the other shows only
    to privileged principals."""
    standing = state.standing_of(member_id)
    out = rpb.Relationship(member_id=member_id, other_member_id=other_id, status=STATUSES[standing])
    if standing is Standing.CONNECTED:
        out.provenance.CopyFrom(provenances.to_pb(state.connection.provenance))
        since = state.connection.connected_at
    elif standing in (Standing.REQUEST_SENT, Standing.REQUEST_RECEIVED):
        since = state.request.requested_at
    elif standing is Standing.BLOCKED:
        since = state.blocks.get(member_id)
    else:
        since = None
    if since is not None:
        out.since.CopyFrom(timestamp(since))
    out.blocked_by_other = viewer.is_privileged and state.blocked_by(other_id)
    return out


# -- communities ---------------------------------------------------------------


def community_message(state: CommunityState, caller_id: str) -> cpb.Community:
    return cpb.Community(
        community_id=state.community_id,
        details=details_to_pb(state.details),
        created_by=state.created_by,
        created_at=timestamp(state.created_at),
        member_count=len(state.roles),
        follower_count=len(state.followers),
        caller_role=role_to_pb(state.role_of(caller_id)),
        caller_follows=caller_id in state.followers,
    )


def community_row_message(row, tags: list[str], caller_role: str | None, caller_follows: bool) -> cpb.Community:
    """A community as the read model has it (lists)."""
    return cpb.Community(
        community_id=row.community_id,
        details=pb.CommunityDetails(
            name=row.name,
            description=row.description,
            region_prefecture=row.region_prefecture,
            region_city=row.region_city,
            tags=tags,
        ),
        created_by=row.created_by,
        created_at=timestamp(row.created_at),
        member_count=row.member_count,
        follower_count=row.follower_count,
        caller_role=role_to_pb(CommunityRole(caller_role) if caller_role else None),
        caller_follows=caller_follows,
    )


# -- introductions -------------------------------------------------------------

ANSWERS = {
    Answer.PENDING: pb.INTRODUCTION_ANSWER_PENDING,
    Answer.ACCEPTED: pb.INTRODUCTION_ANSWER_ACCEPTED,
    Answer.DECLINED: pb.INTRODUCTION_ANSWER_DECLINED,
}
INTRODUCTION_STATUSES = {
    IntroductionStatus.PENDING: pb.INTRODUCTION_STATUS_PENDING,
    IntroductionStatus.COMPLETED: pb.INTRODUCTION_STATUS_COMPLETED,
    IntroductionStatus.DECLINED: pb.INTRODUCTION_STATUS_DECLINED,
}


def introduction_message(state: IntroductionState, summaries: Summaries) -> ipb.Introduction:
    return ipb.Introduction(
        introduction_id=state.introduction_id,
        introducer=summary(state.introducer_id, summaries),
        first_member=summary(state.first_id, summaries),
        second_member=summary(state.second_id, summaries),
        note=state.note,
        status=INTRODUCTION_STATUSES[state.status],
        first_answer=ANSWERS[state.answers[state.first_id]],
        second_answer=ANSWERS[state.answers[state.second_id]],
        made_at=timestamp(state.made_at),
        completed_at=timestamp(state.completed_at),
    )


# -- invitations ---------------------------------------------------------------

INVITATION_STATUSES = {
    InvitationStatus.SENT: pb.INVITATION_STATUS_SENT,
    InvitationStatus.ACCEPTED: pb.INVITATION_STATUS_ACCEPTED,
    InvitationStatus.DECLINED: pb.INVITATION_STATUS_DECLINED,
}


def invitation_message(state: InvitationState, summaries: Summaries, viewer_id: str) -> vpb.Invitation:
    out = vpb.Invitation(
        invitation_id=state.invitation_id,
        inviter=summary(state.inviter_id, summaries),
        # The address is the inviter's to see, no one else's.
        invitee_email=state.invitee_email if viewer_id == state.inviter_id else "",
        target=target_to_pb(state.target),
        note=state.note,
        status=INVITATION_STATUSES[state.status],
        sent_at=timestamp(state.sent_at),
        accepted_at=timestamp(state.accepted_at),
    )
    if state.invitee:
        out.invitee.CopyFrom(summary(state.invitee, summaries))
    if state.outcome is not None:
        out.outcome = OUTCOMES[state.outcome]
    return out


# -- suggestions ---------------------------------------------------------------

REASON_KINDS = {
    ReasonKind.MET_AT: rpb.SUGGESTION_REASON_KIND_MET_AT,
    ReasonKind.MUTUAL_CONNECTIONS: rpb.SUGGESTION_REASON_KIND_MUTUAL_CONNECTIONS,
    ReasonKind.SHARED_COMMUNITIES: rpb.SUGGESTION_REASON_KIND_SHARED_COMMUNITIES,
    ReasonKind.SHARED_INTERESTS: rpb.SUGGESTION_REASON_KIND_SHARED_INTERESTS,
    ReasonKind.SAME_CITY: rpb.SUGGESTION_REASON_KIND_SAME_CITY,
    ReasonKind.SAME_PREFECTURE: rpb.SUGGESTION_REASON_KIND_SAME_PREFECTURE,
}


def reason_message(reason: Reason, locale: str) -> rpb.SuggestionReason:
    return rpb.SuggestionReason(
        kind=REASON_KINDS[reason.kind], count=reason.count, names=list(reason.names), text=reason.text(locale)
    )


def suggestion_message(s: Suggestion, summaries: Summaries, locale: str) -> rpb.Suggestion:
    return rpb.Suggestion(member=summary(s.member_id, summaries), reasons=[reason_message(r, locale) for r in s.reasons])
