"""Composes the events service: the one place its parts meet the kit's runtime.

``SPEC`` is what ``python -m offkai_events`` runs; ``wire(runtime)`` adds the
read models fed from the stream (the member directory, community roles and the
catalog, which also carries out members' erasure here), the
process manager of timed steps (the schedule projection and the scheduler's
loop) and the ``MeetupsService`` API. Nothing connects at import time.
"""

from __future__ import annotations

from offkai.events.v1 import meetups_pb2_grpc
from offkai_events.config import EventsSettings
from offkai_events.entrypoints.grpc import MeetupsServicer
from offkai_events.projections.catalog import CatalogProjection
from offkai_events.projections.catalog_search import CatalogSearch
from offkai_events.projections.community_roles import CommunityRoles
from offkai_events.projections.erasure import MemberErasure
from offkai_events.projections.member_directory import MemberDirectory
from offkai_events.scheduling.schedule_projection import ScheduleProjection
from offkai_events.scheduling.scheduler import Scheduler
from offkai_kit.service import Runtime, ServiceSpec
from offkai_services import ROLES, service


def wire(runtime: Runtime) -> None:
    runtime.add_projection(MemberDirectory())
    runtime.add_projection(CommunityRoles())
    erasure = MemberErasure(runtime.personal, runtime.keyring, runtime.repository)
    runtime.add_projection(CatalogProjection(erasure))
    runtime.add_projection(ScheduleProjection(runtime.repository, runtime.clock))
    tick = runtime.settings.scheduler_tick_seconds  # OFFKAI_SCHEDULER_TICK_SECONDS
    scheduler = Scheduler(runtime.db, runtime.repository, runtime.commands, tick_seconds=tick, clock=runtime.clock)
    runtime.add_task(scheduler.run)
    servicer = MeetupsServicer(runtime.commands, runtime.repository, CatalogSearch(runtime.db), runtime.db, runtime.clock)
    runtime.add_servicer(meetups_pb2_grpc.add_MeetupsServiceServicer_to_server, servicer)


SPEC = ServiceSpec(
    name="events",
    settings=EventsSettings,
    migrations="offkai_events.migrations",
    health_services=list(service("events").grpc_services),
    wire=wire,
    roles=ROLES,
)
