"""Validation of what members send notify: addresses per channel kind, time
zones, clock times, single-line text. Each check adds to a ``Violations``
collector so one INVALID_ARGUMENT names every bad field.

Channel addresses are destinations notify will connect to on the member's
behalf, so besides being well formed they must not point into the cluster:
generic webhooks and self-hosted Apprise services need https and a public
host (no IP literal in a private, loopback or link-local range, no
"localhost"). The local stack relaxes that with ``local_destinations_allowed``
so its own webhook receiver can be used. Names that resolve to private
addresses can only be caught when connecting, not here.

Limits: email addresses 254 characters, URLs 2048, labels 80. Text, time
zones and control characters follow the kit's rules (``offkai_kit.validation``).
"""

from __future__ import annotations

import ipaddress
import re
from datetime import time
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from offkai_kit import validation
from offkai_kit.errors import Violations
from offkai_notify.domain.model import ChannelKind

MAX_EMAIL = 254
MAX_URL = 2048
MAX_LABEL = 80

SLACK_WEBHOOK = re.compile(r"https://hooks\.slack\.com/services/[A-Za-z0-9]+/[A-Za-z0-9]+/[A-Za-z0-9]+")
DISCORD_WEBHOOK = re.compile(r"https://(?:discord\.com|discordapp\.com)/api/webhooks/[0-9]{5,30}/[A-Za-z0-9_-]+")
CLOCK = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")

# Apprise reaches ~180 services; members may use the chat services among
# them. Not desktop or server-local notifiers (they would fire on notify's
# own machine), not generic HTTP (json://, form://: use the webhook kind), not
# public social posting (Mastodon, Bluesky), not email (use the email kind),
# and Slack and Discord have kinds of their own.
APPRISE_FIXED_HOST = frozenset({
    "line", "tgram", "workflow", "workflows", "gchat", "wxteams", "webex",
    "kakao", "kakaotalk", "lark", "feishu", "viber", "threema", "pover", "revolt",
})
# These name the member's own server: it must be a public https host.
APPRISE_SELF_HOSTED = frozenset({"matrixs", "mmosts", "rockets", "ntfys", "gotifys"})
APPRISE_SCHEMES = APPRISE_FIXED_HOST | APPRISE_SELF_HOSTED

def parse_clock(value: str) -> time | None:
    """"HH:MM" (24-hour) as a time, or None."""
    match = CLOCK.fullmatch(value)
    return time(int(match[1]), int(match[2])) if match else None


def is_public_host(host: str) -> bool:
    host = host.rstrip(".").lower()
    if not host or host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return False
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return "." in host
    return address.is_global


def normalize_address(kind: ChannelKind, address: str) -> str:
    """The form notify stores and compares: emails with their domain
    lowercased (as email-validator normalises them), URLs as given, trimmed."""
    address = address.strip()
    if kind is ChannelKind.EMAIL:
        try:
            return validate_email(address, check_deliverability=False).normalized
        except EmailNotValidError:
            return address
    return address


def check_address(
    kind: ChannelKind, address: str, v: Violations, field: str = "address", *, local_destinations_allowed: bool = False
) -> None:
    address = address.strip()
    if not v.check(bool(address), field, "required"):
        return
    limit = MAX_EMAIL if kind is ChannelKind.EMAIL else MAX_URL
    if len(address) > limit:
        v.add(field, f"must be at most {limit} characters")
        return
    if validation.control_character(address) is not None or any(ch.isspace() for ch in address):
        v.add(field, "must not contain spaces or control characters")
        return
    match kind:
        case ChannelKind.EMAIL:
            _check_email(address, field, v)
        case ChannelKind.SLACK:
            v.check(bool(SLACK_WEBHOOK.fullmatch(address)), field,
                    "must be a Slack incoming webhook URL (https://hooks.slack.com/services/…)")
        case ChannelKind.DISCORD:
            v.check(bool(DISCORD_WEBHOOK.fullmatch(address)), field,
                    "must be a Discord webhook URL (https://discord.com/api/webhooks/…)")
        case ChannelKind.WEBHOOK:
            _check_webhook(address, field, v, local_destinations_allowed)
        case ChannelKind.APPRISE:
            _check_apprise(address, field, v, local_destinations_allowed)


def _check_email(address: str, field: str, v: Violations) -> None:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as e:
        v.add(field, f"not an email address: {e}")


def _check_webhook(address: str, field: str, v: Violations, local_allowed: bool) -> None:
    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        v.add(field, "not a URL")
        return
    local = local_allowed and parts.scheme == "http" and not is_public_host(parts.hostname or "")
    if not v.check(parts.scheme == "https" or local, field, "must be an https URL"):
        return
    if not v.check(bool(parts.hostname), field, "must name a host"):
        return
    if not v.check(parts.username is None and parts.password is None, field,
                   "must not carry a user name or password"):
        return
    v.check(local_allowed or is_public_host(parts.hostname or ""), field, "must be a public host")


def _check_apprise(address: str, field: str, v: Violations, local_allowed: bool) -> None:
    scheme, sep, _ = address.partition("://")
    scheme = scheme.lower()
    if not v.check(bool(sep) and scheme in APPRISE_SCHEMES, field,
                   "must be an Apprise URL of a supported chat service (" + ", ".join(sorted(APPRISE_SCHEMES)) + ")"):
        return
    if scheme in APPRISE_SELF_HOSTED:
        try:
            host = urlsplit(address).hostname or ""
        except ValueError:
            host = ""
        if not v.check(local_allowed or is_public_host(host), field, "must name a public host"):
            return
    v.check(_apprise_accepts(address), field, "Apprise does not accept this URL")


def _apprise_accepts(url: str) -> bool:
    # Imported here: Apprise loads its ~180 plugins on first use, which only
    # registering an Apprise channel needs.
    import apprise

    return bool(apprise.Apprise().add(url))
