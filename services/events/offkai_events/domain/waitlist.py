"""Promoting a frame's waitlist: freed seats go to the earliest waitlisted
members, in ticket order, never beyond capacity."""

from __future__ import annotations

from datetime import datetime

from offkai.events.v1 import events_pb2 as ev
from offkai_events.domain.payloads import meetup_summary, timestamp
from offkai_events.domain.state import MeetupState, RsvpStatus


def promote_waitlist(
    state: MeetupState, frame_id: str, seats: int, cause: int, now: datetime
) -> list[ev.WaitlistPromoted]:
    """WaitlistPromoted for up to ``seats`` members at the head of the frame's
    waitlist. ``state`` must already include the change that freed the seats,
    so free seats are counted, not assumed."""
    count = min(seats, state.free_seats(frame_id))
    if count <= 0:
        return []
    head = [state.rsvps[(frame_id, m)] for m in state.queue(frame_id, RsvpStatus.WAITLISTED)[:count]]
    confirm_by = _confirm_by(state, now)
    summary = meetup_summary(state)
    return [
        ev.WaitlistPromoted(
            meetup_id=state.meetup_id,
            frame_id=frame_id,
            frame_name=state.frames[frame_id].frame.name,
            member_id=r.member_id,
            cause=cause,
            promoted_at=timestamp(now),
            confirm_by=timestamp(confirm_by),
            meetup=summary,
        )
        for r in head
    ]


def _confirm_by(state: MeetupState, now: datetime) -> datetime | None:
    """While confirmation is open with an auto-release ahead, a promoted
    member has to confirm by then too."""
    release_at = state.seat_release_at
    open_ = state.seat_confirmation_requested_at is not None and not state.seat_confirmation_closed
    return release_at if open_ and release_at is not None and now < release_at else None
