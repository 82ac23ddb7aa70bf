"""Dates, times and durations the way people in the recipient's locale write
them, in the recipient's time zone (Babel, CLDR data):

    ja  2027年1月16日(土) 19:00
    en  Sat, Jan 16, 2027, 7:00 PM
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_skeleton, format_time, format_timedelta, get_timezone_name
from babel.lists import format_list

from offkai_kit.validation import is_iana_timezone

# CLDR puts a narrow no-break space before "PM"; plain-text mail and chat show
# a plain space more reliably.
_NARROW_NBSP = "\u202f"
# CLDR has no name for these beyond "Unknown Region (UTC) Time".
_UTC_ALIASES = frozenset({"UTC", "UCT", "Universal", "Zulu", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich",
                          "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT", "Etc/GMT0",
                          "Etc/GMT+0", "Etc/GMT-0", "Etc/Greenwich"})


class Formatter:
    def __init__(self, locale: str, timezone: str):
        self.locale = Locale.parse(locale)
        self.zone = ZoneInfo(timezone if is_iana_timezone(timezone) else "UTC")
        self._datetime_pattern = self.locale.datetime_formats["medium"]

    def _local(self, instant: datetime) -> datetime:
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=UTC)
        return instant.astimezone(self.zone)

    def date(self, instant: datetime) -> str:
        return format_skeleton("yMMMEd", self._local(instant), locale=self.locale)

    def time(self, instant: datetime) -> str:
        return format_time(self._local(instant), "short", locale=self.locale).replace(_NARROW_NBSP, " ")

    def datetime(self, instant: datetime) -> str:
        return self._datetime_pattern.format(self.time(instant), self.date(instant))

    def span(self, start: datetime, end: datetime) -> str:
        """Start to end; the end's date only when it is another day."""
        if self._local(start).date() == self._local(end).date():
            return f"{self.datetime(start)} – {self.time(end)}"
        return f"{self.datetime(start)} – {self.datetime(end)}"

    def zone_name(self) -> str:
        """e.g. "日本時間", "Japan Time", "Eastern Time": says whose clock the
        times are on."""
        if self.zone.key in _UTC_ALIASES:
            return "UTC"
        if self.zone.key.startswith("Etc/"):
            return self.zone.key.removeprefix("Etc/")
        return get_timezone_name(self.zone, "long", locale=self.locale)

    def duration(self, span: timedelta) -> str:
        """e.g. "1日", "1 day", "1時間", "90 minutes"."""
        seconds = int(span.total_seconds())
        unit = "day" if seconds % 86_400 == 0 else "hour" if seconds % 3_600 == 0 else "minute"
        text = format_timedelta(span, granularity=unit, threshold=10_000, format="long", locale=self.locale)
        # CLDR writes "1 日"; Japanese writes 1日, 1時間.
        return text.replace(" ", "") if self.locale.language == "ja" else text

    def list(self, items) -> str:
        """e.g. "the time and the venue", "日時、会場"."""
        return format_list(list(items), locale=self.locale)
