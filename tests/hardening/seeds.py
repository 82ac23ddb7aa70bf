"""A valid request for every RPC of every service in offkai_services — the starting
points the adversarial test (and the malformed-id test) mutate one field at a time, so
that nasty values reach the rules behind the first checks. The entities they name (a
meetup, a frame, members, a community, an introduction, invitations) are made through
the API first. An RPC without a seed fails those tests ("has no seed request"): a new
service adds its seeder to ``SEEDERS`` under its name in offkai_services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
from google.protobuf import field_mask_pb2
from google.protobuf.message import Message

from offkai.events.v1 import meetups_pb2 as ev
from offkai.events.v1 import meetups_pb2_grpc
from offkai.members.v1 import communities_pb2 as cpb
from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import introductions_pb2 as ipb
from offkai.members.v1 import invitations_pb2 as vpb
from offkai.members.v1 import members_pb2 as mpb
from offkai.members.v1 import types_pb2 as types
from offkai.platform.v1 import operations_pb2 as ops
from offkai_kit.testing.services import bearer
from offkai_services import ServiceInfo, service
from tests.events.integration.support import details, frame, rsvp_details
from tests.hardening import members_world
from tests.hardening.notify_world import SLACK, NotifyCell

ORGANIZER = bearer("org-aki", "member", "organizer")


def events_seeds(address: str) -> dict[str, list[Message]]:
    with grpc.insecure_channel(address) as channel:
        api = meetups_pb2_grpc.MeetupsServiceStub(channel)
        start = datetime.now(UTC) + timedelta(days=20)
        scheduled = api.ScheduleMeetup(
            ev.ScheduleMeetupRequest(request_id="seed-1", details=details(start), frames=[frame(capacity=5)]),
            metadata=ORGANIZER,
        )
        meetup_id, code = scheduled.meetup.meetup_id, scheduled.check_in_code
        api.PublishMeetup(ev.PublishMeetupRequest(request_id="seed-2", meetup_id=meetup_id), metadata=ORGANIZER)
        api.RsvpToFrame(ev.RsvpToFrameRequest(request_id="seed-3", meetup_id=meetup_id, frame_id="in-person",
                                              details=rsvp_details()), metadata=bearer("m-1", "member"))
    m, f = meetup_id, "in-person"
    return {
        "offkai.events.v1.MeetupsService.ScheduleMeetup": [
            ev.ScheduleMeetupRequest(request_id="s", details=details(start), frames=[frame()])],
        "offkai.events.v1.MeetupsService.UpdateMeetup": [
            ev.UpdateMeetupRequest(request_id="u", meetup_id=m, details=details(start))],
        "offkai.events.v1.MeetupsService.PublishMeetup": [ev.PublishMeetupRequest(request_id="p", meetup_id=m)],
        "offkai.events.v1.MeetupsService.CancelMeetup": [
            ev.CancelMeetupRequest(request_id="c", meetup_id=m, reason="venue closed")],
        "offkai.events.v1.MeetupsService.EndMeetup": [ev.EndMeetupRequest(request_id="e", meetup_id=m)],
        "offkai.events.v1.MeetupsService.RotateCheckInCode": [
            ev.RotateCheckInCodeRequest(request_id="r", meetup_id=m)],
        "offkai.events.v1.MeetupsService.AddFrame": [
            ev.AddFrameRequest(request_id="a", meetup_id=m, frame=frame("students", capacity=3))],
        "offkai.events.v1.MeetupsService.ChangeFrameCapacity": [
            ev.ChangeFrameCapacityRequest(request_id="k", meetup_id=m, frame_id=f, capacity=8)],
        "offkai.events.v1.MeetupsService.RsvpToFrame": [
            ev.RsvpToFrameRequest(request_id="v", meetup_id=m, frame_id=f, details=rsvp_details())],
        "offkai.events.v1.MeetupsService.UpdateRsvp": [
            ev.UpdateRsvpRequest(request_id="w", meetup_id=m, frame_id=f, details=rsvp_details("expert"))],
        "offkai.events.v1.MeetupsService.CancelRsvp": [ev.CancelRsvpRequest(request_id="x", meetup_id=m, frame_id=f)],
        "offkai.events.v1.MeetupsService.ConfirmSeat": [
            ev.ConfirmSeatRequest(request_id="y", meetup_id=m, frame_id=f)],
        "offkai.events.v1.MeetupsService.ReleaseSeat": [
            ev.ReleaseSeatRequest(request_id="z", meetup_id=m, frame_id=f)],
        "offkai.events.v1.MeetupsService.CheckIn": [ev.CheckInRequest(request_id="i", meetup_id=m, code=code)],
        "offkai.events.v1.MeetupsService.GetMeetup": [ev.GetMeetupRequest(meetup_id=m)],
        "offkai.events.v1.MeetupsService.ListMeetups": [
            ev.ListMeetupsRequest(community_id="rust-tokyo", page_size=10, query="rust")],
        "offkai.events.v1.MeetupsService.ListAttendees": [ev.ListAttendeesRequest(meetup_id=m, frame_id=f)],
        "offkai.events.v1.MeetupsService.GetWaitlistPosition": [
            ev.GetWaitlistPositionRequest(meetup_id=m, frame_id=f, member_id="m-1")],
        "offkai.events.v1.MeetupsService.ListMemberRsvps": [ev.ListMemberRsvpsRequest(member_id="m-1")],
        "offkai.events.v1.MeetupsService.GetAttendanceRecord": [ev.GetAttendanceRecordRequest(member_id="m-1")],
        "offkai.events.v1.MeetupsService.ExportMeetupCalendar": [ev.ExportMeetupCalendarRequest(meetup_id=m)],
        "offkai.events.v1.MeetupsService.ExportCommunityCalendar": [
            ev.ExportCommunityCalendarRequest(community_id="rust-tokyo")],
    }


def members_seeds(address: str) -> dict[str, list[Message]]:
    with grpc.insecure_channel(address) as channel:
        w = members_world.build(channel)
    me, other, c = w.member, w.another, w.community
    profile = types.Profile(display_name="Ayumi", region_prefecture="Tokyo", region_city="Shibuya",
                            timezone="Asia/Tokyo", locale="ja", interests=["rust", "coffee"],
                            self_introduction=types.SelfIntroduction(what_i_do="Rust", hobbies="ski"))
    community = types.INVITATION_TARGET_KIND_COMMUNITY
    members, communities = "offkai.members.v1.MembersService", "offkai.members.v1.CommunitiesService"
    connections, introductions = "offkai.members.v1.ConnectionsService", "offkai.members.v1.IntroductionsService"
    invitations = "offkai.members.v1.InvitationsService"
    return {
        f"{members}.RegisterMember": [
            mpb.RegisterMemberRequest(request_id="s", display_name="Kenji", region_prefecture="Tokyo",
                                      region_city="Shibuya", interests=["go"],
                                      self_introduction=types.SelfIntroduction(what_i_do="Go"))],
        f"{members}.UpdateProfile": [
            mpb.UpdateProfileRequest(request_id="u", member_id=me, profile=profile,
                                     update_mask=field_mask_pb2.FieldMask(paths=["display_name", "interests"]))],
        f"{members}.AddHandle": [
            mpb.AddHandleRequest(request_id="a", member_id=me, kind=types.HANDLE_KIND_FACEBOOK, value="ayumi.k",
                                 visibility=types.HANDLE_VISIBILITY_EVERYONE)],
        f"{members}.ChangeHandle": [
            mpb.ChangeHandleRequest(request_id="c", member_id=me, handle_id=w.handle, value="ayumi.line",
                                    visibility=types.HANDLE_VISIBILITY_NOBODY,
                                    update_mask=field_mask_pb2.FieldMask(paths=["value", "visibility"]))],
        f"{members}.RemoveHandle": [mpb.RemoveHandleRequest(request_id="r", member_id=me, handle_id=w.handle)],
        f"{members}.EraseMember": [mpb.EraseMemberRequest(request_id="e", member_id=w.stranger)],
        f"{members}.GetMember": [mpb.GetMemberRequest(member_id=me), mpb.GetMemberRequest(member_id=me, viewer_id=other)],
        f"{communities}.CreateCommunity": [
            cpb.CreateCommunityRequest(request_id="cc", community_id="kotlin-nagoya", details=types.CommunityDetails(
                name="Kotlin Nagoya", description="monthly", region_prefecture="Aichi", region_city="Nagoya",
                tags=["kotlin"]))],
        f"{communities}.JoinCommunity": [cpb.JoinCommunityRequest(request_id="j", community_id=c)],
        f"{communities}.LeaveCommunity": [cpb.LeaveCommunityRequest(request_id="l", community_id=c, member_id=me)],
        f"{communities}.FollowCommunity": [cpb.FollowCommunityRequest(request_id="f", community_id=c)],
        f"{communities}.UnfollowCommunity": [cpb.UnfollowCommunityRequest(request_id="uf", community_id=c)],
        f"{communities}.ChangeCommunityRole": [
            cpb.ChangeCommunityRoleRequest(request_id="cr", community_id=c, member_id=me,
                                           role=types.COMMUNITY_ROLE_ORGANIZER)],
        f"{communities}.GetCommunity": [cpb.GetCommunityRequest(community_id=c)],
        f"{communities}.ListCommunities": [
            cpb.ListCommunitiesRequest(prefecture="Tokyo", city="Shibuya", tag="rust", query="rust", page_size=10)],
        f"{communities}.ListCommunityMembers": [
            cpb.ListCommunityMembersRequest(community_id=c, role=types.COMMUNITY_ROLE_MEMBER, page_size=10)],
        f"{communities}.ListMemberCommunities": [cpb.ListMemberCommunitiesRequest(member_id=me, page_size=10)],
        f"{connections}.RequestConnection": [
            rpb.RequestConnectionRequest(request_id="rc", member_id=other, other_member_id=me, note="hi")],
        f"{connections}.AcceptConnection": [
            rpb.AcceptConnectionRequest(request_id="ac", member_id=w.stranger, other_member_id=me)],
        f"{connections}.DeclineConnection": [
            rpb.DeclineConnectionRequest(request_id="dc", member_id=w.stranger, other_member_id=me)],
        f"{connections}.WithdrawConnectionRequest": [
            rpb.WithdrawConnectionRequestRequest(request_id="wc", member_id=me, other_member_id=w.stranger)],
        f"{connections}.RemoveConnection": [
            rpb.RemoveConnectionRequest(request_id="xc", member_id=me, other_member_id=w.friend)],
        f"{connections}.BlockMember": [rpb.BlockMemberRequest(request_id="b", member_id=me, other_member_id=other)],
        f"{connections}.UnblockMember": [
            rpb.UnblockMemberRequest(request_id="ub", member_id=me, other_member_id=other)],
        f"{connections}.ListConnections": [rpb.ListConnectionsRequest(member_id=me, page_size=10)],
        f"{connections}.ListConnectionRequests": [
            rpb.ListConnectionRequestsRequest(member_id=me, direction=rpb.REQUEST_DIRECTION_SENT, page_size=10)],
        f"{connections}.ListBlockedMembers": [rpb.ListBlockedMembersRequest(member_id=me, page_size=10)],
        f"{connections}.ListPeopleMet": [rpb.ListPeopleMetRequest(member_id=me, page_size=10)],
        f"{connections}.ListSuggestions": [rpb.ListSuggestionsRequest(member_id=me, page_size=10)],
        f"{introductions}.MakeIntroduction": [
            ipb.MakeIntroductionRequest(request_id="mi", introducer_id=me, first_member_id=w.friend,
                                        second_member_id=w.organizer, note="both Rust")],
        f"{introductions}.AcceptIntroduction": [
            ipb.AcceptIntroductionRequest(request_id="ai", introduction_id=w.introduction, member_id=w.friend)],
        f"{introductions}.DeclineIntroduction": [
            ipb.DeclineIntroductionRequest(request_id="di", introduction_id=w.introduction, member_id=w.organizer)],
        f"{introductions}.GetIntroduction": [ipb.GetIntroductionRequest(introduction_id=w.introduction)],
        f"{introductions}.ListIntroductions": [
            ipb.ListIntroductionsRequest(member_id=me, role=ipb.INTRODUCTION_ROLE_MADE,
                                         statuses=[types.INTRODUCTION_STATUS_PENDING], page_size=10)],
        f"{invitations}.SendInvitation": [
            vpb.SendInvitationRequest(request_id="si", inviter_id=me, invitee_member_id=other,
                                      target_kind=community, target_id=c, note="come"),
            vpb.SendInvitationRequest(request_id="se", inviter_id=me, invitee_email="kenji@example.org",
                                      target_kind=community, target_id=c)],
        f"{invitations}.ClaimInvitation": [
            vpb.ClaimInvitationRequest(request_id="ci", invitation_id=w.emailed_invitation, member_id=other)],
        f"{invitations}.DeclineInvitation": [
            vpb.DeclineInvitationRequest(request_id="dv", invitation_id=w.invitation, member_id=w.friend)],
        f"{invitations}.GetInvitation": [vpb.GetInvitationRequest(invitation_id=w.invitation)],
        f"{invitations}.ListInvitations": [
            vpb.ListInvitationsRequest(member_id=w.friend, direction=vpb.INVITATION_DIRECTION_RECEIVED,
                                       statuses=[types.INVITATION_STATUS_SENT], page_size=10)],
        f"{invitations}.GetInvitationReport": [
            vpb.GetInvitationReportRequest(target_kind=community, target_id=c, page_size=10)],
    }


def notify_seeds(address: str) -> dict[str, list[Message]]:
    """Inert until offkai_services lists notify's gRPC services (their branches)."""
    from offkai.notify.v1 import broadcasts_pb2 as bc
    from offkai.notify.v1 import types_pb2 as nt

    served = service("notify").grpc_services
    broadcasts = {"offkai.notify.v1.BroadcastsService.BroadcastToSegment": [bc.BroadcastToSegmentRequest(
        request_id="b", meetup_id="meetup-1", segment=nt.BROADCAST_SEGMENT_GOING, frame_id="in-person",
        subject="Room change", body="We moved to room 2.\nSee you there.")]}
    if "offkai.notify.v1.ChannelsService" not in served:
        return broadcasts
    return {**broadcasts, **_channel_seeds(address)}


def _channel_seeds(address: str) -> dict[str, list[Message]]:
    from offkai.notify.v1 import channels_pb2 as ch
    from offkai.notify.v1 import deliveries_pb2 as dl
    from offkai.notify.v1 import preferences_pb2 as pf
    from offkai.notify.v1 import types_pb2 as nt

    with grpc.insecure_channel(address) as channel:
        w = NotifyCell(channel)
        slack, email = w.slack, w.email  # made while the channel is open
    m = w.member
    channels, preferences = "offkai.notify.v1.ChannelsService", "offkai.notify.v1.PreferencesService"
    deliveries = "offkai.notify.v1.DeliveriesService"
    return {
        f"{channels}.RegisterChannel": [
            ch.RegisterChannelRequest(request_id="rc", member_id=m, kind=nt.CHANNEL_KIND_SLACK,
                                      address=SLACK.format("seed"), label="team"),
            ch.RegisterChannelRequest(request_id="re", member_id=m, kind=nt.CHANNEL_KIND_EMAIL,
                                      address="ayumi@example.org")],
        f"{channels}.VerifyChannel": [ch.VerifyChannelRequest(request_id="v", member_id=m, channel_id=email,
                                                              code="123456")],
        f"{channels}.ResendVerificationCode": [
            ch.ResendVerificationCodeRequest(request_id="r", member_id=m, channel_id=email)],
        f"{channels}.ListChannels": [ch.ListChannelsRequest(member_id=m)],
        f"{channels}.RemoveChannel": [ch.RemoveChannelRequest(request_id="x", member_id=m, channel_id=slack)],
        f"{preferences}.GetPreferences": [pf.GetPreferencesRequest(member_id=m)],
        f"{preferences}.SetCategoryPreferences": [pf.SetCategoryPreferencesRequest(
            request_id="c", member_id=m, changes=[pf.CategoryPreferenceChange(
                category=nt.CATEGORY_REMINDERS, channel_id=slack, enabled=False)])],
        f"{preferences}.SetQuietHours": [pf.SetQuietHoursRequest(
            request_id="q", member_id=m, quiet_hours=nt.QuietHours(start="22:00", end="07:00",
                                                                    timezone="Asia/Tokyo"))],
        f"{preferences}.SetLocale": [pf.SetLocaleRequest(request_id="l", member_id=m, locale="en")],
        f"{preferences}.SetNearMe": [pf.SetNearMeRequest(request_id="n", member_id=m, enabled=True)],
        f"{preferences}.UnsubscribeWithToken": [pf.UnsubscribeWithTokenRequest(request_id="u", token="a.b")],
        f"{deliveries}.GetDelivery": [dl.GetDeliveryRequest(delivery_id="d-1")],
        f"{deliveries}.ListDeliveries": [dl.ListDeliveriesRequest(member_id=m, page_size=10)],
        f"{deliveries}.GetDeliveryCounts": [dl.GetDeliveryCountsRequest(triggering_event_id="e-1")],
        f"{deliveries}.ListDeadLetters": [dl.ListDeadLettersRequest(page_size=10)],
        f"{deliveries}.ReplayDeadLetters": [dl.ReplayDeadLettersRequest(request_id="rd", delivery_ids=["d-1"])],
    }


def operations_seeds(info: ServiceInfo) -> dict[str, list[Message]]:
    """Every service serves OperationsService, naming its own projections."""
    projection = info.projections[0] if info.projections else "none"
    service = "offkai.platform.v1.OperationsService"
    return {
        f"{service}.ListDeadLetters": [ops.ListDeadLettersRequest(page_size=10)],
        f"{service}.ReplayDeadLetter": [ops.ReplayDeadLetterRequest(projection=projection, dead_letter_id=1)],
        f"{service}.SkipDeadLetter": [
            ops.SkipDeadLetterRequest(projection=projection, dead_letter_id=1, note="seed")],
        f"{service}.ListBlockedAggregates": [ops.ListBlockedAggregatesRequest()],
        f"{service}.GetProjectionStatus": [ops.GetProjectionStatusRequest()],
        f"{service}.RebuildProjection": [ops.RebuildProjectionRequest(projection=projection)],
        f"{service}.AuditStream": [ops.AuditStreamRequest()],
        f"{service}.RepublishEvents": [ops.RepublishEventsRequest(from_position=1)],
    }


# Each service's seeder, by its name in offkai_services. A service without one (or an
# RPC its seeder leaves out) fails the adversarial test: "has no seed request".
SEEDERS = {"events": events_seeds, "members": members_seeds, "notify": notify_seeds}


def seeds_of(running) -> dict[str, list[Message]]:
    seeder = SEEDERS.get(running.info.name)
    own = seeder(running.address) if seeder else {}
    return {**own, **operations_seeds(running.info)}
