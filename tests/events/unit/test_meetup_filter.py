"""ListMeetups' filter, judged on a meetup's current state: community, region,
tag, start window, status and free-text words; drafts only for who may see
them. Empty filters match everything."""

from __future__ import annotations

from datetime import timedelta

from offkai_events.domain import commands as c
from offkai_events.domain.meetup_filter import MeetupFilter, matches
from offkai_events.domain.state import MeetupStatus
from tests.events.unit.support import END, MEETUP_ID, ORGANIZER, START, drafted, member, published, run


def test_search_filters():
    state = published()
    viewer = member("m-1")
    assert matches(state, MeetupFilter(), viewer)
    assert matches(state, MeetupFilter(community_id="rust-tokyo", prefecture="Tokyo", tag="rust", query="SHIBUYA mini"), viewer)
    assert not matches(state, MeetupFilter(tag="go"), viewer)
    assert not matches(state, MeetupFilter(starts_after=START + timedelta(minutes=1)), viewer)
    assert matches(state, MeetupFilter(starts_after=START), viewer), "from the start inclusive"
    assert matches(state, MeetupFilter(starts_before=START + timedelta(minutes=1)), viewer)
    assert not matches(state, MeetupFilter(starts_before=START), viewer), "before the start exclusive"
    assert not matches(state, MeetupFilter(statuses=frozenset({MeetupStatus.ENDED})), viewer)
    assert not matches(drafted(), MeetupFilter(statuses=frozenset({MeetupStatus.DRAFT})), viewer)
    assert matches(drafted(), MeetupFilter(statuses=frozenset({MeetupStatus.DRAFT})), ORGANIZER)


def test_no_statuses_means_any_status():
    ended, _ = run(published(), c.EndMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID), END)
    cancelled, _ = run(published(), c.CancelMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID))
    for state in (published(), ended, cancelled):
        assert matches(state, MeetupFilter(), member("m-1")), state.status
    assert not matches(drafted(), MeetupFilter(), member("m-1")), "still only their organizers' drafts"
    assert matches(drafted(), MeetupFilter(), ORGANIZER)
