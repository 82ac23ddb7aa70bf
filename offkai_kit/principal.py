"""Who is calling: the principal an authenticated RPC runs as. Pure data.

Roles are plain strings. The kit knows two of them, both about running the system
rather than the product: ``admin`` (operators: may do anything) and ``service``
(other services and internal jobs acting on someone's behalf). Each service names
its own product roles (``member``, ``organizer``…) in its domain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from offkai_kit.errors import PermissionDenied

ADMIN = "admin"
SERVICE = "service"
PLATFORM_ROLES = frozenset({ADMIN, SERVICE})


@dataclass(frozen=True)
class Principal:
    member_id: str
    roles: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, member_id: str, roles: Iterable[str]) -> Principal:
        return cls(member_id, frozenset(roles))

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_admin(self) -> bool:
        return ADMIN in self.roles

    @property
    def is_privileged(self) -> bool:
        """Admins and other services may act on anyone's behalf."""
        return bool(self.roles & PLATFORM_ROLES)

    def require(self, role: str) -> None:
        if role not in self.roles and not self.is_admin:
            raise PermissionDenied(f"this needs the {role} role")

    def require_self_or_privileged(self, member_id: str, action: str = "do this") -> None:
        """Members act only for themselves; admins and services for anyone.
        ``action`` completes "a member may … only for themself", e.g. "change an RSVP"."""
        if member_id != self.member_id and not self.is_privileged:
            raise PermissionDenied(f"a member may {action} only for themself")
