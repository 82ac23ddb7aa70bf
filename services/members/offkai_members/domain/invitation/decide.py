"""``decide(state, command, now) -> events`` for the invitation aggregate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from google.protobuf.message import Message

from offkai_members.domain.invitation import commands as c
from offkai_members.domain.invitation import rules
from offkai_members.domain.invitation.state import InvitationState

DECIDERS: dict[type, Callable[[InvitationState, object, datetime], list[Message]]] = {
    c.SendInvitation: rules.send,
    c.ClaimInvitation: rules.claim,
    c.DeclineInvitation: rules.decline,
    c.RecordInvitationAccepted: rules.record_accepted,
}


def decide(state: InvitationState, command: c.Command, now: datetime) -> list[Message]:
    if now.tzinfo is None:
        raise ValueError("decide needs an aware 'now' (UTC)")
    return DECIDERS[type(command)](state, command, now)
