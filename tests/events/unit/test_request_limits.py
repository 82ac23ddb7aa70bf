"""What the domain cannot bound is bounded as sent: a status filter and the
introduction parts to share (lists it sees as sets), and a check-in code (which an
organizer's check-in ignores). meetups.proto and types.proto state the maxima."""

from __future__ import annotations

import pytest

from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import types_pb2 as tpb
from offkai_events.entrypoints import requests
from offkai_kit.errors import InvalidArgument
from tests.events.unit.support import ORGANIZER, member


def test_a_status_filter_longer_than_the_maximum_is_refused():
    published = tpb.MEETUP_STATUS_PUBLISHED
    assert requests.meetup_filter(pb.ListMeetupsRequest(statuses=[published] * 16))
    with pytest.raises(InvalidArgument) as raised:
        requests.meetup_filter(pb.ListMeetupsRequest(statuses=[published] * 17))
    assert [v.field for v in raised.value.violations] == ["statuses"]


def test_shared_parts_longer_than_the_maximum_are_refused():
    part = tpb.INTRODUCTION_PART_HOBBIES
    ok = pb.RsvpToFrameRequest(meetup_id="m", frame_id="f", details=tpb.RsvpDetails(shared_parts=[part] * 16))
    assert requests.rsvp_to_frame(ok, member("m-1")).details.shared_parts
    too_many = pb.RsvpToFrameRequest(meetup_id="m", frame_id="f", details=tpb.RsvpDetails(shared_parts=[part] * 17))
    with pytest.raises(InvalidArgument) as raised:
        requests.rsvp_to_frame(too_many, member("m-1"))
    assert [v.field for v in raised.value.violations] == ["details.shared_parts"]


def test_a_code_longer_than_the_maximum_is_refused_even_where_it_is_ignored():
    request = pb.CheckInRequest(meetup_id="m", member_id="m-1", code="A" * 65)
    with pytest.raises(InvalidArgument) as raised:
        requests.check_in(request, ORGANIZER)
    assert [v.field for v in raised.value.violations] == ["code"]
    assert requests.check_in(pb.CheckInRequest(meetup_id="m", member_id="m-1", code="A" * 64), ORGANIZER)
