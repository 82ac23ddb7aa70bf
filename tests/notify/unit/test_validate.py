"""Validation of addresses per channel kind, time zones and single-line text."""

from __future__ import annotations

import pytest

from offkai_kit import validation
from offkai_kit.errors import Violations
from offkai_kit.validation import is_iana_timezone
from offkai_notify.domain.model import ChannelKind
from offkai_notify.domain.validate import check_address, parse_clock
from tests.notify.unit.builders import DISCORD, SLACK


def problems(kind: ChannelKind, address: str, *, local: bool = False) -> list[str]:
    v = Violations()
    check_address(kind, address, v, local_destinations_allowed=local)
    return [f.description for f in v]


@pytest.mark.parametrize("name, ok", [
    ("Asia/Tokyo", True),
    ("UTC", True),
    ("America/Argentina/Buenos_Aires", True),
    ("America", False),
    ("Asia", False),
    ("Etc", False),
    ("posixrules", False),
    ("Factory", False),
    ("localtime", False),
    ("A" * 300, False),
    ("Asia/Tokyo" + "/.." * 90, False),
    ("../../etc/passwd", False),
    ("asia/tokyo", False),
    ("", False),
    ("Asia/Tokyo\x00", False),
])
def test_only_real_iana_zones_are_time_zones(name, ok):
    assert is_iana_timezone(name) is ok


def test_every_accepted_zone_loads():
    from zoneinfo import ZoneInfo, available_timezones

    for name in available_timezones():
        if is_iana_timezone(name):
            ZoneInfo(name)


@pytest.mark.parametrize("address", ["ayumi@example.com", "a.b+tag@sub.example.co.jp", "名前@example.jp"])
def test_good_email_addresses(address):
    assert problems(ChannelKind.EMAIL, address) == []


@pytest.mark.parametrize("address", ["ayumi", "ayumi@", "@example.com", "a@b@example.com", "ayumi@localhost",
                                     "a b@example.com", "ayumi@example.com\r\nBcc: x@evil.com",
                                     "x" * 250 + "@example.com"])
def test_bad_email_addresses(address):
    assert problems(ChannelKind.EMAIL, address)


@pytest.mark.parametrize("address, ok", [
    (SLACK, True),
    ("http://hooks.slack.com/services/T0/B0/abc", False),
    ("https://hooks.slack.com.evil.com/services/T0/B0/abc", False),
    ("https://hooks.slack.com/services/T0/B0", False),
    ("https://hooks.slack.com/workflows/T0/B0/abc", False),
    ("https://example.com/services/T0/B0/abc", False),
])
def test_slack_webhooks(address, ok):
    assert (problems(ChannelKind.SLACK, address) == []) is ok


@pytest.mark.parametrize("address, ok", [
    (DISCORD, True),
    ("https://discordapp.com/api/webhooks/123456789012345678/token_-x", True),
    ("https://discord.com/api/webhooks/abc/token", False),
    ("https://discord.com.evil.net/api/webhooks/123456789012345678/token", False),
    ("http://discord.com/api/webhooks/123456789012345678/token", False),
    ("https://evil.com/api/webhooks/123456789012345678/token", False),
])
def test_discord_webhooks(address, ok):
    assert (problems(ChannelKind.DISCORD, address) == []) is ok


@pytest.mark.parametrize("address, ok", [
    ("https://hooks.example.org/offkai?token=x", True),
    ("https://hooks.example.org:8443/in", True),
    ("http://hooks.example.org/in", False),
    ("ftp://hooks.example.org/in", False),
    ("https:///in", False),
    ("https://user:pw@hooks.example.org/in", False),
    ("https://127.0.0.1/in", False),
    ("https://10.1.2.3/in", False),
    ("https://169.254.169.254/latest/meta-data", False),
    ("https://[::1]/in", False),
    ("https://localhost/in", False),
    ("https://metadata.google.internal/x", False),
    ("https://hooks.example.org:99999/in", False),
])
def test_generic_webhooks_are_https_to_public_hosts(address, ok):
    assert (problems(ChannelKind.WEBHOOK, address) == []) is ok


def test_the_local_stack_may_post_to_its_own_receiver():
    assert problems(ChannelKind.WEBHOOK, "http://127.0.0.1:8081/hook", local=True) == []
    assert problems(ChannelKind.WEBHOOK, "http://hooks.example.org/in", local=True)


@pytest.mark.parametrize("address, ok", [
    ("tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/987654321", True),
    ("line://channel-access-token/U0123456789abcdef", True),
    ("matrixs://user:password@matrix.example.org/!room:example.org", True),
    ("matrixs://user:password@10.0.0.5/!room:example.org", False),
    ("tgram://", False),
    ("json://example.org/hook", False),
    ("windows://", False),
    ("mailto://user:pass@gmail.com", False),
    ("slack://T0/B0/abc", False),
    ("not-a-url", False),
])
def test_apprise_urls_of_chat_services_that_apprise_accepts(address, ok):
    assert (problems(ChannelKind.APPRISE, address) == []) is ok


def test_urls_have_a_documented_maximum():
    assert "at most 2048" in problems(ChannelKind.WEBHOOK, "https://example.org/" + "a" * 2100)[0]


@pytest.mark.parametrize("value, ok", [
    ("Work Slack", True),
    ("仕事用", True),
    ("tab\there", False),
    ("line\nbreak", False),
    ("bell\x07", False),
    ("rtl\u202eexe.gpj", False),
    ("x" * 81, False),
])
def test_single_line_fields_refuse_control_characters(value, ok):
    v = Violations()
    validation.text(value, "label", v, limit=80)
    assert (not v) is ok


def test_multiline_fields_keep_line_breaks_but_not_other_controls():
    v = Violations()
    validation.text("first line\n\tsecond", "body", v, limit=100, multi_line=True)
    assert not v
    validation.text("escape \x1b[31m", "body", v, limit=100, multi_line=True)
    assert [f.field for f in v] == ["body"]


@pytest.mark.parametrize("value, ok", [("00:00", True), ("23:59", True), ("24:00", False), ("7:00", False),
                                       ("07:60", False), ("0700", False), ("07:00 ", False)])
def test_clock_times(value, ok):
    assert (parse_clock(value) is not None) is ok
