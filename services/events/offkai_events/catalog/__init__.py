"""The events service's catalog: read models for queries across meetups, and
the scheduler of timed steps.

- ``CatalogProjection`` keeps meetups (community, region, tags, times, status,
  organizers) and who took part where, from the meetup stream;
- ``Catalog`` answers ``search``, ``meetups_of_member`` and
  ``upcoming_of_community`` from it, with meetup ids;
- ``ScheduleProjection`` keeps when each meetup next needs a timed step, and
  ``Scheduler`` runs those steps when they come due, exactly once.

``wire(runtime)`` registers the projections and the scheduler's loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from offkai_events.catalog.projection import CatalogProjection
from offkai_events.catalog.queries import Catalog, CatalogQuery
from offkai_events.catalog.schedule import ScheduleProjection
from offkai_events.catalog.scheduler import Scheduler

if TYPE_CHECKING:
    from offkai_kit.service import Runtime


def wire(runtime: Runtime) -> None:
    """Add the catalog and schedule projections and the scheduler task."""
    tick = runtime.settings.scheduler_tick_seconds  # OFFKAI_SCHEDULER_TICK_SECONDS
    runtime.add_projection(CatalogProjection())
    runtime.add_projection(ScheduleProjection(runtime.repository, runtime.clock))
    runtime.add_task(Scheduler(runtime.db, runtime.repository, runtime.commands, tick_seconds=tick,
                               clock=runtime.clock).run)


__all__ = ["Catalog", "CatalogProjection", "CatalogQuery", "ScheduleProjection", "Scheduler", "wire"]
