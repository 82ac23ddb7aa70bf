"""Value objects the members domain shares across its aggregates.

Frozen dataclasses with tuples, so states built from them are immutable and
compare by value. Times are timezone-aware UTC datetimes. They mirror messages
in proto/offkai/members/v1/types.proto; ``convert`` maps between the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

LOCALES = ("ja", "en")
DEFAULT_TIMEZONE = "Asia/Tokyo"
DEFAULT_LOCALE = "ja"


class HandleKind(StrEnum):
    FACEBOOK = "facebook"
    LINE = "line"
    X = "x"
    GITHUB = "github"
    BLOG_URL = "blog_url"
    OTHER_URL = "other_url"


class Visibility(StrEnum):
    """Who may see a handle's value."""

    EVERYONE = "everyone"
    CONNECTIONS = "connections"
    NOBODY = "nobody"


@dataclass(frozen=True)
class SelfIntroduction:
    """The three parts a good introduction at a meetup covers."""

    what_i_do: str = ""
    why_i_come: str = ""
    hobbies: str = ""


@dataclass(frozen=True)
class Profile:
    display_name: str
    self_introduction: SelfIntroduction = field(default_factory=SelfIntroduction)
    region_prefecture: str = ""
    region_city: str = ""
    timezone: str = DEFAULT_TIMEZONE
    locale: str = DEFAULT_LOCALE
    interests: tuple[str, ...] = ()


@dataclass(frozen=True)
class Handle:
    handle_id: str
    kind: HandleKind
    visibility: Visibility
    # Empty where the holder may not know it: in the member aggregate for any
    # visibility but EVERYONE (those values never travel on the stream).
    value: str = ""


@dataclass(frozen=True)
class MemberCard:
    """A registered member as other aggregates' events name them, with what a
    consumer needs to write to them. Handlers pass cards in as facts; None
    stands for "no such member" (never registered, or erased)."""

    member_id: str
    display_name: str
    locale: str = DEFAULT_LOCALE
    timezone: str = DEFAULT_TIMEZONE


@dataclass(frozen=True)
class MeetupRef:
    """A meetup as members knows it from the events service's stream."""

    meetup_id: str
    title: str = ""
    start: datetime | None = None
    timezone: str = ""
