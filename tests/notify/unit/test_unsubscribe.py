"""Unsubscribe tokens: they round-trip, and refuse tampering, foreign keys,
expiry and garbage."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from offkai_notify.domain.model import Category
from offkai_notify.unsubscribe import (
    UnsubscribeTokenError,
    make_token,
    read_token,
    unsubscribe_url,
)

NOW = datetime(2027, 1, 10, 3, 0, tzinfo=UTC)
KEY = b"k" * 32
OLD_KEY = b"o" * 32


def token(**overrides) -> str:
    args = dict(keys=[KEY], member_id="ayumi", channel_id="ch-email", category=Category.ANNOUNCEMENTS, now=NOW)
    return make_token(**{**args, **overrides})


def test_a_token_round_trips():
    grant = read_token(token(), [KEY], NOW + timedelta(days=30))
    assert (grant.member_id, grant.channel_id, grant.category) == ("ayumi", "ch-email", Category.ANNOUNCEMENTS)
    assert grant.expires_at == NOW + timedelta(days=365)


def test_rotated_keys_still_verify_old_tokens():
    old = token(keys=[OLD_KEY])
    assert read_token(old, [KEY, OLD_KEY], NOW).member_id == "ayumi"
    with pytest.raises(UnsubscribeTokenError, match="signature"):
        read_token(old, [KEY], NOW)


def test_an_expired_token_is_refused():
    with pytest.raises(UnsubscribeTokenError, match="expired"):
        read_token(token(ttl=timedelta(days=1)), [KEY], NOW + timedelta(days=1))


def _tamper_payload(tok: str, **changes) -> str:
    version, payload, signature = tok.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data.update(changes)
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{version}.{forged}.{signature}"


@pytest.mark.parametrize("changes", [{"m": "ben"}, {"k": "digest"}, {"e": 9_999_999_999}, {"c": "ch-other"}])
def test_a_tampered_payload_is_refused(changes):
    with pytest.raises(UnsubscribeTokenError, match="signature"):
        read_token(_tamper_payload(token(), **changes), [KEY], NOW)


def test_a_flipped_signature_character_is_refused():
    tok = token()
    flipped = tok[:-2] + ("A" if tok[-2] != "A" else "B") + tok[-1]
    with pytest.raises(UnsubscribeTokenError):
        read_token(flipped, [KEY], NOW)


@pytest.mark.parametrize("garbage", ["", "v1", "v1.a", "v2.a.b", "v1.!!!.???", "x" * 5000, "v1.é.b", "a.b.c.d"])
def test_garbage_is_malformed_and_the_message_does_not_echo_it(garbage):
    with pytest.raises(UnsubscribeTokenError) as err:
        read_token(garbage, [KEY], NOW)
    assert garbage not in str(err.value) or not garbage


def test_the_link_carries_the_token_as_a_parameter():
    tok = token()
    url = unsubscribe_url("https://offkai.example/unsubscribe", tok)
    assert parse_qs(urlsplit(url).query)["token"] == [tok]
    assert unsubscribe_url("https://offkai.example/u?lang=ja", tok).startswith("https://offkai.example/u?lang=ja&token=")


def test_an_invitation_opt_out_token_names_a_hash_of_the_address_and_never_the_address():
    from offkai_notify.domain.invitation_addresses import address_hash
    from offkai_notify.unsubscribe import InvitationOptOut, make_opt_out_token

    hashed = address_hash("Friend.Of.Ayu@Example.ORG")
    assert hashed == address_hash("  friend.of.ayu@example.org ") == address_hash("FRIEND.of.ayu@example.org")
    assert hashed != address_hash("friend.of.aki@example.org")
    opt_out = make_opt_out_token([KEY], hashed, NOW)
    payload = base64.urlsafe_b64decode(opt_out.split(".")[1] + "==").decode()
    assert "example" not in payload.lower() and "friend" not in payload.lower()
    grant = read_token(opt_out, [KEY], NOW + timedelta(days=30))
    assert grant == InvitationOptOut(hashed, NOW + timedelta(days=365))
    with pytest.raises(UnsubscribeTokenError, match="signature"):
        read_token(opt_out, [OLD_KEY], NOW)
    with pytest.raises(UnsubscribeTokenError, match="malformed"):
        read_token(make_opt_out_token([KEY], "not-a-hash", NOW), [KEY], NOW)
