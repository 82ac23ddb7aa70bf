"""Composes the members service: the one place its parts meet the kit's runtime.

``SPEC`` is what ``python -m offkai_members`` runs; ``wire(runtime)`` adds the
read models fed from the stream (the directory, relationships, communities,
introductions, invitations and what the events service's stream says about
attendance), the follow-ups (their trigger projection and the loop that runs
their steps) and the five gRPC services. Nothing connects at import time.
"""

from __future__ import annotations

from offkai.members.v1 import (
    communities_pb2_grpc,
    connections_pb2_grpc,
    introductions_pb2_grpc,
    invitations_pb2_grpc,
    members_pb2_grpc,
)
from offkai_kit.service import Runtime, ServiceSpec
from offkai_members.adapters.hidden_handles import HiddenHandles
from offkai_members.config import MembersSettings
from offkai_members.entrypoints.community_mutations import CommunityMutations
from offkai_members.entrypoints.community_reads import CommunityReads
from offkai_members.entrypoints.connection_lists import ConnectionLists
from offkai_members.entrypoints.connection_mutations import ConnectionMutations
from offkai_members.entrypoints.grpc import (
    CommunitiesServicer,
    ConnectionsServicer,
    IntroductionsServicer,
    InvitationsServicer,
    MembersServicer,
)
from offkai_members.entrypoints.introduction_mutations import IntroductionMutations
from offkai_members.entrypoints.introduction_reads import IntroductionReads
from offkai_members.entrypoints.invitation_mutations import InvitationMutations
from offkai_members.entrypoints.invitation_reads import InvitationReads
from offkai_members.entrypoints.member_mutations import MemberMutations
from offkai_members.entrypoints.people_met import PeopleMet
from offkai_members.entrypoints.profile_reads import ProfileReads
from offkai_members.entrypoints.suggestion_lists import SuggestionLists
from offkai_members.facts import Facts
from offkai_members.projections.attendance import AttendanceProjection
from offkai_members.projections.communities import CommunitiesProjection
from offkai_members.projections.directory import DirectoryProjection
from offkai_members.projections.introductions import IntroductionsProjection
from offkai_members.projections.invitations import InvitationsProjection
from offkai_members.projections.relationships import RelationshipsProjection
from offkai_members.scheduling.follow_ups import FollowUps
from offkai_members.scheduling.triggers import FollowUpTriggers
from offkai_services import ROLES, service

READ_MODELS = (
    DirectoryProjection,
    RelationshipsProjection,
    CommunitiesProjection,
    IntroductionsProjection,
    InvitationsProjection,
    AttendanceProjection,
)


def wire_read_models(runtime: Runtime) -> None:
    for projection in READ_MODELS:
        runtime.add_projection(projection())


def wire_follow_ups(runtime: Runtime, **options) -> FollowUps:
    runtime.add_projection(FollowUpTriggers())
    follow_ups = FollowUps(runtime.db, runtime.commands, Facts(runtime.repository, runtime.db), clock=runtime.clock,
                           **options)
    runtime.add_task(follow_ups.run)
    return follow_ups


def wire_api(runtime: Runtime) -> None:
    db, commands = runtime.db, runtime.commands
    facts = Facts(runtime.repository, db)
    hidden = HiddenHandles(db, runtime.personal)
    member_mutations = MemberMutations(commands, facts, hidden, runtime.personal, runtime.keyring, runtime.repository)
    servicers = (
        (members_pb2_grpc.add_MembersServiceServicer_to_server,
         MembersServicer(member_mutations, ProfileReads(facts, hidden))),
        (communities_pb2_grpc.add_CommunitiesServiceServicer_to_server,
         CommunitiesServicer(CommunityMutations(commands, facts, db), CommunityReads(db, facts))),
        (connections_pb2_grpc.add_ConnectionsServiceServicer_to_server,
         ConnectionsServicer(ConnectionMutations(commands, facts), ConnectionLists(db), PeopleMet(db),
                             SuggestionLists(db, facts))),
        (introductions_pb2_grpc.add_IntroductionsServiceServicer_to_server,
         IntroductionsServicer(IntroductionMutations(commands, facts, db), IntroductionReads(db, facts))),
        (invitations_pb2_grpc.add_InvitationsServiceServicer_to_server,
         InvitationsServicer(InvitationMutations(commands, facts, db), InvitationReads(db, facts))),
    )
    for add, servicer in servicers:
        runtime.add_servicer(add, servicer)


def wire(runtime: Runtime) -> None:
    wire_read_models(runtime)
    wire_follow_ups(runtime)
    wire_api(runtime)


SPEC = ServiceSpec(
    name="members",
    settings=MembersSettings,
    migrations="offkai_members.migrations",
    health_services=list(service("members").grpc_services),
    wire=wire,
    roles=ROLES,
)
