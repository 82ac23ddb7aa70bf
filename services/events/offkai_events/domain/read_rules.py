"""Read rules over one meetup's state: who may see what of it.

Pure functions the read handlers use, so privacy rules live next to the rest
of the domain: drafts and check-in codes for organizers, self-introduction
parts as each attendee shared them, answers for organizers and the member,
attendance (no-shows) for the member alone; and the frames' occupancy counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from offkai_events.domain.guards import may_organize, require_self_or_organizer
from offkai_events.domain.model import Answer, FrameSession, SelfIntroduction
from offkai_events.domain.state import MeetupState, MeetupStatus, Rsvp, RsvpStatus
from offkai_kit.errors import NotFound, PermissionDenied
from offkai_kit.principal import Principal


def _sees_everything(state: MeetupState, viewer: Principal) -> bool:
    return may_organize(state, viewer) or viewer.is_privileged


def visible(state: MeetupState, viewer: Principal) -> bool:
    """Drafts are their organizers' business; everything else is public."""
    return state.exists and (state.status is not MeetupStatus.DRAFT or _sees_everything(state, viewer))


def check_in_code_for(state: MeetupState, viewer: Principal) -> str:
    return state.check_in_code if _sees_everything(state, viewer) else ""


@dataclass(frozen=True)
class Occupancy:
    frame_id: str
    going: int
    waitlisted: int
    applied: int
    drawn: bool
    lottery_seed: str


def occupancy(state: MeetupState) -> list[Occupancy]:
    return [
        Occupancy(
            frame_id,
            len(state.queue(frame_id, RsvpStatus.GOING)),
            len(state.queue(frame_id, RsvpStatus.WAITLISTED)),
            len(state.queue(frame_id, RsvpStatus.APPLIED)),
            fs.drawn,
            fs.lottery_seed,
        )
        for frame_id, fs in state.frames.items()
    ]


@dataclass(frozen=True)
class AttendeeView:
    member_id: str
    frame_id: str
    introduction: SelfIntroduction
    # Empty unless the viewer organizes the meetup or is the member.
    answers: tuple[Answer, ...]
    seat_confirmed: bool
    checked_in: bool


def attendees(state: MeetupState, frame_id: str, viewer: Principal) -> list[AttendeeView]:
    """A frame's seat holders in the order they got their seats, as ``viewer``
    may see them. Only organizers and members with an RSVP here may look."""
    if frame_id not in state.frames:
        raise NotFound(f"meetup '{state.meetup_id}' has no frame '{frame_id}'")
    everything = _sees_everything(state, viewer)
    if not everything and next(state.active_rsvps_of(viewer.member_id), None) is None:
        raise PermissionDenied("only the meetup's organizers and members with an RSVP see its attendees")
    views = []
    for r in state.rsvps_in(frame_id, RsvpStatus.GOING):
        full = everything or r.member_id == viewer.member_id
        views.append(
            AttendeeView(
                member_id=r.member_id,
                frame_id=frame_id,
                introduction=r.details.introduction if full else r.details.introduction.only(r.details.shared_parts),
                answers=r.details.answers if full else (),
                seat_confirmed=r.seat_confirmed,
                checked_in=r.member_id in state.check_ins,
            )
        )
    return views


def waitlist_position(state: MeetupState, frame_id: str, member_id: str, viewer: Principal) -> tuple[int, int]:
    """(1-based position, waitlist length), for the member or an organizer."""
    require_self_or_organizer(state, viewer, member_id, "look up a waitlist place")
    return _position(state, frame_id, member_id)


def _position(state: MeetupState, frame_id: str, member_id: str) -> tuple[int, int]:
    position = state.waitlist_position(frame_id, member_id)
    if not position:
        raise NotFound(f"member '{member_id}' is not waitlisted in frame '{frame_id}'")
    return position, len(state.queue(frame_id, RsvpStatus.WAITLISTED))


@dataclass(frozen=True)
class RsvpView:
    rsvp: Rsvp
    # 0 unless waitlisted.
    waitlist_position: int
    checked_in: bool


def rsvps_of(state: MeetupState, member_id: str, viewer: Principal) -> list[RsvpView]:
    """The member's RSVPs here (any status), in frame order: theirs to see."""
    viewer.require_self_or_privileged(member_id, "list RSVPs")
    views = []
    for frame_id in state.frames:
        r = state.rsvp(frame_id, member_id)
        if r is None:
            continue
        position = _position(state, frame_id, member_id)[0] if r.status is RsvpStatus.WAITLISTED else 0
        views.append(RsvpView(r, position, member_id in state.check_ins))
    return views


class AttendanceOutcome(StrEnum):
    ATTENDED = "attended"
    NO_SHOW = "no_show"


def attendance(state: MeetupState, member_id: str, viewer: Principal) -> AttendanceOutcome | None:
    """How the member's main-session seat turned out, once the meetup ended;
    None when they held none and did not come. Private to the member (and
    admins): not even the organizers see someone's no-shows this way."""
    viewer.require_self_or_privileged(member_id, "see an attendance record")
    if state.status is not MeetupStatus.ENDED:
        return None
    if member_id in state.check_ins:
        return AttendanceOutcome.ATTENDED
    seat = state.active_rsvp_in_session(member_id, FrameSession.MAIN)
    if seat is not None and seat.status is RsvpStatus.GOING:
        return AttendanceOutcome.NO_SHOW
    return None
