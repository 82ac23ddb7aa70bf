"""Page tokens come back as the position they were made from, only for the list
and filters they were issued for; anything else is INVALID_ARGUMENT on
``page_token``. Page sizes default, cap, and refuse negatives."""

from __future__ import annotations

import base64
import json

import pytest

from offkai_kit import paging
from offkai_kit.errors import InvalidArgument

SCOPE = ["ListMeetups", {"community_id": "rust-tokyo", "tag": ""}]


def refused_field(call) -> list[str]:
    with pytest.raises(InvalidArgument) as refused:
        call()
    return [v.field for v in refused.value.violations]


def unpacked(token: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))


def packed(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "position",
    [
        {"offset": 0},
        {"offset": 40, "inner": 3},
        {"start": "2027-01-16T10:00:00+00:00", "meetup_id": "0b9a…", "note": None, "ratio": 0.5, "ok": True},
        {"path": ["a", "b"], "nested": {"x": 1}},
    ],
)
def test_a_token_decodes_to_the_position_it_was_made_from(position):
    token = paging.encode(position, scope=SCOPE)
    assert paging.decode(token, scope=SCOPE) == position
    assert token.isascii() and all(ch.isalnum() or ch in "-_" for ch in token), "URL-safe, no padding"


def test_the_empty_token_is_the_first_page():
    assert paging.decode("", scope=SCOPE) is None
    assert paging.decode("", scope=SCOPE, parse=lambda p: p["offset"]) is None


def test_parse_turns_the_position_into_what_the_caller_uses():
    token = paging.encode({"offset": 7}, scope=SCOPE)
    assert paging.decode(token, scope=SCOPE, parse=lambda p: p["offset"] * 2) == 14


def test_a_token_for_another_scope_is_refused():
    token = paging.encode({"offset": 10}, scope=SCOPE)
    other_filters = ["ListMeetups", {"community_id": "py-kansai", "tag": ""}]
    assert refused_field(lambda: paging.decode(token, scope=other_filters)) == ["page_token"]
    assert refused_field(lambda: paging.decode(token, scope="ListAttendees")) == ["page_token"]


def test_a_tampered_token_is_refused():
    token = paging.encode({"offset": 10}, scope=SCOPE)
    data = unpacked(token)
    data["p"]["offset"] = 1_000_000  # a position of one's own choosing, the fingerprint kept
    assert refused_field(lambda: paging.decode(packed(data), scope=SCOPE)) == ["page_token"]
    extra = {**unpacked(token), "x": 1}
    assert refused_field(lambda: paging.decode(packed(extra), scope=SCOPE)) == ["page_token"]
    assert refused_field(lambda: paging.decode(token[:-3], scope=SCOPE)) == ["page_token"], "cut short"
    flipped = token[:5] + ("A" if token[5] != "A" else "B") + token[6:]
    assert refused_field(lambda: paging.decode(flipped, scope=SCOPE)) == ["page_token"]


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "!!",
        "e30",  # {}
        packed([1, 2]),
        packed({"p": [1], "f": "0"}),
        packed({"p": {"offset": 1}}),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_garbage_is_refused(token):
    assert refused_field(lambda: paging.decode(token, scope=SCOPE)) == ["page_token"]


@pytest.mark.parametrize("error", [KeyError("offset"), TypeError("not an int"), ValueError("negative")])
def test_a_position_parse_cannot_use_is_refused(error):
    token = paging.encode({"offset": -1}, scope=SCOPE)

    def parse(position):
        raise error

    assert refused_field(lambda: paging.decode(token, scope=SCOPE, parse=parse)) == ["page_token"]


def test_page_sizes_default_and_cap():
    assert paging.page_size(0, default=50, maximum=200) == 50
    assert paging.page_size(1, default=50, maximum=200) == 1
    assert paging.page_size(200, default=50, maximum=200) == 200
    assert paging.page_size(201, default=50, maximum=200) == 200
    assert paging.page_size(10_000, default=100, maximum=1000) == 1000


@pytest.mark.parametrize("size", [-1, -200])
def test_a_negative_page_size_is_refused(size):
    assert refused_field(lambda: paging.page_size(size, default=50, maximum=200)) == ["page_size"]


def test_a_token_longer_than_the_maximum_is_refused_before_it_is_read():
    long_position = {"key": ["x" * 1600]}
    token = paging.encode(long_position, scope=SCOPE)
    assert len(token) > paging.MAX_TOKEN
    with pytest.raises(InvalidArgument) as refused:
        paging.decode(token, scope=SCOPE)
    assert "at most 2048" in str(refused.value.violations)
