"""``decide(state, command, now) -> events`` for the member aggregate.

Each command type maps to its pure decide function; an empty list means the
command changes nothing. Rules raise offkai_kit.errors exceptions and nothing
is appended.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from google.protobuf.message import Message

from offkai_members.domain.member import commands as c
from offkai_members.domain.member import erasure, handles, profile
from offkai_members.domain.member.state import MemberState

DECIDERS: dict[type, Callable[[MemberState, object, datetime], list[Message]]] = {
    c.RegisterMember: profile.register,
    c.UpdateProfile: profile.update_profile,
    c.AddHandle: handles.add_handle,
    c.ChangeHandle: handles.change_handle,
    c.RemoveHandle: handles.remove_handle,
    c.EraseMember: erasure.erase,
}


def decide(state: MemberState, command: c.Command, now: datetime) -> list[Message]:
    if now.tzinfo is None:
        raise ValueError("decide needs an aware 'now' (UTC)")
    return DECIDERS[type(command)](state, command, now)
