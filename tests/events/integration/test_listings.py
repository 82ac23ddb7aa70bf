"""Lists across meetups, found through the catalog (eventually consistent,
so polled) and judged on each meetup's current state: filters, drafts for
their organizers only, paging, and a member's own RSVPs."""

from __future__ import annotations

from datetime import timedelta

import grpc

from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import types_pb2 as types
from offkai_kit.testing.polling import eventually
from offkai_kit.testing.services import bearer
from tests.events.integration.support import (
    ADMIN,
    ORGANIZER,
    fails_with,
    frame,
    member,
    now,
    published,
    request_id,
    rsvp,
    schedule,
    ts,
)

OTHER_ORGANIZER = bearer("org-zed", "member", "organizer")


async def _ids(api, caller=ORGANIZER, **filters) -> list[str]:
    reply = await api.ListMeetups(pb.ListMeetupsRequest(**filters), metadata=caller)
    return [m.meetup_id for m in reply.meetups]


async def test_list_meetups_filters_pages_and_keeps_drafts_private(api):
    base = now() + timedelta(days=20)
    first = await published(api, base, tags=["rust", "beginners"])
    second = await published(api, base + timedelta(days=1), tags=["rust"], title="Async Rust reading group")
    osaka = await published(
        api, base + timedelta(days=2), community_id="go-osaka", tags=["go"], region=types.Region(prefecture="Osaka")
    )
    draft = (await schedule(api, base + timedelta(days=3))).meetup.meetup_id

    everything = await eventually(
        lambda: _when(_ids(api, statuses=[types.MEETUP_STATUS_PUBLISHED, types.MEETUP_STATUS_DRAFT]), 4)
    )
    assert everything == [first, second, osaka, draft], "by start time"

    assert await _ids(api) == [first, second, osaka], "published only by default"
    assert await _ids(api, community_id="rust-tokyo") == [first, second]
    assert await _ids(api, prefecture="Osaka") == [osaka]
    assert await _ids(api, tag="beginners") == [first]
    assert await _ids(api, query="reading ASYNC") == [second]
    window = dict(starts_after=ts(base + timedelta(hours=12)), starts_before=ts(base + timedelta(days=1, hours=12)))
    assert await _ids(api, **window) == [second]

    # Drafts: their organizers and admins see them, nobody else.
    drafts = dict(statuses=[types.MEETUP_STATUS_DRAFT])
    assert await _ids(api, **drafts) == [draft]
    assert await _ids(api, ADMIN, **drafts) == [draft]
    assert await _ids(api, OTHER_ORGANIZER, **drafts) == []
    assert await _ids(api, member("m-1"), **drafts) == []

    # Paging: two at a time, then the rest; a token for other filters is refused.
    page = await api.ListMeetups(pb.ListMeetupsRequest(page_size=2), metadata=member("m-1"))
    assert [m.meetup_id for m in page.meetups] == [first, second] and page.next_page_token
    rest = await api.ListMeetups(
        pb.ListMeetupsRequest(page_size=2, page_token=page.next_page_token), metadata=member("m-1")
    )
    assert [m.meetup_id for m in rest.meetups] == [osaka] and not rest.next_page_token
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT):
        await api.ListMeetups(
            pb.ListMeetupsRequest(community_id="go-osaka", page_token=page.next_page_token), metadata=member("m-1")
        )

    # A cancellation shows at once, even before the catalog hears of it.
    await api.CancelMeetup(pb.CancelMeetupRequest(request_id=request_id(), meetup_id=first), metadata=ORGANIZER)
    assert first not in await _ids(api)


async def _when(result, count: int):
    found = await result
    return found if len(found) == count else None


async def test_a_member_lists_their_own_rsvps_newest_meetup_first(api):
    soon = await published(
        api, now() + timedelta(days=5), [frame("in-person", 1), _party_frame()], after_party=_party(5)
    )
    later = await published(api, now() + timedelta(days=9))
    gone = await published(api, now() + timedelta(days=7))
    await rsvp(api, soon, "someone-else")
    await rsvp(api, soon, "m-1")  # waitlisted: the one seat is taken
    await rsvp(api, soon, "m-1", "after-party")
    await rsvp(api, later, "m-1")
    await rsvp(api, gone, "m-1")
    await api.CancelMeetup(pb.CancelMeetupRequest(request_id=request_id(), meetup_id=gone), metadata=ORGANIZER)

    async def listed(**kw) -> list[tuple[str, str, int, int]]:
        reply = await api.ListMemberRsvps(pb.ListMemberRsvpsRequest(**kw), metadata=member("m-1"))
        return [(r.meetup_id, r.frame_id, r.status, r.waitlist_position) for r in reply.rsvps]

    everything = await eventually(lambda: _when(listed(include_past=True), 4))
    going, waitlisted = types.RSVP_STATUS_GOING, types.RSVP_STATUS_WAITLISTED
    assert everything == [
        (later, "in-person", going, 0),
        (gone, "in-person", going, 0),
        (soon, "in-person", waitlisted, 1),
        (soon, "after-party", going, 0),
    ]
    assert await listed() == [everything[0], everything[2], everything[3]], "cancelled meetups are past"

    # One at a time, across meetups and within one.
    pages, token = [], ""
    while True:
        reply = await api.ListMemberRsvps(
            pb.ListMemberRsvpsRequest(include_past=True, page_size=1, page_token=token), metadata=member("m-1")
        )
        pages.append([(r.meetup_id, r.frame_id) for r in reply.rsvps])
        token = reply.next_page_token
        if not token:
            break
    assert pages == [[(m, f)] for m, f, _, _ in everything]

    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await api.ListMemberRsvps(pb.ListMemberRsvpsRequest(member_id="m-1"), metadata=member("m-2"))
    assert len((await api.ListMemberRsvps(pb.ListMemberRsvpsRequest(member_id="m-1"), metadata=ADMIN)).rsvps) == 3


def _party(days: int) -> types.AfterParty:
    start = now() + timedelta(days=days, hours=3)
    return types.AfterParty(place="Izakaya Tori", start=ts(start), end=ts(start + timedelta(hours=2)))


def _party_frame() -> types.Frame:
    return frame("after-party", 10, session=types.FRAME_SESSION_AFTER_PARTY)
