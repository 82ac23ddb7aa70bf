"""Field rules: time zones looked up safely, single- and multi-line text,
tags normalised, ids, email addresses."""

from __future__ import annotations

import pytest

from offkai_kit.errors import InvalidArgument, Violations
from offkai_members.domain import validate
from offkai_members.domain.validate import is_iana_timezone


@pytest.mark.parametrize("name", ["Asia/Tokyo", "UTC", "America/Argentina/Buenos_Aires", "Europe/London"])
def test_real_time_zones_are_accepted(name):
    assert is_iana_timezone(name)


@pytest.mark.parametrize(
    "name",
    [
        "America",  # a directory: ZoneInfo() raises IsADirectoryError
        "Asia",
        "Etc",
        "A" * 300,  # ZoneInfo() raises OSError (name too long)
        "Asia/" + "x" * 300,
        "posixrules",
        "Factory",
        "localtime",
        "../etc/passwd",
        "/etc/passwd",
        "Asia/Tokyo\x00",
        "asia/tokyo",
        "",
        "posix/Asia/Tokyo",
        "right/UTC",
    ],
)
def test_anything_else_is_refused_without_raising(name):
    assert is_iana_timezone(name) is False


def test_non_strings_are_not_time_zones():
    assert is_iana_timezone(None) is False
    assert is_iana_timezone(42) is False


def test_timezone_violations_name_the_field():
    v = Violations()
    validate.check_timezone("America", "profile.timezone", v)
    validate.check_timezone("", "timezone", v)
    with pytest.raises(InvalidArgument) as raised:
        v.raise_if_any()
    assert {x.field: x.description for x in raised.value.violations} == {
        "profile.timezone": "unknown IANA time zone 'America'",
        "timezone": "required: an IANA time zone such as 'Asia/Tokyo'",
    }


def test_a_very_long_unknown_zone_is_shown_cut_short():
    v = Violations()
    validate.check_timezone("Z" * 300, "timezone", v)
    (violation,) = v
    assert len(violation.description) < 80


@pytest.mark.parametrize(
    "text",
    [
        "Ayumi\nKato",
        "Ayumi\tKato",
        "Ayumi\x00",
        "Ayumi\x1b[31m",
        "Ayumi\u2028Kato",  # line separator
        "Ayumi\u202eotaK",  # right-to-left override
        "Ayu\u0085mi",  # next line (C1 control)
    ],
)
def test_single_line_fields_refuse_control_characters(text):
    v = Violations()
    validate.check_single_line(text, "display_name", v, limit=80)
    (violation,) = v
    assert violation.field == "display_name"
    assert "control characters" in violation.description


def test_single_line_fields_keep_emoji_sequences_and_japanese():
    v = Violations()
    # The family emoji joins its parts with U+200D (a format character, allowed).
    assert validate.check_single_line("  加藤 あゆみ 👨‍👩‍👧 ", "display_name", v, limit=80) == "加藤 あゆみ 👨‍👩‍👧"
    assert not v


def test_lengths_count_characters_after_trimming():
    v = Violations()
    assert validate.check_single_line("  " + "あ" * 80 + "  ", "display_name", v, limit=80) == "あ" * 80
    validate.check_single_line("あ" * 81, "display_name", v, limit=80)
    validate.check_single_line("   ", "display_name", v, limit=80, required=True)
    assert [(x.field, x.description) for x in v] == [
        ("display_name", "must be at most 80 characters"),
        ("display_name", "must not be empty"),
    ]


def test_multi_line_fields_allow_line_breaks_and_tabs_only():
    v = Violations()
    assert validate.check_multi_line("line one\r\nline two\n\tindented\n", "note", v, limit=100) == (
        "line one\nline two\n\tindented"
    )
    assert not v
    validate.check_multi_line("bell\x07", "note", v, limit=100)
    validate.check_multi_line("x" * 10_000, "self_introduction.hobbies", v, limit=1000)
    assert [x.field for x in v] == ["note", "self_introduction.hobbies"]


def test_tags_are_normalised_deduplicated_and_bounded():
    v = Violations()
    tags = validate.check_tags(
        ["  Rust ", "ＲＵＳＴ", "rust", "Hokkaido   Bloggers", "", "   ", "Straße", "STRASSE"],
        "interests",
        v,
        max_count=20,
    )
    assert tags == ("rust", "hokkaido bloggers", "strasse")
    assert not v


def test_tag_violations_point_at_the_tag():
    v = Violations()
    validate.check_tags(["ok", "x" * 33, "bad\ntag"], "interests", v, max_count=20)
    assert {x.field for x in v} == {"interests[1]", "interests[2]"}


def test_too_many_different_tags_are_refused_after_deduplication():
    v = Violations()
    validate.check_tags([f"tag {i}" for i in range(20)] + ["TAG 1", "tag 0"], "interests", v, max_count=20)
    assert not v
    validate.check_tags([f"tag {i}" for i in range(21)], "interests", v, max_count=20)
    assert [(x.field, x.description) for x in v] == [("interests", "at most 20 different tags")]


@pytest.mark.parametrize("member_id", ["ayumi", "auth0|5f7c8ec7", "google-oauth2|1045", "a.b_c:d+e-f", "M" * 64])
def test_member_ids(member_id):
    v = Violations()
    validate.check_member_id(member_id, "member_id", v)
    assert not v


@pytest.mark.parametrize(
    "member_id", ["", "a~b", "-ayumi", "ayu mi", "ayumi/kato", "ayumi@example.com", "M" * 65, "あゆみ"]
)
def test_bad_member_ids(member_id):
    v = Violations()
    validate.check_member_id(member_id, "member_id", v)
    assert [x.field for x in v] == ["member_id"]


def test_email_addresses_are_normalised_and_checked_without_dns():
    v = Violations()
    assert validate.check_email(" Kenji.Sato@Example.COM ", "invitee_email", v) == "Kenji.Sato@example.com"
    assert not v
    for bad in [
        "kenji",
        "kenji@",
        "kenji@localhost",
        "ken ji@example.com",
        "kenji@exam\nple.com",
        "a" * 250 + "@example.com",
    ]:
        v = Violations()
        validate.check_email(bad, "invitee_email", v)
        assert [x.field for x in v] == ["invitee_email"], bad


def test_a_tag_list_longer_than_the_maximum_as_sent_is_refused():
    v = Violations()
    assert validate.check_tags(["rust"] * validate.MAX_TAG_ITEMS, "interests", v, max_count=20) == ("rust",)
    assert not v
    validate.check_tags(["rust"] * (validate.MAX_TAG_ITEMS + 1), "interests", v, max_count=20)
    assert [violation.field for violation in v] == ["interests"]


def test_a_status_filter_longer_than_the_maximum_is_refused():
    from offkai_members.entrypoints import requests

    known = {1: "pending"}
    assert requests.statuses([1] * requests.MAX_STATUSES, known) == frozenset({"pending"})
    with pytest.raises(InvalidArgument) as raised:
        requests.statuses([1] * (requests.MAX_STATUSES + 1), known)
    assert [violation.field for violation in raised.value.violations] == ["statuses"]
