"""What handlers make before deciding: who the request is about, and the
random or secret values the pure domain must be handed (channel ids,
verification codes and their keyed hashes, webhook signing secrets) — made
once per request, outside the runner's retry loop."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid

from offkai_kit import validation
from offkai_kit.errors import Violations
from offkai_kit.principal import Principal
from offkai_notify.domain.channels import CODE_DIGITS


def member_of(requested: str, actor: Principal) -> str:
    """The member a request is about: the caller unless it names another
    (which the domain allows only to admins and services)."""
    v = Violations()
    validation.identifier(requested, "member_id", v, required=False)
    v.raise_if_any()
    return requested or actor.member_id


def require_ids(**ids: str) -> None:
    """Each named id is present, at most MAX_ID characters, one line."""
    v = Violations()
    for field, value in ids.items():
        validation.identifier(value, field, v)
    v.raise_if_any()


def new_channel_id() -> str:
    return f"ch-{uuid.uuid4().hex[:16]}"


def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def new_signing_secret() -> str:
    return secrets.token_urlsafe(32)


def code_hash(key: bytes, channel_id: str, code: str) -> str:
    """The keyed hash the domain keeps of a verification code, bound to its channel."""
    return hmac.new(key, f"{channel_id}:{code.strip()}".encode(), hashlib.sha256).hexdigest()
