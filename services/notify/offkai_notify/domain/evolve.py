"""The fold: ``evolve(state, event) -> state`` for every subscriber event.

Total over the subscriber events in events.proto: an event type it does not
know is a programming error, not something to skip. Events are facts; the
fold never re-checks rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType

from google.protobuf.message import Message

from offkai.notify.v1 import events_pb2 as ev
from offkai_notify.domain.convert import enum_from_pb, instant, quiet_hours_from_pb
from offkai_notify.domain.model import Category, ChannelKind, ChannelStatus
from offkai_notify.domain.state import Channel, SubscriberState


def _with(mapping, key, value) -> MappingProxyType:
    changed = dict(mapping)
    changed[key] = value
    return MappingProxyType(changed)


def _update_channel(state: SubscriberState, channel_id: str, **changes) -> SubscriberState:
    channel = state.channels[channel_id]
    return replace(state, channels=_with(state.channels, channel_id, replace(channel, **changes)))


def _registered(state: SubscriberState, e: ev.ChannelRegistered) -> SubscriberState:
    channel = Channel(
        channel_id=e.channel_id,
        kind=enum_from_pb(ChannelKind, e.kind),
        address=e.address,
        label=e.label,
        status=enum_from_pb(ChannelStatus, e.status),
        registered_at=instant(e, "registered_at"),
        signing_secret=e.signing_secret,
        verified_at=None,
    )
    return replace(state, member_id=e.member_id, channels=_with(state.channels, e.channel_id, channel))


def _code_issued(state: SubscriberState, e: ev.EmailVerificationCodeIssued) -> SubscriberState:
    return _update_channel(
        state, e.channel_id,
        code_hash=e.code_hash,
        code_issued_at=instant(e, "issued_at"),
        code_expires_at=instant(e, "expires_at"),
        failed_attempts=0,
    )


def _verification_failed(state: SubscriberState, e: ev.ChannelVerificationFailed) -> SubscriberState:
    return _update_channel(state, e.channel_id, failed_attempts=e.failed_attempts)


def _verified(state: SubscriberState, e: ev.ChannelVerified) -> SubscriberState:
    return _update_channel(
        state, e.channel_id,
        status=ChannelStatus.ACTIVE,
        verified_at=instant(e, "verified_at"),
        code_hash="",
        code_expires_at=None,
        failed_attempts=0,
    )


def _removed(state: SubscriberState, e: ev.ChannelRemoved) -> SubscriberState:
    channels = {k: c for k, c in state.channels.items() if k != e.channel_id}
    choices = {k: on for k, on in state.choices.items() if k[1] != e.channel_id}
    return replace(state, channels=MappingProxyType(channels), choices=MappingProxyType(choices))


def _preference_set(state: SubscriberState, e: ev.CategoryPreferenceSet) -> SubscriberState:
    key = (enum_from_pb(Category, e.category), e.channel_id)
    return replace(state, member_id=e.member_id, choices=_with(state.choices, key, e.enabled))


def _quiet_hours_set(state: SubscriberState, e: ev.QuietHoursSet) -> SubscriberState:
    return replace(state, member_id=e.member_id, quiet_hours=quiet_hours_from_pb(e.quiet_hours))


def _quiet_hours_cleared(state: SubscriberState, e: ev.QuietHoursCleared) -> SubscriberState:
    return replace(state, quiet_hours=None)


def _locale_set(state: SubscriberState, e: ev.LocaleSet) -> SubscriberState:
    return replace(state, member_id=e.member_id, locale=e.locale)


def _near_me_set(state: SubscriberState, e: ev.NearMeSet) -> SubscriberState:
    return replace(state, member_id=e.member_id, near_me=e.enabled)


Evolver = Callable[[SubscriberState, Message], SubscriberState]

EVOLVERS: dict[type[Message], Evolver] = {
    ev.ChannelRegistered: _registered,
    ev.EmailVerificationCodeIssued: _code_issued,
    ev.ChannelVerificationFailed: _verification_failed,
    ev.ChannelVerified: _verified,
    ev.ChannelRemoved: _removed,
    ev.CategoryPreferenceSet: _preference_set,
    ev.QuietHoursSet: _quiet_hours_set,
    ev.QuietHoursCleared: _quiet_hours_cleared,
    ev.LocaleSet: _locale_set,
    ev.NearMeSet: _near_me_set,
}


def evolve(state: SubscriberState, event: Message) -> SubscriberState:
    try:
        apply = EVOLVERS[type(event)]
    except KeyError:
        raise TypeError(f"subscriber aggregate cannot apply {type(event).__name__}") from None
    return apply(state, event)


def fold(events, state: SubscriberState | None = None) -> SubscriberState:
    state = state if state is not None else SubscriberState()
    for event in events:
        state = evolve(state, event)
    return state
