"""Which category each trigger belongs to, and which categories a channel gets
until its member chooses.

Email gets everything by default: it is where people expect to hear from a
service. Chat channels are more intrusive, so by default they get what is
about a meetup the member is going to (reminders, RSVP changes, organizers'
messages), not announcements, connections or the digest.
"""

from __future__ import annotations

from types import MappingProxyType

from offkai_notify.domain.model import Category, ChannelKind, Trigger

CATEGORY_OF: MappingProxyType[Trigger, Category | None] = MappingProxyType({
    Trigger.MEETUP_PUBLISHED: Category.ANNOUNCEMENTS,
    Trigger.RSVP_CONFIRMED: Category.RSVP_CHANGES,
    Trigger.RSVP_WAITLISTED: Category.RSVP_CHANGES,
    Trigger.WAITLIST_PROMOTED: Category.RSVP_CHANGES,
    Trigger.RSVP_CANCELLED: Category.RSVP_CHANGES,
    Trigger.LOTTERY_WON: Category.RSVP_CHANGES,
    Trigger.LOTTERY_LOST: Category.RSVP_CHANGES,
    Trigger.SEAT_CONFIRMATION_REQUESTED: Category.RSVP_CHANGES,
    Trigger.MEETUP_UPDATED: Category.RSVP_CHANGES,
    Trigger.MEETUP_CANCELLED: Category.RSVP_CHANGES,
    Trigger.REMINDER: Category.REMINDERS,
    Trigger.CONNECTION_REQUESTED: Category.CONNECTIONS,
    Trigger.CONNECTION_ACCEPTED: Category.CONNECTIONS,
    Trigger.INTRODUCTION_MADE: Category.CONNECTIONS,
    # A friend's word of mouth is about people more than about the meetup.
    Trigger.INVITATION_RECEIVED: Category.CONNECTIONS,
    Trigger.ORGANIZER_BROADCAST: Category.BROADCASTS,
    Trigger.WEEKLY_DIGEST: Category.DIGEST,
    # Transactional: no category, so no preference or unsubscribe holds it back.
    Trigger.EMAIL_VERIFICATION: None,
    # To a non-member, who has no preferences: its own link stops invitation
    # emails to the address (``invitation_email``).
    Trigger.INVITATION_EMAILED: None,
})

_CHAT_DEFAULTS = frozenset({Category.REMINDERS, Category.RSVP_CHANGES, Category.BROADCASTS})

DEFAULT_CATEGORIES: MappingProxyType[ChannelKind, frozenset[Category]] = MappingProxyType({
    ChannelKind.EMAIL: frozenset(Category),
    ChannelKind.SLACK: _CHAT_DEFAULTS,
    ChannelKind.DISCORD: _CHAT_DEFAULTS,
    ChannelKind.WEBHOOK: _CHAT_DEFAULTS,
    ChannelKind.APPRISE: _CHAT_DEFAULTS,
})


def category_of(trigger: Trigger) -> Category | None:
    return CATEGORY_OF[trigger]


def on_by_default(kind: ChannelKind, category: Category) -> bool:
    return category in DEFAULT_CATEGORIES[kind]
