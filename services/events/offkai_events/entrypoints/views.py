"""Meetup states → API messages, as a given viewer may see them.

Who sees what is decided by ``domain.read_rules`` (check-in codes, answers,
introduction parts, attendance); this module only lays the answers out.
"""

from __future__ import annotations

from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import types_pb2 as types
from offkai_events.domain import read_rules as q
from offkai_events.domain.payloads import (
    details_to_pb,
    frame_to_pb,
    meetup_status_to_pb,
    rsvp_details_to_pb,
    rsvp_status_to_pb,
    timestamp,
)
from offkai_events.domain.state import MeetupState, Rsvp, RsvpStatus
from offkai_kit.errors import NotFound
from offkai_kit.principal import Principal

OUTCOMES = {
    q.AttendanceOutcome.ATTENDED: pb.ATTENDANCE_OUTCOME_ATTENDED,
    q.AttendanceOutcome.NO_SHOW: pb.ATTENDANCE_OUTCOME_NO_SHOW,
}


def meetup_message(state: MeetupState, viewer: Principal) -> pb.Meetup:
    return pb.Meetup(
        meetup_id=state.meetup_id,
        status=meetup_status_to_pb(state.status),
        details=details_to_pb(state.details),
        frames=[frame_to_pb(fs.frame) for fs in state.frames.values()],
        occupancy=[
            pb.FrameOccupancy(
                frame_id=o.frame_id,
                going=o.going,
                waitlisted=o.waitlisted,
                applied=o.applied,
                drawn=o.drawn,
                lottery_seed=o.lottery_seed,
            )
            for o in q.occupancy(state)
        ],
        sequence=state.sequence,
        created_at=timestamp(state.created_at),
        updated_at=timestamp(state.updated_at),
        published_at=timestamp(state.published_at),
        cancellation_reason=state.cancellation_reason,
        check_in_code=q.check_in_code_for(state, viewer),
    )


def waitlist_place(state: MeetupState, rsvp: Rsvp) -> int:
    """1-based place in the frame's waitlist; 0 unless waitlisted."""
    if rsvp.status is not RsvpStatus.WAITLISTED:
        return 0
    return state.waitlist_position(rsvp.frame_id, rsvp.member_id)


def rsvp_message(state: MeetupState, rsvp: Rsvp, waitlist_position: int | None = None) -> pb.Rsvp:
    return pb.Rsvp(
        meetup_id=state.meetup_id,
        frame_id=rsvp.frame_id,
        member_id=rsvp.member_id,
        status=rsvp_status_to_pb(rsvp.status),
        waitlist_position=waitlist_place(state, rsvp) if waitlist_position is None else waitlist_position,
        seat_confirmed=rsvp.seat_confirmed,
        checked_in=rsvp.member_id in state.check_ins,
        details=rsvp_details_to_pb(rsvp.details),
        updated_at=timestamp(rsvp.updated_at),
    )


def rsvp_of(state: MeetupState, frame_id: str, member_id: str) -> pb.Rsvp:
    """The member's RSVP in the frame after a command on it. The command's
    caller is the member, an organizer or an admin, all of whom may see it."""
    rsvp = state.rsvp(frame_id, member_id)
    if rsvp is None:  # the command would have failed first
        raise NotFound(f"member '{member_id}' has no RSVP in frame '{frame_id}'")
    return rsvp_message(state, rsvp)


def attendee_message(view: q.AttendeeView, display_name: str) -> pb.Attendee:
    intro = view.introduction
    return pb.Attendee(
        member_id=view.member_id,
        display_name=display_name,
        frame_id=view.frame_id,
        self_introduction=types.SelfIntroduction(
            what_i_do=intro.what_i_do, why_i_come=intro.why_i_come, hobbies=intro.hobbies
        ),
        answers=[types.Answer(question_id=a.question_id, answer=a.answer) for a in view.answers],
        seat_confirmed=view.seat_confirmed,
        checked_in=view.checked_in,
    )


def attendance_entry(state: MeetupState, outcome: q.AttendanceOutcome) -> pb.AttendanceEntry:
    d = state.details
    return pb.AttendanceEntry(
        meetup_id=state.meetup_id,
        title=d.title,
        start=timestamp(d.start),
        timezone=d.timezone,
        outcome=OUTCOMES[outcome],
    )


def check_in_message(state: MeetupState, member_id: str) -> pb.CheckInResponse:
    check_in = state.check_ins[member_id]
    return pb.CheckInResponse(
        meetup_id=state.meetup_id,
        member_id=member_id,
        frame_id=check_in.frame_id,
        checked_in_at=timestamp(check_in.at),
    )
