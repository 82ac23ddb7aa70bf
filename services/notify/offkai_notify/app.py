"""Wires the notify service onto the kit. Its delivery API and channels come with
the notify issue; today it keeps the recipients projection and serves operations."""

from offkai_kit.service import Runtime, ServiceSpec
from offkai_notify.config import NotifySettings
from offkai_notify.projections.recipients import Recipients


def wire(runtime: Runtime) -> None:
    runtime.add_projection(Recipients())


SPEC = ServiceSpec(
    name="notify",
    settings=NotifySettings,
    migrations="offkai_notify.migrations",
    health_services=["offkai.notify.v1.NotifyService"],
    wire=wire,
)
