"""API requests → domain commands, and the checks conversion itself needs.

The domain validates what a command says; this module makes sure a request
*can* become one (ids present where the request must name something, enums
this version knows, mask paths), fills in what callers may leave out (the
acting member defaults to the caller) and makes what the pure domain must not:
new ids — once per request, outside the runner's retry loop, so a retried
decide sees the same values. Facts looked up in the stores are the handlers'
(``offkai_members.facts``).
"""

from __future__ import annotations

import secrets
import uuid

from google.protobuf.message import Message

from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import introductions_pb2 as ipb
from offkai.members.v1 import invitations_pb2 as vpb
from offkai.members.v1 import members_pb2 as mpb
from offkai.members.v1 import types_pb2 as pb
from offkai_kit import validation
from offkai_kit.errors import InvalidArgument, Violations
from offkai_kit.principal import Principal
from offkai_members.domain.community.convert import details_from_pb, role_from_pb
from offkai_members.domain.community.state import CommunityDetails, CommunityRole
from offkai_members.domain.convert import (
    handle_kind_from_pb,
    profile_from_pb,
    self_introduction_from_pb,
    visibility_from_pb,
)
from offkai_members.domain.introduction import commands as ic
from offkai_members.domain.introduction.state import IntroductionStatus
from offkai_members.domain.invitation import commands as vc
from offkai_members.domain.invitation.convert import target_kind_from_pb
from offkai_members.domain.invitation.state import InvitationStatus, TargetKind
from offkai_members.domain.member import commands as mc
from offkai_members.domain.model import DEFAULT_LOCALE, DEFAULT_TIMEZONE, MeetupRef, MemberCard, Profile, Visibility
from offkai_members.domain.relationship import commands as rc
from offkai_members.domain.validate import check_member_id

MAX_ID = 128
HANDLE_MASK_PATHS = ("value", "visibility")


def new_id() -> str:
    """Handles and introductions."""
    return str(uuid.uuid4())


def new_invitation_id() -> str:
    """An emailed invitation's id is its link's secret: 128 random bits."""
    return secrets.token_hex(16)


# -- checks --------------------------------------------------------------------


def require(request: Message, *fields: str) -> None:
    """INVALID_ARGUMENT unless each named id field is set (and not absurdly long)."""
    v = Violations()
    for field in fields:
        value = getattr(request, field)
        if v.check(bool(value.strip()), field, "required"):
            v.check(len(value) <= MAX_ID, field, f"must be at most {MAX_ID} characters")
    v.raise_if_any()


def acting(request: Message, actor: Principal, field: str = "member_id") -> str:
    """The member a request acts for: its ``field``, defaulting to the caller.
    INVALID_ARGUMENT when the caller may act for whoever it names but it can name
    nobody (a line break, 5,000 characters) — not an empty answer, as if looked
    for; a member naming someone else is refused as such first."""
    named = getattr(request, field)
    if not named:
        return actor.member_id
    if named == actor.member_id or actor.is_privileged:
        member_id(named, field)
    return named


def member_id(value: str, field: str) -> str:
    """INVALID_ARGUMENT unless ``value`` is a member id by the rule ids follow."""
    v = Violations()
    check_member_id(value, field, v)
    v.raise_if_any()
    return value


# -- members -------------------------------------------------------------------


def register_member(request: mpb.RegisterMemberRequest, actor: Principal) -> mc.RegisterMember:
    return mc.RegisterMember(
        actor=actor,
        member_id=acting(request, actor),
        profile=Profile(
            display_name=request.display_name,
            self_introduction=self_introduction_from_pb(request.self_introduction),
            region_prefecture=request.region_prefecture,
            region_city=request.region_city,
            timezone=request.timezone or DEFAULT_TIMEZONE,
            locale=request.locale or DEFAULT_LOCALE,
            interests=tuple(request.interests),
        ),
    )


def update_profile(request: mpb.UpdateProfileRequest, actor: Principal) -> mc.UpdateProfile:
    return mc.UpdateProfile(
        actor=actor,
        member_id=acting(request, actor),
        profile=profile_from_pb(request.profile),
        paths=tuple(request.update_mask.paths),
    )


def add_handle(request: mpb.AddHandleRequest, actor: Principal, handle_id: str) -> mc.AddHandle:
    return mc.AddHandle(
        actor=actor,
        member_id=acting(request, actor),
        handle_id=handle_id,
        kind=handle_kind_from_pb(request.kind),
        value=request.value,
        visibility=visibility_from_pb(request.visibility),
    )


def handle_mask(request: mpb.ChangeHandleRequest) -> tuple[bool, bool]:
    """Whether to take the value and the visibility from the request (an empty
    mask takes both)."""
    paths = tuple(request.update_mask.paths) or HANDLE_MASK_PATHS
    v = Violations()
    for i, path in enumerate(paths):
        v.check(path in HANDLE_MASK_PATHS, f"update_mask.paths[{i}]", "must be 'value' or 'visibility'")
    v.raise_if_any()
    return "value" in paths, "visibility" in paths


def visibility(value: int) -> Visibility | None:
    return visibility_from_pb(value)


# -- communities ---------------------------------------------------------------


def community_details(details: pb.CommunityDetails) -> CommunityDetails:
    return details_from_pb(details)


def community_role(value: int) -> CommunityRole | None:
    return role_from_pb(value)


# -- relationships -------------------------------------------------------------


def relationship_command(
    kind: type,
    request: Message,
    actor: Principal,
    member_id: str,
    *,
    member: MemberCard | None,
    other: MemberCard | None,
    met_at: tuple[MeetupRef, ...] = (),
):
    """Any of the relationship commands a member gives about another."""
    facts = dict(member=member, other=other)
    if kind in (rc.RequestConnection, rc.AcceptConnection):
        facts["met_at"] = met_at
    if kind is rc.RequestConnection:
        facts["note"] = request.note
    return kind(actor=actor, member_id=member_id, other_id=request.other_member_id, **facts)


# -- introductions -------------------------------------------------------------


def make_introduction(
    request: ipb.MakeIntroductionRequest, actor: Principal, introduction_id: str, **facts
) -> ic.MakeIntroduction:
    return ic.MakeIntroduction(
        actor=actor,
        introduction_id=introduction_id,
        introducer_id=acting(request, actor, "introducer_id"),
        first_id=request.first_member_id,
        second_id=request.second_member_id,
        note=request.note,
        **facts,
    )


def accept_introduction(
    request: ipb.AcceptIntroductionRequest, actor: Principal, member_id: str, *, member, blocked_between: bool
) -> ic.AcceptIntroduction:
    return ic.AcceptIntroduction(
        actor=actor, introduction_id=request.introduction_id, member_id=member_id, member=member,
        blocked_between=blocked_between,
    )


def decline_introduction(request: ipb.DeclineIntroductionRequest, actor: Principal, member_id: str):
    return ic.DeclineIntroduction(actor=actor, introduction_id=request.introduction_id, member_id=member_id)


# -- invitations ---------------------------------------------------------------


def target_kind(value: int) -> TargetKind | None:
    return target_kind_from_pb(value)


def send_invitation(
    request: vpb.SendInvitationRequest, actor: Principal, invitation_id: str, *, inviter_id: str, **facts
) -> vc.SendInvitation:
    return vc.SendInvitation(
        actor=actor,
        invitation_id=invitation_id,
        inviter_id=inviter_id,
        invitee_member_id=request.invitee_member_id,
        invitee_email=request.invitee_email,
        target_id=request.target_id,
        note=request.note,
        **facts,
    )


def claim_invitation(request: vpb.ClaimInvitationRequest, actor: Principal, member_id: str, *, member):
    return vc.ClaimInvitation(actor=actor, invitation_id=request.invitation_id, member_id=member_id, member=member)


def decline_invitation(request: vpb.DeclineInvitationRequest, actor: Principal, member_id: str):
    return vc.DeclineInvitation(actor=actor, invitation_id=request.invitation_id, member_id=member_id)


# -- lists ---------------------------------------------------------------------

INTRODUCTION_STATUSES = {
    pb.INTRODUCTION_STATUS_PENDING: IntroductionStatus.PENDING,
    pb.INTRODUCTION_STATUS_COMPLETED: IntroductionStatus.COMPLETED,
    pb.INTRODUCTION_STATUS_DECLINED: IntroductionStatus.DECLINED,
}
INVITATION_STATUSES = {
    pb.INVITATION_STATUS_SENT: InvitationStatus.SENT,
    pb.INVITATION_STATUS_ACCEPTED: InvitationStatus.ACCEPTED,
    pb.INVITATION_STATUS_DECLINED: InvitationStatus.DECLINED,
}


# A status filter names each status at most once or so; more is not a filter.
MAX_STATUSES = 16


def statuses(values, known: dict, field: str = "statuses") -> frozenset:
    """The statuses a list filters on; an unknown or UNSPECIFIED one is refused."""
    v = Violations()
    validation.list_size(values, field, v, limit=MAX_STATUSES)
    for i, value in enumerate(values):
        v.check(value in known, f"{field}[{i}]", "unknown status")
    v.raise_if_any()
    return frozenset(known[value] for value in values)


def received(direction: int) -> bool:
    """Connection requests and invitations: received (the default) or sent."""
    if direction in (rpb.REQUEST_DIRECTION_UNSPECIFIED, rpb.REQUEST_DIRECTION_RECEIVED):
        return True
    if direction == rpb.REQUEST_DIRECTION_SENT:
        return False
    raise InvalidArgument.field("direction", "must be RECEIVED or SENT")


def invitations_received(direction: int) -> bool:
    if direction in (vpb.INVITATION_DIRECTION_UNSPECIFIED, vpb.INVITATION_DIRECTION_RECEIVED):
        return True
    if direction == vpb.INVITATION_DIRECTION_SENT:
        return False
    raise InvalidArgument.field("direction", "must be RECEIVED or SENT")


def introduction_role(role: int) -> str | None:
    """"made", "received" or None for both."""
    roles = {ipb.INTRODUCTION_ROLE_UNSPECIFIED: None, ipb.INTRODUCTION_ROLE_MADE: "made",
             ipb.INTRODUCTION_ROLE_RECEIVED: "received"}
    if role not in roles:
        raise InvalidArgument.field("role", "must be MADE, RECEIVED or unspecified (both)")
    return roles[role]
