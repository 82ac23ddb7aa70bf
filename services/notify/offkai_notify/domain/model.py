"""notify's vocabulary: channel kinds, categories, triggers, segments, and the
small value types the subscriber aggregate and the policies share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from enum import StrEnum

LOCALES = ("ja", "en")


class ChannelKind(StrEnum):
    EMAIL = "email"
    SLACK = "slack"
    DISCORD = "discord"
    # A generic JSON webhook, signed with HMAC-SHA256.
    WEBHOOK = "webhook"
    # A chat service Apprise reaches (LINE, Telegram, Matrix, …), by Apprise URL.
    APPRISE = "apprise"


class ChannelStatus(StrEnum):
    # An email channel that has not been verified: it receives only its code.
    PENDING_VERIFICATION = "pending_verification"
    ACTIVE = "active"


class Category(StrEnum):
    ANNOUNCEMENTS = "announcements"
    REMINDERS = "reminders"
    RSVP_CHANGES = "rsvp_changes"
    CONNECTIONS = "connections"
    BROADCASTS = "broadcasts"
    DIGEST = "digest"


class Trigger(StrEnum):
    MEETUP_PUBLISHED = "meetup_published"
    RSVP_CONFIRMED = "rsvp_confirmed"
    RSVP_WAITLISTED = "rsvp_waitlisted"
    WAITLIST_PROMOTED = "waitlist_promoted"
    RSVP_CANCELLED = "rsvp_cancelled"
    LOTTERY_WON = "lottery_won"
    LOTTERY_LOST = "lottery_lost"
    SEAT_CONFIRMATION_REQUESTED = "seat_confirmation_requested"
    MEETUP_UPDATED = "meetup_updated"
    MEETUP_CANCELLED = "meetup_cancelled"
    REMINDER = "reminder"
    CONNECTION_REQUESTED = "connection_requested"
    CONNECTION_ACCEPTED = "connection_accepted"
    INTRODUCTION_MADE = "introduction_made"
    INVITATION_RECEIVED = "invitation_received"
    ORGANIZER_BROADCAST = "organizer_broadcast"
    WEEKLY_DIGEST = "weekly_digest"
    EMAIL_VERIFICATION = "email_verification"
    # To an address that is no member's (an emailed invitation).
    INVITATION_EMAILED = "invitation_emailed"


class BroadcastSegment(StrEnum):
    GOING = "going"
    WAITLISTED = "waitlisted"
    CHECKED_IN = "checked_in"
    NO_SHOWS = "no_shows"


@dataclass(frozen=True)
class QuietHours:
    """A daily window of local wall-clock time in ``timezone``; ``start > end``
    wraps midnight (22:00–07:00). ``start == end`` is refused by validation."""

    start: time
    end: time
    timezone: str

    @property
    def wraps_midnight(self) -> bool:
        return self.start > self.end
