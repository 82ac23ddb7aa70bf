"""The offkai system as a whole: which services it is made of and the roles its
tokens carry. The one place these lists live; the local stack, the CLI and each
service read them here, and ``tests/test_service_list.py`` fails when a copy that
cannot import this (the Helm chart, the Dockerfile, the Makefile, pyproject.toml)
drifts from it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceInfo:
    # The short name: data files, log names, subjects (`offkai.<name>.…`), chart keys.
    name: str
    # The Python package; `python -m <module>` runs the service.
    module: str
    # The gRPC services it serves besides health, reflection and operations; the
    # first is the one readiness probes ask for.
    grpc_services: tuple[str, ...]
    # The gRPC port when OFFKAI_GRPC_PORT is not set.
    default_port: int
    # Its projections fed from the stream (each one's `Projection.name`): their
    # durable consumers are the only ones its NATS user may use (offkai_kit.nats_auth).
    projections: tuple[str, ...] = ()

    @property
    def durables(self) -> tuple[str, ...]:
        """The JetStream durable consumer of each projection (the kit's naming)."""
        return tuple(f"{self.name}_{p}" for p in self.projections)


SERVICES: tuple[ServiceInfo, ...] = (
    ServiceInfo("events", "offkai_events", ("offkai.events.v1.MeetupsService",), 50051,
                projections=("member_directory", "community_roles", "meetup_catalog", "meetup_schedule")),
    # MembersService first: the chart's readiness probe asks for the first one.
    ServiceInfo(
        "members",
        "offkai_members",
        (
            "offkai.members.v1.MembersService",
            "offkai.members.v1.CommunitiesService",
            "offkai.members.v1.ConnectionsService",
            "offkai.members.v1.IntroductionsService",
            "offkai.members.v1.InvitationsService",
        ),
        50052,
        projections=("member_directory", "relationships", "communities", "introductions", "invitations",
                     "attendance", "follow_ups"),
    ),
    ServiceInfo(
        "notify",
        "offkai_notify",
        (
            "offkai.notify.v1.ChannelsService",
            "offkai.notify.v1.PreferencesService",
            "offkai.notify.v1.DeliveriesService",
            "offkai.notify.v1.BroadcastsService",
        ),
        50053,
        projections=("recipients", "subscriptions", "communities", "meetups", "connections"),
    ),
)

# Product roles a bearer token may carry, besides the kit's platform roles
# ("admin", "service"): any member, and people who organise meetups.
MEMBER = "member"
ORGANIZER = "organizer"
ROLES = frozenset({MEMBER, ORGANIZER})


def service(name: str) -> ServiceInfo:
    for info in SERVICES:
        if info.name == name:
            return info
    raise KeyError(f"no offkai service {name!r}; there are {[s.name for s in SERVICES]}")


SERVICE_NAMES = tuple(s.name for s in SERVICES)


def durables() -> dict[str, tuple[str, ...]]:
    """Every service's durable consumers, by service name."""
    return {s.name: s.durables for s in SERVICES}
