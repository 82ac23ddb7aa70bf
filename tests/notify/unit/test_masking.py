"""Masked channel addresses: recognisable, never usable."""

from __future__ import annotations

import pytest

from offkai_notify.domain.masking import destination_host, mask_address, mask_url
from offkai_notify.domain.model import ChannelKind
from tests.notify.unit.builders import DISCORD, SLACK, WEBHOOK

TELEGRAM = "tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/987654321"


@pytest.mark.parametrize("kind, address, masked", [
    (ChannelKind.EMAIL, "ayumi@example.com", "a…@example.com"),
    (ChannelKind.SLACK, SLACK, "https://hooks.slack.com/…/uvwx"),
    (ChannelKind.DISCORD, DISCORD, "https://discord.com/…/6789"),
    (ChannelKind.WEBHOOK, WEBHOOK, "https://hooks.example.org/…/alue"),
    (ChannelKind.APPRISE, TELEGRAM, "tgram://…/4321"),
])
def test_masked_forms(kind, address, masked):
    assert mask_address(kind, address) == masked


@pytest.mark.parametrize("kind, address, secrets", [
    (ChannelKind.SLACK, SLACK, ["T0123ABCD", "B0456EFGH", "abcdefghijklmnop"]),
    (ChannelKind.DISCORD, DISCORD, ["123456789012345678", "AbCdEf-ghIJ"]),
    (ChannelKind.WEBHOOK, "https://user:hunter2@hooks.example.org:8443/p/secret-path?token=abc#frag",
     ["hunter2", "user", "8443", "secret-path", "token"]),
    (ChannelKind.APPRISE, TELEGRAM, ["123456789", "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"]),
    (ChannelKind.APPRISE, "matrixs://bot:password@matrix.example.org/!room", ["bot", "password", "matrix.example.org"]),
    (ChannelKind.EMAIL, "ayumi.tanaka@example.com", ["ayumi.tanaka", "yumi"]),
])
def test_nothing_secret_survives(kind, address, secrets):
    masked = mask_address(kind, address)
    for secret in secrets:
        assert secret not in masked


def test_short_secrets_show_no_characters():
    assert mask_url("https://example.org/abc") == "https://example.org/…"


@pytest.mark.parametrize("garbage", ["", "no scheme here", "://x", "ht tp://x/y", "https://[broken/zzzzzzzzzzzzzzzzzz"])
def test_garbage_masks_to_something_harmless(garbage):
    masked = mask_url(garbage)
    assert "zzzzzzzzzzzzzzzzzz" not in masked and "broken" not in masked


def test_destination_hosts_group_what_is_rate_limited_together():
    assert destination_host(ChannelKind.SLACK, SLACK) == "hooks.slack.com"
    assert destination_host(ChannelKind.WEBHOOK, "https://Hooks.Example.org:8443/x") == "hooks.example.org"
    assert destination_host(ChannelKind.APPRISE, TELEGRAM) == "apprise:tgram"
    assert destination_host(ChannelKind.EMAIL, "a@example.com") == "smtp"
