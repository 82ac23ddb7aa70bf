"""Deciding invitations: send (to a member or an email address), claim (an
emailed one, by the member who followed it), decline, and record acceptance
(the service itself, when it sees the invitee join or RSVP)."""

from __future__ import annotations

from datetime import datetime

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.errors import AlreadyExists, FailedPrecondition, NotFound, PermissionDenied, Violations
from offkai_members.domain import validate
from offkai_members.domain.convert import card_to_pb, timestamp
from offkai_members.domain.invitation.commands import (
    ClaimInvitation,
    DeclineInvitation,
    RecordInvitationAccepted,
    SendInvitation,
)
from offkai_members.domain.invitation.convert import OUTCOMES, target_to_pb
from offkai_members.domain.invitation.state import OUTCOME_FOR, InvitationState, InvitationStatus
from offkai_members.domain.model import MemberCard
from offkai_members.domain.roles import require_privileged, require_self_or_privileged


def _card(card: MemberCard | None, member_id: str) -> MemberCard:
    if card is None:
        raise NotFound(f"member '{member_id}' not found")
    return card


def _existing(state: InvitationState, invitation_id: str) -> None:
    if not state.exists:
        raise NotFound(f"invitation '{invitation_id}' not found")


def send(state: InvitationState, c: SendInvitation, now: datetime) -> list:
    if state.exists:
        raise AlreadyExists(f"invitation '{c.invitation_id}' exists already")
    inviter = _card(c.inviter, c.inviter_id)
    invitee = _card(c.invitee, c.invitee_member_id) if c.invitee_member_id else None
    if c.target_kind is not None and c.target_id and c.target is None:
        raise NotFound(f"{c.target_kind.value} '{c.target_id}' not found")
    require_self_or_privileged(c.actor, c.inviter_id, "invite someone")
    if c.blocked_between:
        raise PermissionDenied(f"you cannot invite member '{c.invitee_member_id}'")
    v = Violations()
    validate.check_generated_id(c.invitation_id, "invitation_id", v)
    email = ""
    if c.invitee_member_id and c.invitee_email:
        v.add("invitee_email", "give either invitee_member_id or invitee_email, not both")
    elif c.invitee_email:
        email = validate.check_email(c.invitee_email, "invitee_email", v)
    elif not c.invitee_member_id:
        v.add("invitee_member_id", "one of invitee_member_id and invitee_email is required")
    v.check(c.target_kind is not None, "target_kind", "required: meetup or community")
    v.check(bool(c.target_id), "target_id", "required")
    note = validate.check_multi_line(c.note, "note", v, limit=validate.MAX_NOTE)
    v.raise_if_any()
    if c.invitee_member_id == c.inviter_id:
        raise FailedPrecondition("you cannot invite yourself")
    if c.invitee_already_in:
        raise FailedPrecondition(f"member '{c.invitee_member_id}' is in already")
    return [
        ev.InvitationSent(
            invitation_id=c.invitation_id,
            inviter_id=c.inviter_id,
            inviter=card_to_pb(inviter),
            invitee_member_id=c.invitee_member_id,
            invitee=card_to_pb(invitee),
            invitee_email=email,
            target=target_to_pb(c.target),
            note=note,
            sent_at=timestamp(now),
        )
    ]


def claim(state: InvitationState, c: ClaimInvitation, now: datetime) -> list:
    _existing(state, c.invitation_id)
    card = _card(c.member, c.member_id)
    require_self_or_privileged(c.actor, c.member_id, "claim an invitation")
    if state.invitee_member_id:
        raise FailedPrecondition("this invitation was sent to a member; there is nothing to claim")
    if state.claimed_by == c.member_id:
        return []
    if state.claimed_by:
        raise FailedPrecondition("this invitation was claimed already")
    if state.inviter_id == c.member_id:
        raise FailedPrecondition("you sent this invitation")
    return [
        ev.InvitationClaimed(
            invitation_id=state.invitation_id,
            inviter_id=state.inviter_id,
            member_id=c.member_id,
            member=card_to_pb(card),
            target=target_to_pb(state.target),
            claimed_at=timestamp(now),
        )
    ]


def decline(state: InvitationState, c: DeclineInvitation, now: datetime) -> list:
    _existing(state, c.invitation_id)
    require_self_or_privileged(c.actor, c.member_id, "decline an invitation")
    if not state.invitee or state.invitee != c.member_id:
        raise PermissionDenied("only the invited member may decline this invitation")
    if state.status is InvitationStatus.DECLINED:
        return []
    if state.status is InvitationStatus.ACCEPTED:
        raise FailedPrecondition("this invitation was accepted already")
    return [
        ev.InvitationDeclined(
            invitation_id=state.invitation_id,
            inviter_id=state.inviter_id,
            member_id=c.member_id,
            target=target_to_pb(state.target),
            declined_at=timestamp(now),
        )
    ]


def record_accepted(state: InvitationState, c: RecordInvitationAccepted, now: datetime) -> list:
    _existing(state, c.invitation_id)
    card = _card(c.member, c.member_id)
    require_privileged(c.actor, "record an accepted invitation")
    v = Violations()
    expected = OUTCOME_FOR[state.target.kind]
    v.check(
        c.outcome is expected,
        "outcome",
        f"an invitation to a {state.target.kind.value} is accepted by '{expected.value}'",
    )
    v.raise_if_any()
    if state.invitee != c.member_id:
        raise FailedPrecondition(f"member '{c.member_id}' is not this invitation's invitee")
    if state.status is InvitationStatus.ACCEPTED:
        return []
    if state.status is InvitationStatus.DECLINED:
        raise FailedPrecondition("this invitation was declined")
    return [
        ev.InvitationAccepted(
            invitation_id=state.invitation_id,
            inviter_id=state.inviter_id,
            member_id=c.member_id,
            outcome=OUTCOMES[c.outcome],
            target=target_to_pb(state.target),
            member=card_to_pb(card),
            inviter=card_to_pb(state.inviter),
            accepted_at=timestamp(now),
        )
    ]
