"""Commands on a relationship between two members.

``member_id`` is the member acting (the requester, the addressee, the
blocker…) and ``other_id`` the other one. ``member`` and ``other`` are facts
the handler looked up: the members' cards, None when a member does not exist
(never registered, or erased). ``met_at`` is the handler's knowledge of the
meetups where both checked in (from the events service's AttendeeCheckedIn,
in members' own projection), never anything a caller said.
"""

from __future__ import annotations

from dataclasses import dataclass

from offkai_kit.principal import Principal
from offkai_members.domain.model import MeetupRef, MemberCard


@dataclass(frozen=True, kw_only=True)
class RequestConnection:
    actor: Principal
    member_id: str
    other_id: str
    note: str = ""
    member: MemberCard | None
    other: MemberCard | None
    met_at: tuple[MeetupRef, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AcceptConnection:
    actor: Principal
    member_id: str
    other_id: str
    member: MemberCard | None
    other: MemberCard | None
    met_at: tuple[MeetupRef, ...] = ()


@dataclass(frozen=True, kw_only=True)
class DeclineConnection:
    actor: Principal
    member_id: str
    other_id: str
    member: MemberCard | None
    other: MemberCard | None


@dataclass(frozen=True, kw_only=True)
class WithdrawConnectionRequest:
    actor: Principal
    member_id: str
    other_id: str
    member: MemberCard | None
    other: MemberCard | None


@dataclass(frozen=True, kw_only=True)
class RemoveConnection:
    actor: Principal
    member_id: str
    other_id: str
    member: MemberCard | None
    other: MemberCard | None


@dataclass(frozen=True, kw_only=True)
class BlockMember:
    actor: Principal
    member_id: str
    other_id: str
    member: MemberCard | None
    other: MemberCard | None


@dataclass(frozen=True, kw_only=True)
class UnblockMember:
    actor: Principal
    member_id: str
    other_id: str
    member: MemberCard | None
    other: MemberCard | None


@dataclass(frozen=True, kw_only=True)
class ConnectIntroduced:
    """Connect two members who both accepted an introduction (the process
    manager following IntroductionCompleted, as a service principal).
    ``member_id`` is the member introduced first, ``other_id`` the second."""

    actor: Principal
    member_id: str
    other_id: str
    introduction_id: str
    introducer_id: str
    member: MemberCard | None
    other: MemberCard | None


@dataclass(frozen=True, kw_only=True)
class ForgetErasedMember:
    """End what the erased ``member_id`` had with ``other_id`` (the process
    manager following MemberErased). Blocks stay: they protect the other."""

    actor: Principal
    member_id: str
    other_id: str


Command = (
    RequestConnection
    | AcceptConnection
    | DeclineConnection
    | WithdrawConnectionRequest
    | RemoveConnection
    | BlockMember
    | UnblockMember
    | ConnectIntroduced
    | ForgetErasedMember
)
