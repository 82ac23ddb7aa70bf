"""Notify service settings: the kit's OFFKAI_* variables, notify's own defaults."""

from pydantic import Field

from offkai_kit.config import ServiceSettings


class NotifySettings(ServiceSettings):
    grpc_port: int = Field(50053, ge=0, le=65535)
