"""Snapshot codec for the meetup aggregate: state <-> MeetupSnapshot bytes.

Protobuf rather than JSON so the value conversions already written for the
events are reused and a 5000-RSVP meetup stays small and quick to restore.
``restore(snapshot(s)) == s`` for every state the fold can produce.

The RSVPs are kept as columns (``RsvpColumns``), in ticket order, and each
RSVP's details (answers, self-introduction) as the bytes of its RsvpDetails:
a restored RSVP decodes them only when they are read (``state.EncodedDetails``),
and a snapshot of a restored state writes them back without decoding. Deciding
an RSVP never reads another member's details, so a cold load of a big meetup
builds none.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import UTC, datetime, timedelta
from types import MappingProxyType

from offkai.events.v1 import snapshot_pb2 as sp
from offkai_events.domain import payloads as cv
from offkai_events.domain.rsvp_map import RsvpMap, RsvpRows
from offkai_events.domain.state import (
    CheckIn,
    EncodedDetails,
    FrameQueues,
    FrameState,
    MeetupState,
    Rsvp,
    RsvpStatus,
)

# Bump when MeetupState changes shape: the kit then ignores older snapshots.
# 2: RSVPs as columns, details encoded (1: a message per RSVP).
SCHEMA = 2

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
STATUS_TO_PB = {s: cv.rsvp_status_to_pb(s) for s in RsvpStatus}
STATUS_FROM_PB = {number: s for s, number in STATUS_TO_PB.items()}


def _details_bytes(rsvp: Rsvp) -> bytes:
    kept = rsvp.encoded_details()
    if kept is not None:
        return kept
    return cv.rsvp_details_to_pb(rsvp.details).SerializeToString(deterministic=True)


def _micros(at: datetime | None) -> int:
    return 0 if at is None else (at - EPOCH) // MICROSECOND


def _fill_rsvp_columns(state: MeetupState, out: sp.RsvpColumns) -> None:
    """Every RSVP in ticket order. The rows of the snapshot the state was
    restored from that did not change since are copied from its columns a run
    at a time; only the RSVPs changed since are encoded, so a snapshot of a big
    meetup costs about what changed since the last one."""
    frame_index = {frame_id: i for i, frame_id in enumerate(state.frames)}
    rsvps = state.rsvps
    changed = sorted(rsvps.changed(), key=lambda r: r.ticket)
    rows = rsvps.rows
    if rows is None:
        if not changed:
            return  # touching the columns would write an empty message
        out.frames.extend([frame_index[r.frame_id] for r in changed])
        out.member_ids.extend([r.member_id for r in changed])
        out.statuses.extend([STATUS_TO_PB[r.status] for r in changed])
        out.tickets.extend([r.ticket for r in changed])
        out.seat_confirmed.extend([r.seat_confirmed for r in changed])
        out.updated_at_micros.extend([_micros(r.updated_at) for r in changed])
        out.details.extend([_details_bytes(r) for r in changed])
        out.without_updated_at.extend([i for i, r in enumerate(changed) if r.updated_at is None])
        return
    base: sp.RsvpColumns = rows.source
    base_tickets = list(base.tickets)
    base_unset = sorted(base.without_updated_at)
    replaced = {row for r in changed if (row := rows.row_of((r.frame_id, r.member_id))) is not None}

    def copy(start: int, stop: int) -> None:
        """Base rows [start, stop) that were not replaced, as runs."""
        for run_start, run_stop in _runs(start, stop, replaced):
            offset = len(out.member_ids) - run_start
            out.frames.extend(base.frames[run_start:run_stop])
            out.member_ids.extend(rows.members[run_start:run_stop])
            out.statuses.extend(base.statuses[run_start:run_stop])
            out.tickets.extend(base_tickets[run_start:run_stop])
            out.seat_confirmed.extend(base.seat_confirmed[run_start:run_stop])
            out.updated_at_micros.extend(base.updated_at_micros[run_start:run_stop])
            out.details.extend(base.details[run_start:run_stop])
            first, last = bisect_left(base_unset, run_start), bisect_left(base_unset, run_stop)
            out.without_updated_at.extend(row + offset for row in base_unset[first:last])

    cursor = 0
    for r in changed:
        at = bisect_left(base_tickets, r.ticket, lo=cursor)
        copy(cursor, at)
        cursor = at
        _append(out, r, frame_index)
    copy(cursor, len(base_tickets))


def _runs(start: int, stop: int, skipped: set[int]) -> list[tuple[int, int]]:
    """[start, stop) cut into the runs between the rows in ``skipped``."""
    runs, run_start = [], start
    for row in sorted(row for row in skipped if start <= row < stop):
        if row > run_start:
            runs.append((run_start, row))
        run_start = row + 1
    if stop > run_start:
        runs.append((run_start, stop))
    return runs


def _append(out: sp.RsvpColumns, r: Rsvp, frame_index: dict[str, int]) -> None:
    if r.updated_at is None:
        out.without_updated_at.append(len(out.member_ids))
    out.frames.append(frame_index[r.frame_id])
    out.member_ids.append(r.member_id)
    out.statuses.append(STATUS_TO_PB[r.status])
    out.tickets.append(r.ticket)
    out.seat_confirmed.append(r.seat_confirmed)
    out.updated_at_micros.append(_micros(r.updated_at))
    out.details.append(_details_bytes(r))


def _unset(columns: sp.RsvpColumns) -> frozenset[int]:
    return frozenset(columns.without_updated_at)


def _queues(state: MeetupState) -> list[sp.FrameQueuesSnapshot]:
    frame_index = {frame_id: i for i, frame_id in enumerate(state.frames)}
    return [
        sp.FrameQueuesSnapshot(frame=frame_index[frame_id], going=q.going, waitlisted=q.waitlisted, applied=q.applied)
        for frame_id, q in state.queues.items()
    ]


def _restore_rsvps(columns: sp.RsvpColumns, frame_ids: list[str]) -> RsvpMap:
    """The RSVPs as rows of the parsed columns: an ``Rsvp`` is built when
    first read."""
    row_frames, members = list(columns.frames), list(columns.member_ids)
    unset = _unset(columns)
    statuses, tickets, confirmed = columns.statuses, columns.tickets, columns.seat_confirmed
    times, details = columns.updated_at_micros, columns.details

    def make(row: int) -> Rsvp:
        return Rsvp(
            frame_ids[row_frames[row]],
            members[row],
            STATUS_FROM_PB[statuses[row]],
            tickets[row],
            EncodedDetails(details[row], cv.rsvp_details_from_bytes),
            confirmed[row],
            None if row in unset else EPOCH + timedelta(microseconds=times[row]),
        )

    return RsvpMap(RsvpRows(frame_ids, row_frames, members, make, columns))


def snapshot(state: MeetupState) -> bytes:
    message = sp.MeetupSnapshot(
        meetup_id=state.meetup_id,
        status=cv.meetup_status_to_pb(state.status),
        details=cv.details_to_pb(state.details) if state.details else None,
        frames=[
            sp.FrameSnapshot(frame=cv.frame_to_pb(f.frame), drawn=f.drawn, lottery_seed=f.lottery_seed)
            for f in state.frames.values()
        ],
        queues=_queues(state),
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
    # Filled in place: a sub-message given to the constructor is copied.
    _fill_rsvp_columns(state, message.rsvp_columns)
    # Deterministic bytes: equal states give equal snapshots.
    return message.SerializeToString(deterministic=True)


def restore(data: bytes) -> MeetupState:
    m = sp.MeetupSnapshot.FromString(data)
    frames = {
        f.frame.frame_id: FrameState(cv.frame_from_pb(f.frame), f.drawn, f.lottery_seed) for f in m.frames
    }
    frame_ids = list(frames)
    rsvps = _restore_rsvps(m.rsvp_columns, frame_ids)
    queues = {
        frame_ids[q.frame]: FrameQueues(tuple(q.going), tuple(q.waitlisted), tuple(q.applied)) for q in m.queues
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
        rsvps=rsvps,
        queues=MappingProxyType(queues),
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
