"""What a valid handle value is for each kind, and its normalised form.

The rules (documented on HandleKind in proto/offkai/members/v1/types.proto):

- GitHub: a user name as GitHub allows it: 1-39 letters, digits or single
  hyphens, not starting or ending with a hyphen; "@name" and
  "https://github.com/name" are accepted; stored as the bare name.
- X: 1-15 letters, digits or "_"; "@name" and https URLs on x.com or
  twitter.com are accepted; stored as the bare name.
- LINE: a LINE ID, 4-20 lowercase letters, digits, ".", "_" or "-" (upper case
  is lowered), or an official account ID with a leading "@".
- Facebook: a user name (5-50 letters, digits or "."), or an https profile
  URL on facebook.com (www., m., fb.com) of the form "/<user name>" or
  "/profile.php?id=<digits>"; stored as the canonical
  "https://www.facebook.com/..." URL.
- Blog and other URLs: https only, with a host name (a dot in it) and no user
  name or password; stored as given (trimmed).

Every value is one line, at most 300 characters.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from offkai_kit.errors import Violations
from offkai_members.domain.model import HandleKind
from offkai_members.domain.validate import MAX_HANDLE_VALUE, check_single_line

GITHUB_NAME = re.compile(r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}")
X_NAME = re.compile(r"[A-Za-z0-9_]{1,15}")
LINE_ID = re.compile(r"@?[a-z0-9._-]{4,20}")
FACEBOOK_NAME = re.compile(r"[A-Za-z0-9.]{5,50}")
FACEBOOK_HOSTS = frozenset({"facebook.com", "www.facebook.com", "m.facebook.com", "fb.com", "www.fb.com"})
X_HOSTS = frozenset({"x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"})
GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})

RULES = {
    HandleKind.GITHUB: "a GitHub user name: 1 to 39 letters, digits or single hyphens, not starting or ending with '-'",
    HandleKind.X: "an X handle: 1 to 15 letters, digits or '_'",
    HandleKind.LINE: "a LINE ID: 4 to 20 lowercase letters, digits, '.', '_' or '-'",
    HandleKind.FACEBOOK: "a Facebook user name or an https://www.facebook.com/ profile URL",
    HandleKind.BLOG_URL: "an https URL with a host name",
    HandleKind.OTHER_URL: "an https URL with a host name",
}


def _https_parts(value: str):
    """``urlsplit(value)`` if it is an https URL with a host and no
    credentials, else None."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return None
    host = parts.hostname or ""
    if parts.scheme != "https" or not host or parts.username is not None or parts.password is not None:
        return None
    if "." not in host.strip(".") or any(c.isspace() for c in value):
        return None
    return parts


def _profile_name(value: str, hosts: frozenset[str]) -> str | None:
    """The single path segment of an https profile URL on one of ``hosts``."""
    parts = _https_parts(value)
    if parts is None or parts.hostname not in hosts or parts.query or parts.fragment:
        return None
    segments = [s for s in parts.path.split("/") if s]
    return segments[0] if len(segments) == 1 else None


def _bare(value: str, hosts: frozenset[str]) -> str:
    if value.startswith("https://"):
        return _profile_name(value, hosts) or ""
    return value.removeprefix("@")


def _github(value: str) -> str | None:
    name = _bare(value, GITHUB_HOSTS)
    return name if GITHUB_NAME.fullmatch(name) else None


def _x(value: str) -> str | None:
    name = _bare(value, X_HOSTS)
    return name if X_NAME.fullmatch(name) else None


def _line(value: str) -> str | None:
    line_id = value.lower()
    return line_id if LINE_ID.fullmatch(line_id) else None


def _facebook(value: str) -> str | None:
    if not value.startswith("https://"):
        return f"https://www.facebook.com/{value}" if FACEBOOK_NAME.fullmatch(value) else None
    parts = _https_parts(value)
    if parts is None or parts.hostname not in FACEBOOK_HOSTS or parts.fragment:
        return None
    path = parts.path.rstrip("/")
    if path == "/profile.php":
        ids = parse_qs(parts.query).get("id", [])
        if len(ids) == 1 and ids[0].isascii() and ids[0].isdigit():
            return f"https://www.facebook.com/profile.php?id={ids[0]}"
        return None
    name = _profile_name(value, FACEBOOK_HOSTS)
    return f"https://www.facebook.com/{name}" if name and FACEBOOK_NAME.fullmatch(name) else None


def _url(value: str) -> str | None:
    return value if _https_parts(value) is not None else None


NORMALIZERS = {
    HandleKind.GITHUB: _github,
    HandleKind.X: _x,
    HandleKind.LINE: _line,
    HandleKind.FACEBOOK: _facebook,
    HandleKind.BLOG_URL: _url,
    HandleKind.OTHER_URL: _url,
}


def normalize_handle(kind: HandleKind, value: str) -> str | None:
    """The normalised value, or None when ``value`` is not one of ``kind``."""
    return NORMALIZERS[kind](value.strip())


def check_handle_value(kind: HandleKind | None, value: str, field: str, v: Violations) -> str:
    """Adds a violation unless ``value`` is a valid handle of ``kind``;
    returns it normalised. Without a kind only the generic rules apply."""
    errors_before = len(list(v))
    text = check_single_line(value, field, v, limit=MAX_HANDLE_VALUE, required=True)
    if kind is None or len(list(v)) > errors_before:
        return text
    normalized = normalize_handle(kind, text)
    if normalized is None:
        v.add(field, f"must be {RULES[kind]}")
        return text
    return normalized
