"""Wires the events service onto the kit: its API, projections, scheduler and migrations."""

from offkai.events.v1 import meetups_pb2_grpc
from offkai_events.catalog import Catalog
from offkai_events.catalog import wire as wire_catalog
from offkai_events.config import EventsSettings
from offkai_events.entrypoints.grpc import MeetupsServicer
from offkai_events.projections.member_directory import MemberDirectory
from offkai_kit.service import Runtime, ServiceSpec
from offkai_services import ROLES, service


def wire(runtime: Runtime) -> None:
    runtime.add_projection(MemberDirectory())
    wire_catalog(runtime)  # the catalog projections and the scheduler of timed steps
    runtime.add_servicer(
        meetups_pb2_grpc.add_MeetupsServiceServicer_to_server,
        MeetupsServicer(runtime.commands, runtime.repository, Catalog(runtime.db), runtime.db, runtime.clock),
    )


SPEC = ServiceSpec(
    name="events",
    settings=EventsSettings,
    migrations="offkai_events.migrations",
    health_services=list(service("events").grpc_services),
    wire=wire,
    roles=ROLES,
)
