"""Field rules for what members send, with precise paths and documented limits.

Each ``check_*`` function adds to a ``Violations`` collector (so one
INVALID_ARGUMENT reports every bad field at once) and returns the value
normalised: trimmed, and for tags NFKC-normalised, case-folded and
deduplicated. The limits are the ones proto/offkai/members/v1/types.proto
documents. Rules that depend on state live in the aggregates' decide modules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from email_validator import EmailNotValidError, validate_email

from offkai_kit import validation
from offkai_kit.errors import Violations
from offkai_members.domain.model import LOCALES

MAX_MEMBER_ID = 64
# Letters, digits and a few separators token subjects use; never "~", which
# joins the two ids of a relationship stream, nor "/" or white space. Never
# "@" either: ids outlive erasure (in stream ids and every event), so an
# email address must not be one.
MEMBER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:|+-]{0,63}")
# Ids the service makes itself (handles, introductions, invitations): UUIDs.
GENERATED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}")
COMMUNITY_ID = re.compile(r"[a-z0-9][a-z0-9-]{2,63}")

MAX_DISPLAY_NAME = 80
MAX_INTRODUCTION_PART = 1_000
MAX_PREFECTURE = 40
MAX_CITY = 80
MAX_INTERESTS = 20
MAX_TAG = 32
# Tags as sent, before empty ones and duplicates are dropped.
MAX_TAG_ITEMS = 100
MAX_COMMUNITY_NAME = 80
MAX_COMMUNITY_DESCRIPTION = 4_000
MAX_COMMUNITY_TAGS = 10
MAX_HANDLES = 12
MAX_HANDLE_VALUE = 300
MAX_REQUEST_NOTE = 500
MAX_NOTE = 1_000
MAX_EMAIL = 254
MAX_TIMEZONE = 64



# -- time zones, locales -------------------------------------------------------


def is_iana_timezone(name: object) -> bool:
    """Whether ``name`` is an IANA time zone a person can live in (the kit's one
    rule for every service: a lookup in the zone list, never a file opened)."""
    return isinstance(name, str) and validation.is_iana_timezone(name)


def check_timezone(name: str, field: str, v: Violations) -> str:
    validation.timezone(name, field, v)
    return name


def check_locale(locale: str, field: str, v: Violations) -> str:
    v.check(locale in LOCALES, field, f"must be one of {', '.join(LOCALES)}")
    return locale


# -- text ----------------------------------------------------------------------


def check_single_line(value: str, field: str, v: Violations, *, limit: int, required: bool = False) -> str:
    """A one-line field (names, titles, ids, tags): trimmed, then the kit's rule —
    no control characters, line breaks or bidirectional overrides, at most ``limit``."""
    text = value.strip()
    validation.text(text, field, v, limit=limit, required=required)
    return text


def check_multi_line(value: str, field: str, v: Violations, *, limit: int, required: bool = False) -> str:
    """Free text (self-introduction parts, notes, descriptions): trimmed, "\r\n"
    made "\n"; line breaks and tabs allowed, other control characters not."""
    text = value.replace("\r\n", "\n").strip()
    validation.text(text, field, v, limit=limit, required=required, multi_line=True)
    return text


def normalize_tag(tag: str) -> str:
    """NFKC (full-width "ＲＵＳＴ" is "rust"), case-folded, trimmed, inner white
    space collapsed to one space."""
    return " ".join(unicodedata.normalize("NFKC", tag).casefold().split())


def check_tags(
    values: Iterable[str], field: str, v: Violations, *, max_count: int, max_length: int = MAX_TAG
) -> tuple[str, ...]:
    """Normalised tags, first occurrence order kept, empty ones and duplicates
    dropped; a list of at most MAX_TAG_ITEMS, ``max_count`` different ones of at most ``max_length`` characters."""
    values = list(values)
    if not validation.list_size(values, field, v, limit=MAX_TAG_ITEMS):
        return ()
    kept: list[str] = []
    for i, raw in enumerate(values):
        if validation.control_character(raw) is not None:
            validation.text(raw, f"{field}[{i}]", v, limit=len(raw))  # reports the character
            continue
        tag = normalize_tag(raw)
        if len(tag) > max_length:
            v.add(f"{field}[{i}]", f"must be at most {max_length} characters")
        elif tag and tag not in kept:
            kept.append(tag)
    v.check(len(kept) <= max_count, field, f"at most {max_count} different tags")
    return tuple(kept)


# -- ids -----------------------------------------------------------------------


def check_member_id(value: str, field: str, v: Violations) -> str:
    if not value:
        v.add(field, "required")
    else:
        v.check(
            bool(MEMBER_ID.fullmatch(value)),
            field,
            f"must be 1 to {MAX_MEMBER_ID} ASCII letters, digits or '. _ : | + -', starting with a letter or digit",
        )
    return value


def check_generated_id(value: str, field: str, v: Violations) -> str:
    if not value:
        v.add(field, "required")
    else:
        v.check(bool(GENERATED_ID.fullmatch(value)), field, "must be 1 to 64 letters, digits or '-'")
    return value


def check_community_id(value: str, field: str, v: Violations) -> str:
    if not value:
        v.add(field, "required")
    else:
        v.check(
            bool(COMMUNITY_ID.fullmatch(value)),
            field,
            "must be 3 to 64 lowercase letters, digits or '-', starting with a letter or digit",
        )
    return value


# -- email ---------------------------------------------------------------------


def check_email(value: str, field: str, v: Violations) -> str:
    """An address to write to: syntax only (no DNS: deciding stays pure),
    normalised by email-validator (domain lowercased, IDNA)."""
    text = value.strip()
    if len(text) > MAX_EMAIL:
        v.add(field, f"must be at most {MAX_EMAIL} characters")
        return text
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as error:
        v.add(field, f"not an email address: {error}")
        return text

