"""Page sizes and opaque page tokens for the list RPCs served from memory.

A token is a position in the list plus a fingerprint of the request it
continues, so a token from another list (or the same list with other
filters) is refused as INVALID_ARGUMENT on ``page_token`` instead of
silently paging through something else. Positions are offsets: a list that
changes between pages may repeat or skip an item, which is fine for lists
people read (attendees, one member's RSVPs).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json

from offkai_kit.errors import InvalidArgument


def page_size(requested: int, *, default: int, maximum: int) -> int:
    if requested < 0:
        raise InvalidArgument.field("page_size", "must not be negative")
    return min(requested or default, maximum)


def fingerprint(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:16]


def make_token(scope: str, *position: int) -> str:
    data = json.dumps({"s": scope, "p": list(position)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def read_token(token: str, scope: str, width: int) -> tuple[int, ...]:
    """The position ``make_token(scope, ...)`` encoded; all zeros for ""."""
    if not token:
        return (0,) * width
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        position = tuple(data["p"])
        valid = data["s"] == scope and len(position) == width and all(isinstance(p, int) and p >= 0 for p in position)
    except (ValueError, KeyError, TypeError, binascii.Error):
        valid = False
    if not valid:
        raise InvalidArgument.field("page_token", "is not a token this list gave for this request")
    return position
