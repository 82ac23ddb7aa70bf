"""Snapshot codec for the meetup aggregate: state <-> MeetupSnapshot bytes.

Protobuf rather than JSON so the value conversions already written for the
events are reused and a 5000-RSVP meetup stays small and quick to restore.
``restore(snapshot(s)) == s`` for every state the fold can produce.
"""

from __future__ import annotations

from types import MappingProxyType

from offkai.events.v1 import snapshot_pb2 as sp
from offkai_events.domain import payloads as cv
from offkai_events.domain.state import CheckIn, FrameState, MeetupState, Rsvp

# Bump when MeetupState changes shape: the kit then ignores older snapshots.
SCHEMA = 1


def snapshot(state: MeetupState) -> bytes:
    message = sp.MeetupSnapshot(
        meetup_id=state.meetup_id,
        status=cv.meetup_status_to_pb(state.status),
        details=cv.details_to_pb(state.details) if state.details else None,
        frames=[
            sp.FrameSnapshot(frame=cv.frame_to_pb(f.frame), drawn=f.drawn, lottery_seed=f.lottery_seed)
            for f in state.frames.values()
        ],
        rsvps=[
            sp.RsvpSnapshot(
                frame_id=r.frame_id,
                member_id=r.member_id,
                status=cv.rsvp_status_to_pb(r.status),
                ticket=r.ticket,
                details=cv.rsvp_details_to_pb(r.details),
                seat_confirmed=r.seat_confirmed,
                updated_at=cv.timestamp(r.updated_at),
            )
            for r in state.rsvps.values()
        ],
        check_ins=[
            sp.CheckInSnapshot(
                member_id=ci.member_id,
                frame_id=ci.frame_id,
                method=cv.check_in_method_to_pb(ci.method),
                checked_in_at=cv.timestamp(ci.at),
            )
            for ci in state.check_ins.values()
        ],
        check_in_code=state.check_in_code,
        sequence=state.sequence,
        next_ticket=state.next_ticket,
        created_at=cv.timestamp(state.created_at),
        updated_at=cv.timestamp(state.updated_at),
        published_at=cv.timestamp(state.published_at),
        cancellation_reason=state.cancellation_reason,
        seat_confirmation_requested_at=cv.timestamp(state.seat_confirmation_requested_at),
        seat_release_at=cv.timestamp(state.seat_release_at),
        seat_confirmation_closed=state.seat_confirmation_closed,
        ended_at=cv.timestamp(state.ended_at),
    )
    # Deterministic bytes: equal states give equal snapshots.
    return message.SerializeToString(deterministic=True)


def restore(data: bytes) -> MeetupState:
    m = sp.MeetupSnapshot.FromString(data)
    frames = {
        f.frame.frame_id: FrameState(cv.frame_from_pb(f.frame), f.drawn, f.lottery_seed) for f in m.frames
    }
    rsvps = {
        (r.frame_id, r.member_id): Rsvp(
            frame_id=r.frame_id,
            member_id=r.member_id,
            status=cv.rsvp_status_from_pb(r.status),
            ticket=r.ticket,
            details=cv.rsvp_details_from_pb(r.details),
            seat_confirmed=r.seat_confirmed,
            updated_at=cv.instant(r, "updated_at"),
        )
        for r in m.rsvps
    }
    check_ins = {
        ci.member_id: CheckIn(
            ci.member_id, ci.frame_id, cv.check_in_method_from_pb(ci.method), cv.instant(ci, "checked_in_at")
        )
        for ci in m.check_ins
    }
    return MeetupState(
        meetup_id=m.meetup_id,
        status=cv.meetup_status_from_pb(m.status),
        details=cv.details_from_pb(m.details) if m.HasField("details") else None,
        frames=MappingProxyType(frames),
        rsvps=MappingProxyType(rsvps),
        check_ins=MappingProxyType(check_ins),
        check_in_code=m.check_in_code,
        sequence=m.sequence,
        next_ticket=m.next_ticket,
        created_at=cv.instant(m, "created_at"),
        updated_at=cv.instant(m, "updated_at"),
        published_at=cv.instant(m, "published_at"),
        cancellation_reason=m.cancellation_reason,
        seat_confirmation_requested_at=cv.instant(m, "seat_confirmation_requested_at"),
        seat_release_at=cv.instant(m, "seat_release_at"),
        seat_confirmation_closed=m.seat_confirmation_closed,
        ended_at=cv.instant(m, "ended_at"),
    )
