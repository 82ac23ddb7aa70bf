"""``decide(state, command, now) -> events`` for the introduction aggregate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from google.protobuf.message import Message

from offkai_members.domain.introduction import commands as c
from offkai_members.domain.introduction import rules
from offkai_members.domain.introduction.state import IntroductionState

DECIDERS: dict[type, Callable[[IntroductionState, object, datetime], list[Message]]] = {
    c.MakeIntroduction: rules.make,
    c.AcceptIntroduction: rules.accept,
    c.DeclineIntroduction: rules.decline,
}


def decide(state: IntroductionState, command: c.Command, now: datetime) -> list[Message]:
    if now.tzinfo is None:
        raise ValueError("decide needs an aware 'now' (UTC)")
    return DECIDERS[type(command)](state, command, now)
