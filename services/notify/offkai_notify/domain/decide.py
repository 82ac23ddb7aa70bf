"""``decide(state, command, now) -> events``: the one entry point handlers call
for a subscriber. An empty list means the command changes nothing (a repeat).
Rules raise offkai_kit.errors exceptions and nothing is appended."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from google.protobuf.message import Message

from offkai_notify.domain import channels, preferences
from offkai_notify.domain import commands as c
from offkai_notify.domain.state import SubscriberState

Decide = Callable[[SubscriberState, object, datetime], list[Message]]

DECIDERS: dict[type, Decide] = {
    c.RegisterChannel: channels.register,
    c.VerifyChannel: channels.verify,
    c.ResendVerificationCode: channels.resend_code,
    c.RemoveChannel: channels.remove,
    c.SetCategoryPreferences: preferences.set_categories,
    c.SetQuietHours: preferences.set_quiet_hours,
    c.SetLocale: preferences.set_locale,
    c.SetNearMe: preferences.set_near_me,
    c.Unsubscribe: preferences.unsubscribe,
}


def decide(state: SubscriberState, command: c.Command, now: datetime) -> list[Message]:
    if now.tzinfo is None:
        raise ValueError("decide needs an aware 'now' (UTC)")
    return DECIDERS[type(command)](state, command, now)
