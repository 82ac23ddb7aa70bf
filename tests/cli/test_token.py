"""``offkai token --ttl``: development tokens with a chosen lifetime, so expiry can be
tried against a service."""

from __future__ import annotations

import argparse

import jwt
import pytest

from offkai_cli.__main__ import main
from offkai_cli.durations import parse_duration
from offkai_cli.stack import DEV_AUDIENCE, DEV_ISSUER, LocalStack
from offkai_kit.auth import TokenVerifier
from offkai_kit.errors import Unauthenticated
from offkai_kit.testing.polling import eventually


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("15m", 900), ("2h", 7200), ("7d", 604800),
                                                ("90", 90), ("1.5h", 5400), (" 2H ", 7200)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "h", "2w", "-5s", "0s", "1h30m", "soon"])
def test_what_is_not_a_duration(text):
    with pytest.raises(argparse.ArgumentTypeError):
        parse_duration(text)


def mint(tmp_path, capsys, *args: str) -> str:
    main(["--data-dir", str(tmp_path), "token", *args])
    return capsys.readouterr().out.strip()


def claims(tmp_path, token: str) -> dict:
    secret = LocalStack(tmp_path).secret
    return jwt.decode(token, secret, algorithms=["HS256"], audience=DEV_AUDIENCE, issuer=DEV_ISSUER,
                      options={"verify_exp": False})


def test_the_token_lives_as_long_as_asked(tmp_path, capsys):
    token = mint(tmp_path, capsys, "--member", "ayumi", "--roles", "member", "--ttl", "2h")
    c = claims(tmp_path, token)
    assert c["exp"] - c["iat"] == 7200
    assert (c["sub"], c["roles"]) == ("ayumi", ["member"])
    default = claims(tmp_path, mint(tmp_path, capsys))
    assert default["exp"] - default["iat"] == 12 * 3600


async def test_a_short_lived_token_expires(tmp_path, capsys):
    token = mint(tmp_path, capsys, "--ttl", "1s")
    verifier = TokenVerifier(algorithms=["HS256"], issuer=DEV_ISSUER, audience=DEV_AUDIENCE,
                             secret=LocalStack(tmp_path).secret, leeway_seconds=0, roles={"member", "organizer"})
    assert verifier.verify(token).member_id == "dev-admin"

    async def expired() -> bool:
        try:
            verifier.verify(token)
        except Unauthenticated as refused:
            return "token expired" in str(refused)
        return False

    assert await eventually(expired, timeout=10, interval=0.2, what="the token expiring")


def test_a_bad_lifetime_is_refused_with_the_usage(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(tmp_path), "token", "--ttl", "forever"])
    assert exited.value.code == 2
    assert "not a duration" in capsys.readouterr().err
