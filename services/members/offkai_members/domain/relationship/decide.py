"""``decide(state, command, now) -> events`` for the relationship aggregate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from google.protobuf.message import Message

from offkai_members.domain.relationship import blocking, connection
from offkai_members.domain.relationship import commands as c
from offkai_members.domain.relationship.state import RelationshipState

DECIDERS: dict[type, Callable[[RelationshipState, object, datetime], list[Message]]] = {
    c.RequestConnection: connection.request_connection,
    c.AcceptConnection: connection.accept_connection,
    c.DeclineConnection: connection.decline_connection,
    c.WithdrawConnectionRequest: connection.withdraw_request,
    c.RemoveConnection: connection.remove_connection,
    c.ConnectIntroduced: connection.connect_introduced,
    c.ForgetErasedMember: connection.forget_erased_member,
    c.BlockMember: blocking.block_member,
    c.UnblockMember: blocking.unblock_member,
}


def decide(state: RelationshipState, command: c.Command, now: datetime) -> list[Message]:
    if now.tzinfo is None:
        raise ValueError("decide needs an aware 'now' (UTC)")
    return DECIDERS[type(command)](state, command, now)
