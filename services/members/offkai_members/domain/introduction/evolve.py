"""The introduction fold: ``evolve(state, event) -> state``; total over the
introduction events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType

from google.protobuf.message import Message

from offkai.members.v1 import events_pb2 as ev
from offkai_members.domain.convert import card_from_pb, instant
from offkai_members.domain.introduction.state import Answer, IntroductionState, IntroductionStatus


def _made(state: IntroductionState, e: ev.IntroductionMade) -> IntroductionState:
    cards = {card.member_id: card_from_pb(card) for card in (e.introducer, e.first_member, e.second_member)}
    return IntroductionState(
        introduction_id=e.introduction_id,
        status=IntroductionStatus.PENDING,
        introducer_id=e.introducer_id,
        first_id=e.first_member_id,
        second_id=e.second_member_id,
        note=e.note,
        answers=MappingProxyType({e.first_member_id: Answer.PENDING, e.second_member_id: Answer.PENDING}),
        cards=MappingProxyType(cards),
        made_at=instant(e, "made_at"),
    )


def _answered(state: IntroductionState, member_id: str, answer: Answer) -> IntroductionState:
    return replace(state, answers=MappingProxyType({**state.answers, member_id: answer}))


def _accepted(state: IntroductionState, e: ev.IntroductionAccepted) -> IntroductionState:
    changed = _answered(state, e.member_id, Answer.ACCEPTED)
    return replace(changed, cards=MappingProxyType({**state.cards, e.member_id: card_from_pb(e.member)}))


def _declined(state: IntroductionState, e: ev.IntroductionDeclined) -> IntroductionState:
    return replace(_answered(state, e.member_id, Answer.DECLINED), status=IntroductionStatus.DECLINED)


def _completed(state: IntroductionState, e: ev.IntroductionCompleted) -> IntroductionState:
    return replace(state, status=IntroductionStatus.COMPLETED, completed_at=instant(e, "completed_at"))


EVOLVERS: dict[type[Message], Callable[[IntroductionState, Message], IntroductionState]] = {
    ev.IntroductionMade: _made,
    ev.IntroductionAccepted: _accepted,
    ev.IntroductionDeclined: _declined,
    ev.IntroductionCompleted: _completed,
}


def evolve(state: IntroductionState, event: Message) -> IntroductionState:
    try:
        apply = EVOLVERS[type(event)]
    except KeyError:
        raise TypeError(f"introduction aggregate cannot apply {type(event).__name__}") from None
    return apply(state, event)
