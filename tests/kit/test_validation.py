"""The kit's shared input checks: one rule for text, time zones and URLs in every service."""

from __future__ import annotations

import pytest

from offkai_kit import validation
from offkai_kit.errors import Violations


def problems(check, *args, **kwargs) -> dict[str, str]:
    v = Violations()
    check(*args, v, **kwargs)
    return {f.field: f.description for f in v}


@pytest.mark.parametrize("name", ["Asia/Tokyo", "UTC", "Europe/Paris", "America/Argentina/Buenos_Aires"])
def test_real_time_zones_pass(name):
    assert validation.is_iana_timezone(name)
    assert validation.zone(name) is not None


@pytest.mark.parametrize(
    "name", ["America", "Asia", "Etc", "Factory", "posixrules", "localtime", "A" * 300, "../etc/passwd",
             "Asia/Tokio", "", "asia/tokyo", "Asia/Tokyo\n"],
)
def test_anything_else_is_not_a_time_zone_and_never_raises(name):
    assert not validation.is_iana_timezone(name)
    assert validation.zone(name) is None
    assert "tz" in problems(validation.timezone, name, "tz")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("a\nb", "must be a single line without control characters (found U+000A)"),
        ("a\rb", "must be a single line without control characters (found U+000D)"),
        ("a\tb", "must be a single line without control characters (found U+0009)"),
        ("a\x00b", "must be a single line without control characters (found U+0000)"),
        ("a\u2028b", "must be a single line without control characters (found U+2028)"),
        ("\u202eevil", "must be a single line without control characters (found U+202E)"),
        ("x" * 11, "must be at most 10 characters"),
    ],
)
def test_single_line_text_refuses_control_characters(value, problem):
    assert problems(validation.text, value, "f", limit=10) == {"f": problem}


def test_multi_line_text_allows_line_breaks_and_tabs_only():
    assert problems(validation.text, "a\nb\tc\r\n", "f", limit=10, multi_line=True) == {}
    assert "f" in problems(validation.text, "a\x07", "f", limit=10, multi_line=True)


def test_unknown_zones_are_quoted_escaped_and_cut_short():
    assert problems(validation.timezone, "Asia/Tokio", "tz") == {"tz": "unknown IANA time zone 'Asia/Tokio'"}
    assert problems(validation.timezone, "A\nB", "tz") == {"tz": "unknown IANA time zone 'A\\nB'"}
    assert len(problems(validation.timezone, "Z" * 300, "tz")["tz"]) < 80


def test_emoji_sequences_and_japanese_are_fine():
    assert problems(validation.text, "オフ会 👩\u200d💻 東京", "f", limit=40) == {}


def test_identifiers_are_required_bounded_and_trimmed():
    assert problems(validation.identifier, "", "id") == {"id": "required"}
    assert problems(validation.identifier, " x", "id") == {"id": "must not start or end with spaces"}
    assert problems(validation.identifier, "x" * 129, "id") == {"id": "must be at most 128 characters"}
    assert problems(validation.identifier, "rust-tokyo", "id") == {}


@pytest.mark.parametrize("url", ["ftp://x", "https://", "javascript:alert(1)", "https://a b", "https://x\n/"])
def test_urls_must_be_web_urls(url):
    assert problems(validation.url, url, "u") == {"u": "must be an http or https URL"}


def test_https_only_urls():
    assert problems(validation.url, "http://example.org", "u", https_only=True) == {"u": "must be an https URL"}
    assert problems(validation.url, "https://example.org/a?b=c", "u", https_only=True) == {}


@pytest.mark.parametrize(("value", "problem"), [
    ("", "is required: a client-chosen id that makes retries safe"),
    ("r" * 129, "must be at most 128 characters"),
    ("r-1\n", "must be a single line without control characters (found U+000A)"),
    ("r\x00", "must be a single line without control characters (found U+0000)"),
])
def test_request_ids_are_required_bounded_single_lines(value, problem):
    assert problems(validation.request_id, value, "request_id") == {"request_id": problem}
    assert problems(validation.request_id, "r" * 128, "request_id") == {}


def test_search_filters_may_be_empty_but_are_bounded_single_lines():
    assert problems(validation.search_filter, "", "tag") == {}
    assert problems(validation.search_filter, "x" * 200, "tag") == {}
    assert problems(validation.search_filter, "x" * 201, "tag") == {"tag": "must be at most 200 characters"}
    assert "tag" in problems(validation.search_filter, "rust\tgo", "tag")


def test_times_protobuf_cannot_convert_are_named():
    from google.protobuf.timestamp_pb2 import Timestamp

    from offkai.notify.v1 import deliveries_pb2

    request = deliveries_pb2.ListDeadLettersRequest(failed_after=Timestamp(seconds=0, nanos=-1))
    assert problems(validation.times, request) == {"failed_after": "is not a valid timestamp (years 1 to 9999)"}
    request.failed_after.CopyFrom(Timestamp(seconds=253_402_300_800))
    assert "failed_after" in problems(validation.times, request)
    request.failed_after.CopyFrom(Timestamp(seconds=1_800_000_000))
    assert problems(validation.times, request) == {}
