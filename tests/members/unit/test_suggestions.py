"""Suggestions: who to suggest, in which order, with which reasons."""

from __future__ import annotations

from offkai_members.domain.suggestions import Candidate, ReasonKind, Tier, Viewer, rank_of, suggest
from tests.members.unit.builders import EARLIER_MEETUP, MEETUP

VIEWER = Viewer(
    member_id="ayumi",
    region_prefecture="Hokkaido",
    region_city="Sapporo",
    interests=("rust", "blogging", "onsen"),
    communities={"hokkaido-bloggers": "Hokkaido bloggers", "rust-sapporo": "Rust Sapporo"},
    connections=frozenset({"connected"}),
    pending=frozenset({"pending"}),
    blocked=frozenset({"blocked"}),
)


def ids(suggestions) -> list[str]:
    return [s.member_id for s in suggestions]


def test_met_people_come_first_then_near_ones():
    candidates = [
        Candidate("prefecture", region_prefecture="hokkaido", region_city="Hakodate"),
        Candidate("city", region_prefecture="Hokkaido", region_city="sapporo"),
        Candidate("met-once", region_prefecture="Tokyo", met_at=(MEETUP,)),
        Candidate("met-twice", met_at=(MEETUP, EARLIER_MEETUP)),
        Candidate("far-but-mutual", region_prefecture="Osaka", mutual_connections=1),
        Candidate("nothing-in-common", region_prefecture="Okinawa"),
    ]
    result = suggest(VIEWER, candidates)
    assert ids(result) == ["met-twice", "met-once", "city", "prefecture", "far-but-mutual"]
    assert [s.tier for s in result] == [Tier.MET, Tier.MET, Tier.SAME_CITY, Tier.SAME_PREFECTURE, Tier.OTHER]


def test_within_a_tier_signals_rank_in_order():
    near = dict(region_prefecture="Hokkaido", region_city="Sapporo")
    candidates = [
        Candidate("interests", interests=("Rust", "onsen"), **near),
        Candidate("communities", community_ids=frozenset({"rust-sapporo"}), **near),
        Candidate("mutual-3", mutual_connections=3, **near),
        Candidate("mutual-1-more", mutual_connections=1, community_ids=frozenset({"rust-sapporo"}), **near),
        Candidate("a-tie", mutual_connections=1, community_ids=frozenset({"rust-sapporo"}), **near),
    ]
    assert ids(suggest(VIEWER, candidates)) == ["mutual-3", "a-tie", "mutual-1-more", "communities", "interests"]


def test_connections_pending_blocked_and_the_viewer_are_left_out():
    candidates = [Candidate(m, met_at=(MEETUP,)) for m in ("ayumi", "connected", "pending", "blocked", "new")]
    assert ids(suggest(VIEWER, candidates)) == ["new"]


def test_reasons_are_human_readable_in_both_locales():
    candidate = Candidate(
        "kenji",
        region_prefecture="Hokkaido",
        region_city="Sapporo",
        met_at=(EARLIER_MEETUP, MEETUP),
        mutual_connections=3,
        community_ids=frozenset({"hokkaido-bloggers", "elsewhere"}),
        interests=("blogging", "ONSEN", "golf"),
    )
    (suggestion,) = suggest(VIEWER, [candidate])
    reasons = suggestion.reasons
    assert [r.kind for r in reasons] == [
        ReasonKind.MET_AT,
        ReasonKind.SAME_CITY,
        ReasonKind.MUTUAL_CONNECTIONS,
        ReasonKind.SHARED_COMMUNITIES,
        ReasonKind.SHARED_INTERESTS,
    ]
    assert [r.text("en") for r in reasons] == [
        "met at Rust mini-off in Sapporo and 1 other meetup",
        "also lives in Sapporo",
        "3 mutual connections",
        "also in Hokkaido bloggers",
        "also into blogging and onsen",
    ]
    assert [r.text("ja") for r in reasons] == [
        "Rust mini-off in Sapporoなど2回のオフ会で会いました",
        "同じSapporo在住",
        "共通のつながり3人",
        "「Hokkaido bloggers」のメンバー",
        "共通の興味: blogging、onsen",
    ]


def test_singular_and_long_lists():
    (one,) = suggest(VIEWER, [Candidate("k", met_at=(MEETUP,), mutual_connections=1)])
    assert [r.text() for r in one.reasons] == ["met at Rust mini-off in Sapporo", "1 mutual connection"]
    viewer = Viewer("ayumi", interests=("a", "b", "c", "d", "e"))
    (many,) = suggest(viewer, [Candidate("k", interests=("e", "d", "c", "b", "a"))])
    assert many.reasons[0].text() == "also into a, b, c and 2 more"
    assert many.reasons[0].text("ja") == "共通の興味: a、b、cほか2件"


def test_a_prefecture_match_without_the_city():
    (s,) = suggest(VIEWER, [Candidate("k", region_prefecture="Hokkaido", region_city="Otaru")])
    assert [r.text() for r in s.reasons] == ["also lives in Hokkaido"]


def test_the_rank_is_a_total_order_a_cursor_can_hold():
    candidates = [Candidate(f"m-{i}", mutual_connections=i % 3) for i in range(10)]
    ranked = suggest(VIEWER, candidates)
    assert [s.rank for s in ranked] == sorted(s.rank for s in ranked)
    after = ranked[3].rank
    # Resuming after a rank gives exactly the rest, whatever the input order.
    rest = [s for s in suggest(VIEWER, reversed(candidates)) if s.rank > after]
    assert ids(rest) == ids(ranked[4:])
    assert ids(suggest(VIEWER, candidates, limit=2)) == ids(ranked[:2])


def test_the_cheap_sort_key_is_the_rank_suggest_gives():
    candidates = [
        Candidate("met", met_at=(MEETUP,), interests=("RUST",)),
        Candidate("city", region_prefecture="Hokkaido", region_city="sapporo "),
        Candidate("pref", region_prefecture=" HOKKAIDO", region_city="Otaru", community_ids=frozenset({"c1"})),
        Candidate("far", mutual_connections=2),
        Candidate("nothing", region_prefecture="Osaka"),
    ]
    ranked = {s.member_id: s.rank for s in suggest(VIEWER, candidates)}
    assert {c.member_id: rank_of(VIEWER, c) for c in candidates} == {**ranked, "nothing": None}
