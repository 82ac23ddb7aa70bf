"""Read rules: who sees drafts, check-in codes, self-introductions,
answers, waitlist places and (private) attendance."""

from __future__ import annotations

import pytest

from offkai_events.domain import commands as c
from offkai_events.domain.model import IntroductionPart, SelfIntroduction
from offkai_events.domain.read_rules import (
    AttendanceOutcome,
    attendance,
    attendees,
    check_in_code_for,
    occupancy,
    rsvps_of,
    visible,
    waitlist_position,
)
from offkai_kit.errors import NotFound, PermissionDenied
from tests.events.unit.support import (
    ADMIN,
    CODE,
    END,
    MEETUP_ID,
    ORGANIZER,
    START,
    drafted,
    frame,
    member,
    published,
    rsvp,
    run,
    with_rsvps,
)


@pytest.fixture
def meetup():
    state = published([frame(capacity=2)])
    state, _ = run(state, rsvp("m-1"))
    state, _ = run(state, rsvp("m-2", shared_parts=frozenset({IntroductionPart.HOBBIES, IntroductionPart.WHY_I_COME})))
    return with_rsvps(state, "m-3", "m-4")


def test_drafts_and_codes_are_for_organizers():
    assert not visible(drafted(), member("m-1"))
    assert visible(drafted(), ORGANIZER) and visible(drafted(), ADMIN)
    assert visible(published(), member("m-1"))
    assert check_in_code_for(published(), ORGANIZER) == CODE
    assert check_in_code_for(published(), member("m-1")) == ""


def test_attendees_see_only_the_parts_each_chose_to_share(meetup):
    views = {v.member_id: v for v in attendees(meetup, "in-person", member("m-3"))}
    assert list(views) == ["m-1", "m-2"]
    assert views["m-1"].introduction == SelfIntroduction(what_i_do="backend dev")
    assert views["m-2"].introduction == SelfIntroduction(why_i_come="to meet rustaceans", hobbies="bouldering")
    assert views["m-1"].answers == ()


def test_organizers_see_everything_and_members_their_own(meetup):
    full = SelfIntroduction("backend dev", "to meet rustaceans", "bouldering")
    for v in attendees(meetup, "in-person", ORGANIZER):
        assert v.introduction == full and v.answers
    mine = {v.member_id: v for v in attendees(meetup, "in-person", member("m-1"))}
    assert mine["m-1"].introduction == full and mine["m-1"].answers
    assert mine["m-2"].answers == ()


def test_outsiders_do_not_see_the_attendee_list(meetup):
    with pytest.raises(PermissionDenied):
        attendees(meetup, "in-person", member("m-9"))
    with pytest.raises(NotFound):
        attendees(meetup, "vip", ORGANIZER)


def test_waitlist_places_and_rsvps(meetup):
    assert waitlist_position(meetup, "in-person", "m-4", member("m-4")) == (2, 2)
    assert waitlist_position(meetup, "in-person", "m-4", ORGANIZER) == (2, 2)
    with pytest.raises(PermissionDenied):
        waitlist_position(meetup, "in-person", "m-4", member("m-3"))
    with pytest.raises(NotFound):
        waitlist_position(meetup, "in-person", "m-1", member("m-1"))
    (view,) = rsvps_of(meetup, "m-3", member("m-3"))
    assert view.waitlist_position == 1 and not view.checked_in
    with pytest.raises(PermissionDenied):
        rsvps_of(meetup, "m-3", member("m-4"))
    assert [(o.going, o.waitlisted) for o in occupancy(meetup)] == [(2, 2)]


def test_attendance_is_final_once_ended_and_private(meetup):
    state, _ = run(meetup, c.CheckIn(actor=ORGANIZER, meetup_id=MEETUP_ID, member_id="m-1"), START)
    assert attendance(state, "m-1", member("m-1")) is None
    state, _ = run(state, c.EndMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID), END)
    assert attendance(state, "m-1", member("m-1")) is AttendanceOutcome.ATTENDED
    assert attendance(state, "m-2", member("m-2")) is AttendanceOutcome.NO_SHOW
    assert attendance(state, "m-2", ADMIN) is AttendanceOutcome.NO_SHOW
    assert attendance(state, "m-3", member("m-3")) is None
    for nosy in (member("m-1"), ORGANIZER):
        with pytest.raises(PermissionDenied):
            attendance(state, "m-2", nosy)
