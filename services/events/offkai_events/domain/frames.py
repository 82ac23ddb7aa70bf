"""Deciding changes to participation frames: adding one, changing capacity."""

from __future__ import annotations

from datetime import datetime

from offkai.events.v1 import events_pb2 as ev
from offkai_events.domain.commands import AddFrame, ChangeFrameCapacity
from offkai_events.domain.evolve import evolve
from offkai_events.domain.guards import existing, frame_of, require_organizer, require_status
from offkai_events.domain.payloads import frame_to_pb, timestamp
from offkai_events.domain.state import MeetupState, MeetupStatus
from offkai_events.domain.validate import MAX_CAPACITY, check_frame
from offkai_events.domain.waitlist import promote_waitlist
from offkai_kit.decider import fold
from offkai_kit.errors import AlreadyExists, FailedPrecondition, FieldViolation, Violations

OPEN = (MeetupStatus.DRAFT, MeetupStatus.PUBLISHED)


def add_frame(state: MeetupState, c: AddFrame, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    require_organizer(state, c.actor, "add frames")
    v = Violations()
    check_frame(c.frame, state.details, now, v, "frame")
    v.raise_if_any()
    require_status(state, "adding a frame", *OPEN)
    if c.frame.frame_id in state.frames:
        raise AlreadyExists(
            f"frame '{c.frame.frame_id}' exists already",
            [FieldViolation("frame.frame_id", f"frame '{c.frame.frame_id}' exists already")],
        )
    return [
        ev.FrameAdded(
            meetup_id=state.meetup_id,
            frame=frame_to_pb(c.frame),
            added_by=c.actor.member_id,
            added_at=timestamp(now),
        )
    ]


def change_capacity(state: MeetupState, c: ChangeFrameCapacity, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    require_organizer(state, c.actor, "change a frame's capacity")
    v = Violations()
    if v.check(c.capacity >= 0, "capacity", "must not be negative"):
        v.check(c.capacity <= MAX_CAPACITY, "capacity", f"must be at most {MAX_CAPACITY}")
    v.raise_if_any()
    frame = frame_of(state, c.frame_id).frame
    require_status(state, "changing a frame", *OPEN)
    if c.capacity == frame.capacity:
        return []
    going = state.going_count(c.frame_id)
    if c.capacity < going:
        message = (
            f"{going} {'member holds a seat' if going == 1 else 'members hold seats'} in frame '{c.frame_id}'; "
            f"its capacity cannot drop below {going}"
        )
        raise FailedPrecondition(message, [FieldViolation("capacity", message)])
    events = [
        ev.FrameCapacityChanged(
            meetup_id=state.meetup_id,
            frame_id=c.frame_id,
            previous_capacity=frame.capacity,
            capacity=c.capacity,
            promote_waitlist=c.promote_waitlist,
            changed_by=c.actor.member_id,
            changed_at=timestamp(now),
        )
    ]
    added = c.capacity - frame.capacity
    if c.promote_waitlist and added > 0:
        after = fold(evolve, state, events)
        events += promote_waitlist(after, c.frame_id, added, ev.PROMOTION_CAUSE_CAPACITY_INCREASED, now)
    return events
