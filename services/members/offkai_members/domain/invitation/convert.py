"""Invitation targets and outcomes to and from protobuf."""

from __future__ import annotations

from offkai.members.v1 import types_pb2 as pb
from offkai_members.domain.convert import instant, timestamp
from offkai_members.domain.invitation.state import InvitationTarget, Outcome, TargetKind

TARGET_KINDS = {
    TargetKind.MEETUP: pb.INVITATION_TARGET_KIND_MEETUP,
    TargetKind.COMMUNITY: pb.INVITATION_TARGET_KIND_COMMUNITY,
}
OUTCOMES = {Outcome.JOINED: pb.INVITATION_OUTCOME_JOINED, Outcome.RSVPED: pb.INVITATION_OUTCOME_RSVPED}
_TARGET_KINDS_FROM_PB = {v: k for k, v in TARGET_KINDS.items()}
_OUTCOMES_FROM_PB = {v: k for k, v in OUTCOMES.items()}


def target_kind_from_pb(value: int) -> TargetKind | None:
    return _TARGET_KINDS_FROM_PB.get(value)


def outcome_from_pb(value: int) -> Outcome | None:
    return _OUTCOMES_FROM_PB.get(value)


def target_to_pb(t: InvitationTarget) -> pb.InvitationTarget:
    return pb.InvitationTarget(
        kind=TARGET_KINDS[t.kind], target_id=t.target_id, title=t.title, start=timestamp(t.start), timezone=t.timezone
    )


def target_from_pb(t: pb.InvitationTarget) -> InvitationTarget:
    return InvitationTarget(target_kind_from_pb(t.kind), t.target_id, t.title, instant(t, "start"), t.timezone)
