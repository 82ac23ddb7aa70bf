"""Deciding connections: request, accept, decline, withdraw, remove; and the
two steps the service takes itself: connecting introduced members and ending
what an erased member had.

Only the addressee answers a request and only the requester withdraws it.
Asking twice, asking while the other's request waits, asking someone you
blocked are FAILED_PRECONDITION; asking someone who blocked you is
PERMISSION_DENIED.
"""

from __future__ import annotations

from datetime import datetime

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.errors import FailedPrecondition, PermissionDenied, Violations
from offkai_members.domain import validate
from offkai_members.domain.convert import card_to_pb, meetup_to_pb, timestamp
from offkai_members.domain.relationship import commands as c
from offkai_members.domain.relationship import provenance
from offkai_members.domain.relationship.guards import opened, require_pair
from offkai_members.domain.relationship.state import PendingRequest, Provenance, ProvenanceKind, RelationshipState
from offkai_members.domain.roles import require_privileged


def request_connection(state: RelationshipState, cmd: c.RequestConnection, now: datetime) -> list:
    member, other = opened(cmd, "ask to connect")
    if state.blocked_by(cmd.other_id):
        raise PermissionDenied(f"you cannot ask member '{cmd.other_id}' to connect")
    v = Violations()
    note = validate.check_multi_line(cmd.note, "note", v, limit=validate.MAX_REQUEST_NOTE)
    v.raise_if_any()
    require_pair(state, cmd, "connect with")
    if state.blocked_by(cmd.member_id):
        raise FailedPrecondition(f"you blocked member '{cmd.other_id}'; unblock them first")
    if state.connected:
        raise FailedPrecondition(f"you are connected with member '{cmd.other_id}' already")
    if state.request is not None:
        if state.request.requester_id == cmd.member_id:
            raise FailedPrecondition(f"you have already asked member '{cmd.other_id}' to connect")
        raise FailedPrecondition(f"member '{cmd.other_id}' has already asked you to connect; accept their request")
    return [
        ev.ConnectionRequested(
            requester_id=cmd.member_id,
            addressee_id=cmd.other_id,
            note=note,
            requester=card_to_pb(member),
            addressee=card_to_pb(other),
            met_at=[meetup_to_pb(m) for m in provenance.meetups_met(cmd.met_at)],
            requested_at=timestamp(now),
        )
    ]


def _pending_for_addressee(state: RelationshipState, cmd, what: str) -> PendingRequest:
    """The request ``cmd.member_id`` may answer: one from the other member."""
    require_pair(state, cmd, what)
    request = state.request
    if request is not None and request.requester_id == cmd.member_id:
        raise PermissionDenied(f"only member '{cmd.other_id}' can {what} this request")
    if state.connected:
        raise FailedPrecondition(f"you are connected with member '{cmd.other_id}' already")
    if request is None:
        raise FailedPrecondition(f"member '{cmd.other_id}' has no pending request to you")
    return request


def accept_connection(state: RelationshipState, cmd: c.AcceptConnection, now: datetime) -> list:
    member, other = opened(cmd, "accept a request")
    request = _pending_for_addressee(state, cmd, "accept")
    # What both knew when asked, and what the service has learnt since.
    met = provenance.meetups_met(request.met_at, cmd.met_at)
    return [
        ev.ConnectionAccepted(
            requester_id=request.requester_id,
            addressee_id=cmd.member_id,
            provenance=provenance.to_pb(provenance.from_meetings(met)),
            requester=card_to_pb(other),
            addressee=card_to_pb(member),
            connected_at=timestamp(now),
        )
    ]


def decline_connection(state: RelationshipState, cmd: c.DeclineConnection, now: datetime) -> list:
    opened(cmd, "decline a request")
    request = _pending_for_addressee(state, cmd, "decline")
    return [
        ev.ConnectionDeclined(requester_id=request.requester_id, addressee_id=cmd.member_id, declined_at=timestamp(now))
    ]


def withdraw_request(state: RelationshipState, cmd: c.WithdrawConnectionRequest, now: datetime) -> list:
    opened(cmd, "withdraw a request")
    require_pair(state, cmd, "withdraw a request to")
    request = state.request
    if request is not None and request.requester_id != cmd.member_id:
        raise PermissionDenied(f"only member '{cmd.other_id}' can withdraw this request; decline it instead")
    if request is None:
        raise FailedPrecondition(f"you have no pending request to member '{cmd.other_id}'")
    return [
        ev.ConnectionRequestCancelled(
            requester_id=cmd.member_id,
            addressee_id=cmd.other_id,
            reason=ev.REQUEST_CANCEL_REASON_WITHDRAWN,
            cancelled_by=cmd.member_id,
            cancelled_at=timestamp(now),
        )
    ]


def remove_connection(state: RelationshipState, cmd: c.RemoveConnection, now: datetime) -> list:
    opened(cmd, "remove a connection")
    require_pair(state, cmd, "remove a connection with")
    if not state.connected:
        raise FailedPrecondition(f"you are not connected with member '{cmd.other_id}'")
    return [
        ev.ConnectionRemoved(
            member_id=cmd.member_id,
            other_member_id=cmd.other_id,
            reason=ev.CONNECTION_REMOVAL_REASON_REMOVED,
            removed_at=timestamp(now),
        )
    ]


def connect_introduced(state: RelationshipState, cmd: c.ConnectIntroduced, now: datetime) -> list:
    member, other = opened(cmd, "connect introduced members")
    require_privileged(cmd.actor, "connect introduced members")
    require_pair(state, cmd, "be introduced to")
    if state.blocked:
        raise FailedPrecondition("a block stands between these members; they cannot be connected")
    if state.connected:
        return []
    # A pending request either way is superseded: both consented to the introduction.
    introduced = Provenance(
        ProvenanceKind.INTRODUCED_BY, introducer_id=cmd.introducer_id, introduction_id=cmd.introduction_id
    )
    return [
        ev.ConnectionAccepted(
            requester_id=cmd.member_id,
            addressee_id=cmd.other_id,
            provenance=provenance.to_pb(introduced),
            requester=card_to_pb(member),
            addressee=card_to_pb(other),
            connected_at=timestamp(now),
        )
    ]


def forget_erased_member(state: RelationshipState, cmd: c.ForgetErasedMember, now: datetime) -> list:
    require_privileged(cmd.actor, "end an erased member's connections")
    require_pair(state, cmd, "forget")
    if state.connected:
        return [
            ev.ConnectionRemoved(
                member_id=cmd.member_id,
                other_member_id=cmd.other_id,
                reason=ev.CONNECTION_REMOVAL_REASON_ERASED,
                removed_at=timestamp(now),
            )
        ]
    if state.request is not None:
        return [
            ev.ConnectionRequestCancelled(
                requester_id=state.request.requester_id,
                addressee_id=state.request.addressee_id,
                reason=ev.REQUEST_CANCEL_REASON_ERASED,
                cancelled_by=cmd.member_id,
                cancelled_at=timestamp(now),
            )
        ]
    return []
