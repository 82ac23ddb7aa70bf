"""The subscriber aggregate's state: one member's channels and preferences, a
fold of their events (see ``evolve``).

A subscriber always exists — every member can be notified — so there is no
"not created yet" state: a member who never touched notify has no channels
and the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from offkai_notify.domain.categories import on_by_default
from offkai_notify.domain.masking import mask_address
from offkai_notify.domain.model import Category, ChannelKind, ChannelStatus, QuietHours

EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True)
class Channel:
    channel_id: str
    kind: ChannelKind
    # The email address, webhook URL or Apprise URL: a secret (see masking).
    address: str
    label: str
    status: ChannelStatus
    registered_at: datetime
    # Generic webhooks: the HMAC key their receiver verifies signatures with.
    signing_secret: str = ""
    verified_at: datetime | None = None
    # The current email verification code (keyed hash), while pending.
    code_hash: str = ""
    code_issued_at: datetime | None = None
    code_expires_at: datetime | None = None
    failed_attempts: int = 0

    @property
    def active(self) -> bool:
        return self.status is ChannelStatus.ACTIVE

    def __repr__(self) -> str:
        # Never print the secret, e.g. in a failing test's or a traceback's output.
        return f"Channel({self.channel_id!r}, {self.kind.value}, {mask_address(self.kind, self.address)!r}, {self.status.value})"


@dataclass(frozen=True)
class SubscriberState:
    member_id: str = ""
    # By channel id, in registration order.
    channels: Mapping[str, Channel] = field(default_factory=lambda: EMPTY)
    # The member's explicit choices; anything absent takes the kind's default.
    choices: Mapping[tuple[Category, str], bool] = field(default_factory=lambda: EMPTY)
    quiet_hours: QuietHours | None = None
    # "" until the member chooses: their profile's locale applies.
    locale: str = ""
    near_me: bool = False

    def channel(self, channel_id: str) -> Channel | None:
        return self.channels.get(channel_id)

    def wants(self, category: Category, channel_id: str) -> bool:
        channel = self.channels.get(channel_id)
        if channel is None:
            return False
        chosen = self.choices.get((category, channel_id))
        return on_by_default(channel.kind, category) if chosen is None else chosen

    def receivers(self, category: Category | None) -> list[Channel]:
        """Active channels that take ``category``; for category None
        (transactional) every active channel."""
        return [
            c for c in self.channels.values()
            if c.active and (category is None or self.wants(category, c.channel_id))
        ]

    def has_address(self, kind: ChannelKind, address: str) -> bool:
        return any(c.kind is kind and c.address == address for c in self.channels.values())


INITIAL = SubscriberState()
