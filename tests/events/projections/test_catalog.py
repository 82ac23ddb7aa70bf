"""The catalog read model, fed from real events through a real nats-server
into SQLite and PostgreSQL: search filters and paging, a member's meetups, a
community's upcoming meetups, and a rebuild that equals the live tables."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest

from offkai_events.bootstrap import wire
from offkai_events.domain import MEETUP, stream_id
from offkai_events.domain import commands as c
from offkai_events.domain.meetup_filter import MeetupFilter
from offkai_events.domain.model import SeatConfirmationPolicy
from offkai_events.domain.state import MeetupStatus
from offkai_events.projections.catalog_search import CatalogSearch
from offkai_kit.errors import InvalidArgument
from tests.events.support import (
    ORGANIZER,
    OTHER_ORGANIZER,
    caught_up,
    details,
    first_come,
    lottery,
    meetup,
    member,
    now,
    rows,
    rsvp,
    run,
)

DAY = timedelta(days=1)


def ids(*meetup_ids: str) -> list[str]:
    return list(meetup_ids)


@pytest.fixture
async def catalog(start):
    """A running service and a few meetups around Tokyo and Osaka:

    ====== =========== ================ ============== ===========
    name   community   region           tags           status
    ====== =========== ================ ============== ===========
    soon   rust-tokyo  Tokyo/Shibuya    rust,beginners published
    later  rust-tokyo  Tokyo/Shinjuku   rust           cancelled
    osaka  py-kansai   Osaka/Kita       python         published
    past   rust-tokyo  Tokyo/Shibuya    rust           ended
    draft  rust-tokyo  Tokyo/Shibuya    rust           draft (org-aki)
    other  rust-tokyo  Tokyo/Shibuya    rust           draft (org-ben)
    ====== =========== ================ ============== ===========
    """
    async with start(wire) as runtime:  # the service as composed, API and all
        t = now().replace(microsecond=0)
        m = {}
        m["soon"] = await meetup(runtime, details(t + 10 * DAY, tags=("rust", "beginners")))
        m["later"] = await meetup(runtime, details(t + 20 * DAY, city="Shinjuku"))
        await run(runtime, c.CancelMeetup(actor=ORGANIZER, meetup_id=m["later"], reason="venue closed"))
        m["osaka"] = await meetup(runtime, details(t + 15 * DAY, community="py-kansai", prefecture="Osaka",
                                                   city="Kita", tags=("python",)))
        m["past"] = await meetup(runtime, details(t + 2 * DAY))
        # Ended by its organizer once it started (decided "then").
        await run(runtime, c.EndMeetup(actor=ORGANIZER, meetup_id=m["past"]), at=t + 2 * DAY + timedelta(hours=1))
        # Two drafts starting at the same instant: ordered by id.
        first, second = sorted(str(uuid.uuid4()) for _ in range(2))
        m["draft"] = await meetup(runtime, details(t + 12 * DAY), publish=False, meetup_id=first)
        m["other"] = await meetup(runtime, details(t + 12 * DAY, organizer=OTHER_ORGANIZER), publish=False,
                                  meetup_id=second)
        await caught_up(runtime)
        yield runtime, CatalogSearch(runtime.db), m, t


async def search(cat: CatalogSearch, *, viewer_member_id: str = "", include_drafts: bool = False,
                 **filters) -> list[str]:
    found, token = await cat.search(MeetupFilter(**filters), viewer_member_id=viewer_member_id,
                                    include_drafts=include_drafts)
    assert token == ""
    return found


async def test_search_filters_by_community_region_tag_and_time(catalog):
    runtime, cat, m, t = catalog
    assert await search(cat) == ids(m["past"], m["soon"], m["osaka"], m["later"]), "no drafts for anyone"
    assert await search(cat, community_id="py-kansai") == ids(m["osaka"])
    assert await search(cat, prefecture="Tokyo") == ids(m["past"], m["soon"], m["later"])
    assert await search(cat, prefecture="Tokyo", city="Shinjuku") == ids(m["later"])
    assert await search(cat, tag="beginners") == ids(m["soon"])
    assert await search(cat, tag="Beginners") == [], "tags match as written, like the domain's filter"
    # From inclusive, before exclusive; any zone goes in, compared as instants.
    tokyo = ZoneInfo("Asia/Tokyo")
    assert await search(cat, starts_after=(t + 10 * DAY).astimezone(tokyo),
                        starts_before=t + 20 * DAY) == ids(m["soon"], m["osaka"])
    assert await search(cat, starts_after=t + 10 * DAY + timedelta(seconds=1)) == ids(m["osaka"], m["later"])


async def test_search_filters_by_status(catalog):
    runtime, cat, m, t = catalog
    assert await search(cat, statuses=frozenset({MeetupStatus.PUBLISHED})) == ids(m["soon"], m["osaka"])
    assert await search(cat, statuses=frozenset({MeetupStatus.CANCELLED, MeetupStatus.ENDED})) == ids(
        m["past"], m["later"]
    )
    # Drafts asked for by status are still only the viewer's own.
    assert await search(cat, statuses=frozenset({MeetupStatus.DRAFT})) == []
    assert await search(cat, statuses=frozenset({MeetupStatus.DRAFT}), viewer_member_id="org-aki") == ids(
        m["draft"]
    )


async def test_drafts_show_to_their_organizers_and_admins_only(catalog):
    runtime, cat, m, t = catalog
    everyone = ids(m["past"], m["soon"], m["osaka"], m["later"])
    assert await search(cat, viewer_member_id="someone") == everyone
    assert await search(cat, viewer_member_id="org-aki") == ids(m["past"], m["soon"], m["draft"], m["osaka"],
                                                                m["later"])
    assert await search(cat, viewer_member_id="org-ben") == ids(m["past"], m["soon"], m["other"], m["osaka"],
                                                                m["later"])
    assert await search(cat, include_drafts=True) == ids(m["past"], m["soon"], m["draft"], m["other"],
                                                         m["osaka"], m["later"])
    # Publishing makes a draft everyone's.
    await run(runtime, c.PublishMeetup(actor=OTHER_ORGANIZER, meetup_id=m["other"]))
    await caught_up(runtime)
    assert m["other"] in await search(cat, viewer_member_id="someone")


async def test_pages_follow_start_then_id_and_survive_inserts(catalog):
    runtime, cat, m, t = catalog
    everything = await search(cat, include_drafts=True)
    pages, token = [], ""
    while True:
        found, token = await cat.search(MeetupFilter(), include_drafts=True, page_size=2, page_token=token)
        pages.append(found)
        if not token:
            break
    assert pages == [everything[0:2], everything[2:4], everything[4:6]]

    # A meetup added before the cursor neither repeats nor shifts what follows.
    first, token = await cat.search(MeetupFilter(), include_drafts=True, page_size=3)
    await meetup(runtime, details(t + 3 * DAY))
    await caught_up(runtime)
    rest, end = await cat.search(MeetupFilter(), include_drafts=True, page_size=3, page_token=token)
    assert (first + rest, end) == (everything, "")

    # The page size may change between pages; the filters may not.
    smaller, _ = await cat.search(MeetupFilter(), include_drafts=True, page_size=1, page_token=token)
    assert smaller == everything[3:4]
    with pytest.raises(InvalidArgument) as other_filters:
        await cat.search(MeetupFilter(tag="rust"), include_drafts=True, page_token=token)
    assert [v.field for v in other_filters.value.violations] == ["page_token"]


@pytest.mark.parametrize("token", ["garbage", "e30", "eyJxIjoxfQ", "!!"])
async def test_a_token_this_search_did_not_give_is_refused(catalog, token):
    _, cat, _, _ = catalog
    with pytest.raises(InvalidArgument) as refused:
        await cat.search(MeetupFilter(), page_token=token)
    assert [v.field for v in refused.value.violations] == ["page_token"]


@pytest.mark.parametrize("size", [0, -1, 201])
async def test_page_size_is_one_to_two_hundred(catalog, size):
    _, cat, _, _ = catalog
    with pytest.raises(InvalidArgument) as refused:
        await cat.search(MeetupFilter(), page_size=size)
    assert [v.field for v in refused.value.violations] == ["page_size"]
    assert len((await cat.search(MeetupFilter(), page_size=200))[0]) == 4


async def test_a_members_meetups_newest_first(catalog):
    runtime, cat, m, t = catalog
    # "later" was cancelled and "past" ended: fresh ones to take part in.
    draw_at = t + DAY
    lucky = await meetup(runtime, details(t + 30 * DAY), frames=(lottery(draw_at),))
    full = await meetup(runtime, details(t + 5 * DAY), frames=(first_come(capacity=1),))
    await rsvp(runtime, m["soon"], "mika")  # going
    await rsvp(runtime, full, "kenji")
    await rsvp(runtime, full, "mika")  # waitlisted
    await rsvp(runtime, lucky, "mika", frame_id="lottery")  # a lottery entry
    await rsvp(runtime, m["osaka"], "mika")
    await run(runtime, c.CancelRsvp(actor=member("mika"), meetup_id=m["osaka"], frame_id="in-person",
                                    member_id="mika"))  # had one
    # A walk-in an organizer checks in, without an RSVP.
    walk_in = await meetup(runtime, details(t + 4 * DAY))
    await run(runtime, c.CheckIn(actor=ORGANIZER, meetup_id=walk_in, member_id="mika"), at=t + 4 * DAY)
    await caught_up(runtime)
    assert await cat.meetups_of_member("mika") == ids(lucky, m["osaka"], m["soon"], full, walk_in)
    assert await cat.meetups_of_member("kenji") == ids(full)
    assert await cat.meetups_of_member("nobody") == []


async def test_a_communitys_upcoming_meetups(catalog):
    runtime, cat, m, t = catalog
    # Published and cancelled (a calendar shows the cancellation); no drafts, no ended.
    assert await cat.upcoming_of_community("rust-tokyo", t) == ids(m["soon"], m["later"])
    assert await cat.upcoming_of_community("py-kansai", t) == ids(m["osaka"])
    # Ending after now: one in progress still counts, one over does not.
    during = t + 10 * DAY + timedelta(hours=1)
    assert await cat.upcoming_of_community("rust-tokyo", during) == ids(m["soon"], m["later"])
    assert await cat.upcoming_of_community("rust-tokyo", t + 10 * DAY + timedelta(hours=3)) == ids(m["later"])
    assert await cat.upcoming_of_community("rust-tokyo", t, limit=1) == ids(m["soon"])
    assert await cat.upcoming_of_community("nobody", t) == []


async def test_updates_move_meetups_between_filters(catalog):
    runtime, cat, m, t = catalog
    state = (await runtime.repository.load(MEETUP, stream_id(m["soon"]))).state
    moved = replace(state.details, region=replace(state.details.region, city="Meguro"), tags=("go",),
                    start=t + 40 * DAY, end=t + 40 * DAY + timedelta(hours=2))
    await run(runtime, c.UpdateMeetup(actor=ORGANIZER, meetup_id=m["soon"], details=moved))
    await caught_up(runtime)
    assert await search(cat, tag="beginners") == []
    assert await search(cat, tag="go", city="Meguro") == ids(m["soon"])
    assert (await search(cat))[-1] == m["soon"], "now the last to start"


async def test_a_rebuild_equals_the_live_tables(catalog):
    runtime, cat, m, t = catalog
    policy = SeatConfirmationPolicy(opens_before=timedelta(days=3), auto_release_before=timedelta(days=1))
    busy = await meetup(runtime, details(t + 9 * DAY, seat_confirmation=policy, tags=("rust", "async")),
                        frames=(first_come(capacity=1), lottery(t + 2 * DAY)))
    for name in ("mika", "kenji"):
        await rsvp(runtime, busy, name)
    for name in ("ren", "yui"):
        await rsvp(runtime, busy, name, frame_id="lottery")
    await run(runtime, c.CancelRsvp(actor=member("mika"), meetup_id=busy, frame_id="in-person", member_id="mika"))
    await caught_up(runtime)
    tables = ["catalog_meetups", "catalog_meetup_tags", "catalog_meetup_organizers", "catalog_meetup_members",
              "meetup_schedule"]
    live = {name: await rows(runtime, name) for name in tables}
    assert len(live["catalog_meetups"]) == 7 and live["meetup_schedule"], "something to compare"

    for projection in ("meetup_catalog", "meetup_schedule"):
        await runtime.runners[projection].rebuild(timeout=30)
    await caught_up(runtime)
    assert {name: await rows(runtime, name) for name in tables} == live
    # The schedule knows what is next: the busy meetup's draw, the others' ends.
    schedule = {row[0]: row[1] for row in live["meetup_schedule"]}
    assert schedule[busy] == t + 2 * DAY
    assert schedule[m["soon"]] == t + 10 * DAY + timedelta(hours=3)
    assert set(schedule) == {busy, m["soon"], m["osaka"]}, "no drafts, cancelled or ended meetups"
    assert all(at.tzinfo is UTC for at in schedule.values())
