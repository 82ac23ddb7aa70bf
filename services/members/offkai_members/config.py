"""Members service settings: the kit's OFFKAI_* variables, members' own defaults."""

from pydantic import Field

from offkai_kit.config import ServiceSettings


class MembersSettings(ServiceSettings):
    grpc_port: int = Field(50052, ge=0, le=65535)
