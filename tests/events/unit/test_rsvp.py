"""RSVP rules: seats, waitlist, one RSVP per session, as yourself only,
answers, cancellation promoting the waitlist in order."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from offkai.events.v1 import events_pb2 as ev
from offkai.events.v1 import types_pb2 as pb
from offkai_events.domain import commands as c
from offkai_events.domain.model import (
    Answer,
    FrameSession,
    IntroductionPart,
    SeatConfirmationPolicy,
    SelfIntroduction,
)
from offkai_events.domain.payloads import rsvp_details_from_pb
from offkai_events.domain.state import INITIAL, RsvpStatus
from offkai_kit.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from tests.events.unit.support import (
    ADMIN,
    END,
    MEETUP_ID,
    ORGANIZER,
    START,
    STRANGER_ORGANIZER,
    after_party,
    cancel_rsvp,
    drafted,
    fields_of,
    frame,
    going,
    lottery,
    member,
    names,
    published,
    rsvp,
    rsvp_details,
    run,
    waitlist,
    with_rsvps,
)


def test_an_rsvp_with_room_gets_a_seat_and_carries_what_notify_needs():
    state, (confirmed,) = run(published(), rsvp("m-1"))
    assert isinstance(confirmed, ev.RsvpConfirmed)
    assert (confirmed.member_id, confirmed.frame_id, confirmed.frame_name) == ("m-1", "in-person", "In Person")
    assert rsvp_details_from_pb(confirmed.rsvp) == rsvp_details()
    summary = confirmed.meetup
    assert (summary.title, summary.timezone, summary.venue_name) == (
        "Rust mini-off in Shibuya",
        "Asia/Tokyo",
        "Cafe Komorebi",
    )
    assert summary.access == "Shibuya (JR Yamanote Line), Hachiko exit, 5 min walk"
    assert going(state) == ["m-1"]


def test_a_full_frame_waitlists_in_arrival_order():
    state = with_rsvps(published([frame(capacity=1)]), "m-1", "m-2")
    state, (waitlisted,) = run(state, rsvp("m-3"))
    assert isinstance(waitlisted, ev.RsvpWaitlisted) and waitlisted.position == 2
    assert going(state) == ["m-1"] and waitlist(state) == ["m-2", "m-3"]


def test_a_full_frame_without_waitlist_refuses():
    state = with_rsvps(published([frame(capacity=1, waitlist_enabled=False)]), "m-1")
    with pytest.raises(FailedPrecondition) as raised:
        run(state, rsvp("m-2"))
    assert fields_of(raised.value) == {"frame_id": "frame 'in-person' is full and has no waitlist"}


def test_a_zero_capacity_frame_with_waitlist_queues_everyone():
    state = with_rsvps(published([frame(capacity=0)]), "m-1")
    assert going(state) == [] and waitlist(state) == ["m-1"]


def test_only_a_published_meetup_takes_rsvps():
    cancelled = run(published(), c.CancelMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID))[0]
    with pytest.raises(FailedPrecondition, match="an RSVP needs it published"):
        run(cancelled, rsvp("m-1"))


def test_a_draft_does_not_exist_for_anyone_but_its_organizers():
    """Its existence never leaks: NOT_FOUND, as GetMeetup answers."""
    with pytest.raises(NotFound):
        run(drafted(), rsvp("m-1"))
    with pytest.raises(NotFound):
        run(drafted(), c.PublishMeetup(actor=STRANGER_ORGANIZER, meetup_id=MEETUP_ID))
    assert run(drafted(), c.PublishMeetup(actor=ADMIN, meetup_id=MEETUP_ID))[1], "admins see every draft"


def test_rsvps_close_at_the_end():
    with pytest.raises(FailedPrecondition, match="RSVPs closed"):
        run(published(), rsvp("m-1"), now=END)


def test_members_rsvp_as_themselves_only_but_admins_for_anyone():
    command = replace(rsvp("m-1"), actor=member("m-2"))
    with pytest.raises(PermissionDenied):
        run(published(), command)
    with pytest.raises(PermissionDenied):
        run(published(), replace(command, actor=ORGANIZER))
    state, _ = run(published(), replace(command, actor=ADMIN))
    assert going(state) == ["m-1"]


def test_unknown_frames_and_meetups_are_not_found():
    with pytest.raises(NotFound) as raised:
        run(published(), rsvp("m-1", "vip"))
    assert fields_of(raised.value) == {"frame_id": "unknown frame 'vip'"}
    with pytest.raises(NotFound):
        run(INITIAL, rsvp("m-1"))


def test_answers_are_checked_against_the_questions():
    bad = rsvp(
        "m-1",
        answers=(Answer("q-food", "none"), Answer("q-level", " ")),
        introduction=SelfIntroduction(hobbies="x" * 401),
    )
    with pytest.raises(InvalidArgument) as raised:
        run(published(), bad)
    assert fields_of(raised.value) == {
        "details.answers[0].question_id": "unknown question 'q-food'",
        "details.answers": "question 'q-level' needs an answer",
        "details.self_introduction.hobbies": "must be at most 400 characters",
    }


def test_holding_an_rsvp_already_is_refused():
    state = with_rsvps(published(), "m-1")
    with pytest.raises(AlreadyExists):
        run(state, rsvp("m-1"))


def test_one_rsvp_per_session_but_the_after_party_is_its_own():
    frames = [frame(), frame("online"), frame("party", session=FrameSession.AFTER_PARTY)]
    state = with_rsvps(published(frames, after_party=after_party()), "m-1")
    with pytest.raises(FailedPrecondition) as raised:
        run(state, rsvp("m-1", "online"))
    assert fields_of(raised.value) == {"frame_id": "one RSVP per session; 'in-person' is held"}
    state, _ = run(state, rsvp("m-1", "party"))
    assert going(state, "party") == ["m-1"]


def test_cancelling_a_seat_promotes_the_first_waitlisted():
    state = with_rsvps(published([frame(capacity=2)]), "m-1", "m-2", "m-3", "m-4")
    state, events = run(state, cancel_rsvp("m-1"))
    assert names(events) == ["RsvpCancelled", "WaitlistPromoted"]
    cancelled, promoted = events
    assert cancelled.previous_status == pb.RSVP_STATUS_GOING
    assert (promoted.member_id, promoted.cause) == ("m-3", ev.PROMOTION_CAUSE_RSVP_CANCELLED)
    assert promoted.frame_name == cancelled.frame_name == "In Person"
    assert not promoted.HasField("confirm_by")
    assert going(state) == ["m-2", "m-3"] and waitlist(state) == ["m-4"]


def test_leaving_the_waitlist_promotes_nobody():
    state = with_rsvps(published([frame(capacity=1)]), "m-1", "m-2", "m-3")
    state, events = run(state, cancel_rsvp("m-2"))
    assert names(events) == ["RsvpCancelled"]
    assert waitlist(state) == ["m-3"]


def test_cancelling_twice_is_harmless_and_rejoining_goes_to_the_back():
    state = with_rsvps(published([frame(capacity=1)]), "m-1", "m-2", "m-3")
    state, _ = run(state, cancel_rsvp("m-2"))
    assert run(state, cancel_rsvp("m-2"))[1] == []
    state, _ = run(state, rsvp("m-2"))
    assert waitlist(state) == ["m-3", "m-2"]


def test_organizers_cancel_anyone_members_only_themselves():
    state = with_rsvps(published(), "m-1")
    with pytest.raises(PermissionDenied):
        run(state, cancel_rsvp("m-1", actor=member("m-2")))
    state, (cancelled,) = run(state, cancel_rsvp("m-1", actor=ORGANIZER))
    assert cancelled.cancelled_by == ORGANIZER.member_id
    assert state.rsvp("in-person", "m-1").status is RsvpStatus.CANCELLED


def test_cancelling_without_an_rsvp_is_not_found():
    with pytest.raises(NotFound):
        run(published(), cancel_rsvp("m-9"))


def test_members_change_what_they_share():
    state = with_rsvps(published(), "m-1")
    new = rsvp_details(shared_parts=frozenset(IntroductionPart))
    command = c.UpdateRsvp(actor=member("m-1"), meetup_id=MEETUP_ID, frame_id="in-person", member_id="m-1", details=new)
    state, (changed,) = run(state, command)
    assert isinstance(changed, ev.RsvpDetailsChanged)
    assert state.rsvp("in-person", "m-1").details == new
    assert run(state, command)[1] == []
    with pytest.raises(PermissionDenied):
        run(state, replace(command, actor=member("m-2")))


def test_a_lottery_frame_before_its_draw_takes_entries():
    state, (entered,) = run(published([lottery()]), rsvp("m-1", "lottery"))
    assert isinstance(entered, ev.LotteryEntered)
    assert state.rsvp("lottery", "m-1").status is RsvpStatus.APPLIED
    with pytest.raises(FailedPrecondition, match="draw is pending"):
        run(state, rsvp("m-2", "lottery"), now=lottery().draw_at)


def test_rsvp_made_while_seat_confirmation_is_open_counts_as_confirmed():
    policy = SeatConfirmationPolicy(timedelta(days=3), timedelta(days=1))
    state = published(seat_confirmation=policy)
    two_days_before = START - timedelta(days=2)
    state, _ = run(state, c.RequestSeatConfirmation(actor=ORGANIZER, meetup_id=MEETUP_ID), now=two_days_before)
    state, _ = run(state, rsvp("m-1"), now=two_days_before)
    assert state.rsvp("in-person", "m-1").seat_confirmed
