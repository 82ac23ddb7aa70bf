"""Checks every service applies to what callers send, written once so the rules are
the same everywhere: text (single-line fields refuse control characters, every field
has a maximum), IANA time zones, web URLs and identifiers. Each check adds to a
``Violations`` collector, so one INVALID_ARGUMENT reports every bad field at once.
Pure: the domain may use it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, available_timezones

from google.protobuf.duration_pb2 import Duration
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from offkai_kit.errors import Violations

# Bidirectional overrides and isolates: invisible, and used to make text read
# differently from what it is (a name that displays as someone else's).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Not zones a person lives in: a tzdata placeholder and host aliases.
_NOT_ZONES = frozenset({"Factory", "localtime", "posixrules"})
MAX_ID = 128
# google.protobuf.Timestamp and Duration's documented ranges.
_MIN_SECONDS, _MAX_SECONDS = -62_135_596_800, 253_402_300_799
_MAX_DURATION_SECONDS = 315_576_000_000
# A client-chosen idempotency key: one line, like an id.
MAX_REQUEST_ID = 128
# A search filter (a place, a tag, the words of a query): one line.
MAX_FILTER = 200


def _bad_character(ch: str, *, multi_line: bool) -> bool:
    if multi_line and ch in "\n\t":
        return False
    if ch == "\r" and multi_line:
        return False
    return ch in _BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


def control_character(value: str, *, multi_line: bool = False) -> str | None:
    """The first character ``value`` may not contain, or None. Single-line text
    refuses every control character (newlines, tabs, NUL…), line and paragraph
    separators and bidirectional overrides; multi-line text allows newlines and tabs."""
    if value.isascii() and value.isprintable():
        return None  # the common case, checked in C: no control character at all
    for ch in value:
        if _bad_character(ch, multi_line=multi_line):
            return ch
    return None


def text(value: str, field: str, v: Violations, *, limit: int, required: bool = False,
         multi_line: bool = False) -> bool:
    """Check one text field; True when it passed."""
    if required and not value.strip():
        v.add(field, "must not be empty")
        return False
    if len(value) > limit:
        v.add(field, f"must be at most {limit} characters")
        return False
    bad = control_character(value, multi_line=multi_line)
    if bad is not None:
        if multi_line:
            v.add(field, f"must not contain control characters other than line breaks and tabs (found U+{ord(bad):04X})")
        else:
            v.add(field, f"must be a single line without control characters (found U+{ord(bad):04X})")
        return False
    return True


def identifier(value: str, field: str, v: Violations, *, required: bool = True, limit: int = MAX_ID) -> bool:
    """An id a caller names (a meetup, a member, a community): required, bounded,
    one line, no surrounding spaces."""
    if not value:
        if required:
            v.add(field, "required")
        return False
    if value != value.strip():
        v.add(field, "must not start or end with spaces")
        return False
    return text(value, field, v, limit=limit)


def request_id(value: str, field: str, v: Violations) -> bool:
    """A request's idempotency key: required, at most MAX_REQUEST_ID characters, one line."""
    if not value:
        v.add(field, "is required: a client-chosen id that makes retries safe")
        return False
    return text(value, field, v, limit=MAX_REQUEST_ID)


def search_filter(value: str, field: str, v: Violations) -> bool:
    """A search filter a caller may leave empty: at most MAX_FILTER characters, one line."""
    return text(value, field, v, limit=MAX_FILTER)


def search_filters(request, names: tuple[str, ...], v: Violations) -> None:
    """Each of ``names``, string fields of ``request``, as a search filter."""
    for name in names:
        search_filter(getattr(request, name), name, v)


def times(message: Message, v: Violations, path: str = "") -> None:
    """Every Timestamp and Duration in ``message`` is one protobuf can convert;
    an out-of-range one (nanos of -1, the year 10000) would otherwise fail deep
    inside as INTERNAL."""
    for field, value in message.ListFields():
        name = f"{path}.{field.name}" if path else field.name
        if field.message_type is None:
            continue
        items = list(value) if field.is_repeated else [value]
        for i, item in enumerate(items):
            at = f"{name}[{i}]" if field.is_repeated else name
            if isinstance(item, Timestamp):
                ok = _MIN_SECONDS <= item.seconds <= _MAX_SECONDS and 0 <= item.nanos < 1_000_000_000
                v.check(ok, at, "is not a valid timestamp (years 1 to 9999)")
            elif isinstance(item, Duration):
                ok = abs(item.seconds) <= _MAX_DURATION_SECONDS and abs(item.nanos) < 1_000_000_000
                v.check(ok, at, "is not a valid duration")
            elif isinstance(item, Message):
                times(item, v, at)


@lru_cache(maxsize=1)
def iana_timezones() -> frozenset[str]:
    return frozenset(available_timezones()) - _NOT_ZONES


def is_iana_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone people live in ("Asia/Tokyo", "UTC").
    Judged against the zone list, never by opening a file named after the input:
    ``ZoneInfo("America")`` would raise IsADirectoryError."""
    return name in iana_timezones()


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo | None:
    """The time zone called ``name``, or None when there is none."""
    return ZoneInfo(name) if is_iana_timezone(name) else None


def timezone(name: str, field: str, v: Violations, *, required: bool = True) -> bool:
    if not name:
        if required:
            v.add(field, "required: an IANA time zone such as 'Asia/Tokyo'")
        return False
    if not is_iana_timezone(name):
        v.add(field, f"unknown IANA time zone {shown(name)}")
        return False
    return True


def shown(value: str, limit: int = 40) -> str:
    """A caller's value quoted in an error message: escaped, cut short."""
    cut = value if len(value) <= limit else value[:limit] + "…"
    return "'" + cut.encode("unicode_escape").decode("ascii").replace("\\u2026", "…") + "'"


def is_web_url(url: str, *, https_only: bool = False) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    schemes = ("https",) if https_only else ("http", "https")
    return parts.scheme in schemes and bool(parts.hostname) and control_character(url) is None and " " not in url


def url(value: str, field: str, v: Violations, *, required: bool = False, limit: int = 2000,
        https_only: bool = False) -> bool:
    if not value:
        if required:
            v.add(field, "required")
        return False
    if len(value) > limit:
        v.add(field, f"must be at most {limit} characters")
        return False
    if not is_web_url(value, https_only=https_only):
        v.add(field, "must be an https URL" if https_only else "must be an http or https URL")
        return False
    return True


def list_size(values, field: str, v: Violations, *, limit: int) -> bool:
    if len(values) > limit:
        v.add(field, f"at most {limit} items")
        return False
    return True
