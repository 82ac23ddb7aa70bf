"""Members service settings: the kit's OFFKAI_* variables, members' own defaults."""

from pydantic import Field

from offkai_kit.config import ServiceSettings
from offkai_services import service


class MembersSettings(ServiceSettings):
    grpc_port: int = Field(service("members").default_port, ge=0, le=65535)
