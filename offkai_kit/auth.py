"""Caller identity: turns a bearer JWT into a ``Principal``, and mints tokens for the
local stack and the tests.

A token is accepted only when its signature, issuer, audience and expiry check out and
its claims name a member (``sub``) and known roles (``roles``). Every rejection is an
``Unauthenticated`` with a short reason a caller can act on; the token itself never
appears in an error or a log line.
"""

from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from jwt.exceptions import InvalidSubjectError

from offkai_kit.config import ENV_PREFIX, ConfigError, ServiceSettings
from offkai_kit.errors import Unauthenticated
from offkai_kit.principal import PLATFORM_ROLES, Principal

BEARER = "bearer"

# The most specific PyJWT error wins, so subclasses come before their bases
# (InvalidSignatureError is a DecodeError).
_REASONS: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
    (jwt.ExpiredSignatureError, "token expired"),
    (jwt.ImmatureSignatureError, "token not valid yet"),
    (jwt.InvalidAudienceError, "wrong audience"),
    (jwt.InvalidIssuerError, "wrong issuer"),
    (jwt.InvalidSignatureError, "bad signature"),
    (jwt.InvalidAlgorithmError, "algorithm not allowed"),
    (InvalidSubjectError, "sub must be a string"),
    (jwt.InvalidIssuedAtError, "iat must be a number"),
    (jwt.DecodeError, "malformed token"),
)


class TokenVerifier:
    """Verifies bearer JWTs against one issuer and audience.

    HS* tokens are checked with the shared secret, RS256/ES256/EdDSA ones with the
    public key; which one applies is read from the token header and must be among
    the allowed algorithms, so a token cannot pick its own weaker check.
    """

    def __init__(
        self,
        *,
        algorithms: Iterable[str],
        issuer: str,
        audience: str,
        secret: str | None = None,
        public_key: Any = None,
        leeway_seconds: float = 30,
        roles: Iterable[str] = (),
    ) -> None:
        self._algorithms = tuple(algorithms)
        self._issuer = issuer
        self._audience = audience
        self._secret = secret
        self._public_key = public_key
        self._leeway = leeway_seconds
        # Roles a token may carry: the kit's platform roles and the product's.
        self._known_roles = PLATFORM_ROLES | frozenset(roles)

    @classmethod
    def from_settings(cls, settings: ServiceSettings, roles: Iterable[str] = ()) -> TokenVerifier:
        """Build from ``OFFKAI_JWT_*``; a missing or unreadable key stops start-up.
        ``roles`` are the product roles tokens may carry besides admin and service."""
        algorithms = tuple(settings.jwt_algorithms)
        secret = settings.jwt_secret.get_secret_value() if settings.jwt_secret else None
        if any(a.startswith("HS") for a in algorithms) and not secret:
            raise ConfigError(
                f"offkai: {ENV_PREFIX}JWT_SECRET is required when {ENV_PREFIX}JWT_ALGORITHMS "
                "names an HS* algorithm"
            )
        public_key = _load_public_key(settings.jwt_public_key) if settings.jwt_public_key else None
        return cls(
            algorithms=algorithms,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            secret=secret,
            public_key=public_key,
            leeway_seconds=settings.jwt_leeway_seconds,
            roles=roles,
        )

    def verify_authorization(self, header: str | None) -> Principal:
        """Verify an ``authorization`` header value of the form ``Bearer <jwt>``."""
        if not header:
            raise Unauthenticated("this call needs an 'authorization: Bearer <token>' header")
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != BEARER or not token.strip():
            raise Unauthenticated("authorization header must be 'Bearer <token>'")
        return self.verify(token.strip())

    def verify(self, token: str) -> Principal:
        """The principal the token names; ``Unauthenticated`` when it is not valid."""
        try:
            algorithm = jwt.get_unverified_header(token).get("alg")
            if algorithm not in self._algorithms:
                raise Unauthenticated("algorithm not allowed")
            claims = jwt.decode(
                token,
                self._key_for(algorithm),
                algorithms=[algorithm],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.MissingRequiredClaimError as exc:
            raise Unauthenticated(f"token has no {exc.claim} claim") from None
        except jwt.PyJWTError as exc:
            raise Unauthenticated(_reason(exc)) from None
        return _principal(claims, self._known_roles)

    def _key_for(self, algorithm: str) -> Any:
        key = self._secret if algorithm.startswith("HS") else self._public_key
        if key is None:
            # Settings validation normally prevents this; fail closed regardless.
            raise Unauthenticated("algorithm not allowed")
        return key


def mint_token(
    secret: str,
    member_id: str,
    roles: Iterable[str],
    *,
    issuer: str,
    audience: str,
    ttl_seconds: float = 12 * 3600,
    algorithm: str = "HS256",
) -> str:
    """A signed token for ``member_id`` with ``roles``, for the local stack and tests.

    ``secret`` is the shared secret for HS*, or a PEM private key for the others.
    """
    now = int(time.time())
    claims = {
        "sub": member_id,
        "roles": sorted({str(r) for r in roles}),
        "iss": issuer,
        "aud": audience,
        "iat": now,
        "exp": now + int(ttl_seconds),
        "jti": str(uuid.uuid4()),
    }
    return jwt.encode(claims, secret, algorithm=algorithm)


def generate_secret() -> str:
    """A fresh random HS* secret (64 URL-safe characters, 384 bits)."""
    return secrets.token_urlsafe(48)


def _reason(exc: jwt.PyJWTError) -> str:
    for kind, reason in _REASONS:
        if isinstance(exc, kind):
            return reason
    return "invalid token"


def _principal(claims: dict[str, Any], known_roles: frozenset[str]) -> Principal:
    member_id = claims["sub"]
    if not isinstance(member_id, str) or not member_id.strip():
        raise Unauthenticated("sub must name a member")
    roles = claims.get("roles", [])
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise Unauthenticated("roles must be a list of strings")
    unknown = sorted(set(roles) - known_roles)
    if unknown:
        raise Unauthenticated(f"unknown role {unknown[0]!r}")
    return Principal(member_id=member_id, roles=frozenset(roles))


def _load_public_key(value: str) -> Any:
    """A PEM public key given inline or as the path of a PEM file."""
    name = f"{ENV_PREFIX}JWT_PUBLIC_KEY"
    pem = value.strip()
    if not pem.startswith("-----BEGIN"):
        try:
            pem = Path(pem).expanduser().read_text()
        except OSError as exc:
            raise ConfigError(f"offkai: {name}: cannot read {value!r}: {exc.strerror}") from None
    try:
        return load_pem_public_key(pem.encode())
    except ValueError:
        raise ConfigError(f"offkai: {name} is not a PEM public key") from None
