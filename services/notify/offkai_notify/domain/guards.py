"""Checks every subscriber decision starts with, and notify's role names.

Order: PERMISSION_DENIED (is this the caller's own subscriber?), then
NOT_FOUND (the channel), then INVALID_ARGUMENT, then FAILED_PRECONDITION.
Permission comes first because a subscriber always exists; checking the
channel first would tell a stranger which channel ids another member has.
"""

from __future__ import annotations

from offkai_kit.errors import FieldViolation, NotFound, PermissionDenied
from offkai_kit.principal import ADMIN, SERVICE, Principal
from offkai_notify.domain.state import Channel, SubscriberState

# This service's product roles, as they appear in tokens; the kit knows only
# the privileged ones (ADMIN, SERVICE).
MEMBER = "member"
ORGANIZER = "organizer"


def is_admin(actor: Principal) -> bool:
    return ADMIN in actor.roles


def is_privileged(actor: Principal) -> bool:
    """Admins and other services act for anyone."""
    return ADMIN in actor.roles or SERVICE in actor.roles


def require_self(actor: Principal, member_id: str, what: str) -> None:
    if actor.member_id != member_id and not is_privileged(actor):
        raise PermissionDenied(f"a member may {what} only for themself")


def channel_of(state: SubscriberState, channel_id: str, field: str = "channel_id") -> Channel:
    channel = state.channel(channel_id)
    if channel is None:
        raise NotFound(f"no channel '{channel_id}'", [FieldViolation(field, f"unknown channel '{channel_id}'")])
    return channel
