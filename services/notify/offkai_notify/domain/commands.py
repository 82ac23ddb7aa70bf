"""Commands on a member's subscriber: what someone asks for, imperative.

Each carries the acting principal (``actor``). Anything random or secret is
made by the handler and passed in — the channel id, the webhook signing
secret, the keyed hash of a verification code — so deciding stays pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from offkai_kit.principal import Principal
from offkai_notify.domain.model import BroadcastSegment, Category, ChannelKind


@dataclass(frozen=True, kw_only=True)
class RegisterChannel:
    actor: Principal
    member_id: str
    channel_id: str
    kind: ChannelKind | None
    address: str
    label: str = ""
    # Email: HMAC of the code the handler emails (the code itself never
    # reaches the domain or the store).
    code_hash: str = ""
    # Generic webhooks: the key their receiver verifies signatures with.
    signing_secret: str = ""
    # The local stack only: http and private hosts for webhooks.
    local_destinations_allowed: bool = False

    def __repr__(self) -> str:
        return f"RegisterChannel(member_id={self.member_id!r}, channel_id={self.channel_id!r}, kind={self.kind})"


@dataclass(frozen=True, kw_only=True)
class VerifyChannel:
    actor: Principal
    member_id: str
    channel_id: str
    # What the member typed, for the shape check, and its keyed hash.
    code: str
    code_hash: str

    def __repr__(self) -> str:
        return f"VerifyChannel(member_id={self.member_id!r}, channel_id={self.channel_id!r})"


@dataclass(frozen=True, kw_only=True)
class ResendVerificationCode:
    actor: Principal
    member_id: str
    channel_id: str
    code_hash: str


@dataclass(frozen=True, kw_only=True)
class RemoveChannel:
    actor: Principal
    member_id: str
    channel_id: str


@dataclass(frozen=True)
class PreferenceChange:
    category: Category | None
    channel_id: str
    enabled: bool


@dataclass(frozen=True, kw_only=True)
class SetCategoryPreferences:
    actor: Principal
    member_id: str
    changes: tuple[PreferenceChange, ...]


@dataclass(frozen=True, kw_only=True)
class SetQuietHours:
    """Set quiet hours ("HH:MM" strings as sent), or clear them with None.
    An empty ``timezone`` is filled by the handler from the member's profile."""

    actor: Principal
    member_id: str
    start: str | None
    end: str | None = None
    timezone: str = ""


@dataclass(frozen=True, kw_only=True)
class SetLocale:
    actor: Principal
    member_id: str
    locale: str


@dataclass(frozen=True, kw_only=True)
class SetNearMe:
    actor: Principal
    member_id: str
    enabled: bool


@dataclass(frozen=True, kw_only=True)
class Unsubscribe:
    """Turn one category off for one channel, from an email's signed link. The
    handler verifies the token and acts as the member it names."""

    actor: Principal
    member_id: str
    channel_id: str
    category: Category


@dataclass(frozen=True, kw_only=True)
class BroadcastToSegment:
    """An organizer's message to a segment of their meetup (not a subscriber
    command: decided against notify's view of the meetup)."""

    actor: Principal
    broadcast_id: str
    meetup_id: str
    segment: BroadcastSegment | None
    frame_id: str
    subject: str
    body: str


Command = (
    RegisterChannel
    | VerifyChannel
    | ResendVerificationCode
    | RemoveChannel
    | SetCategoryPreferences
    | SetQuietHours
    | SetLocale
    | SetNearMe
    | Unsubscribe
)
