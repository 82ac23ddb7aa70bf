"""Blocks: blocking ends any connection or pending request in the same
append; a blocked member cannot ask; unblocking restores nothing."""

from __future__ import annotations

import pytest

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.errors import FailedPrecondition, NotFound, PermissionDenied
from offkai_members.domain import relationship
from offkai_members.domain.relationship.state import Standing
from tests.members.unit.builders import (
    block,
    connected,
    given_commands,
    names,
    request,
    run,
    unblock,
)


def test_blocking_a_connection_removes_it_after_the_block():
    state, events = run(relationship, connected(), block("ayumi", "kenji"))
    assert names(events) == ["MemberBlocked", "ConnectionRemoved"]
    blocked, removed = events
    assert (blocked.blocker_id, blocked.blocked_id) == ("ayumi", "kenji")
    assert removed.reason == ev.CONNECTION_REMOVAL_REASON_BLOCKED and removed.member_id == "ayumi"
    assert not state.connected and state.blocked_by("ayumi")
    assert state.standing_of("ayumi") is Standing.BLOCKED
    assert state.standing_of("kenji") is Standing.BLOCKED_BY_OTHER


@pytest.mark.parametrize("blocker, other", [("ayumi", "kenji"), ("kenji", "ayumi")])
def test_blocking_cancels_a_pending_request_either_way(blocker, other):
    state = given_commands(relationship, request("ayumi", "kenji"))
    state, events = run(relationship, state, block(blocker, other))
    assert names(events) == ["MemberBlocked", "ConnectionRequestCancelled"]
    cancelled = events[1]
    assert (cancelled.requester_id, cancelled.reason, cancelled.cancelled_by) == (
        "ayumi",
        ev.REQUEST_CANCEL_REASON_BLOCKED,
        blocker,
    )
    assert state.request is None


def test_a_blocked_member_cannot_ask():
    state = given_commands(relationship, block("kenji", "ayumi"))
    with pytest.raises(PermissionDenied, match="cannot ask"):
        run(relationship, state, request("ayumi", "kenji"))


def test_the_blocker_must_unblock_before_asking():
    state = given_commands(relationship, block("ayumi", "kenji"))
    with pytest.raises(FailedPrecondition, match="unblock them first"):
        run(relationship, state, request("ayumi", "kenji"))


def test_both_may_block_and_each_unblocks_only_their_own():
    state = given_commands(relationship, block("ayumi", "kenji"), block("kenji", "ayumi"))
    state, (unblocked,) = run(relationship, state, unblock("kenji", "ayumi"))
    assert isinstance(unblocked, ev.MemberUnblocked) and unblocked.blocker_id == "kenji"
    assert state.blocked_by("ayumi") and not state.blocked_by("kenji")
    with pytest.raises(PermissionDenied):
        run(relationship, state, request("kenji", "ayumi"))


def test_unblocking_restores_nothing():
    state = given_commands(relationship, request("ayumi", "kenji"), block("kenji", "ayumi"), unblock("kenji", "ayumi"))
    assert state.standing_of("ayumi") is Standing.NONE and state.request is None
    assert names(run(relationship, state, request("ayumi", "kenji"))[1]) == ["ConnectionRequested"]


def test_blocking_twice_or_unblocking_nobody_changes_nothing():
    state = given_commands(relationship, block("ayumi", "kenji"))
    assert run(relationship, state, block("ayumi", "kenji"))[1] == []
    assert run(relationship, relationship.INITIAL, unblock("ayumi", "kenji"))[1] == []


def test_blocking_yourself_or_nobody_is_refused():
    with pytest.raises(FailedPrecondition, match="yourself"):
        run(relationship, relationship.INITIAL, block("ayumi", "ayumi"))
    with pytest.raises(NotFound):
        run(relationship, relationship.INITIAL, block("ayumi", "kenji", other=None))
