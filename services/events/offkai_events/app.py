"""Wires the events service onto the kit: its API, projections and migrations."""

from offkai_events.config import EventsSettings
from offkai_events.projections.member_directory import MemberDirectory
from offkai_kit.service import Runtime, ServiceSpec


def wire(runtime: Runtime) -> None:
    runtime.add_projection(MemberDirectory())


SPEC = ServiceSpec(
    name="events",
    settings=EventsSettings,
    migrations="offkai_events.migrations",
    health_services=["offkai.events.v1.MeetupsService"],
    wire=wire,
)
