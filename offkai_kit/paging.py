"""Page sizes and opaque page tokens for the list RPCs of every service.

A token carries where the next page starts — a small dict of JSON values: an
offset, or the sort key of the last row served — together with a fingerprint
of that position and of the *scope* it was issued for (the list and the filters
it was asked with). A token longer than MAX_TOKEN characters, or from another list, for other filters, edited, cut
short or made up is refused as INVALID_ARGUMENT on ``page_token``, instead of
silently paging through something else.

The fingerprint is a plain hash, not a signature: someone who forges a token
only picks where their own list starts, and every position must be safe to
serve anyway (``parse`` checks what the caller needs of it).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from offkai_kit.errors import InvalidArgument

T = TypeVar("T")

# Any value json.dumps writes: str, int, float, bool, None, lists and dicts of them.
JsonValue = Any
# The longest token a caller may send back; the tokens ``encode`` gives are far
# shorter (a position is an offset or a short sort key).
MAX_TOKEN = 2048


def page_size(requested: int, *, default: int, maximum: int) -> int:
    """The number of items to serve: ``default`` when the caller left it at 0,
    at most ``maximum`` (a larger request gets ``maximum``). A negative size is
    INVALID_ARGUMENT on ``page_size``."""
    if requested < 0:
        raise InvalidArgument.field("page_size", "must not be negative")
    return min(requested or default, maximum)


def encode(position: Mapping[str, JsonValue], *, scope: JsonValue) -> str:
    """An opaque, URL-safe token for ``position`` in the list ``scope`` names."""
    data = {"p": dict(position), "f": _fingerprint(scope, position)}
    return base64.urlsafe_b64encode(_canonical(data).encode()).decode().rstrip("=")


def decode(token: str, *, scope: JsonValue, parse: Callable[[dict], T] = dict) -> T | None:
    """The position ``encode(..., scope=scope)`` put in ``token``, through
    ``parse`` (which may raise KeyError, TypeError or ValueError at a position
    it cannot use); None for "" (the first page)."""
    if not token:
        return None
    if len(token) > MAX_TOKEN:
        raise InvalidArgument.field("page_token", f"must be at most {MAX_TOKEN} characters")
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        position = data["p"]
        if set(data) != {"p", "f"} or not isinstance(position, dict) or data["f"] != _fingerprint(scope, position):
            raise ValueError("not this list's token")
        return parse(position)
    except (ValueError, KeyError, TypeError) as exc:  # binascii, JSON and Unicode errors are ValueErrors
        raise InvalidArgument.field("page_token", "is not a token this list gave for these filters") from exc


def _fingerprint(scope: JsonValue, position: Mapping[str, JsonValue]) -> str:
    return hashlib.sha256(_canonical([scope, position]).encode()).hexdigest()[:16]


def _canonical(value: JsonValue) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)
