"""Events service settings: the kit's OFFKAI_* variables, events' own defaults."""

from pydantic import Field

from offkai_kit.config import ServiceSettings
from offkai_services import service


class EventsSettings(ServiceSettings):
    grpc_port: int = Field(service("events").default_port, ge=0, le=65535)
    # How often the scheduler looks for due lottery draws, seat steps and meetup ends.
    scheduler_tick_seconds: float = Field(1.0, gt=0, le=60)
