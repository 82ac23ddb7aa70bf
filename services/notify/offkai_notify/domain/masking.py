"""Masked forms of channel addresses, for the API, logs and error messages.

A webhook or Apprise URL is a bearer secret: whoever has it can post to the
member's chat. The masked form keeps what helps a member recognise the
channel — the kind of service, a well-known host, the last four characters —
and nothing that would let anyone use it:

    alice@example.com                                  -> a…@example.com
    https://hooks.slack.com/services/T0/B0/abcdWXYZ    -> https://hooks.slack.com/…/WXYZ
    tgram://123456:secret/98765                        -> tgram://…/8765

Apprise URLs keep only their scheme: their "host" is often the token itself.
Short secrets show no characters at all.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from offkai_notify.domain.model import ChannelKind

ELLIPSIS = "…"
# Show the last four only when at least this many stay hidden.
_MIN_HIDDEN = 12


def _tail(secret: str) -> str:
    # A separator in the last four is shown as none: "…/tok" reads better than "…//tok".
    return secret[-4:].lstrip("/") if len(secret) - 4 >= _MIN_HIDDEN else ""


def mask_email(address: str) -> str:
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return ELLIPSIS
    return f"{local[0]}{ELLIPSIS}@{domain}"


def mask_url(url: str, *, keep_host: bool = True) -> str:
    """Scheme, host (when ``keep_host``) and the last four characters; never
    user info, port, path, query or fragment."""
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme.isascii() or not scheme.replace("+", "").isalnum():
        return ELLIPSIS
    scheme = scheme.lower()
    host = ""
    if keep_host:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            host = ""
    # What stays hidden: everything after the host, or after the scheme.
    hidden = rest[len(re.match(r"[^/?#]*", rest)[0]):] if host else rest
    tail = _tail(hidden)
    prefix = f"{scheme}://{host}/" if host else f"{scheme}://"
    return prefix + ELLIPSIS + (f"/{tail}" if tail else "")


def mask_address(kind: ChannelKind, address: str) -> str:
    if kind is ChannelKind.EMAIL:
        return mask_email(address)
    return mask_url(address, keep_host=kind is not ChannelKind.APPRISE)


def destination_host(kind: ChannelKind, address: str) -> str:
    """What rate limits and concurrency are counted by: the host a webhook
    posts to, the service an Apprise URL reaches (its scheme; its host may be
    a token), and for email the SMTP relay every message goes through."""
    if kind is ChannelKind.EMAIL:
        return "smtp"
    if kind is ChannelKind.APPRISE:
        return "apprise:" + address.partition("://")[0].lower()
    try:
        return (urlsplit(address).hostname or "").lower()
    except ValueError:
        return ""
