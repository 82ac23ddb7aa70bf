"""Deciding introductions: A, connected to both B and C, introduces B to C
with a note; each of B and C accepts or declines. When both have accepted the
introduction is completed, and the service connects them ("introduced by A")
in their relationship stream. A block between B and C stops it at any step,
without telling A who blocked whom."""

from __future__ import annotations

from datetime import datetime

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.errors import AlreadyExists, FailedPrecondition, NotFound, PermissionDenied, Violations
from offkai_members.domain import validate
from offkai_members.domain.convert import card_to_pb, timestamp
from offkai_members.domain.introduction.commands import AcceptIntroduction, DeclineIntroduction, MakeIntroduction
from offkai_members.domain.introduction.state import Answer, IntroductionState, IntroductionStatus
from offkai_members.domain.model import MemberCard
from offkai_members.domain.roles import require_self_or_privileged


def _card(card: MemberCard | None, member_id: str) -> MemberCard:
    if card is None:
        raise NotFound(f"member '{member_id}' not found")
    return card


def make(state: IntroductionState, c: MakeIntroduction, now: datetime) -> list:
    if state.exists:
        raise AlreadyExists(f"introduction '{c.introduction_id}' exists already")
    introducer = _card(c.introducer, c.introducer_id)
    first = _card(c.first, c.first_id)
    second = _card(c.second, c.second_id)
    require_self_or_privileged(c.actor, c.introducer_id, "introduce members")
    v = Violations()
    validate.check_generated_id(c.introduction_id, "introduction_id", v)
    v.check(c.first_id != c.second_id, "second_member_id", "must differ from first_member_id")
    v.check(c.introducer_id != c.first_id, "first_member_id", "you cannot introduce yourself")
    v.check(c.introducer_id != c.second_id, "second_member_id", "you cannot introduce yourself")
    note = validate.check_multi_line(c.note, "note", v, limit=validate.MAX_NOTE)
    v.raise_if_any()
    for member_id, connected in (
        (c.first_id, c.introducer_connected_to_first),
        (c.second_id, c.introducer_connected_to_second),
    ):
        if not connected:
            raise FailedPrecondition(f"you are not connected with member '{member_id}'")
    if c.blocked_between:
        raise FailedPrecondition("these members cannot be introduced")
    if c.connected_between:
        raise FailedPrecondition("they are connected already")
    return [
        ev.IntroductionMade(
            introduction_id=c.introduction_id,
            introducer_id=c.introducer_id,
            first_member_id=c.first_id,
            second_member_id=c.second_id,
            note=note,
            introducer=card_to_pb(introducer),
            first_member=card_to_pb(first),
            second_member=card_to_pb(second),
            made_at=timestamp(now),
        )
    ]


def _existing(state: IntroductionState, c) -> None:
    if not state.exists:
        raise NotFound(f"introduction '{c.introduction_id}' not found")


def _may_answer(state: IntroductionState, c, what: str) -> None:
    require_self_or_privileged(c.actor, c.member_id, what)
    if not state.introduced(c.member_id):
        raise PermissionDenied(f"only the two introduced members may {what}")


def accept(state: IntroductionState, c: AcceptIntroduction, now: datetime) -> list:
    _existing(state, c)
    card = _card(c.member, c.member_id)
    _may_answer(state, c, "accept an introduction")
    if state.answers[c.member_id] is Answer.ACCEPTED:
        return []
    if state.status is IntroductionStatus.DECLINED:
        raise FailedPrecondition("this introduction was declined")
    if c.blocked_between:
        raise FailedPrecondition("this introduction can no longer be accepted")
    other = state.other_of(c.member_id)
    at = timestamp(now)
    events: list = [
        ev.IntroductionAccepted(
            introduction_id=state.introduction_id,
            member_id=c.member_id,
            other_member_id=other,
            introducer_id=state.introducer_id,
            member=card_to_pb(card),
            accepted_at=at,
        )
    ]
    if state.answers[other] is Answer.ACCEPTED:
        cards = {**state.cards, c.member_id: card}
        events.append(
            ev.IntroductionCompleted(
                introduction_id=state.introduction_id,
                introducer_id=state.introducer_id,
                first_member_id=state.first_id,
                second_member_id=state.second_id,
                introducer=card_to_pb(cards.get(state.introducer_id)),
                first_member=card_to_pb(cards.get(state.first_id)),
                second_member=card_to_pb(cards.get(state.second_id)),
                completed_at=at,
            )
        )
    return events


def decline(state: IntroductionState, c: DeclineIntroduction, now: datetime) -> list:
    _existing(state, c)
    _may_answer(state, c, "decline an introduction")
    if state.answers[c.member_id] is Answer.DECLINED:
        return []
    if state.status is IntroductionStatus.COMPLETED:
        raise FailedPrecondition("this introduction is completed already")
    if state.status is IntroductionStatus.DECLINED:
        raise FailedPrecondition("this introduction was declined")
    return [
        ev.IntroductionDeclined(
            introduction_id=state.introduction_id,
            member_id=c.member_id,
            other_member_id=state.other_of(c.member_id),
            introducer_id=state.introducer_id,
            declined_at=timestamp(now),
        )
    ]
