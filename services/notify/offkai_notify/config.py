"""Notify service settings: the kit's OFFKAI_* variables, notify's own defaults."""

from pydantic import Field

from offkai_kit.config import ServiceSettings
from offkai_services import service


class NotifySettings(ServiceSettings):
    grpc_port: int = Field(service("notify").default_port, ge=0, le=65535)
