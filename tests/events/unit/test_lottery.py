"""Lottery frames: a pure, replayable draw; the draw step is on time, once."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offkai_events.domain import commands as c
from offkai_events.domain.lottery import ALGORITHM, draw, replays
from offkai_events.domain.state import RsvpStatus
from offkai_events.domain.timed_steps import SCHEDULER
from offkai_kit.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from tests.events.unit.support import (
    MEETUP_ID,
    ORGANIZER,
    going,
    lottery,
    member,
    published,
    rsvp,
    run,
    waitlist,
    with_rsvps,
)

DRAW_AT = lottery().draw_at
SEED = "9f86d081884c7d659a2feaa0c55ad015"


def draw_cmd(seed: str = SEED, actor=SCHEDULER) -> c.DrawLottery:
    return c.DrawLottery(actor=actor, meetup_id=MEETUP_ID, frame_id="lottery", seed=seed)


def entered(*member_ids: str, capacity: int = 2, waitlist_enabled: bool = True):
    frames = [lottery(capacity=capacity, waitlist_enabled=waitlist_enabled)]
    return with_rsvps(published(frames), *member_ids, frame_id="lottery")


def test_the_draw_ranks_by_sha256_of_seed_and_member():
    applicants = ["m-1", "m-2", "m-3", "m-4"]
    winners, losers = draw(applicants, 2, "s")
    expected = sorted(applicants, key=lambda m: hashlib.sha256(f"s:{m}".encode()).hexdigest())
    assert winners + losers == tuple(expected)
    assert len(winners) == 2


@settings(max_examples=100, deadline=None)
@given(
    applicants=st.lists(st.text(min_size=1, max_size=8), unique=True, max_size=30),
    capacity=st.integers(min_value=0, max_value=40),
    seed=st.text(min_size=1, max_size=16),
)
def test_the_draw_is_a_fair_split_that_replays_exactly(applicants, capacity, seed):
    winners, losers = draw(applicants, capacity, seed)
    assert len(winners) == min(capacity, len(applicants))
    assert sorted(winners + losers) == sorted(applicants)
    # Same seed, any application order: the same result.
    assert draw(list(reversed(applicants)), capacity, seed) == (winners, losers)


def test_drawing_seats_winners_and_waitlists_losers_in_draw_order():
    state = entered("m-1", "m-2", "m-3", "m-4", "m-5")
    state, (drawn,) = run(state, draw_cmd(), now=DRAW_AT)
    winners, losers = draw(["m-1", "m-2", "m-3", "m-4", "m-5"], 2, SEED)
    assert (tuple(drawn.winner_ids), tuple(drawn.waitlisted_ids)) == (winners, losers)
    assert list(drawn.applicant_ids) == ["m-1", "m-2", "m-3", "m-4", "m-5"]
    assert (drawn.seed, drawn.algorithm, drawn.capacity) == (SEED, ALGORITHM, 2)
    assert replays(drawn)
    assert set(going(state, "lottery")) == set(winners)
    assert waitlist(state, "lottery") == list(losers)
    assert state.frames["lottery"].drawn and state.frames["lottery"].lottery_seed == SEED


def test_a_tampered_draw_does_not_replay():
    state = entered("m-1", "m-2", "m-3")
    _, (drawn,) = run(state, draw_cmd(), now=DRAW_AT)
    drawn.winner_ids[0], drawn.waitlisted_ids[0] = drawn.waitlisted_ids[0], drawn.winner_ids[0]
    assert not replays(drawn)


def test_losers_are_waitlisted_even_without_a_waitlist_and_promoted_in_draw_order():
    state = entered("m-1", "m-2", "m-3", "m-4", capacity=1, waitlist_enabled=False)
    state, (drawn,) = run(state, draw_cmd(), now=DRAW_AT)
    first_winner = drawn.winner_ids[0]
    state, events = run(
        state,
        c.CancelRsvp(actor=member(first_winner), meetup_id=MEETUP_ID, frame_id="lottery", member_id=first_winner),
        now=DRAW_AT,
    )
    assert events[-1].member_id == drawn.waitlisted_ids[0]


def test_a_second_draw_decides_nothing():
    state, _ = run(entered("m-1", "m-2", "m-3"), draw_cmd(), now=DRAW_AT)
    assert run(state, draw_cmd("another-seed"), now=DRAW_AT + timedelta(hours=1))[1] == []


def test_no_draw_before_its_time():
    with pytest.raises(FailedPrecondition, match="not before"):
        run(entered("m-1"), draw_cmd(), now=DRAW_AT - timedelta(seconds=1))


def test_cancelled_entries_are_not_drawn():
    state = entered("m-1", "m-2", "m-3")
    state, _ = run(state, c.CancelRsvp(actor=member("m-2"), meetup_id=MEETUP_ID, frame_id="lottery", member_id="m-2"))
    _, (drawn,) = run(state, draw_cmd(), now=DRAW_AT)
    assert list(drawn.applicant_ids) == ["m-1", "m-3"]


def test_after_the_draw_the_frame_is_first_come():
    state, _ = run(entered("m-1", capacity=2), draw_cmd(), now=DRAW_AT)
    state, _ = run(state, rsvp("m-2", "lottery"), now=DRAW_AT)
    state, _ = run(state, rsvp("m-3", "lottery"), now=DRAW_AT)
    assert going(state, "lottery") == ["m-1", "m-2"] and waitlist(state, "lottery") == ["m-3"]
    assert state.rsvp("lottery", "m-3").status is RsvpStatus.WAITLISTED


def test_only_lottery_frames_are_drawn_by_the_scheduler_or_organizers():
    with pytest.raises(FailedPrecondition, match="first-come"):
        run(published(), c.DrawLottery(actor=SCHEDULER, meetup_id=MEETUP_ID, frame_id="in-person", seed=SEED))
    with pytest.raises(PermissionDenied):
        run(entered("m-1"), draw_cmd(actor=member("m-1")), now=DRAW_AT)
    with pytest.raises(InvalidArgument):
        run(entered("m-1"), draw_cmd(seed=""), now=DRAW_AT)
    _, events = run(entered("m-1"), draw_cmd(actor=ORGANIZER), now=DRAW_AT)
    assert len(events) == 1


def test_a_cancelled_meetup_is_not_drawn():
    state, _ = run(entered("m-1"), c.CancelMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID))
    assert run(state, draw_cmd(), now=DRAW_AT)[1] == []
