"""Each handle kind's value rule and normal form."""

from __future__ import annotations

import pytest

from offkai_kit.errors import Violations
from offkai_members.domain.handle_values import check_handle_value, normalize_handle
from offkai_members.domain.model import HandleKind

GOOD = [
    (HandleKind.GITHUB, "octocat", "octocat"),
    (HandleKind.GITHUB, "@octo-cat", "octo-cat"),
    (HandleKind.GITHUB, "https://github.com/Octo-Cat/", "Octo-Cat"),
    (HandleKind.GITHUB, "a" * 39, "a" * 39),
    (HandleKind.X, "@ayumi_k", "ayumi_k"),
    (HandleKind.X, "https://x.com/ayumi_k", "ayumi_k"),
    (HandleKind.X, "https://twitter.com/ayumi_k/", "ayumi_k"),
    (HandleKind.LINE, "ayumi.kato", "ayumi.kato"),
    (HandleKind.LINE, "Ayumi_K-88", "ayumi_k-88"),
    (HandleKind.LINE, "@abc1234d", "@abc1234d"),
    (HandleKind.FACEBOOK, "ayumi.kato", "https://www.facebook.com/ayumi.kato"),
    (HandleKind.FACEBOOK, "https://facebook.com/ayumi.kato/", "https://www.facebook.com/ayumi.kato"),
    (
        HandleKind.FACEBOOK,
        "https://m.facebook.com/profile.php?id=100012345",
        "https://www.facebook.com/profile.php?id=100012345",
    ),
    (HandleKind.BLOG_URL, "https://ayumi.example.jp/blog", "https://ayumi.example.jp/blog"),
    (HandleKind.OTHER_URL, " https://note.com/ayumi?tab=all#top ", "https://note.com/ayumi?tab=all#top"),
]

BAD = [
    (HandleKind.GITHUB, "-octocat"),
    (HandleKind.GITHUB, "octocat-"),
    (HandleKind.GITHUB, "octo--cat"),
    (HandleKind.GITHUB, "a" * 40),
    (HandleKind.GITHUB, "octo_cat"),
    (HandleKind.GITHUB, "https://gitlab.com/octocat"),
    (HandleKind.GITHUB, "https://github.com/octocat/repo"),
    (HandleKind.X, "a" * 16),
    (HandleKind.X, "ayumi.k"),
    (HandleKind.X, "https://x.com/"),
    (HandleKind.X, "http://x.com/ayumi_k"),
    (HandleKind.LINE, "abc"),  # too short
    (HandleKind.LINE, "a" * 21),
    (HandleKind.LINE, "ayumi kato"),
    (HandleKind.LINE, "あゆみ"),
    (HandleKind.LINE, "https://line.me/ti/p/xyz"),
    (HandleKind.FACEBOOK, "abcd"),
    (HandleKind.FACEBOOK, "http://facebook.com/ayumi.kato"),
    (HandleKind.FACEBOOK, "https://evil.example.com/ayumi.kato"),
    (HandleKind.FACEBOOK, "https://facebook.com/profile.php?id=abc"),
    (HandleKind.FACEBOOK, "https://facebook.com/ayumi.kato/photos"),
    (HandleKind.BLOG_URL, "http://ayumi.example.jp/blog"),
    (HandleKind.BLOG_URL, "ayumi.example.jp/blog"),
    (HandleKind.BLOG_URL, "https://"),
    (HandleKind.BLOG_URL, "https://user:secret@ayumi.example.jp/"),
    (HandleKind.BLOG_URL, "https://localhost/blog"),
    (HandleKind.BLOG_URL, "https://ayumi.example.jp:99999/"),
    (HandleKind.BLOG_URL, "javascript:alert(1)"),
    (HandleKind.OTHER_URL, "ftp://files.example.jp/"),
]


@pytest.mark.parametrize(("kind", "value", "normal"), GOOD)
def test_valid_values_are_normalised(kind, value, normal):
    assert normalize_handle(kind, value) == normal


@pytest.mark.parametrize(("kind", "value"), BAD)
def test_invalid_values_are_refused(kind, value):
    assert normalize_handle(kind, value) is None
    v = Violations()
    check_handle_value(kind, value, "value", v)
    (violation,) = v
    assert violation.field == "value" and violation.description.startswith("must be ")


def test_generic_rules_come_first():
    for value, description in [
        ("", "must not be empty"),
        ("https://" + "a" * 300 + ".jp", "must be at most 300 characters"),
        ("octo\ncat", "must be a single line without control characters (found U+000A)"),
    ]:
        v = Violations()
        check_handle_value(HandleKind.GITHUB, value, "value", v)
        assert [(x.field, x.description) for x in v] == [("value", description)]
