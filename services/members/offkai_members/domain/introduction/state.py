"""The introduction aggregate's state, folded from its events (see ``evolve``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from offkai_members.domain.model import MemberCard


class IntroductionStatus(StrEnum):
    PENDING = "pending"
    COMPLETED = "completed"
    DECLINED = "declined"


class Answer(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass(frozen=True)
class IntroductionState:
    introduction_id: str = ""
    # None until IntroductionMade: the introduction does not exist.
    status: IntroductionStatus | None = None
    introducer_id: str = ""
    first_id: str = ""
    second_id: str = ""
    note: str = ""
    # The two introduced members' answers, by member id.
    answers: Mapping[str, Answer] = field(default_factory=lambda: MappingProxyType({}))
    # The three members as the introduction named them (for IntroductionCompleted).
    cards: Mapping[str, MemberCard] = field(default_factory=lambda: MappingProxyType({}))
    made_at: datetime | None = None
    completed_at: datetime | None = None

    @property
    def exists(self) -> bool:
        return self.status is not None

    def introduced(self, member_id: str) -> bool:
        return member_id in (self.first_id, self.second_id)

    def other_of(self, member_id: str) -> str:
        return self.second_id if member_id == self.first_id else self.first_id


INITIAL = IntroductionState()
