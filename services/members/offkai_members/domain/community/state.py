"""The community aggregate's state: details, members with their roles, and
followers, folded from the community's events (see ``evolve``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType


class CommunityRole(StrEnum):
    OWNER = "owner"
    ORGANIZER = "organizer"
    MEMBER = "member"


@dataclass(frozen=True)
class CommunityDetails:
    name: str
    description: str = ""
    region_prefecture: str = ""
    region_city: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommunityState:
    community_id: str = ""
    # None until CommunityCreated: the community does not exist.
    details: CommunityDetails | None = None
    created_by: str = ""
    created_at: datetime | None = None
    # Member id -> role, in the order they joined.
    roles: Mapping[str, CommunityRole] = field(default_factory=lambda: MappingProxyType({}))
    followers: frozenset[str] = frozenset()

    @property
    def exists(self) -> bool:
        return self.details is not None

    def role_of(self, member_id: str) -> CommunityRole | None:
        return self.roles.get(member_id)

    def owners(self) -> list[str]:
        return [m for m, role in self.roles.items() if role is CommunityRole.OWNER]


INITIAL = CommunityState()
