"""TokenVerifier: which tokens become a Principal, and the reason each bad one is refused."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from offkai_kit.auth import TokenVerifier, generate_secret, mint_token
from offkai_kit.config import ConfigError, ServiceSettings
from offkai_kit.errors import Unauthenticated
from offkai_kit.principal import Principal

SECRET = generate_secret()
# The roles a product defines for its tokens; the kit adds admin and service.
PRODUCT_ROLES = ("member", "organizer")
ISSUER, AUDIENCE = "offkai-test", "offkai"


@pytest.fixture
def verifier() -> TokenVerifier:
    return TokenVerifier.from_settings(
        ServiceSettings(jwt_secret=SECRET, jwt_issuer=ISSUER, jwt_audience=AUDIENCE, jwt_leeway_seconds=5),
        roles=PRODUCT_ROLES,
    )


def token(*, secret: str = SECRET, **changes) -> str:
    """A member token for m-1, its claims then overridden by ``changes`` (None drops one)."""
    claims = jwt.decode(
        mint_token(secret, "m-1", ["member"], issuer=ISSUER, audience=AUDIENCE),
        options={"verify_signature": False},
    )
    claims.update(changes)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, secret, algorithm="HS256")


def refusal(verifier: TokenVerifier, bearer: str) -> str:
    with pytest.raises(Unauthenticated) as caught:
        verifier.verify(bearer)
    assert bearer not in str(caught.value)
    return caught.value.message


def test_a_valid_token_names_the_member_and_roles(verifier):
    principal = verifier.verify(token(roles=["member", "organizer"]))
    assert principal == Principal("m-1", frozenset({"member", "organizer"}))


def test_a_token_without_roles_has_none(verifier):
    assert verifier.verify(token(roles=None)).roles == frozenset()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"exp": int(time.time()) - 60}, "token expired"),
        ({"aud": "someone-else"}, "wrong audience"),
        ({"iss": "evil"}, "wrong issuer"),
        # A day ahead: the table is built at collection, long before this case runs.
            ({"nbf": int(time.time()) + 86_400}, "token not valid yet"),
        ({"exp": None}, "token has no exp claim"),
        ({"sub": None}, "token has no sub claim"),
        ({"sub": "  "}, "sub must name a member"),
        ({"roles": ["member", "superuser"]}, "unknown role 'superuser'"),
        ({"roles": "admin"}, "roles must be a list of strings"),
    ],
)
def test_bad_claims_are_refused_with_the_reason(verifier, changes, reason):
    assert refusal(verifier, token(**changes)) == reason


def test_expiry_allows_the_configured_leeway(verifier):
    assert verifier.verify(token(exp=int(time.time()) - 2)).member_id == "m-1"


def test_a_token_signed_with_another_secret_is_refused(verifier):
    assert refusal(verifier, token(secret=generate_secret())) == "bad signature"


def test_garbage_is_a_malformed_token(verifier):
    assert refusal(verifier, "not.a.jwt") == "malformed token"


def test_unsigned_tokens_are_refused(verifier):
    unsigned = jwt.encode({"sub": "m-1", "iss": ISSUER, "aud": AUDIENCE}, None, algorithm="none")
    assert refusal(verifier, unsigned) == "algorithm not allowed"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "this call needs an 'authorization: Bearer <token>' header"),
        ("Basic dXNlcjpwdw==", "authorization header must be 'Bearer <token>'"),
        ("Bearer ", "authorization header must be 'Bearer <token>'"),
    ],
)
def test_the_authorization_header_must_carry_a_bearer_token(verifier, header, reason):
    with pytest.raises(Unauthenticated, match=reason):
        verifier.verify_authorization(header)


def test_the_bearer_scheme_is_case_insensitive(verifier):
    assert verifier.verify_authorization(f"bearer {token()}").member_id == "m-1"


def _keypair(kind: str) -> tuple[str, str]:
    private = {
        "RS256": lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "ES256": lambda: ec.generate_private_key(ec.SECP256R1()),
        "EdDSA": ed25519.Ed25519PrivateKey.generate,
    }[kind]()
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_pem.decode(), public_pem.decode()


@pytest.mark.parametrize("algorithm", ["RS256", "ES256", "EdDSA"])
@pytest.mark.parametrize("as_file", [False, True], ids=["inline-pem", "pem-file"])
def test_asymmetric_tokens_verify_with_the_public_key(tmp_path, algorithm, as_file):
    private_pem, public_pem = _keypair(algorithm)
    public_key = public_pem
    if as_file:
        (tmp_path / "jwt.pub").write_text(public_pem)
        public_key = str(tmp_path / "jwt.pub")
    verifier = TokenVerifier.from_settings(
        ServiceSettings(
            jwt_algorithms=[algorithm],
            jwt_public_key=public_key,
            jwt_issuer=ISSUER,
            jwt_audience=AUDIENCE,
        )
    )
    signed = mint_token(private_pem, "svc-notify", ["service"], issuer=ISSUER, audience=AUDIENCE, algorithm=algorithm)
    assert verifier.verify(signed) == Principal("svc-notify", frozenset({"service"}))
    # An HS256 token, even signed with the public key as "secret", is not accepted.
    assert refusal(verifier, token()) == "algorithm not allowed"


def test_hs_algorithms_need_a_secret():
    with pytest.raises(ConfigError, match="OFFKAI_JWT_SECRET is required"):
        TokenVerifier.from_settings(ServiceSettings(jwt_secret=None))


def test_an_unreadable_public_key_stops_start_up(tmp_path):
    settings = ServiceSettings(jwt_algorithms=["RS256"], jwt_public_key=str(tmp_path / "missing.pem"))
    with pytest.raises(ConfigError, match="OFFKAI_JWT_PUBLIC_KEY: cannot read"):
        TokenVerifier.from_settings(settings)


def test_generated_secrets_are_long_and_fresh():
    assert len(generate_secret()) == 64
    assert generate_secret() != generate_secret()
