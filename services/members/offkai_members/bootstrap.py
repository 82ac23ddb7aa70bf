"""Wires the members service onto the kit: its API, projections and migrations."""

from offkai.members.v1 import members_pb2_grpc
from offkai_kit.service import Runtime, ServiceSpec
from offkai_members.config import MembersSettings
from offkai_members.entrypoints.grpc import MembersServicer
from offkai_services import ROLES, service


def wire(runtime: Runtime) -> None:
    runtime.add_servicer(
        members_pb2_grpc.add_MembersServiceServicer_to_server, MembersServicer(runtime.commands, runtime.repository)
    )


SPEC = ServiceSpec(
    name="members",
    settings=MembersSettings,
    migrations="offkai_members.migrations",
    health_services=list(service("members").grpc_services),
    wire=wire,
    roles=ROLES,
)
