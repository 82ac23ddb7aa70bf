"""Time-based steps: what is due when, in which order, and that running the
due steps (even late, even twice) takes each step exactly once."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import timedelta

from offkai_events.domain import commands as c
from offkai_events.domain.model import SeatConfirmationPolicy
from offkai_events.domain.state import MeetupStatus
from offkai_events.domain.timed_steps import SCHEDULER, due_steps, next_due_at
from tests.events.unit.support import (
    END,
    MEETUP_ID,
    NOW,
    ORGANIZER,
    START,
    drafted,
    frame,
    lottery,
    names,
    published,
    run,
    with_rsvps,
)

POLICY = SeatConfirmationPolicy(timedelta(days=3), timedelta(days=1))
DRAW_AT = lottery().draw_at


def seeds():
    counter = itertools.count(1)
    return lambda: f"seed-{next(counter)}"


def meetup():
    state = published([frame(capacity=1), lottery()], seat_confirmation=POLICY)
    state = with_rsvps(state, "m-1", "m-2")
    return with_rsvps(state, "m-3", "m-4", "m-5", frame_id="lottery")


def kinds(commands) -> list[str]:
    return [type(cmd).__name__ for cmd in commands]


def run_due(state, now):
    """What a scheduler does when it wakes at ``now``: every due step, in order."""
    events = []
    for command in due_steps(state, now, seeds()):
        state, decided = run(state, command, now)
        events += decided
    return state, events


def test_nothing_is_due_for_drafts_or_before_the_first_step():
    assert due_steps(drafted([lottery()]), END, seeds()) == []
    assert next_due_at(drafted(), NOW) is None
    assert due_steps(meetup(), NOW, seeds()) == []
    assert next_due_at(meetup(), NOW) == DRAW_AT


def test_steps_come_due_in_order():
    state = meetup()
    (draw,) = due_steps(state, DRAW_AT, seeds())
    assert draw == c.DrawLottery(actor=SCHEDULER, meetup_id=MEETUP_ID, frame_id="lottery", seed="seed-1")
    state, _ = run(state, draw, DRAW_AT)
    assert next_due_at(state, DRAW_AT) == START - POLICY.opens_before
    state, _ = run_due(state, START - POLICY.opens_before)
    assert next_due_at(state, START) == START - POLICY.auto_release_before
    state, events = run_due(state, START - POLICY.auto_release_before)
    assert "SeatConfirmationClosed" in names(events)
    assert next_due_at(state, START) == END
    state, events = run_due(state, END)
    assert names(events)[0] == "MeetupEnded"
    assert state.status is MeetupStatus.ENDED
    assert next_due_at(state, END) is None


def test_after_a_long_outage_every_missed_step_runs_once_in_order():
    state = meetup()
    due = due_steps(state, END + timedelta(days=1), seeds())
    # The confirmation request is pointless once the meetup started.
    assert kinds(due) == ["DrawLottery", "EndMeetup"]
    state, events = run_due(state, END + timedelta(days=1))
    assert names(events)[0] == "LotteryDrawn" and "MeetupEnded" in names(events)
    assert due_steps(state, END + timedelta(days=2), seeds()) == []


def test_late_confirmation_skips_the_release_it_would_make_unfair():
    state, _ = run(meetup(), c.DrawLottery(actor=SCHEDULER, meetup_id=MEETUP_ID, frame_id="lottery", seed="s"), DRAW_AT)
    late = START - timedelta(hours=12)
    state, events = run_due(state, late)
    assert names(events) == ["SeatConfirmationRequested"]
    assert kinds(due_steps(state, late, seeds())) == []
    assert next_due_at(state, late) == END


def test_repeating_a_step_that_ran_decides_nothing():
    state = meetup()
    for now in (DRAW_AT, START - POLICY.opens_before, START - POLICY.auto_release_before, END):
        ran = due_steps(state, now, seeds())
        assert ran, f"a step is due at {now}"
        for command in ran:
            state, _ = run(state, command, now)
        # A second scheduler replica, or a restart, retrying the same steps
        # (a retried draw comes with a fresh seed):
        for command in ran:
            again = replace(command, seed="other") if isinstance(command, c.DrawLottery) else command
            assert run(state, again, now + timedelta(minutes=1))[1] == []
    assert state.status is MeetupStatus.ENDED


def test_a_cancelled_meetup_has_no_steps():
    state, _ = run(meetup(), c.CancelMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID))
    assert due_steps(state, END, seeds()) == [] and next_due_at(state, NOW) is None
