"""Builders for notify's domain tests: principals, a clock, keyed code hashes,
and a given/when/then helper over the subscriber's ``decide`` and ``evolve``."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

from offkai_kit.principal import Principal
from offkai_notify.domain import commands as c
from offkai_notify.domain.decide import decide
from offkai_notify.domain.evolve import fold
from offkai_notify.domain.model import ChannelKind
from offkai_notify.domain.state import SubscriberState

NOW = datetime(2027, 1, 10, 3, 0, tzinfo=UTC)
AYUMI = Principal("ayumi", frozenset({"member"}))
BEN = Principal("ben", frozenset({"member"}))
ADMIN = Principal("admin-1", frozenset({"admin"}))
SERVICE = Principal("svc-web", frozenset({"service"}))

EMAIL = "ayumi@example.com"
SLACK = "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx"
DISCORD = "https://discord.com/api/webhooks/123456789012345678/AbCdEf-ghIJ_klmnOPQrstuvWXyz0123456789"
WEBHOOK = "https://hooks.example.org/offkai/inbox?token=s3cr3t-t0k3n-value"


def code_hash(code: str) -> str:
    return hmac.new(b"test-key", code.encode(), hashlib.sha256).hexdigest()


def register(kind: ChannelKind = ChannelKind.EMAIL, address: str = EMAIL, *, channel_id: str = "ch-email",
             actor: Principal = AYUMI, member_id: str = "ayumi", label: str = "", **extra) -> c.RegisterChannel:
    secrets = {
        "code_hash": code_hash("123456") if kind is ChannelKind.EMAIL else "",
        "signing_secret": "whsec-0123456789abcdef" if kind is ChannelKind.WEBHOOK else "",
    }
    return c.RegisterChannel(actor=actor, member_id=member_id, channel_id=channel_id, kind=kind,
                             address=address, label=label, **{**secrets, **extra})


def run(state: SubscriberState, *commands, now: datetime = NOW) -> tuple[SubscriberState, list]:
    """Decide each command on the state so far and fold its events; returns the
    final state and the events of the last command."""
    events: list = []
    for command in commands:
        events = decide(state, command, now)
        state = fold(events, state)
    return state, events


def given(*commands, now: datetime = NOW) -> SubscriberState:
    state, _ = run(SubscriberState(), *commands, now=now)
    return state


def with_email_verified() -> SubscriberState:
    return given(register(), c.VerifyChannel(actor=AYUMI, member_id="ayumi", channel_id="ch-email",
                                             code="123456", code_hash=code_hash("123456")))
