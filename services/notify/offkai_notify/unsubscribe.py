"""Signed unsubscribe tokens: the link in every email that turns one category
off for one channel, without logging in.

A token is ``v1.<payload>.<signature>``: the payload is base64url JSON naming
the member, the channel, the category and an expiry; the signature is
base64url HMAC-SHA256 over ``v1.<payload>`` with notify's unsubscribe key.
Anyone holding the link can unsubscribe that member from that category on
that channel — and nothing else — which is what a link in an email can
safely be trusted with. Keys rotate: the first signs, any verifies.

An invitation emailed to an address that is no member's carries a token of
the same form whose payload names, instead, the hash of the address
(``domain.invitation_addresses``; never the address) and an expiry: it stops
every further invitation email to that address (``InvitationOptOut``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from offkai_notify.domain.model import Category

VERSION = "v1"
# Emails are read months later; the link must still work (and the law in
# several places wants it to for a good while).
DEFAULT_TTL = timedelta(days=365)
MAX_TOKEN = 1024


class UnsubscribeTokenError(ValueError):
    """The token is malformed, tampered with, or expired. The message says
    which, and never echoes the token."""


@dataclass(frozen=True)
class UnsubscribeGrant:
    member_id: str
    channel_id: str
    category: Category
    expires_at: datetime


@dataclass(frozen=True)
class InvitationOptOut:
    """No more invitation emails to the address of this hash."""

    address_hash: str
    expires_at: datetime


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(key: bytes, signed_part: str) -> bytes:
    return hmac.new(key, signed_part.encode("ascii"), hashlib.sha256).digest()


def make_token(
    keys: Sequence[bytes], member_id: str, channel_id: str, category: Category, now: datetime,
    ttl: timedelta = DEFAULT_TTL,
) -> str:
    return _signed(keys, {"m": member_id, "c": channel_id, "k": category.value, "e": int((now + ttl).timestamp())})


def make_opt_out_token(keys: Sequence[bytes], address_hash: str, now: datetime, ttl: timedelta = DEFAULT_TTL) -> str:
    """The token of an invitation email's "no more invitations" link."""
    return _signed(keys, {"h": address_hash, "e": int((now + ttl).timestamp())})


def _signed(keys: Sequence[bytes], payload: dict) -> str:
    if not keys or not keys[0]:
        raise ValueError("an unsubscribe key is needed")
    signed_part = f"{VERSION}.{_b64encode(json.dumps(payload, separators=(',', ':')).encode())}"
    return f"{signed_part}.{_b64encode(_sign(keys[0], signed_part))}"


def read_token(token: str, keys: Sequence[bytes], now: datetime) -> UnsubscribeGrant | InvitationOptOut:
    """The grant a genuine, unexpired token carries; else UnsubscribeTokenError."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN or not token.isascii():
        raise UnsubscribeTokenError("malformed token")
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != VERSION:
        raise UnsubscribeTokenError("malformed token")
    signed_part = f"{parts[0]}.{parts[1]}"
    try:
        signature = _b64decode(parts[2])
    except (binascii.Error, ValueError):
        raise UnsubscribeTokenError("malformed token") from None
    # Every key is tried, whichever matches, so timing says nothing about which.
    genuine = False
    for key in keys:
        genuine |= hmac.compare_digest(_sign(key, signed_part), signature)
    if not genuine:
        raise UnsubscribeTokenError("the token's signature does not match")
    try:
        payload = json.loads(_b64decode(parts[1]))
        grant: UnsubscribeGrant | InvitationOptOut
        if "h" in payload:
            grant = InvitationOptOut(_hash(payload["h"]), datetime.fromtimestamp(int(payload["e"]), UTC))
        else:
            grant = UnsubscribeGrant(
                member_id=str(payload["m"]),
                channel_id=str(payload["c"]),
                category=Category(payload["k"]),
                expires_at=datetime.fromtimestamp(int(payload["e"]), UTC),
            )
    except (binascii.Error, ValueError, KeyError, TypeError, OverflowError, OSError):
        # Signed by us yet unreadable: a token of a format this build does not know.
        raise UnsubscribeTokenError("malformed token") from None
    if now >= grant.expires_at:
        raise UnsubscribeTokenError("the token has expired")
    return grant


def _hash(value) -> str:
    if not isinstance(value, str) or len(value) != 64 or not all(c in "0123456789abcdef" for c in value):
        raise ValueError("not an address hash")
    return value


def unsubscribe_url(base_url: str, token: str) -> str:
    """The link put in emails: ``base_url`` (the page that calls
    PreferencesService.UnsubscribeWithToken) with the token as a parameter."""
    separator = "&" if "?" in base_url else "?"
    return f"{base_url}{separator}{urlencode({'token': token})}"
