"""Who may do what: every RPC of every service in offkai_services, called by every
kind of caller on a fresh world, against the expected status — one readable table per
gRPC service. The four kinds of bad token are refused the same way everywhere; a check
below fails when an RPC of any listed service has no row (or its gRPC service no table).

Callers: ``another`` (a member with nothing to do with it), ``member`` (the member the
row is about), ``other_org`` (an organizer, but of other meetups / another community),
``organizer`` (organizes the meetup / owns the community), ``admin``, ``service``.

Worlds: events — a published meetup with m-1 holding a seat, and a draft, both
organised by org-aki. members — ``members_world.Cell``: fresh ids per world, and only
what the row's request touches is made. A world serves a row's callers in turn until a
command (an RPC with a request_id) succeeds; the next caller gets a fresh one (a refused
call changes nothing — the adversarial test holds every service to that; reads change
nothing at all).

A new service or RPC: add its rows (and, for a new gRPC service, its table in
``MATRIX`` and its request builder in ``REQUESTS``); the coverage check names what is
missing.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import jwt
import pytest
from google.protobuf import field_mask_pb2

from offkai.events.v1 import meetups_pb2 as ev
from offkai.members.v1 import communities_pb2 as cpb
from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import introductions_pb2 as ipb
from offkai.members.v1 import invitations_pb2 as vpb
from offkai.members.v1 import members_pb2 as mpb
from offkai.members.v1 import types_pb2 as types
from offkai.platform.v1 import operations_pb2 as ops
from offkai_kit.auth import mint_token
from offkai_kit.testing.services import TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET, bearer
from offkai_services import SERVICES
from tests.events.integration.support import details, frame, rsvp_details
from tests.hardening.members_world import Cell, People, Stubs
from tests.hardening.notify_world import SLACK, NotifyCell
from tests.hardening.services import OPERATIONS, Running, each_on_its_own, methods_of

# Every service of the system, from the one service list.
CHECKED = list(SERVICES)
CALLERS = {
    "another": bearer("m-2", "member"),
    "member": bearer("m-1", "member"),
    "other_org": bearer("org-ben", "member", "organizer"),
    "organizer": bearer("org-aki", "member", "organizer"),
    "admin": bearer("admin-1", "admin"),
    "service": bearer("svc-scheduler", "service"),
}
CODES = {"OK": grpc.StatusCode.OK, "PERM": grpc.StatusCode.PERMISSION_DENIED, "NF": grpc.StatusCode.NOT_FOUND,
         "FP": grpc.StatusCode.FAILED_PRECONDITION, "AE": grpc.StatusCode.ALREADY_EXISTS,
         "INV": grpc.StatusCode.INVALID_ARGUMENT}

# rpc (target)                  another  member  other_org  organizer  admin  service
EVENTS = """
ScheduleMeetup                  PERM     PERM    PERM       OK         OK     PERM
UpdateMeetup                    PERM     PERM    PERM       OK         OK     PERM
UpdateMeetup(draft)             NF       NF      NF         OK         OK     PERM
PublishMeetup(draft)            NF       NF      NF         OK         OK     PERM
CancelMeetup                    PERM     PERM    PERM       OK         OK     PERM
EndMeetup                       PERM     PERM    PERM       FP         FP     FP
RotateCheckInCode               PERM     PERM    PERM       OK         OK     PERM
AddFrame                        PERM     PERM    PERM       OK         OK     PERM
ChangeFrameCapacity             PERM     PERM    PERM       OK         OK     PERM
RsvpToFrame                     OK       AE      OK         OK         OK     OK
RsvpToFrame(draft)              NF       NF      NF         FP         FP     FP
UpdateRsvp(m-1)                 PERM     OK      PERM       PERM       OK     OK
CancelRsvp(m-1)                 PERM     OK      PERM       OK         OK     OK
ConfirmSeat(m-1)                PERM     OK      PERM       OK         OK     OK
ReleaseSeat(m-1)                PERM     OK      PERM       OK         OK     OK
CheckIn(m-1)                    PERM     FP      PERM       FP         FP     FP
GetMeetup                       OK       OK      OK         OK         OK     OK
GetMeetup(draft)                NF       NF      NF         OK         OK     OK
ListMeetups                     OK       OK      OK         OK         OK     OK
ListAttendees                   PERM     OK      PERM       OK         OK     OK
GetWaitlistPosition(m-1)        PERM     NF      PERM       NF         NF     NF
ListMemberRsvps(m-1)            PERM     OK      PERM       PERM       OK     OK
GetAttendanceRecord(m-1)        PERM     OK      PERM       PERM       OK     OK
ExportMeetupCalendar            OK       OK      OK         OK         OK     OK
ExportMeetupCalendar(draft)     NF       NF      NF         FP         FP     FP
ExportCommunityCalendar         OK       OK      OK         OK         OK     OK
"""

# members: ``member`` is the member the row is about (m-1): their profile, handle,
# membership, connections, the introduction made to them, the invitation sent to them.
# (self) rows act for the caller (admins and services are no members: NF); ``new`` is
# an id nobody registered yet; ``viewer`` asks for m-1's profile as a friend sees it.
# Blocks, role changes and invitation reports are no business of other services.
MEMBERS = """
RegisterMember(self)            AE       AE      AE         AE         OK     OK
RegisterMember(new)             PERM     PERM    PERM       PERM       OK     OK
UpdateProfile                   PERM     OK      PERM       PERM       OK     OK
AddHandle                       PERM     OK      PERM       PERM       OK     OK
ChangeHandle                    PERM     OK      PERM       PERM       OK     OK
RemoveHandle                    PERM     OK      PERM       PERM       OK     OK
EraseMember                     PERM     OK      PERM       PERM       OK     PERM
GetMember                       OK       OK      OK         OK         OK     OK
GetMember(viewer)               PERM     PERM    PERM       PERM       OK     OK
"""

COMMUNITIES = """
CreateCommunity                 OK       OK      OK         OK         NF     NF
JoinCommunity(self)             OK       OK      OK         OK         NF     NF
JoinCommunity                   PERM     OK      PERM       PERM       OK     OK
LeaveCommunity                  PERM     OK      PERM       PERM       OK     OK
FollowCommunity(self)           OK       OK      OK         OK         NF     NF
UnfollowCommunity               PERM     OK      PERM       PERM       OK     OK
ChangeCommunityRole             PERM     PERM    PERM       OK         OK     PERM
GetCommunity                    OK       OK      OK         OK         OK     OK
ListCommunities                 OK       OK      OK         OK         OK     OK
ListCommunityMembers            OK       OK      OK         OK         OK     OK
ListMemberCommunities           PERM     OK      PERM       PERM       OK     OK
"""

CONNECTIONS = """
RequestConnection               PERM     OK      PERM       PERM       OK     OK
AcceptConnection                PERM     OK      PERM       PERM       OK     OK
DeclineConnection               PERM     OK      PERM       PERM       OK     OK
WithdrawConnectionRequest       PERM     OK      PERM       PERM       OK     OK
RemoveConnection                PERM     OK      PERM       PERM       OK     OK
BlockMember                     PERM     OK      PERM       PERM       OK     OK
UnblockMember                   PERM     OK      PERM       PERM       OK     OK
ListConnections                 PERM     OK      PERM       PERM       OK     OK
ListConnectionRequests          PERM     OK      PERM       PERM       OK     OK
ListBlockedMembers              PERM     OK      PERM       PERM       OK     PERM
ListPeopleMet                   PERM     OK      PERM       PERM       OK     OK
ListSuggestions                 PERM     OK      PERM       PERM       OK     OK
"""

INTRODUCTIONS = """
MakeIntroduction                PERM     OK      PERM       PERM       OK     OK
AcceptIntroduction              PERM     OK      PERM       PERM       OK     OK
DeclineIntroduction             PERM     OK      PERM       PERM       OK     OK
GetIntroduction                 NF       OK      NF         NF         OK     OK
ListIntroductions               PERM     OK      PERM       PERM       OK     OK
"""

INVITATIONS = """
SendInvitation                  PERM     OK      PERM       PERM       OK     OK
ClaimInvitation(emailed)        OK       OK      OK         FP         NF     NF
DeclineInvitation               PERM     OK      PERM       PERM       OK     OK
GetInvitation                   NF       OK      NF         OK         OK     OK
ListInvitations                 PERM     OK      PERM       PERM       OK     OK
GetInvitationReport             PERM     PERM    PERM       OK         OK     PERM
"""

# notify (active once offkai_services lists its gRPC services): ``member`` (m-1) owns
# a Slack channel and a pending email channel; ``unknown`` names a delivery nobody made.
CHANNELS = """
RegisterChannel                 PERM     OK      PERM       PERM       OK     OK
VerifyChannel                   PERM     OK      PERM       PERM       OK     OK
ResendVerificationCode          PERM     FP      PERM       PERM       FP     FP
ListChannels                    PERM     OK      PERM       PERM       OK     OK
RemoveChannel                   PERM     OK      PERM       PERM       OK     OK
"""

PREFERENCES = """
GetPreferences                  PERM     OK      PERM       PERM       OK     OK
SetCategoryPreferences          PERM     OK      PERM       PERM       OK     OK
SetQuietHours                   PERM     OK      PERM       PERM       OK     OK
SetLocale                       PERM     OK      PERM       PERM       OK     OK
SetNearMe                       PERM     OK      PERM       PERM       OK     OK
UnsubscribeWithToken(forged)    INV      INV     INV        INV        INV    INV
"""

DELIVERIES = """
GetDelivery(unknown)            NF       NF      NF         NF         NF     NF
ListDeliveries                  PERM     OK      PERM       PERM       OK     OK
GetDeliveryCounts(unknown)      PERM     PERM    PERM       PERM       NF     NF
ListDeadLetters                 PERM     PERM    PERM       PERM       OK     PERM
ReplayDeadLetters(unknown)      PERM     PERM    PERM       PERM       NF     PERM
"""

# A meetup notify never saw: NOT_FOUND comes first, for everyone. A meetup notify has
# seen (MeetupScheduled, then MeetupPublished, on the stream as the events service would
# put them; ``organizer`` organizes it, ``member`` holds a seat in it, ``other_org``
# organizes in another community): its organizers, admins and services may write to
# it; a draft is not found but by them, and not yet written to (docs/notify.md).
BROADCASTS = """
BroadcastToSegment(unknown)     NF       NF      NF         NF         NF     NF
BroadcastToSegment(draft)       NF       NF      NF         FP         FP     FP
BroadcastToSegment(published)   PERM     PERM    PERM       OK         OK     OK
"""

# Every service serves these; admins only.
OPERATIONS_ROWS = """
ListDeadLetters                 PERM     PERM    PERM       PERM       OK     PERM
ReplayDeadLetter                PERM     PERM    PERM       PERM       NF     PERM
SkipDeadLetter                  PERM     PERM    PERM       PERM       NF     PERM
ListBlockedAggregates           PERM     PERM    PERM       PERM       OK     PERM
GetProjectionStatus             PERM     PERM    PERM       PERM       OK     PERM
RebuildProjection               PERM     PERM    PERM       PERM       OK     PERM
AuditStream                     PERM     PERM    PERM       PERM       OK     PERM
RepublishEvents                 PERM     PERM    PERM       PERM       OK     PERM
"""


def parse(table: str) -> dict[str, dict[str, str]]:
    rows = {}
    for line in table.strip().splitlines():
        name, *codes = line.split()
        rows[name] = dict(zip(CALLERS, codes, strict=True))
    return rows


MATRIX = {
    "offkai.events.v1.MeetupsService": parse(EVENTS),
    "offkai.members.v1.MembersService": parse(MEMBERS),
    "offkai.members.v1.CommunitiesService": parse(COMMUNITIES),
    "offkai.members.v1.ConnectionsService": parse(CONNECTIONS),
    "offkai.members.v1.IntroductionsService": parse(INTRODUCTIONS),
    "offkai.members.v1.InvitationsService": parse(INVITATIONS),
    "offkai.notify.v1.ChannelsService": parse(CHANNELS),
    "offkai.notify.v1.PreferencesService": parse(PREFERENCES),
    "offkai.notify.v1.DeliveriesService": parse(DELIVERIES),
    "offkai.notify.v1.BroadcastsService": parse(BROADCASTS),
    OPERATIONS: parse(OPERATIONS_ROWS),
}


def _rpc(row: str) -> str:
    return row.split("(")[0]


def _case(row: str) -> str:
    """What a row's parenthesis names: ``BroadcastToSegment(draft)`` → ``draft``."""
    return row.partition("(")[2].rstrip(")")


# -- the world each cell starts from ---------------------------------------------


def _world(channel) -> dict[str, str]:
    from offkai.events.v1 import meetups_pb2_grpc

    api = meetups_pb2_grpc.MeetupsServiceStub(channel)
    org = CALLERS["organizer"]
    start = datetime.now(UTC) + timedelta(days=20)
    meetup = api.ScheduleMeetup(ev.ScheduleMeetupRequest(request_id=_id(), details=details(start),
                                                         frames=[frame(capacity=5)]), metadata=org)
    api.PublishMeetup(ev.PublishMeetupRequest(request_id=_id(), meetup_id=meetup.meetup.meetup_id), metadata=org)
    api.RsvpToFrame(ev.RsvpToFrameRequest(request_id=_id(), meetup_id=meetup.meetup.meetup_id, frame_id="in-person",
                                          details=rsvp_details()), metadata=CALLERS["member"])
    draft = api.ScheduleMeetup(ev.ScheduleMeetupRequest(request_id=_id(), details=details(start),
                                                        frames=[frame()]), metadata=org)
    return {"meetup": meetup.meetup.meetup_id, "draft": draft.meetup.meetup_id, "code": meetup.check_in_code,
            "start": start}


def _id() -> str:
    return str(uuid.uuid4())


def _events_request(row: str, w: dict):
    m = w["draft"] if "(draft)" in row else w["meetup"]
    f, who = "in-person", ("m-1" if "(m-1)" in row else "")
    rpc = _rpc(row)
    return {
        "ScheduleMeetup": lambda: ev.ScheduleMeetupRequest(details=details(w["start"]), frames=[frame()]),
        "UpdateMeetup": lambda: ev.UpdateMeetupRequest(meetup_id=m, details=details(w["start"], title="Renamed")),
        "PublishMeetup": lambda: ev.PublishMeetupRequest(meetup_id=m),
        "CancelMeetup": lambda: ev.CancelMeetupRequest(meetup_id=m, reason="rain"),
        "EndMeetup": lambda: ev.EndMeetupRequest(meetup_id=m),
        "RotateCheckInCode": lambda: ev.RotateCheckInCodeRequest(meetup_id=m),
        "AddFrame": lambda: ev.AddFrameRequest(meetup_id=m, frame=frame("students", capacity=2)),
        "ChangeFrameCapacity": lambda: ev.ChangeFrameCapacityRequest(meetup_id=m, frame_id=f, capacity=9),
        "RsvpToFrame": lambda: ev.RsvpToFrameRequest(meetup_id=m, frame_id=f, details=rsvp_details()),
        "UpdateRsvp": lambda: ev.UpdateRsvpRequest(meetup_id=m, frame_id=f, member_id=who,
                                                   details=rsvp_details("expert")),
        "CancelRsvp": lambda: ev.CancelRsvpRequest(meetup_id=m, frame_id=f, member_id=who),
        "ConfirmSeat": lambda: ev.ConfirmSeatRequest(meetup_id=m, frame_id=f, member_id=who),
        "ReleaseSeat": lambda: ev.ReleaseSeatRequest(meetup_id=m, frame_id=f, member_id=who),
        "CheckIn": lambda: ev.CheckInRequest(meetup_id=m, member_id=who, code=w["code"]),
        "GetMeetup": lambda: ev.GetMeetupRequest(meetup_id=m),
        "ListMeetups": lambda: ev.ListMeetupsRequest(community_id="rust-tokyo"),
        "ListAttendees": lambda: ev.ListAttendeesRequest(meetup_id=m, frame_id=f),
        "GetWaitlistPosition": lambda: ev.GetWaitlistPositionRequest(meetup_id=m, frame_id=f, member_id=who),
        "ListMemberRsvps": lambda: ev.ListMemberRsvpsRequest(member_id=who),
        "GetAttendanceRecord": lambda: ev.GetAttendanceRecordRequest(member_id=who),
        "ExportMeetupCalendar": lambda: ev.ExportMeetupCalendarRequest(meetup_id=m),
        "ExportCommunityCalendar": lambda: ev.ExportCommunityCalendarRequest(community_id="rust-tokyo"),
    }[rpc]()


def _operations_request(row: str, w: World):
    projection = w.projection
    return {
        "ListDeadLetters": lambda: ops.ListDeadLettersRequest(),
        "ReplayDeadLetter": lambda: ops.ReplayDeadLetterRequest(projection=projection, dead_letter_id=999),
        "SkipDeadLetter": lambda: ops.SkipDeadLetterRequest(projection=projection, dead_letter_id=999, note="n"),
        "ListBlockedAggregates": lambda: ops.ListBlockedAggregatesRequest(),
        "GetProjectionStatus": lambda: ops.GetProjectionStatusRequest(),
        "RebuildProjection": lambda: ops.RebuildProjectionRequest(projection=projection),
        "AuditStream": lambda: ops.AuditStreamRequest(),
        "RepublishEvents": lambda: ops.RepublishEventsRequest(from_position=1),
    }[_rpc(row)]()


def _members_request(row: str, w: Cell):
    rpc, m = _rpc(row), w.member
    mask = field_mask_pb2.FieldMask
    return {
        "RegisterMember": lambda: mpb.RegisterMemberRequest(
            member_id=f"new-{w.s}" if "(new)" in row else "", display_name="Kenji", region_prefecture="Tokyo"),
        "UpdateProfile": lambda: mpb.UpdateProfileRequest(
            member_id=m, profile=types.Profile(display_name="Renamed"), update_mask=mask(paths=["display_name"])),
        "AddHandle": lambda: mpb.AddHandleRequest(member_id=m, kind=types.HANDLE_KIND_FACEBOOK, value="m1.fb",
                                                  visibility=types.HANDLE_VISIBILITY_EVERYONE),
        "ChangeHandle": lambda: mpb.ChangeHandleRequest(member_id=m, handle_id=w.handle, value="m1-line-2",
                                                        update_mask=mask(paths=["value"])),
        "RemoveHandle": lambda: mpb.RemoveHandleRequest(member_id=m, handle_id=w.handle),
        "EraseMember": lambda: mpb.EraseMemberRequest(member_id=m),
        "GetMember": lambda: mpb.GetMemberRequest(member_id=m, viewer_id=w.friend if "(viewer)" in row else ""),
        "CreateCommunity": lambda: cpb.CreateCommunityRequest(
            community_id=f"c-{uuid.uuid4().hex[:12]}", details=types.CommunityDetails(name="Kotlin Nagoya")),
        "JoinCommunity": lambda: cpb.JoinCommunityRequest(community_id=w.community,
                                                          member_id="" if "(self)" in row else m),
        "LeaveCommunity": lambda: cpb.LeaveCommunityRequest(community_id=w.joined, member_id=m),
        "FollowCommunity": lambda: cpb.FollowCommunityRequest(community_id=w.community),
        "UnfollowCommunity": lambda: cpb.UnfollowCommunityRequest(community_id=w.community, member_id=m),
        "ChangeCommunityRole": lambda: cpb.ChangeCommunityRoleRequest(
            community_id=w.joined, member_id=m, role=types.COMMUNITY_ROLE_ORGANIZER),
        "GetCommunity": lambda: cpb.GetCommunityRequest(community_id=w.community),
        "ListCommunities": lambda: cpb.ListCommunitiesRequest(prefecture="Tokyo"),
        "ListCommunityMembers": lambda: cpb.ListCommunityMembersRequest(community_id=w.joined),
        "ListMemberCommunities": lambda: cpb.ListMemberCommunitiesRequest(member_id=m),
        "RequestConnection": lambda: rpb.RequestConnectionRequest(member_id=m, other_member_id=w.newcomer),
        "AcceptConnection": lambda: rpb.AcceptConnectionRequest(member_id=m, other_member_id=w.asker),
        "DeclineConnection": lambda: rpb.DeclineConnectionRequest(member_id=m, other_member_id=w.asker),
        "WithdrawConnectionRequest": lambda: rpb.WithdrawConnectionRequestRequest(member_id=m,
                                                                                  other_member_id=w.asked),
        "RemoveConnection": lambda: rpb.RemoveConnectionRequest(member_id=m, other_member_id=w.friend),
        "BlockMember": lambda: rpb.BlockMemberRequest(member_id=m, other_member_id=w.newcomer),
        "UnblockMember": lambda: rpb.UnblockMemberRequest(member_id=m, other_member_id=w.blocked),
        "ListConnections": lambda: rpb.ListConnectionsRequest(member_id=m),
        "ListConnectionRequests": lambda: rpb.ListConnectionRequestsRequest(member_id=m),
        "ListBlockedMembers": lambda: rpb.ListBlockedMembersRequest(member_id=m),
        "ListPeopleMet": lambda: rpb.ListPeopleMetRequest(member_id=m),
        "ListSuggestions": lambda: rpb.ListSuggestionsRequest(member_id=m),
        "MakeIntroduction": lambda: ipb.MakeIntroductionRequest(introducer_id=m, first_member_id=w.friend,
                                                                second_member_id=w.friend2),
        "AcceptIntroduction": lambda: ipb.AcceptIntroductionRequest(introduction_id=w.introduction, member_id=m),
        "DeclineIntroduction": lambda: ipb.DeclineIntroductionRequest(introduction_id=w.introduction, member_id=m),
        "GetIntroduction": lambda: ipb.GetIntroductionRequest(introduction_id=w.introduction),
        "ListIntroductions": lambda: ipb.ListIntroductionsRequest(member_id=m),
        "SendInvitation": lambda: vpb.SendInvitationRequest(
            inviter_id=m, invitee_member_id=w.newcomer, target_kind=types.INVITATION_TARGET_KIND_COMMUNITY,
            target_id=w.joined),
        "ClaimInvitation": lambda: vpb.ClaimInvitationRequest(invitation_id=w.emailed_invitation),
        "DeclineInvitation": lambda: vpb.DeclineInvitationRequest(invitation_id=w.invitation, member_id=m),
        "GetInvitation": lambda: vpb.GetInvitationRequest(invitation_id=w.invitation),
        "ListInvitations": lambda: vpb.ListInvitationsRequest(member_id=m),
        "GetInvitationReport": lambda: vpb.GetInvitationReportRequest(
            target_kind=types.INVITATION_TARGET_KIND_COMMUNITY, target_id=w.community),
    }[rpc]()


def _notify_request(row: str, w: NotifyCell):
    from offkai.notify.v1 import broadcasts_pb2 as bc
    from offkai.notify.v1 import channels_pb2 as ch
    from offkai.notify.v1 import deliveries_pb2 as dl
    from offkai.notify.v1 import preferences_pb2 as pf
    from offkai.notify.v1 import types_pb2 as nt

    m = w.member
    return {
        "RegisterChannel": lambda: ch.RegisterChannelRequest(
            member_id=m, kind=nt.CHANNEL_KIND_SLACK, address=SLACK.format(uuid.uuid4().hex[:8])),
        "VerifyChannel": lambda: ch.VerifyChannelRequest(member_id=m, channel_id=w.email, code="000000"),
        "ResendVerificationCode": lambda: ch.ResendVerificationCodeRequest(member_id=m, channel_id=w.email),
        "ListChannels": lambda: ch.ListChannelsRequest(member_id=m),
        "RemoveChannel": lambda: ch.RemoveChannelRequest(member_id=m, channel_id=w.slack),
        "GetPreferences": lambda: pf.GetPreferencesRequest(member_id=m),
        "SetCategoryPreferences": lambda: pf.SetCategoryPreferencesRequest(member_id=m, changes=[
            pf.CategoryPreferenceChange(category=nt.CATEGORY_REMINDERS, channel_id=w.slack, enabled=False)]),
        "SetQuietHours": lambda: pf.SetQuietHoursRequest(member_id=m, quiet_hours=nt.QuietHours(
            start="22:00", end="07:00", timezone="Asia/Tokyo")),
        "SetLocale": lambda: pf.SetLocaleRequest(member_id=m, locale="en"),
        "SetNearMe": lambda: pf.SetNearMeRequest(member_id=m, enabled=True),
        "UnsubscribeWithToken": lambda: pf.UnsubscribeWithTokenRequest(token="forged.token"),
        "GetDelivery": lambda: dl.GetDeliveryRequest(delivery_id=str(uuid.uuid4())),
        "ListDeliveries": lambda: dl.ListDeliveriesRequest(member_id=m),
        "GetDeliveryCounts": lambda: dl.GetDeliveryCountsRequest(triggering_event_id=str(uuid.uuid4())),
        "ListDeadLetters": lambda: dl.ListDeadLettersRequest(),
        "ReplayDeadLetters": lambda: dl.ReplayDeadLettersRequest(delivery_ids=[str(uuid.uuid4())]),
        "BroadcastToSegment": lambda: bc.BroadcastToSegmentRequest(
            meetup_id={"unknown": f"nope-{w.s}", "draft": w.draft, "published": w.published}[_case(row)],
            segment=nt.BROADCAST_SEGMENT_GOING, subject="Room change", body="Room 2"),
    }[_rpc(row)]()


# How to call each gRPC service's RPCs, by row.
REQUESTS = {"offkai.events.v1.MeetupsService": _events_request,
            **{name: _members_request for name in MATRIX if name.startswith("offkai.members.")},
            **{name: _notify_request for name in MATRIX if name.startswith("offkai.notify.")},
            OPERATIONS: _operations_request}


class World:
    """What a row's requests name (``data``: the events dict, a members Cell or
    nothing), who calls (``callers``) and a projection of the service."""

    def __init__(self, info, channel, service: str, row: str, running: Running):
        self.projection = info.projections[0] if info.projections else "none"
        made = WORLDS.get(info.name) if service != OPERATIONS else None
        self.data = made(channel, row, running) if made else None
        self.callers = self.data.callers() if hasattr(self.data, "callers") else CALLERS


_people: dict[str, People] = {}


# Rows whose commands a second time on the same people would answer otherwise
# (a registration, a handle of the same value, an erasure): fresh people for each.
OWN_RECORD_ROWS = ("RegisterMember", "AddHandle", "EraseMember")


def _members_cell(channel, row: str, running: Running) -> Cell:
    """Every other row names things of its own cell (or changes what any cell may
    change again), so the callers are registered once."""
    if _rpc(row) in OWN_RECORD_ROWS:
        return Cell(channel)
    if running.address not in _people:
        _people[running.address] = People.register(Stubs.on(channel))
    return Cell(channel, _people[running.address])


# Each service's world, by its name in offkai_services (none: OperationsService only).
WORLDS = {"events": lambda channel, row, running: _world(channel), "members": _members_cell,
          "notify": lambda channel, row, running: NotifyCell(channel, running)}


# -- the checks ------------------------------------------------------------------


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with each_on_its_own(CHECKED, tmp_path_factory.mktemp("authorization")) as running:
        yield running


def _call(channel, service: str, rpc: str, request, metadata):
    from google.protobuf import message_factory, symbol_database

    method = symbol_database.Default().pool.FindServiceByName(service).methods_by_name[rpc]
    response_type = message_factory.GetMessageClass(method.output_type)
    call = channel.unary_unary(f"/{service}/{rpc}", request_serializer=type(request).SerializeToString,
                               response_deserializer=response_type.FromString)
    try:
        call(request, metadata=metadata, timeout=60)
        return grpc.StatusCode.OK
    except grpc.RpcError as error:
        return error.code()


def _cells():
    for info in CHECKED:
        for service in [*info.grpc_services, OPERATIONS]:
            for row, expected in MATRIX.get(service, {}).items():
                yield pytest.param(info, service, row, expected, id=f"{info.name}:{row}")


@pytest.mark.parametrize(("info", "service", "row", "expected"), list(_cells()))
def test_who_may_do_what(stack, info, service, row, expected):
    running = stack.services[info.name]
    found = {}
    with grpc.insecure_channel(running.address) as channel:
        world = World(info, channel, service, row, running)
        for caller in CALLERS:
            request = REQUESTS[service](row, world if service == OPERATIONS else world.data)
            if "request_id" in request.DESCRIPTOR.fields_by_name:
                request.request_id = _id()  # a command of its own, never another's stored answer
            found[caller] = _call(channel, service, _rpc(row), request, world.callers[caller])
            if found[caller] == grpc.StatusCode.OK and "request_id" in request.DESCRIPTOR.fields_by_name:
                # What a command did must not shape the next answer.
                world = World(info, channel, service, row, running)
    wanted = {caller: CODES[code] for caller, code in expected.items()}
    short = {code: name for name, code in CODES.items()}
    assert found == wanted, f"{row:<31} " + " ".join(f"{short.get(c, c.name):<8}" for c in found.values())


def _bad_tokens() -> dict[str, tuple]:
    def token(**changes) -> tuple:
        claims = jwt.decode(mint_token(TEST_SECRET, "m-1", ["member"], issuer=TEST_ISSUER, audience=TEST_AUDIENCE),
                            options={"verify_signature": False})
        secret = changes.pop("secret", TEST_SECRET)
        claims.update(changes)
        return (("authorization", f"Bearer {jwt.encode(claims, secret, algorithm='HS256')}"),)

    return {"no token": (), "expired": token(exp=int(time.time()) - 3600),
            "wrong audience": token(aud="someone-else"), "wrong signature": token(secret="x" * 48)}


def test_every_rpc_refuses_bad_tokens(stack):
    """Every RPC, with a bad token or none. A method the service declares public
    (``ServiceSpec.public_methods``: it authorises the call itself, by a signed token
    in the request) may be called without one; a token that is sent is still checked."""
    from google.protobuf import message_factory

    refused = {}
    for info in CHECKED:
        running = stack.services[info.name]
        public = getattr(running.runtime.spec, "public_methods", frozenset())
        with grpc.insecure_channel(running.address) as channel:
            for method in methods_of(info):
                request = message_factory.GetMessageClass(method.input_type)()
                path = f"/{method.containing_service.full_name}/{method.name}"
                for kind, metadata in _bad_tokens().items():
                    if kind == "no token" and path in public:
                        continue
                    refused[(method.full_name, kind)] = _call(channel, method.containing_service.full_name,
                                                              method.name, request, metadata)
    assert set(refused.values()) == {grpc.StatusCode.UNAUTHENTICATED}, {
        k: v for k, v in refused.items() if v != grpc.StatusCode.UNAUTHENTICATED}


def test_every_rpc_has_a_row():
    """A new RPC (or gRPC service) of any service in offkai_services without a row
    in the table fails here."""
    missing = {}
    for info in CHECKED:
        for method in methods_of(info):
            service = method.containing_service.full_name
            covered = {_rpc(row) for row in MATRIX.get(service, {})}
            if method.name not in covered or service not in REQUESTS:
                missing.setdefault(service, []).append(method.name)
    assert not missing, f"no authorization row (or no table / request builder) for {missing}"
