"""Check-in: organizers for anyone, members with the code inside the window,
twice is harmless, and the meetup's end makes attendance final."""

from __future__ import annotations

from datetime import timedelta

import pytest

from offkai.events.v1 import events_pb2 as ev
from offkai_events.domain import commands as c
from offkai_events.domain.state import CheckInMethod
from offkai_kit.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from tests.events.unit.support import (
    ADMIN,
    CODE,
    END,
    MEETUP_ID,
    ORGANIZER,
    START,
    fields_of,
    frame,
    member,
    published,
    run,
    with_rsvps,
)

OPENS = START - timedelta(hours=2)


def check_in(member_id: str, code: str = "", actor=None) -> c.CheckIn:
    return c.CheckIn(actor=actor or member(member_id), meetup_id=MEETUP_ID, member_id=member_id, code=code)


@pytest.fixture
def meetup():
    return with_rsvps(published([frame(capacity=1)]), "m-1", "m-2")


def test_a_member_checks_in_with_the_code_inside_the_window(meetup):
    state, (checked_in,) = run(meetup, check_in("m-1", CODE.lower()), now=OPENS)
    assert isinstance(checked_in, ev.AttendeeCheckedIn)
    assert (checked_in.member_id, checked_in.frame_id) == ("m-1", "in-person")
    assert checked_in.method == ev.CHECK_IN_METHOD_SELF_CODE
    assert checked_in.meetup.title == "Rust mini-off in Shibuya"
    assert state.check_ins["m-1"].method is CheckInMethod.SELF_CODE


def test_checking_in_twice_is_harmless(meetup):
    state, _ = run(meetup, check_in("m-1", CODE), now=START)
    assert run(state, check_in("m-1", CODE), now=START)[1] == []
    assert run(state, check_in("m-1", actor=ORGANIZER), now=START)[1] == []


def test_a_wrong_or_missing_code_is_refused(meetup):
    with pytest.raises(InvalidArgument) as raised:
        run(meetup, check_in("m-1", "WRONG1"), now=START)
    assert fields_of(raised.value) == {"code": "does not match the meetup's check-in code"}
    with pytest.raises(InvalidArgument) as raised:
        run(meetup, check_in("m-1"), now=START)
    assert fields_of(raised.value) == {"code": "required for self check-in"}


@pytest.mark.parametrize("at", [OPENS - timedelta(seconds=1), END + timedelta(seconds=1)])
def test_a_malformed_code_is_invalid_whenever_it_is_sent(meetup, at):
    """docs/events.md: INVALID_ARGUMENT comes before FAILED_PRECONDITION."""
    with pytest.raises(InvalidArgument) as raised:
        run(meetup, check_in("m-1", "no!"), now=at)
    assert fields_of(raised.value) == {"code": "must be 4 to 32 letters or digits"}


@pytest.mark.parametrize("at", [OPENS - timedelta(seconds=1), END + timedelta(seconds=1)])
def test_self_check_in_outside_the_window_is_refused(meetup, at):
    with pytest.raises(FailedPrecondition, match="check-in is open from 2026-07-04 17:00 JST to 2026-07-04 22:00 JST"):
        run(meetup, check_in("m-1", CODE), now=at)


def test_waitlisted_members_cannot_check_themselves_in(meetup):
    with pytest.raises(FailedPrecondition, match="holds no seat"):
        run(meetup, check_in("m-2", CODE), now=START)


def test_organizers_check_in_anyone_even_walk_ins_and_late(meetup):
    state, (walk_in,) = run(meetup, check_in("m-9", actor=ORGANIZER), now=START)
    assert walk_in.frame_id == "" and walk_in.method == ev.CHECK_IN_METHOD_ORGANIZER
    assert walk_in.checked_in_by == ORGANIZER.member_id
    state, (late,) = run(state, check_in("m-1", actor=ADMIN), now=END + timedelta(minutes=10))
    assert late.frame_id == "in-person"
    with pytest.raises(FailedPrecondition):
        run(meetup, check_in("m-1", actor=ORGANIZER), now=OPENS - timedelta(minutes=1))


def test_members_check_in_only_themselves(meetup):
    with pytest.raises(PermissionDenied):
        run(meetup, check_in("m-1", CODE, actor=member("m-2")), now=START)


def test_no_check_in_once_ended_or_cancelled(meetup):
    ended, _ = run(meetup, c.EndMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID), now=END)
    with pytest.raises(FailedPrecondition, match="meetup is ended"):
        run(ended, check_in("m-1", actor=ORGANIZER), now=END)
    cancelled, _ = run(meetup, c.CancelMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID))
    with pytest.raises(FailedPrecondition, match="meetup is cancelled"):
        run(cancelled, check_in("m-1", CODE), now=START)


def test_a_rotated_code_replaces_the_old_one(meetup):
    state, _ = run(meetup, c.RotateCheckInCode(actor=ORGANIZER, meetup_id=MEETUP_ID, code="FRESH7"))
    with pytest.raises(InvalidArgument):
        run(state, check_in("m-1", CODE), now=START)
    assert len(run(state, check_in("m-1", "fresh7"), now=START)[1]) == 1


def test_a_code_padded_past_the_maximum_is_refused(meetup):
    with pytest.raises(InvalidArgument) as raised:
        run(meetup, check_in("m-1", CODE + " " * 64), now=START)
    assert fields_of(raised.value) == {"code": "must be at most 64 characters"}
    assert run(meetup, check_in("m-1", f"  {CODE.lower()} "), now=START)[1], "spaces and case within it still pass"
