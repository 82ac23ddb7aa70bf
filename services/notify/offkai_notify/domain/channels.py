"""Deciding a member's channels: register, verify an email channel with its
code, send a new code, remove.

Email must prove it reaches its member before it receives anything else: a
code (made and emailed by the handler, only its keyed hash in here) valid for
``CODE_TTL``, at most ``MAX_CODE_ATTEMPTS`` wrong tries per code, a new code
at most once per ``RESEND_INTERVAL``. Webhooks and Apprise URLs are active at
once: whoever holds such a URL controls its destination.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

from offkai.notify.v1 import events_pb2 as ev
from offkai_kit import validation
from offkai_kit.errors import AlreadyExists, FailedPrecondition, Violations
from offkai_notify.domain.commands import RegisterChannel, RemoveChannel, ResendVerificationCode, VerifyChannel
from offkai_notify.domain.convert import enum_to_pb, timestamp
from offkai_notify.domain.guards import channel_of, require_self
from offkai_notify.domain.model import ChannelKind, ChannelStatus
from offkai_notify.domain.state import SubscriberState
from offkai_notify.domain.validate import MAX_LABEL, check_address, normalize_address

MAX_CHANNELS = 10
CODE_TTL = timedelta(minutes=30)
MAX_CODE_ATTEMPTS = 5
RESEND_INTERVAL = timedelta(minutes=1)
CODE_DIGITS = 6
# The code as typed, surrounding spaces included.
MAX_CODE_INPUT = 32


def register(state: SubscriberState, c: RegisterChannel, now: datetime) -> list:
    require_self(c.actor, c.member_id, "register channels")
    v = Violations()
    if v.check(c.kind is not None, "kind", "required: email, slack, discord, webhook or apprise"):
        check_address(c.kind, c.address, v, local_destinations_allowed=c.local_destinations_allowed)
    validation.text(c.label, "label", v, limit=MAX_LABEL)
    v.raise_if_any()
    if not c.channel_id:
        raise ValueError("the handler makes the channel id")
    if c.kind is ChannelKind.EMAIL and not c.code_hash:
        raise ValueError("the handler makes the email verification code")
    if c.kind is ChannelKind.WEBHOOK and not c.signing_secret:
        raise ValueError("the handler makes the webhook signing secret")
    address = normalize_address(c.kind, c.address)
    if state.has_address(c.kind, address):
        raise AlreadyExists("the member has this channel already")
    if len(state.channels) >= MAX_CHANNELS:
        raise FailedPrecondition(f"a member may have at most {MAX_CHANNELS} channels; remove one first")
    email = c.kind is ChannelKind.EMAIL
    events: list = [
        ev.ChannelRegistered(
            member_id=c.member_id,
            channel_id=c.channel_id,
            kind=enum_to_pb(c.kind),
            address=address,
            label=c.label.strip(),
            status=enum_to_pb(ChannelStatus.PENDING_VERIFICATION if email else ChannelStatus.ACTIVE),
            signing_secret=c.signing_secret if c.kind is ChannelKind.WEBHOOK else "",
            registered_at=timestamp(now),
        )
    ]
    if email:
        events.append(_code_issued(c.member_id, c.channel_id, c.code_hash, now))
    return events


def verify(state: SubscriberState, c: VerifyChannel, now: datetime) -> list:
    require_self(c.actor, c.member_id, "verify channels")
    channel = channel_of(state, c.channel_id)
    code = c.code.strip()
    v = Violations()
    if v.check(bool(code), "code", "required") and validation.text(c.code, "code", v, limit=MAX_CODE_INPUT):
        v.check(code.isascii() and code.isdigit() and len(code) == CODE_DIGITS, "code", f"must be {CODE_DIGITS} digits")
    v.raise_if_any()
    if channel.active:
        raise FailedPrecondition("the channel is verified already")
    if channel.failed_attempts >= MAX_CODE_ATTEMPTS:
        raise FailedPrecondition("too many wrong codes; ask for a new code")
    if channel.code_expires_at is None or now >= channel.code_expires_at:
        raise FailedPrecondition("the code has expired; ask for a new code")
    if hmac.compare_digest(c.code_hash, channel.code_hash):
        return [ev.ChannelVerified(member_id=c.member_id, channel_id=c.channel_id, verified_at=timestamp(now))]
    return [
        ev.ChannelVerificationFailed(
            member_id=c.member_id,
            channel_id=c.channel_id,
            failed_attempts=channel.failed_attempts + 1,
            failed_at=timestamp(now),
        )
    ]


def resend_code(state: SubscriberState, c: ResendVerificationCode, now: datetime) -> list:
    require_self(c.actor, c.member_id, "verify channels")
    channel = channel_of(state, c.channel_id)
    if channel.kind is not ChannelKind.EMAIL or channel.active:
        raise FailedPrecondition("only a pending email channel is sent codes")
    if channel.code_issued_at is not None and now < channel.code_issued_at + RESEND_INTERVAL:
        raise FailedPrecondition("a code was sent less than a minute ago; wait a little")
    if not c.code_hash:
        raise ValueError("the handler makes the email verification code")
    return [_code_issued(c.member_id, c.channel_id, c.code_hash, now)]


def remove(state: SubscriberState, c: RemoveChannel, now: datetime) -> list:
    require_self(c.actor, c.member_id, "remove channels")
    channel_of(state, c.channel_id)
    return [
        ev.ChannelRemoved(
            member_id=c.member_id, channel_id=c.channel_id, removed_by=c.actor.member_id, removed_at=timestamp(now)
        )
    ]


def attempts_left(state: SubscriberState, channel_id: str) -> int:
    channel = state.channel(channel_id)
    if channel is None or channel.active:
        return 0
    return max(0, MAX_CODE_ATTEMPTS - channel.failed_attempts)


def _code_issued(member_id: str, channel_id: str, code_hash: str, now: datetime) -> ev.EmailVerificationCodeIssued:
    return ev.EmailVerificationCodeIssued(
        member_id=member_id,
        channel_id=channel_id,
        code_hash=code_hash,
        issued_at=timestamp(now),
        expires_at=timestamp(now + CODE_TTL),
    )
