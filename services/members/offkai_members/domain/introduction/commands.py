"""Commands on an introduction. The facts (cards; who is connected with whom;
whether a block stands between the two) are looked up by the handler in the
member and relationship streams, so deciding stays pure."""

from __future__ import annotations

from dataclasses import dataclass

from offkai_kit.principal import Principal
from offkai_members.domain.model import MemberCard


@dataclass(frozen=True, kw_only=True)
class MakeIntroduction:
    actor: Principal
    # Made by the handler (a UUID).
    introduction_id: str
    introducer_id: str
    first_id: str
    second_id: str
    note: str = ""
    # Facts:
    introducer: MemberCard | None
    first: MemberCard | None
    second: MemberCard | None
    introducer_connected_to_first: bool
    introducer_connected_to_second: bool
    # Either of the two blocked the other.
    blocked_between: bool
    # The two are connected already.
    connected_between: bool


@dataclass(frozen=True, kw_only=True)
class AcceptIntroduction:
    actor: Principal
    introduction_id: str
    member_id: str
    # Facts:
    member: MemberCard | None
    blocked_between: bool = False


@dataclass(frozen=True, kw_only=True)
class DeclineIntroduction:
    actor: Principal
    introduction_id: str
    member_id: str


Command = MakeIntroduction | AcceptIntroduction | DeclineIntroduction
