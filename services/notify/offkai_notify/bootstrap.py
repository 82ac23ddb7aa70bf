"""Wires the notify service onto the kit. Its delivery API and channels come with
the notify issue; today it keeps the recipients projection and serves operations."""

from offkai_kit.service import Runtime, ServiceSpec
from offkai_notify.config import NotifySettings
from offkai_notify.projections.recipients import Recipients
from offkai_services import ROLES, service


def wire(runtime: Runtime) -> None:
    runtime.add_projection(Recipients())


SPEC = ServiceSpec(
    name="notify",
    settings=NotifySettings,
    migrations="offkai_notify.migrations",
    # Its API (offkai.notify.v1.NotifyService) comes with the notify work; until then
    # health reports only the whole server ("").
    health_services=list(service("notify").grpc_services),
    wire=wire,
    roles=ROLES,
)
