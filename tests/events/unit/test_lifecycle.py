"""Meetup lifecycle rules: schedule (draft), update, publish, cancel, end,
check-in code rotation — given events, when command, then events."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from offkai.events.v1 import events_pb2 as ev
from offkai_events.domain import commands as c
from offkai_events.domain.meetup import merge_details
from offkai_events.domain.model import EntryRules, FrameSession, MeetupFormat, SeatConfirmationPolicy, Station
from offkai_events.domain.payloads import details_from_pb
from offkai_events.domain.state import INITIAL, MeetupStatus
from offkai_kit.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from tests.events.unit.support import (
    ADMIN,
    CODE,
    END,
    MEETUP_ID,
    NOW,
    ORGANIZER,
    START,
    STRANGER_ORGANIZER,
    after_party,
    details,
    drafted,
    fields_of,
    frame,
    lottery,
    member,
    names,
    pre_meeting,
    published,
    run,
    schedule,
    venue,
    with_rsvps,
)

# -- schedule -----------------------------------------------------------------


def test_scheduling_drafts_the_meetup_and_issues_its_code_apart():
    state, events = run(INITIAL, schedule())
    assert names(events) == ["MeetupScheduled", "CheckInCodeIssued"]
    scheduled, code = events
    assert details_from_pb(scheduled.details) == details()
    # The code never rides on the event other services consume.
    assert CODE not in scheduled.SerializeToString().decode("utf-8", "ignore")
    assert code.code == CODE
    assert state.status is MeetupStatus.DRAFT
    assert state.check_in_code == CODE
    assert list(state.frames) == ["in-person"]


def test_scheduling_normalizes_the_code_people_type():
    command = replace(schedule(), check_in_code=" k7q2px ")
    _, events = run(INITIAL, command)
    assert events[1].code == "K7Q2PX"


def test_scheduling_needs_a_role_in_the_community_not_the_tokens_organizer_role():
    # The JWT's "organizer" role alone no longer suffices…
    with pytest.raises(PermissionDenied) as refused:
        run(INITIAL, schedule(organizes=False))
    assert "community 'rust-tokyo'" in refused.value.message
    # …while a plain member who organizes the community (in members) may.
    state, _ = run(INITIAL, schedule(actor=member("m-1"), organizer_ids=("m-1",)))
    assert state.status is MeetupStatus.DRAFT


def test_an_organizer_schedules_only_meetups_they_organize_but_admins_any():
    with pytest.raises(PermissionDenied):
        run(INITIAL, schedule(actor=STRANGER_ORGANIZER))
    state, _ = run(INITIAL, schedule(actor=ADMIN, organizes=False))
    assert state.status is MeetupStatus.DRAFT


def test_moving_a_meetup_into_another_community_needs_a_role_there_too():
    moved = details(community_id="go-osaka")
    with pytest.raises(PermissionDenied):
        run(drafted(), c.UpdateMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, details=moved,
                                      organized_communities=frozenset({"rust-tokyo"})))
    _, (updated,) = run(drafted(), c.UpdateMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, details=moved,
                                                  organized_communities=frozenset({"go-osaka"})))
    assert updated.changed_fields == ["community_id"]


def test_scheduling_twice_is_refused():
    with pytest.raises(AlreadyExists):
        run(drafted(), schedule())


@pytest.mark.parametrize(
    ("overrides", "field", "description"),
    [
        ({"title": "  "}, "details.title", "must not be empty"),
        ({"title": "x" * 121}, "details.title", "must be at most 120 characters"),
        ({"end": START - timedelta(minutes=1)}, "details.end", "must be after start"),
        ({"end": START}, "details.end", "must be after start"),
        ({"timezone": "Asia/Tokio"}, "details.timezone", "unknown IANA time zone 'Asia/Tokio'"),
        ({"timezone": "../etc/passwd"}, "details.timezone", "unknown IANA time zone '../etc/passwd'"),
        ({"timezone": ""}, "details.timezone", "required: an IANA time zone such as 'Asia/Tokyo'"),
        ({"start": None}, "details.start", "required"),
        ({"end": END.replace(tzinfo=None)}, "details.end", "must be an instant (a time with a UTC offset)"),
        ({"start": NOW - timedelta(days=1), "end": NOW}, "details.start", "must be in the future"),
        ({"community_id": ""}, "details.community_id", "required"),
        ({"organizer_ids": ()}, "details.organizer_ids", "at least one organizer is required"),
        ({"format": None}, "details.format", "required: in-person, hybrid or online"),
        ({"venue": None}, "details.venue", "required for an in-person meetup"),
        ({"tags": ("rust", "rust")}, "details.tags[1]", "duplicate tag 'rust'"),
        (
            {"venue": venue(stations=(Station("Shibuya", walking_minutes=-3),))},
            "details.venue.stations[0].walking_minutes",
            "must be between 0 and 180 minutes",
        ),
        (
            {"venue": venue(stations=(Station(""),))},
            "details.venue.stations[0].station",
            "must not be empty",
        ),
        ({"title": "Rust\nmini-off"}, "details.title", "must be a single line without control characters (found U+000A)"),
        ({"community_id": "rust\ntokyo"}, "details.community_id",
         "must be a single line without control characters (found U+000A)"),
        ({"title": "Rust \u202emini-off"}, "details.title",
         "must be a single line without control characters (found U+202E)"),
        ({"timezone": "America"}, "details.timezone", "unknown IANA time zone 'America'"),
        ({"timezone": "Etc"}, "details.timezone", "unknown IANA time zone 'Etc'"),
        ({"timezone": "Factory"}, "details.timezone", "unknown IANA time zone 'Factory'"),
        ({"timezone": "A" * 300}, "details.timezone", "unknown IANA time zone '" + "A" * 40 + "…'"),
        ({"tags": ("rust",) * 21}, "details.tags", "at most 20 items"),
        (
            {"format": MeetupFormat.HYBRID},
            "details.online_url",
            "a join URL is required for a hybrid meetup",
        ),
        (
            {"format": MeetupFormat.ONLINE, "venue": None, "online_url": "ftp://x"},
            "details.online_url",
            "must be an http or https URL",
        ),
        (
            {"seat_confirmation": SeatConfirmationPolicy(timedelta(days=10_000))},
            "details.seat_confirmation.opens_before",
            "must be positive and at most 90 days",
        ),
    ],
)
def test_bad_details_are_refused_field_by_field(overrides, field, description):
    with pytest.raises(InvalidArgument) as raised:
        run(INITIAL, schedule(**overrides))
    assert fields_of(raised.value)[field] == description


def test_every_bad_field_is_reported_at_once():
    with pytest.raises(InvalidArgument) as raised:
        run(INITIAL, schedule([frame(capacity=-1)], title="", timezone="Mars/Olympus"))
    assert {"details.title", "details.timezone", "frames[0].capacity"} <= set(fields_of(raised.value))


@pytest.mark.parametrize(
    ("frames", "field", "description"),
    [
        ([], "frames", "at least one frame is required"),
        ([frame(capacity=-1)], "frames[0].capacity", "must not be negative"),
        ([frame(), frame()], "frames[1].frame_id", "duplicate frame id 'in-person'"),
        ([frame("In Person")], "frames[0].frame_id", "must be lowercase letters, digits and '-', at most 40 characters"),
        ([frame(mode=None)], "frames[0].mode", "required: first-come or lottery"),
        ([lottery(draw_at=None)], "frames[0].draw_at", "required for a lottery frame"),
        ([lottery(draw_at=START)], "frames[0].draw_at", "must be before the meetup's start"),
        ([lottery(draw_at=NOW - timedelta(hours=1))], "frames[0].draw_at", "must be in the future"),
        (
            [lottery(draw_at=NOW.replace(tzinfo=None))],
            "frames[0].draw_at",
            "must be an instant (a time with a UTC offset)",
        ),
        ([frame(draw_at=START - timedelta(days=1))], "frames[0].draw_at", "only lottery frames have a draw time"),
        (
            [frame("party", session=FrameSession.AFTER_PARTY)],
            "frames[0].session",
            "an after-party frame needs details.after_party",
        ),
    ],
)
def test_bad_frames_are_refused(frames, field, description):
    with pytest.raises(InvalidArgument) as raised:
        run(INITIAL, schedule(frames))
    assert fields_of(raised.value)[field] == description


def test_sessions_are_checked_against_the_meetup_times():
    late_pre = replace(pre_meeting(), end=START + timedelta(minutes=5))
    early_party = replace(after_party(), start=START - timedelta(hours=1))
    with pytest.raises(InvalidArgument) as raised:
        run(INITIAL, schedule(pre_meeting=late_pre, after_party=early_party))
    assert fields_of(raised.value) == {
        "details.pre_meeting.end": "must be no later than the meetup's start",
        "details.after_party.start": "must not be before the meetup's start",
    }


HOUR, MINUTE = timedelta(hours=1), timedelta(minutes=1)


@pytest.mark.parametrize(
    ("offsets", "field", "description"),
    [
        ((9 * MINUTE,), "details.reminder_offsets[0]", "must be between 10 minutes and 14 days before the start"),
        ((HOUR, timedelta(days=14, minutes=1)), "details.reminder_offsets[1]",
         "must be between 10 minutes and 14 days before the start"),
        ((-HOUR,), "details.reminder_offsets[0]", "must be between 10 minutes and 14 days before the start"),
        ((HOUR + timedelta(seconds=30),), "details.reminder_offsets[0]", "must be whole minutes"),
        ((HOUR, 2 * HOUR, HOUR), "details.reminder_offsets[2]", "duplicate reminder offset"),
        (tuple(h * HOUR for h in range(1, 7)), "details.reminder_offsets", "at most 5 items"),
    ],
)
def test_bad_reminder_offsets_are_refused_at_the_offset(offsets, field, description):
    with pytest.raises(InvalidArgument) as raised:
        run(INITIAL, schedule(reminder_offsets=offsets))
    assert fields_of(raised.value) == {field: description}


def test_reminder_offsets_at_the_bounds_travel_in_the_scheduled_event():
    offsets = (timedelta(days=14), 90 * MINUTE, 10 * MINUTE)
    after, events = run(INITIAL, schedule(reminder_offsets=offsets))
    scheduled = next(e for e in events if isinstance(e, ev.MeetupScheduled))
    assert [d.ToTimedelta() for d in scheduled.details.reminder_offsets] == list(offsets)
    assert details_from_pb(scheduled.details).reminder_offsets == offsets
    assert after.details.reminder_offsets == offsets


def test_changing_the_reminder_offsets_by_mask_is_an_update_of_that_field():
    state = with_rsvps(published(), "m-1")
    new = details(title="ignored, not in the mask", reminder_offsets=(2 * HOUR,))
    after, (updated,) = run(state, c.UpdateMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, details=new,
                                                  update_mask=("reminder_offsets",)))
    assert list(updated.changed_fields) == ["reminder_offsets"]
    assert [d.ToTimedelta() for d in updated.details.reminder_offsets] == [2 * HOUR]
    assert after.details == replace(details(), reminder_offsets=(2 * HOUR,))
    with pytest.raises(InvalidArgument) as raised:
        run(state, c.UpdateMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, details=details(reminder_offsets=(MINUTE,)),
                                  update_mask=("reminder_offsets",)))
    assert set(fields_of(raised.value)) == {"details.reminder_offsets[0]"}


# -- update -------------------------------------------------------------------


def test_an_update_says_what_changed_and_bumps_the_sequence_once_published():
    state = with_rsvps(published(), "m-1")
    new = details(title="Rust mini-off (moved)", start=START + timedelta(hours=1), end=END + timedelta(hours=1),
                  venue=venue(entry_rules=EntryRules()))
    after, events = run(state, c.UpdateMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, details=new))
    (updated,) = events
    assert list(updated.changed_fields) == ["title", "start", "end", "venue"]
    assert updated.sequence == 1
    assert list(updated.affected_member_ids) == ["m-1"]
    assert updated.meetup.title == "Rust mini-off (moved)"
    assert after.details == new
    assert after.sequence == 1


def test_draft_updates_do_not_bump_the_sequence():
    after, (updated,) = run(drafted(), c.UpdateMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, details=details(title="T")))
    assert updated.sequence == 0 and after.sequence == 0


def test_an_update_that_changes_nothing_decides_nothing():
    assert run(published(), c.UpdateMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, details=details()))[1] == []


def test_only_organizers_and_admins_update():
    command = c.UpdateMeetup(actor=member("m-1"), meetup_id=MEETUP_ID, details=details(title="mine now"))
    with pytest.raises(PermissionDenied):
        run(published(), command)
    run(published(), replace(command, actor=ADMIN))


def test_updates_are_validated_and_cannot_strand_frames():
    state = published([frame(), lottery(), frame("party", session=FrameSession.AFTER_PARTY)], after_party=after_party())
    start = START - timedelta(days=20)
    moved = details(start=start, end=start + timedelta(hours=3), venue=venue(entry_rules=EntryRules()))
    with pytest.raises(InvalidArgument) as raised:
        run(state, c.UpdateMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, details=moved))
    assert fields_of(raised.value) == {
        "details.after_party": "frame 'party' seats the after-party, so it cannot be dropped",
        "details.start": "must be after the draw of lottery frame 'lottery'",
    }


def test_naive_times_are_refused_not_crashed_on():
    naive = details(start=START.replace(tzinfo=None))
    with pytest.raises(InvalidArgument) as raised:
        run(published([lottery()]), c.UpdateMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, details=naive))
    assert fields_of(raised.value) == {"details.start": "must be an instant (a time with a UTC offset)"}


def test_updating_an_unknown_meetup_is_not_found():
    with pytest.raises(NotFound):
        run(INITIAL, c.UpdateMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, details=details()))


def test_a_cancelled_meetup_cannot_change():
    state, _ = run(published(), c.CancelMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID))
    with pytest.raises(FailedPrecondition, match="meetup is cancelled"):
        run(state, c.UpdateMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, details=details(title="back?")))


def test_merge_details_applies_a_mask_of_top_level_fields():
    current, new = details(), details(title="New", description="changed too")
    assert merge_details(current, new, ["title"]) == replace(current, title="New")
    assert merge_details(current, new, []) == new
    with pytest.raises(InvalidArgument) as raised:
        merge_details(current, new, ["title", "venue.name"])
    assert fields_of(raised.value) == {"update_mask.paths[1]": "unknown MeetupDetails field 'venue.name'"}


# -- publish and cancel -------------------------------------------------------


def test_publishing_carries_everything_and_is_idempotent():
    state, events = run(drafted(), c.PublishMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID))
    (published_event,) = events
    assert details_from_pb(published_event.details) == details()
    assert [f.frame_id for f in published_event.frames] == ["in-person"]
    assert published_event.sequence == 0
    assert state.status is MeetupStatus.PUBLISHED and state.published_at == NOW
    assert run(state, c.PublishMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID))[1] == []


def test_a_meetup_whose_start_passed_cannot_be_published():
    with pytest.raises(FailedPrecondition) as raised:
        run(drafted(), c.PublishMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID), now=START)
    assert fields_of(raised.value) == {"details.start": "must be in the future to publish"}


def test_cancelling_tells_everyone_holding_an_rsvp_and_bumps_the_sequence():
    state = with_rsvps(published([frame(capacity=1)]), "m-1", "m-2")
    after, (cancelled,) = run(state, c.CancelMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, reason="typhoon"))
    assert list(cancelled.affected_member_ids) == ["m-1", "m-2"]
    assert cancelled.sequence == 1 and cancelled.reason == "typhoon"
    assert after.status is MeetupStatus.CANCELLED and after.sequence == 1
    assert run(after, c.CancelMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID))[1] == []


def test_a_draft_can_be_cancelled_but_an_ended_meetup_cannot():
    after, _ = run(drafted(), c.CancelMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID))
    assert after.status is MeetupStatus.CANCELLED and after.sequence == 0
    ended, _ = run(published(), c.EndMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID), now=END)
    with pytest.raises(FailedPrecondition):
        run(ended, c.CancelMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID))


def test_a_cancellation_reason_has_a_limit():
    with pytest.raises(InvalidArgument) as raised:
        run(published(), c.CancelMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID, reason="x" * 1001))
    assert "reason" in fields_of(raised.value)


# -- end ----------------------------------------------------------------------


def test_ending_records_who_came_and_a_no_show_for_every_other_seat():
    state = with_rsvps(published([frame(capacity=3)]), "m-1", "m-2", "m-3")
    state, _ = run(state, c.CheckIn(actor=ORGANIZER, meetup_id=MEETUP_ID, member_id="m-2"), now=START)
    after, events = run(state, c.EndMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID), now=START + timedelta(hours=1))
    assert names(events) == ["MeetupEnded", "NoShowRecorded", "NoShowRecorded"]
    ended = events[0]
    assert list(ended.checked_in_member_ids) == ["m-2"]
    assert ended.no_show_count == 2
    assert [e.member_id for e in events[1:]] == ["m-1", "m-3"]
    assert after.status is MeetupStatus.ENDED
    assert run(after, c.EndMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID), now=END)[1] == []


def test_after_party_seats_are_not_no_shows():
    state = published([frame(), frame("party", session=FrameSession.AFTER_PARTY)], after_party=after_party())
    state = with_rsvps(state, "m-1", frame_id="party")
    _, events = run(state, c.EndMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID), now=END)
    assert names(events) == ["MeetupEnded"]


def test_a_meetup_ends_only_after_it_started_and_only_when_published():
    with pytest.raises(FailedPrecondition, match="not started"):
        run(published(), c.EndMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID), now=START - timedelta(minutes=1))
    with pytest.raises(FailedPrecondition, match="meetup is draft"):
        run(drafted(), c.EndMeetup(actor=ORGANIZER, meetup_id=MEETUP_ID), now=END)
    with pytest.raises(PermissionDenied):
        run(published(), c.EndMeetup(actor=member("m-1"), meetup_id=MEETUP_ID), now=END)


# -- check-in code ------------------------------------------------------------


def test_organizers_rotate_the_check_in_code():
    state, (issued,) = run(published(), c.RotateCheckInCode(actor=ORGANIZER, meetup_id=MEETUP_ID, code="NEW123"))
    assert isinstance(issued, ev.CheckInCodeIssued) and state.check_in_code == "NEW123"
    with pytest.raises(InvalidArgument) as raised:
        run(published(), c.RotateCheckInCode(actor=ORGANIZER, meetup_id=MEETUP_ID, code="ab"))
    assert fields_of(raised.value) == {"code": "must be 4 to 32 letters or digits"}
    with pytest.raises(PermissionDenied):
        run(published(), c.RotateCheckInCode(actor=member("m-1"), meetup_id=MEETUP_ID, code="MINE99"))
