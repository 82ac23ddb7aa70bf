"""Who may act for whom in the members domain.

Role names are plain strings: the kit knows only the privileged ones ("admin",
"service"); "member" is this service's own. A member acts for themself; admins
and other services (privileged principals) may act for anyone, except where a
rule says admins only (erasure).
"""

from __future__ import annotations

from offkai_kit.errors import PermissionDenied
from offkai_kit.principal import ADMIN, SERVICE, Principal

MEMBER = "member"


def is_admin(actor: Principal) -> bool:
    return ADMIN in actor.roles


def is_privileged(actor: Principal) -> bool:
    return ADMIN in actor.roles or SERVICE in actor.roles


def require_self_or_privileged(actor: Principal, member_id: str, what: str) -> None:
    if actor.member_id != member_id and not is_privileged(actor):
        raise PermissionDenied(f"a member may {what} only for themself")


def require_self_or_admin(actor: Principal, member_id: str, what: str) -> None:
    if actor.member_id != member_id and not is_admin(actor):
        raise PermissionDenied(f"only the member themself or an admin may {what}")


def require_privileged(actor: Principal, what: str) -> None:
    if not is_privileged(actor):
        raise PermissionDenied(f"only the service itself or an admin may {what}")
