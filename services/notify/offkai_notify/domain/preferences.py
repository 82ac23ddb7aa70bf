"""Deciding a member's preferences: categories per channel, quiet hours,
locale, "near me", and unsubscribing from an email link.

Setting what is set already decides nothing, so repeated clicks on an
unsubscribe link, or a client re-sending its whole settings page, append no
events.
"""

from __future__ import annotations

from datetime import datetime

from offkai.notify.v1 import events_pb2 as ev
from offkai_kit.errors import Violations
from offkai_kit.validation import is_iana_timezone
from offkai_notify.domain.commands import SetCategoryPreferences, SetLocale, SetNearMe, SetQuietHours, Unsubscribe
from offkai_notify.domain.convert import enum_to_pb, quiet_hours_to_pb, timestamp
from offkai_notify.domain.guards import channel_of, require_self
from offkai_notify.domain.model import LOCALES, QuietHours
from offkai_notify.domain.state import SubscriberState
from offkai_notify.domain.validate import parse_clock

MAX_CHANGES = 100


def set_categories(state: SubscriberState, c: SetCategoryPreferences, now: datetime) -> list:
    require_self(c.actor, c.member_id, "change preferences")
    for i, change in enumerate(c.changes):
        channel_of(state, change.channel_id, f"changes[{i}].channel_id")
    v = Violations()
    if v.check(bool(c.changes), "changes", "at least one change"):
        v.check(len(c.changes) <= MAX_CHANGES, "changes", f"at most {MAX_CHANGES} changes")
    for i, change in enumerate(c.changes):
        v.check(change.category is not None, f"changes[{i}].category", "required")
    v.raise_if_any()
    events = []
    wanted: dict = {}
    for change in c.changes:
        # The last word on a (category, channel) pair wins, as if applied in order.
        wanted[(change.category, change.channel_id)] = change.enabled
    for (category, channel_id), enabled in wanted.items():
        # An explicit choice equal to the default is still recorded: the member
        # chose, and a later change of defaults must not override them.
        if state.choices.get((category, channel_id)) == enabled:
            continue
        events.append(ev.CategoryPreferenceSet(
            member_id=c.member_id,
            category=enum_to_pb(category),
            channel_id=channel_id,
            enabled=enabled,
            set_at=timestamp(now),
        ))
    return events


def unsubscribe(state: SubscriberState, c: Unsubscribe, now: datetime) -> list:
    require_self(c.actor, c.member_id, "unsubscribe")
    # A link to a channel removed since, or a category off already: nothing to do,
    # and no error for someone clicking an old email.
    if state.channel(c.channel_id) is None or not state.wants(c.category, c.channel_id):
        return []
    return [ev.CategoryPreferenceSet(
        member_id=c.member_id,
        category=enum_to_pb(c.category),
        channel_id=c.channel_id,
        enabled=False,
        via_unsubscribe_link=True,
        set_at=timestamp(now),
    )]


def set_quiet_hours(state: SubscriberState, c: SetQuietHours, now: datetime) -> list:
    require_self(c.actor, c.member_id, "change quiet hours")
    if c.start is None:
        if state.quiet_hours is None:
            return []
        return [ev.QuietHoursCleared(member_id=c.member_id, cleared_at=timestamp(now))]
    v = Violations()
    start = parse_clock(c.start)
    end = parse_clock(c.end or "")
    v.check(start is not None, "quiet_hours.start", 'must be "HH:MM", 24-hour')
    v.check(end is not None, "quiet_hours.end", 'must be "HH:MM", 24-hour')
    if start is not None and end is not None:
        v.check(start != end, "quiet_hours.end", "must differ from the start")
    if v.check(bool(c.timezone), "quiet_hours.timezone", "required"):
        v.check(is_iana_timezone(c.timezone), "quiet_hours.timezone", "must be an IANA time zone, e.g. Asia/Tokyo")
    v.raise_if_any()
    quiet = QuietHours(start, end, c.timezone)
    if quiet == state.quiet_hours:
        return []
    return [ev.QuietHoursSet(member_id=c.member_id, quiet_hours=quiet_hours_to_pb(quiet), set_at=timestamp(now))]


def set_locale(state: SubscriberState, c: SetLocale, now: datetime) -> list:
    require_self(c.actor, c.member_id, "change the locale")
    v = Violations()
    v.check(c.locale in LOCALES, "locale", 'must be "ja" or "en"')
    v.raise_if_any()
    if c.locale == state.locale:
        return []
    return [ev.LocaleSet(member_id=c.member_id, locale=c.locale, set_at=timestamp(now))]


def set_near_me(state: SubscriberState, c: SetNearMe, now: datetime) -> list:
    require_self(c.actor, c.member_id, "change near-me announcements")
    if c.enabled == state.near_me:
        return []
    return [ev.NearMeSet(member_id=c.member_id, enabled=c.enabled, set_at=timestamp(now))]
