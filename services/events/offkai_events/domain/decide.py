"""``decide(state, command, now) -> events``: the one entry point handlers call.

Each command type maps to its pure decide function; an empty list means the
command changes nothing (a repeat, or a step with nothing left to do). Rules
raise offkai_kit.errors exceptions and nothing is appended.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from google.protobuf.message import Message

from offkai_events.domain import checkin, frames, lottery, meetup, rsvp, seats
from offkai_events.domain import commands as c
from offkai_events.domain.state import MeetupState

Decide = Callable[[MeetupState, object, datetime], list[Message]]

DECIDERS: dict[type, Decide] = {
    c.ScheduleMeetup: meetup.schedule,
    c.UpdateMeetup: meetup.update,
    c.PublishMeetup: meetup.publish,
    c.CancelMeetup: meetup.cancel,
    c.EndMeetup: meetup.end,
    c.RotateCheckInCode: meetup.rotate_check_in_code,
    c.AddFrame: frames.add_frame,
    c.ChangeFrameCapacity: frames.change_capacity,
    c.RsvpToFrame: rsvp.rsvp_to_frame,
    c.UpdateRsvp: rsvp.update_rsvp,
    c.CancelRsvp: rsvp.cancel_rsvp,
    c.DrawLottery: lottery.draw_lottery,
    c.RequestSeatConfirmation: seats.request_confirmation,
    c.ConfirmSeat: seats.confirm_seat,
    c.ReleaseSeat: seats.release_seat,
    c.ReleaseUnconfirmedSeats: seats.release_unconfirmed,
    c.CheckIn: checkin.check_in,
}


def decide(state: MeetupState, command: c.Command, now: datetime) -> list[Message]:
    if now.tzinfo is None:
        raise ValueError("decide needs an aware 'now' (UTC)")
    return DECIDERS[type(command)](state, command, now)
