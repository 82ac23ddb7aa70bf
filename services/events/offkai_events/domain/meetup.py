"""Deciding the meetup's lifecycle: schedule (draft), update, publish, cancel,
end, and rotating its check-in code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import datetime

from offkai.events.v1 import events_pb2 as ev
from offkai.events.v1 import types_pb2 as pb
from offkai_events.domain.commands import (
    CancelMeetup,
    EndMeetup,
    PublishMeetup,
    RotateCheckInCode,
    ScheduleMeetup,
    UpdateMeetup,
)
from offkai_events.domain.guards import (
    existing,
    require_community_organizer,
    require_organizer,
    require_status,
    require_step_runner,
)
from offkai_events.domain.model import FrameSession, MeetupDetails
from offkai_events.domain.payloads import details_to_pb, frame_to_pb, meetup_summary, timestamp
from offkai_events.domain.state import MeetupState, MeetupStatus, RsvpStatus
from offkai_events.domain.validate import (
    check_code,
    check_details,
    check_frames,
    check_reason,
    normalize_code,
)
from offkai_kit.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    PermissionDenied,
    Violations,
)

# MeetupDetails field names in proto field-number order: the order
# MeetupUpdated.changed_fields uses. The dataclass has the same field names.
DETAIL_FIELDS = tuple(f.name for f in pb.MeetupDetails.DESCRIPTOR.fields)


def changed_fields(before: MeetupDetails, after: MeetupDetails) -> list[str]:
    return [name for name in DETAIL_FIELDS if getattr(before, name) != getattr(after, name)]


def merge_details(current: MeetupDetails, new: MeetupDetails, paths: Sequence[str]) -> MeetupDetails:
    """Apply an update mask of top-level MeetupDetails fields; an empty mask
    replaces everything."""
    if not paths:
        return new
    known = {f.name for f in fields(MeetupDetails)}
    v = Violations()
    for i, path in enumerate(paths):
        v.check(path in known, f"update_mask.paths[{i}]", f"unknown MeetupDetails field '{path}'")
    v.raise_if_any()
    return replace(current, **{p: getattr(new, p) for p in paths})


def _check_future_start(d: MeetupDetails, now: datetime, v: Violations) -> None:
    if d.start is not None and d.start.tzinfo is not None:
        v.check(d.start > now, "details.start", "must be in the future")


def schedule(state: MeetupState, c: ScheduleMeetup, now: datetime) -> list:
    if state.exists:
        raise AlreadyExists(f"meetup '{c.meetup_id}' exists already")
    require_community_organizer(c.actor, c.details.community_id, c.organized_communities, "schedule its meetups")
    organizers = c.details.organizer_ids
    if organizers and c.actor.member_id not in organizers and not c.actor.is_admin:
        raise PermissionDenied("an organizer may schedule only meetups they organize")
    v = Violations()
    v.check(bool(c.meetup_id), "meetup_id", "required")
    check_details(c.details, v)
    _check_future_start(c.details, now, v)
    check_frames(c.frames, c.details, now, v)
    check_code(c.check_in_code, "check_in_code", v)
    v.raise_if_any()
    return [
        ev.MeetupScheduled(
            meetup_id=c.meetup_id,
            details=details_to_pb(c.details),
            frames=[frame_to_pb(f) for f in c.frames],
            scheduled_by=c.actor.member_id,
            scheduled_at=timestamp(now),
        ),
        ev.CheckInCodeIssued(
            meetup_id=c.meetup_id,
            code=normalize_code(c.check_in_code),
            issued_by=c.actor.member_id,
            issued_at=timestamp(now),
        ),
    ]


def update(state: MeetupState, c: UpdateMeetup, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    require_organizer(state, c.actor, "change it")
    details = merge_details(state.details, c.details, c.update_mask)
    if details.community_id != state.details.community_id:
        require_community_organizer(c.actor, details.community_id, c.organized_communities, "move a meetup into it")
    v = Violations()
    check_details(details, v)
    changed = changed_fields(state.details, details)
    if "start" in changed:
        _check_future_start(details, now, v)
    _check_frames_still_fit(state, details, v)
    v.raise_if_any()
    require_status(state, "changing it", MeetupStatus.DRAFT, MeetupStatus.PUBLISHED)
    if not changed:
        return []
    published = state.status is MeetupStatus.PUBLISHED
    after = replace(state, details=details)
    return [
        ev.MeetupUpdated(
            meetup_id=state.meetup_id,
            details=details_to_pb(details),
            changed_fields=changed,
            updated_by=c.actor.member_id,
            updated_at=timestamp(now),
            sequence=state.sequence + 1 if published else state.sequence,
            affected_member_ids=after.active_member_ids(),
            meetup=meetup_summary(after),
        )
    ]


def _check_frames_still_fit(state: MeetupState, d: MeetupDetails, v: Violations) -> None:
    """New times or a dropped after-party must not strand existing frames."""
    for frame_id, fs in state.frames.items():
        frame = fs.frame
        if frame.session is FrameSession.AFTER_PARTY and d.after_party is None:
            v.add("details.after_party", f"frame '{frame_id}' seats the after-party, so it cannot be dropped")
        start_known = d.start is not None and d.start.tzinfo is not None
        if frame.is_lottery and not fs.drawn and start_known and frame.draw_at >= d.start:
            v.add("details.start", f"must be after the draw of lottery frame '{frame_id}'")


def publish(state: MeetupState, c: PublishMeetup, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    require_organizer(state, c.actor, "publish it")
    if state.status is MeetupStatus.PUBLISHED:
        return []
    require_status(state, "publishing", MeetupStatus.DRAFT)
    d = state.details
    # A lottery whose draw time passed while in draft simply draws its (no)
    # applicants at once and then works first-come; a past start is an error.
    if d.start <= now:
        raise FailedPrecondition(
            "the meetup's start has passed; move it before publishing",
            [FieldViolation("details.start", "must be in the future to publish")],
        )
    return [
        ev.MeetupPublished(
            meetup_id=state.meetup_id,
            details=details_to_pb(d),
            frames=[frame_to_pb(fs.frame) for fs in state.frames.values()],
            published_by=c.actor.member_id,
            published_at=timestamp(now),
            sequence=state.sequence,
        )
    ]


def cancel(state: MeetupState, c: CancelMeetup, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    require_organizer(state, c.actor, "cancel it")
    v = Violations()
    check_reason(c.reason, "reason", v)
    v.raise_if_any()
    if state.status is MeetupStatus.CANCELLED:
        return []
    require_status(state, "cancelling", MeetupStatus.DRAFT, MeetupStatus.PUBLISHED)
    published = state.status is MeetupStatus.PUBLISHED
    return [
        ev.MeetupCancelled(
            meetup_id=state.meetup_id,
            reason=c.reason,
            cancelled_by=c.actor.member_id,
            cancelled_at=timestamp(now),
            sequence=state.sequence + 1 if published else state.sequence,
            affected_member_ids=state.active_member_ids(),
            meetup=meetup_summary(state),
        )
    ]


def end(state: MeetupState, c: EndMeetup, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    require_step_runner(state, c.actor, "end it")
    if state.status is MeetupStatus.ENDED:
        return []
    require_status(state, "ending", MeetupStatus.PUBLISHED)
    if now < state.details.start:
        raise FailedPrecondition("the meetup has not started yet; it can end once it has started")
    summary = meetup_summary(state)
    no_shows = [
        r
        for r in sorted(state.rsvps.values(), key=lambda r: r.ticket)
        if r.status is RsvpStatus.GOING
        and state.frames[r.frame_id].frame.session is FrameSession.MAIN
        and r.member_id not in state.check_ins
    ]
    return [
        ev.MeetupEnded(
            meetup_id=state.meetup_id,
            ended_at=timestamp(now),
            checked_in_member_ids=list(state.check_ins),
            no_show_count=len(no_shows),
            meetup=summary,
        ),
        *(
            ev.NoShowRecorded(
                meetup_id=state.meetup_id,
                member_id=r.member_id,
                frame_id=r.frame_id,
                recorded_at=timestamp(now),
                meetup=summary,
            )
            for r in no_shows
        ),
    ]


def rotate_check_in_code(state: MeetupState, c: RotateCheckInCode, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    require_organizer(state, c.actor, "change its check-in code")
    v = Violations()
    check_code(c.code, "code", v)
    v.raise_if_any()
    require_status(state, "a new check-in code", MeetupStatus.DRAFT, MeetupStatus.PUBLISHED)
    return [
        ev.CheckInCodeIssued(
            meetup_id=state.meetup_id,
            code=normalize_code(c.code),
            issued_by=c.actor.member_id,
            issued_at=timestamp(now),
        )
    ]
