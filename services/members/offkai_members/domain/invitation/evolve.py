"""The invitation fold: ``evolve(state, event) -> state``; total over the
invitation events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from google.protobuf.message import Message

from offkai.members.v1 import events_pb2 as ev
from offkai_members.domain.convert import card_from_pb, instant
from offkai_members.domain.invitation.convert import outcome_from_pb, target_from_pb
from offkai_members.domain.invitation.state import InvitationState, InvitationStatus


def _sent(state: InvitationState, e: ev.InvitationSent) -> InvitationState:
    return InvitationState(
        invitation_id=e.invitation_id,
        status=InvitationStatus.SENT,
        inviter_id=e.inviter_id,
        inviter=card_from_pb(e.inviter),
        invitee_member_id=e.invitee_member_id,
        invitee_email=e.invitee_email,
        target=target_from_pb(e.target),
        note=e.note,
        sent_at=instant(e, "sent_at"),
    )


def _claimed(state: InvitationState, e: ev.InvitationClaimed) -> InvitationState:
    return replace(state, claimed_by=e.member_id)


def _declined(state: InvitationState, e: ev.InvitationDeclined) -> InvitationState:
    return replace(state, status=InvitationStatus.DECLINED)


def _accepted(state: InvitationState, e: ev.InvitationAccepted) -> InvitationState:
    return replace(
        state,
        status=InvitationStatus.ACCEPTED,
        outcome=outcome_from_pb(e.outcome),
        accepted_at=instant(e, "accepted_at"),
    )


EVOLVERS: dict[type[Message], Callable[[InvitationState, Message], InvitationState]] = {
    ev.InvitationSent: _sent,
    ev.InvitationClaimed: _claimed,
    ev.InvitationDeclined: _declined,
    ev.InvitationAccepted: _accepted,
}


def evolve(state: InvitationState, event: Message) -> InvitationState:
    try:
        apply = EVOLVERS[type(event)]
    except KeyError:
        raise TypeError(f"invitation aggregate cannot apply {type(event).__name__}") from None
    return apply(state, event)
