"""The follow-up steps: what the service does itself when it sees certain events,
each as an ordinary domain command run by the follow-ups principal.

- ``connect_introduced``: an introduction was completed → ConnectIntroduced in the
  two members' relationship (provenance "introduced by" the introducer);
- ``record_invitation_accepted``: the invitee joined the community or RSVPed to
  the meetup → RecordInvitationAccepted;
- ``forget_erased_member``: a member was erased → ForgetErasedMember in each of
  their relationships (a connection removed, a pending request cancelled);
- ``leave_community``: … and LeaveCommunity in each of their communities;
- ``decline_introduction``: … and DeclineIntroduction for each introduction still
  waiting for their answer.

Each ``make`` function looks up the facts the command needs (through ``Facts``)
and returns the aggregate, stream and command to run.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from offkai_kit.decider import Decider
from offkai_kit.principal import SERVICE, Principal
from offkai_members.domain import community, introduction, invitation, relationship
from offkai_members.domain.community.commands import LeaveCommunity
from offkai_members.domain.introduction.commands import DeclineIntroduction
from offkai_members.domain.invitation.commands import RecordInvitationAccepted
from offkai_members.domain.invitation.state import Outcome
from offkai_members.domain.relationship.commands import ConnectIntroduced, ForgetErasedMember
from offkai_members.facts import Facts

# Who the service is when it follows up: a service principal (privileged).
FOLLOW_UPS = Principal("members-follow-ups", frozenset({SERVICE}))

CONNECT_INTRODUCED = "connect_introduced"
RECORD_INVITATION_ACCEPTED = "record_invitation_accepted"
FORGET_ERASED_MEMBER = "forget_erased_member"
LEAVE_COMMUNITY = "leave_community"
DECLINE_INTRODUCTION = "decline_introduction"


@dataclass(frozen=True)
class Planned:
    decider: Decider
    stream_id: str
    command: object


async def _connect_introduced(facts: Facts, a: dict) -> Planned:
    first, second = a["first_id"], a["second_id"]
    return Planned(
        relationship.RELATIONSHIP,
        relationship.stream_id(first, second),
        ConnectIntroduced(
            actor=FOLLOW_UPS,
            member_id=first,
            other_id=second,
            introduction_id=a["introduction_id"],
            introducer_id=a["introducer_id"],
            member=await facts.card(first),
            other=await facts.card(second),
        ),
    )


async def _record_invitation_accepted(facts: Facts, a: dict) -> Planned:
    return Planned(
        invitation.INVITATION,
        invitation.stream_id(a["invitation_id"]),
        RecordInvitationAccepted(
            actor=FOLLOW_UPS,
            invitation_id=a["invitation_id"],
            member_id=a["member_id"],
            outcome=Outcome(a["outcome"]),
            member=await facts.card(a["member_id"]),
        ),
    )


async def _forget_erased_member(facts: Facts, a: dict) -> Planned:
    return Planned(
        relationship.RELATIONSHIP,
        relationship.stream_id(a["member_id"], a["other_id"]),
        ForgetErasedMember(actor=FOLLOW_UPS, member_id=a["member_id"], other_id=a["other_id"]),
    )


async def _leave_community(facts: Facts, a: dict) -> Planned:
    return Planned(
        community.COMMUNITY,
        community.stream_id(a["community_id"]),
        LeaveCommunity(actor=FOLLOW_UPS, community_id=a["community_id"], member_id=a["member_id"]),
    )


async def _decline_introduction(facts: Facts, a: dict) -> Planned:
    return Planned(
        introduction.INTRODUCTION,
        introduction.stream_id(a["introduction_id"]),
        DeclineIntroduction(actor=FOLLOW_UPS, introduction_id=a["introduction_id"], member_id=a["member_id"]),
    )


STEPS: dict[str, Callable[[Facts, dict], Awaitable[Planned]]] = {
    CONNECT_INTRODUCED: _connect_introduced,
    RECORD_INVITATION_ACCEPTED: _record_invitation_accepted,
    FORGET_ERASED_MEMBER: _forget_erased_member,
    LEAVE_COMMUNITY: _leave_community,
    DECLINE_INTRODUCTION: _decline_introduction,
}
