"""ListSuggestions through the read models, on a hand-made small case: who is
suggested to Yuki, in which order, and why — from check-ins learnt from the
events service, the connections, communities, regions and interests members
keeps — and who is not (connected, asked, blocked, nothing in common)."""

from __future__ import annotations

from offkai.members.v1 import communities_pb2 as cpb
from offkai.members.v1 import connections_pb2 as rpb

from .support import as_member, caught_up, community, published_meetup, register, request_id, rsvp_and_check_in

K = rpb.SuggestionReasonKind


async def _connect(api, a: str, b: str) -> None:
    await api.connections.RequestConnection(
        rpb.RequestConnectionRequest(request_id=request_id(), other_member_id=b), metadata=as_member(a)
    )
    await api.connections.AcceptConnection(
        rpb.AcceptConnectionRequest(request_id=request_id(), other_member_id=a), metadata=as_member(b)
    )


def _reasons(s: rpb.Suggestion) -> list[tuple[int, int, list[str], str]]:
    return [(r.kind, r.count, list(r.names), r.text) for r in s.reasons]


async def test_suggestions_rank_people_met_then_near_then_the_rest_with_reasons(api, meetups, events_service):
    here = dict(region_prefecture="Hokkaido", region_city="Sapporo")
    await register(api, "yuki", "Yuki", locale="en", interests=["Rust", "skiing"], **here)
    await register(api, "mika", "Mika", region_prefecture="Tokyo", region_city="Shibuya")  # met
    await register(api, "kenji", "Kenji", interests=["rust"], **here)  # same city, an interest
    await register(api, "hana", "Hana", region_prefecture="hokkaido", region_city="Hakodate")  # prefecture, community
    await register(api, "taro", "Taro", region_prefecture="Tokyo")  # a mutual connection
    await register(api, "ben", "Ben", **here)  # connected already
    await register(api, "yui", "Yui", **here)  # asked already
    await register(api, "zed", "Zed", **here)  # blocked
    await register(api, "nobody", "Nobody", region_prefecture="Osaka")  # nothing in common

    await community(api, "rust-sapporo", owner="hana", name="Rust Sapporo")
    await api.communities.JoinCommunity(
        cpb.JoinCommunityRequest(request_id=request_id(), community_id="rust-sapporo"), metadata=as_member("yuki")
    )
    meetup_id, code = await published_meetup(meetups, events_service, "hana", "rust-sapporo", "Rust mini-off")
    await rsvp_and_check_in(meetups, meetup_id, code, "yuki")
    await rsvp_and_check_in(meetups, meetup_id, code, "mika")
    await _connect(api, "yuki", "ben")
    await _connect(api, "ben", "taro")
    await api.connections.RequestConnection(
        rpb.RequestConnectionRequest(request_id=request_id(), other_member_id="yui"), metadata=as_member("yuki")
    )
    await api.connections.BlockMember(rpb.BlockMemberRequest(request_id=request_id(), other_member_id="zed"),
                                      metadata=as_member("yuki"))
    await caught_up(events_service, api.runtime)

    reply = await api.connections.ListSuggestions(rpb.ListSuggestionsRequest(), metadata=as_member("yuki"))
    assert [(s.member.member_id, _reasons(s)) for s in reply.suggestions] == [
        ("mika", [(K.SUGGESTION_REASON_KIND_MET_AT, 1, ["Rust mini-off"], "met at Rust mini-off")]),
        ("kenji", [
            (K.SUGGESTION_REASON_KIND_SAME_CITY, 1, ["Sapporo"], "also lives in Sapporo"),
            (K.SUGGESTION_REASON_KIND_SHARED_INTERESTS, 1, ["rust"], "also into rust"),
        ]),
        ("hana", [
            (K.SUGGESTION_REASON_KIND_SAME_PREFECTURE, 1, ["hokkaido"], "also lives in hokkaido"),
            (K.SUGGESTION_REASON_KIND_SHARED_COMMUNITIES, 1, ["Rust Sapporo"], "also in Rust Sapporo"),
        ]),
        ("taro", [(K.SUGGESTION_REASON_KIND_MUTUAL_CONNECTIONS, 1, [], "1 mutual connection")]),
    ]
    assert reply.suggestions[1].member.region_city == "Sapporo"

    # Two at a time: the same list, in the same order.
    first = await api.connections.ListSuggestions(rpb.ListSuggestionsRequest(page_size=2), metadata=as_member("yuki"))
    second = await api.connections.ListSuggestions(
        rpb.ListSuggestionsRequest(page_size=2, page_token=first.next_page_token), metadata=as_member("yuki")
    )
    assert [s.member.member_id for s in (*first.suggestions, *second.suggestions)] == ["mika", "kenji", "hana", "taro"]
    assert second.next_page_token == ""

    # Reasons are written in the member's locale.
    ja = await api.connections.ListSuggestions(rpb.ListSuggestionsRequest(), metadata=as_member("mika"))
    assert ja.suggestions[0].member.member_id == "yuki"
    assert ja.suggestions[0].reasons[0].text == "Rust mini-offで会いました"


async def test_people_near_who_share_nothing_else_page_in_after_those_who_do(api):
    """Region-only people are read from the directory a page at a time and merged
    with the ranked ones; paging three at a time gives the one order."""
    sapporo = dict(region_prefecture="Hokkaido", region_city="Sapporo")
    hakodate = dict(region_prefecture="Hokkaido", region_city="Hakodate")
    await register(api, "v", "V", locale="en", interests=["rust"], **sapporo)
    for member_id in ("s1", "s2", "s3", "s4"):
        await register(api, member_id, **sapporo)
    await register(api, "s5", interests=["rust"], **sapporo)
    for member_id in ("h1", "h2", "h3"):
        await register(api, member_id, **hakodate)
    await register(api, "h4", interests=["rust"], **hakodate)
    await register(api, "t1", interests=["rust"], region_prefecture="Tokyo")
    await caught_up(api.runtime)
    expected = ["s5", "s1", "s2", "s3", "s4", "h4", "h1", "h2", "h3", "t1"]

    whole = await api.connections.ListSuggestions(rpb.ListSuggestionsRequest(), metadata=as_member("v"))
    assert [s.member.member_id for s in whole.suggestions] == expected
    seen, token = [], ""
    while True:
        page = await api.connections.ListSuggestions(rpb.ListSuggestionsRequest(page_size=3, page_token=token),
                                                     metadata=as_member("v"))
        seen.append([s.member.member_id for s in page.suggestions])
        token = page.next_page_token
        if not token:
            break
    assert seen == [expected[0:3], expected[3:6], expected[6:9], expected[9:]]
