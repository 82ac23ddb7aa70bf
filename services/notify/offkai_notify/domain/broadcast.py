"""Deciding an organizer's broadcast against notify's view of the meetup.

Not an aggregate of its own: the rules need only who organizes the meetup,
its status and frames, which notify's meetup projection knows. The handler
reads that view and passes it in, keeping this pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from offkai.notify.v1 import events_pb2 as ev
from offkai_kit import validation
from offkai_kit.decider import Decider
from offkai_kit.errors import FailedPrecondition, NotFound, PermissionDenied, Violations
from offkai_kit.principal import Principal
from offkai_notify.domain.commands import BroadcastToSegment
from offkai_notify.domain.convert import enum_to_pb, timestamp
from offkai_notify.domain.guards import is_privileged
from offkai_notify.domain.model import BroadcastSegment

MAX_SUBJECT = 120
MAX_BODY = 4_000


@dataclass(frozen=True)
class MeetupView:
    meetup_id: str
    # "draft", "published", "cancelled" or "ended" (the events service's words).
    status: str
    organizer_ids: frozenset[str]
    frame_ids: frozenset[str]


def broadcast(meetup: MeetupView | None, c: BroadcastToSegment, now: datetime) -> list:
    organizer = meetup is not None and c.actor.member_id in meetup.organizer_ids
    # A draft is invisible to everyone but its organizers: not found, like a
    # meetup that does not exist.
    if meetup is None or (meetup.status == "draft" and not organizer and not is_privileged(c.actor)):
        raise NotFound(f"meetup '{c.meetup_id}' not found")
    if not organizer and not is_privileged(c.actor):
        raise PermissionDenied("only the meetup's organizers may broadcast to its members")
    v = Violations()
    v.check(c.segment is not None, "segment", "required: going, waitlisted, checked_in or no_shows")
    if c.frame_id:
        v.check(c.frame_id in meetup.frame_ids, "frame_id", f"unknown frame '{c.frame_id}'")
    validation.text(c.subject, "subject", v, limit=MAX_SUBJECT, required=True)
    validation.text(c.body, "body", v, limit=MAX_BODY, required=True, multi_line=True)
    v.raise_if_any()
    if meetup.status == "draft":
        raise FailedPrecondition("the meetup is a draft; nobody holds a place in it yet")
    if c.segment is BroadcastSegment.NO_SHOWS and meetup.status != "ended":
        raise FailedPrecondition("no-shows are known once the meetup has ended")
    if not c.broadcast_id:
        raise ValueError("the handler makes the broadcast id")
    return [
        ev.BroadcastRequested(
            broadcast_id=c.broadcast_id,
            meetup_id=c.meetup_id,
            segment=enum_to_pb(c.segment),
            frame_id=c.frame_id,
            subject=c.subject.strip(),
            body=c.body.strip(),
            requested_by=c.actor.member_id,
            requested_at=timestamp(now),
        )
    ]


@dataclass(frozen=True)
class Judged:
    """A broadcast command with the view of its meetup it is decided against
    (the handler reads the view; deciding stays pure)."""

    meetup: MeetupView | None
    command: BroadcastToSegment


def decide(state: ev.BroadcastRequested | None, judged: Judged, now: datetime) -> list:
    """A broadcast stream holds one BroadcastRequested: asked again, nothing new."""
    if state is not None:
        return []
    return broadcast(judged.meetup, judged.command, now)


def evolve(state: ev.BroadcastRequested | None, event) -> ev.BroadcastRequested:
    return event


# Stream type ``broadcast``, stream id ``broadcast-<broadcast_id>``.
BROADCAST: Decider[ev.BroadcastRequested | None] = Decider(
    stream_type="broadcast", initial=None, evolve=evolve, decide=decide
)


def broadcast_stream_id(broadcast_id: str) -> str:
    return f"broadcast-{broadcast_id}"


def sees_counts(actor: Principal, sent: ev.BroadcastRequested, organizer_ids: Iterable[str]) -> bool:
    """Who, besides admins and services, may count a broadcast's deliveries:
    the organizer who sent it and its meetup's organizers now."""
    return bool(actor.member_id) and actor.member_id in {sent.requested_by, *organizer_ids}
