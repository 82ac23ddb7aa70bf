"""Organizer broadcasts: organizers of the meetup only, a known segment and
frame, a subject and body within limits."""

from __future__ import annotations

import pytest

from offkai.notify.v1 import events_pb2 as ev
from offkai.notify.v1 import types_pb2 as pb
from offkai_kit.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from offkai_kit.principal import Principal
from offkai_notify.domain.broadcast import MeetupView, broadcast
from offkai_notify.domain.commands import BroadcastToSegment
from offkai_notify.domain.model import BroadcastSegment
from tests.notify.unit.builders import ADMIN, AYUMI, NOW

AKI = Principal("aki", frozenset({"member", "organizer"}))
MEETUP = MeetupView("m-1", "published", frozenset({"aki"}), frozenset({"main", "students"}))


def command(actor=AKI, **overrides) -> BroadcastToSegment:
    fields = dict(actor=actor, broadcast_id="b-1", meetup_id="m-1", segment=BroadcastSegment.GOING,
                  frame_id="", subject="Room change", body="We moved to room 3B.\nSee you there!")
    return BroadcastToSegment(**{**fields, **overrides})


def test_an_organizer_broadcasts_to_a_segment():
    (event,) = broadcast(MEETUP, command(frame_id="students"), NOW)
    assert isinstance(event, ev.BroadcastRequested)
    assert (event.segment, event.frame_id, event.requested_by) == (pb.BROADCAST_SEGMENT_GOING, "students", "aki")
    assert event.body == "We moved to room 3B.\nSee you there!"


def test_an_unknown_meetup_and_someone_elses_draft_are_not_found():
    with pytest.raises(NotFound):
        broadcast(None, command(), NOW)
    with pytest.raises(NotFound):
        broadcast(MeetupView("m-1", "draft", frozenset({"aki"}), frozenset()), command(actor=AYUMI), NOW)


def test_only_organizers_and_admins_broadcast():
    with pytest.raises(PermissionDenied):
        broadcast(MEETUP, command(actor=AYUMI, subject=""), NOW)
    assert broadcast(MEETUP, command(actor=ADMIN), NOW)


def test_bad_fields_are_named():
    with pytest.raises(InvalidArgument) as err:
        broadcast(MEETUP, command(segment=None, frame_id="vip", subject="two\nlines", body=""), NOW)
    assert {v.field for v in err.value.violations} == {"segment", "frame_id", "subject", "body"}
    with pytest.raises(InvalidArgument):
        broadcast(MEETUP, command(body="x" * 4001), NOW)


def test_no_shows_only_after_the_meetup_ended_and_nothing_for_a_draft():
    with pytest.raises(FailedPrecondition):
        broadcast(MEETUP, command(segment=BroadcastSegment.NO_SHOWS), NOW)
    ended = MeetupView("m-1", "ended", frozenset({"aki"}), frozenset({"main"}))
    assert broadcast(ended, command(segment=BroadcastSegment.NO_SHOWS), NOW)
    with pytest.raises(FailedPrecondition):
        broadcast(MeetupView("m-1", "draft", frozenset({"aki"}), frozenset()), command(), NOW)
