"""The members service's gRPC servicers, one per service in
proto/offkai/members/v1/: each RPC hands its request to the module that does
that job (mutations, query modules). Errors are raised as offkai_kit.errors
exceptions; the kit's interceptor turns them into gRPC statuses with details."""

from __future__ import annotations

from offkai.members.v1 import communities_pb2 as cpb
from offkai.members.v1 import (
    communities_pb2_grpc,
    connections_pb2_grpc,
    introductions_pb2_grpc,
    invitations_pb2_grpc,
    members_pb2_grpc,
)
from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import introductions_pb2 as ipb
from offkai.members.v1 import invitations_pb2 as vpb
from offkai.members.v1 import members_pb2 as mpb
from offkai_members.entrypoints.community_mutations import CommunityMutations
from offkai_members.entrypoints.community_reads import CommunityReads
from offkai_members.entrypoints.connection_lists import ConnectionLists
from offkai_members.entrypoints.connection_mutations import ConnectionMutations
from offkai_members.entrypoints.introduction_mutations import IntroductionMutations
from offkai_members.entrypoints.introduction_reads import IntroductionReads
from offkai_members.entrypoints.invitation_mutations import InvitationMutations
from offkai_members.entrypoints.invitation_reads import InvitationReads
from offkai_members.entrypoints.member_mutations import MemberMutations
from offkai_members.entrypoints.people_met import PeopleMet
from offkai_members.entrypoints.profile_reads import ProfileReads
from offkai_members.entrypoints.suggestion_lists import SuggestionLists


class MembersServicer(members_pb2_grpc.MembersServiceServicer):
    def __init__(self, mutations: MemberMutations, reads: ProfileReads):
        self.mutations = mutations
        self.reads = reads

    async def RegisterMember(self, request: mpb.RegisterMemberRequest, context) -> mpb.RegisterMemberResponse:
        return await self.mutations.register_member(request)

    async def UpdateProfile(self, request: mpb.UpdateProfileRequest, context) -> mpb.UpdateProfileResponse:
        return await self.mutations.update_profile(request)

    async def AddHandle(self, request: mpb.AddHandleRequest, context) -> mpb.AddHandleResponse:
        return await self.mutations.add_handle(request)

    async def ChangeHandle(self, request: mpb.ChangeHandleRequest, context) -> mpb.ChangeHandleResponse:
        return await self.mutations.change_handle(request)

    async def RemoveHandle(self, request: mpb.RemoveHandleRequest, context) -> mpb.RemoveHandleResponse:
        return await self.mutations.remove_handle(request)

    async def EraseMember(self, request: mpb.EraseMemberRequest, context) -> mpb.EraseMemberResponse:
        return await self.mutations.erase_member(request)

    async def GetMember(self, request: mpb.GetMemberRequest, context) -> mpb.GetMemberResponse:
        return await self.reads.get_member(request)


class CommunitiesServicer(communities_pb2_grpc.CommunitiesServiceServicer):
    def __init__(self, mutations: CommunityMutations, reads: CommunityReads):
        self.mutations = mutations
        self.reads = reads

    async def CreateCommunity(self, request: cpb.CreateCommunityRequest, context) -> cpb.CreateCommunityResponse:
        return await self.mutations.create_community(request)

    async def JoinCommunity(self, request: cpb.JoinCommunityRequest, context) -> cpb.JoinCommunityResponse:
        return await self.mutations.join_community(request)

    async def LeaveCommunity(self, request: cpb.LeaveCommunityRequest, context) -> cpb.LeaveCommunityResponse:
        return await self.mutations.leave_community(request)

    async def FollowCommunity(self, request: cpb.FollowCommunityRequest, context) -> cpb.FollowCommunityResponse:
        return await self.mutations.follow_community(request)

    async def UnfollowCommunity(
        self, request: cpb.UnfollowCommunityRequest, context
    ) -> cpb.UnfollowCommunityResponse:
        return await self.mutations.unfollow_community(request)

    async def ChangeCommunityRole(
        self, request: cpb.ChangeCommunityRoleRequest, context
    ) -> cpb.ChangeCommunityRoleResponse:
        return await self.mutations.change_community_role(request)

    async def GetCommunity(self, request: cpb.GetCommunityRequest, context) -> cpb.GetCommunityResponse:
        return await self.reads.get_community(request)

    async def ListCommunities(self, request: cpb.ListCommunitiesRequest, context) -> cpb.ListCommunitiesResponse:
        return await self.reads.list_communities(request)

    async def ListCommunityMembers(
        self, request: cpb.ListCommunityMembersRequest, context
    ) -> cpb.ListCommunityMembersResponse:
        return await self.reads.list_community_members(request)

    async def ListMemberCommunities(
        self, request: cpb.ListMemberCommunitiesRequest, context
    ) -> cpb.ListMemberCommunitiesResponse:
        return await self.reads.list_member_communities(request)


class ConnectionsServicer(connections_pb2_grpc.ConnectionsServiceServicer):
    def __init__(
        self, mutations: ConnectionMutations, lists: ConnectionLists, people: PeopleMet, suggestions: SuggestionLists
    ):
        self.mutations = mutations
        self.lists = lists
        self.people = people
        self.suggestions = suggestions

    async def RequestConnection(
        self, request: rpb.RequestConnectionRequest, context
    ) -> rpb.RequestConnectionResponse:
        return await self.mutations.request_connection(request)

    async def AcceptConnection(self, request: rpb.AcceptConnectionRequest, context) -> rpb.AcceptConnectionResponse:
        return await self.mutations.accept_connection(request)

    async def DeclineConnection(
        self, request: rpb.DeclineConnectionRequest, context
    ) -> rpb.DeclineConnectionResponse:
        return await self.mutations.decline_connection(request)

    async def WithdrawConnectionRequest(
        self, request: rpb.WithdrawConnectionRequestRequest, context
    ) -> rpb.WithdrawConnectionRequestResponse:
        return await self.mutations.withdraw_connection_request(request)

    async def RemoveConnection(self, request: rpb.RemoveConnectionRequest, context) -> rpb.RemoveConnectionResponse:
        return await self.mutations.remove_connection(request)

    async def BlockMember(self, request: rpb.BlockMemberRequest, context) -> rpb.BlockMemberResponse:
        return await self.mutations.block_member(request)

    async def UnblockMember(self, request: rpb.UnblockMemberRequest, context) -> rpb.UnblockMemberResponse:
        return await self.mutations.unblock_member(request)

    async def ListConnections(self, request: rpb.ListConnectionsRequest, context) -> rpb.ListConnectionsResponse:
        return await self.lists.list_connections(request)

    async def ListConnectionRequests(
        self, request: rpb.ListConnectionRequestsRequest, context
    ) -> rpb.ListConnectionRequestsResponse:
        return await self.lists.list_connection_requests(request)

    async def ListBlockedMembers(
        self, request: rpb.ListBlockedMembersRequest, context
    ) -> rpb.ListBlockedMembersResponse:
        return await self.lists.list_blocked_members(request)

    async def ListPeopleMet(self, request: rpb.ListPeopleMetRequest, context) -> rpb.ListPeopleMetResponse:
        return await self.people.list_people_met(request)

    async def ListSuggestions(self, request: rpb.ListSuggestionsRequest, context) -> rpb.ListSuggestionsResponse:
        return await self.suggestions.list_suggestions(request)


class IntroductionsServicer(introductions_pb2_grpc.IntroductionsServiceServicer):
    def __init__(self, mutations: IntroductionMutations, reads: IntroductionReads):
        self.mutations = mutations
        self.reads = reads

    async def MakeIntroduction(self, request: ipb.MakeIntroductionRequest, context) -> ipb.MakeIntroductionResponse:
        return await self.mutations.make_introduction(request)

    async def AcceptIntroduction(
        self, request: ipb.AcceptIntroductionRequest, context
    ) -> ipb.AcceptIntroductionResponse:
        return await self.mutations.accept_introduction(request)

    async def DeclineIntroduction(
        self, request: ipb.DeclineIntroductionRequest, context
    ) -> ipb.DeclineIntroductionResponse:
        return await self.mutations.decline_introduction(request)

    async def GetIntroduction(self, request: ipb.GetIntroductionRequest, context) -> ipb.GetIntroductionResponse:
        return await self.reads.get_introduction(request)

    async def ListIntroductions(
        self, request: ipb.ListIntroductionsRequest, context
    ) -> ipb.ListIntroductionsResponse:
        return await self.reads.list_introductions(request)


class InvitationsServicer(invitations_pb2_grpc.InvitationsServiceServicer):
    def __init__(self, mutations: InvitationMutations, reads: InvitationReads):
        self.mutations = mutations
        self.reads = reads

    async def SendInvitation(self, request: vpb.SendInvitationRequest, context) -> vpb.SendInvitationResponse:
        return await self.mutations.send_invitation(request)

    async def ClaimInvitation(self, request: vpb.ClaimInvitationRequest, context) -> vpb.ClaimInvitationResponse:
        return await self.mutations.claim_invitation(request)

    async def DeclineInvitation(
        self, request: vpb.DeclineInvitationRequest, context
    ) -> vpb.DeclineInvitationResponse:
        return await self.mutations.decline_invitation(request)

    async def GetInvitation(self, request: vpb.GetInvitationRequest, context) -> vpb.GetInvitationResponse:
        return await self.reads.get_invitation(request)

    async def ListInvitations(self, request: vpb.ListInvitationsRequest, context) -> vpb.ListInvitationsResponse:
        return await self.reads.list_invitations(request)

    async def GetInvitationReport(
        self, request: vpb.GetInvitationReportRequest, context
    ) -> vpb.GetInvitationReportResponse:
        return await self.reads.get_invitation_report(request)
