"""Who is calling: the principal an authenticated RPC runs as. Pure data."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from offkai_kit.errors import PermissionDenied


class Role(StrEnum):
    MEMBER = "member"
    ORGANIZER = "organizer"
    ADMIN = "admin"
    SERVICE = "service"


@dataclass(frozen=True)
class Principal:
    member_id: str
    roles: frozenset[Role] = field(default_factory=frozenset)

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def is_privileged(self) -> bool:
        """Admins and other services may act on anyone's behalf."""
        return bool(self.roles & {Role.ADMIN, Role.SERVICE})

    def require(self, role: Role) -> None:
        if role not in self.roles and not self.is_admin:
            raise PermissionDenied(f"this needs the {role.value} role")

    def require_self_or_privileged(self, member_id: str, what: str = "this") -> None:
        """Members act only for themselves; admins and services for anyone."""
        if member_id != self.member_id and not self.is_privileged:
            raise PermissionDenied(f"a member may do {what} only for themself")
