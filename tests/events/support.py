"""Helpers for the tests of what the events service keeps from its stream (the
catalog projection) and issues on a timer (the scheduler): meetups relative to
now, running domain commands as a handler would on the service's settable
clock, running the service with a chosen wiring, and polling the eventually
consistent projections."""

from __future__ import annotations

import contextlib
import uuid
from datetime import UTC, datetime, timedelta

from google.protobuf import empty_pb2
from sqlalchemy import func, select

from offkai_events.config import EventsSettings
from offkai_events.domain import MEETUP, stream_id
from offkai_events.domain import commands as c
from offkai_events.domain.model import (
    Frame,
    FrameMode,
    MeetupDetails,
    MeetupFormat,
    Region,
    RsvpDetails,
    SeatConfirmationPolicy,
    Venue,
)
from offkai_events.projections import catalog_tables
from offkai_events.projections.catalog import CatalogProjection
from offkai_events.projections.member_directory import MemberDirectory
from offkai_events.scheduling import schedule_tables
from offkai_events.scheduling.schedule_projection import ScheduleProjection
from offkai_events.scheduling.scheduler import Scheduler
from offkai_kit.clock import Clock
from offkai_kit.consumer.tracking import projection_positions
from offkai_kit.eventstore.schema import events
from offkai_kit.principal import Principal
from offkai_kit.service import Runtime, ServiceSpec
from offkai_kit.testing.polling import eventually
from offkai_kit.testing.services import running_service

ORGANIZER = Principal("org-aki", frozenset({"member", "organizer"}))
OTHER_ORGANIZER = Principal("org-ben", frozenset({"member", "organizer"}))
ADMIN = Principal("admin-1", frozenset({"admin"}))
CATALOG_PROJECTIONS = ("meetup_catalog", "meetup_schedule")
TABLES = {**catalog_tables.metadata.tables, **schedule_tables.metadata.tables}


def now() -> datetime:
    return datetime.now(UTC)


def member(member_id: str) -> Principal:
    return Principal(member_id, frozenset({"member"}))


# -- meetups -----------------------------------------------------------------


def details(
    start: datetime,
    *,
    hours: float = 3,
    title: str = "Rust mini-off",
    community: str = "rust-tokyo",
    prefecture: str = "Tokyo",
    city: str = "Shibuya",
    tags: tuple[str, ...] = ("rust",),
    organizer: Principal = ORGANIZER,
    seat_confirmation: SeatConfirmationPolicy | None = None,
) -> MeetupDetails:
    return MeetupDetails(
        title=title,
        community_id=community,
        organizer_ids=(organizer.member_id,),
        format=MeetupFormat.IN_PERSON,
        start=start,
        end=start + timedelta(hours=hours),
        timezone="Asia/Tokyo",
        region=Region(prefecture, city),
        tags=tags,
        venue=Venue(name="Cafe Komorebi"),
        seat_confirmation=seat_confirmation,
    )


def first_come(frame_id: str = "in-person", capacity: int = 2) -> Frame:
    return Frame(frame_id=frame_id, name=frame_id.title(), capacity=capacity, mode=FrameMode.FIRST_COME,
                 waitlist_enabled=True)


def lottery(draw_at: datetime, frame_id: str = "lottery", capacity: int = 1) -> Frame:
    return Frame(frame_id=frame_id, name=frame_id.title(), capacity=capacity, mode=FrameMode.LOTTERY,
                 waitlist_enabled=True, draw_at=draw_at)


async def run(runtime: Runtime, command, at: datetime | None = None) -> None:
    """Run a domain command the way a handler does (idempotent execute); with ``at``,
    as if the service's clock (a SettableClock) said so, and as it was afterwards."""
    before = runtime.clock.at
    if at is not None:
        runtime.clock.set(at)
    try:
        await runtime.commands.execute(
            MEETUP,
            stream_id(command.meetup_id),
            command,
            lambda state: empty_pb2.Empty(),
            method=f"test/{type(command).__name__}",
            request=empty_pb2.Empty(),
            request_id=str(uuid.uuid4()),
        )
    finally:
        runtime.clock.at = before


async def meetup(
    runtime: Runtime,
    d: MeetupDetails,
    *,
    frames: tuple[Frame, ...] | None = None,
    publish: bool = True,
    meetup_id: str | None = None,
) -> str:
    meetup_id = meetup_id or str(uuid.uuid4())
    actor = ORGANIZER if d.organizer_ids[0] == ORGANIZER.member_id else OTHER_ORGANIZER
    await run(runtime, c.ScheduleMeetup(actor=actor, meetup_id=meetup_id, details=d,
                                        frames=frames or (first_come(),), check_in_code="K7Q2PX",
                                        organized_communities=frozenset({d.community_id})))
    if publish:
        await run(runtime, c.PublishMeetup(actor=actor, meetup_id=meetup_id))
    return meetup_id


async def rsvp(runtime: Runtime, meetup_id: str, member_id: str, frame_id: str = "in-person") -> None:
    await run(runtime, c.RsvpToFrame(actor=member(member_id), meetup_id=meetup_id, frame_id=frame_id,
                                     member_id=member_id, details=RsvpDetails()))


async def recorded(runtime: Runtime, meetup_id: str, event_type: str) -> list:
    return [e.message() for e in await runtime.store.load(stream_id(meetup_id)) if e.event_type == event_type]


# -- running the service -----------------------------------------------------


def wiring(*, schedulers: list[Scheduler] | None = None, tick: float = 0.02, **scheduler_options):
    """The read models and the scheduler on the runtime's (test) clock, without the
    API; keeps each Scheduler made in ``schedulers`` (None: no scheduler task at all)."""

    def wire(runtime: Runtime) -> None:
        runtime.add_projection(MemberDirectory())
        runtime.add_projection(CatalogProjection())
        runtime.add_projection(ScheduleProjection(runtime.repository, runtime.clock))
        if schedulers is not None:
            scheduler = Scheduler(runtime.db, runtime.repository, runtime.commands, tick_seconds=tick,
                                  clock=runtime.clock, **scheduler_options)
            schedulers.append(scheduler)
            runtime.add_task(scheduler.run)

    return wire


@contextlib.asynccontextmanager
async def service(nats_url: str, database_url: str, data_dir, wire, clock: Clock):
    spec = ServiceSpec(
        name="events",
        settings=EventsSettings,
        migrations="offkai_events.migrations",
        health_services=[],
        wire=wire,
    )
    async with running_service(
        spec, nats_url=nats_url, data_dir=data_dir, database_url=database_url, clock=clock,
        consumer_backoff_seconds=[0.1, 0.2, 0.5],
    ) as runtime:
        yield runtime


async def settled(runtime: Runtime, projections=CATALOG_PROJECTIONS) -> bool:
    """Whether ``projections`` have applied every meetup event in the store."""
    e, p = events.c, projection_positions.c
    async with runtime.db.read() as conn:
        heads = dict(
            (await conn.execute(
                select(e.stream_id, func.max(e.version)).where(e.stream_type == "meetup").group_by(e.stream_id)
            )).all()
        )
        for name in projections:
            applied = dict((await conn.execute(
                select(p.stream_id, p.version).where(p.projection == name)
            )).all())
            if any(applied.get(stream, 0) != version for stream, version in heads.items()):
                return False
    return True


async def caught_up(runtime: Runtime) -> None:
    await eventually(lambda: settled(runtime))


async def rows(runtime: Runtime, table_name: str) -> list[tuple]:
    """Every row of one of the catalog's or the scheduler's tables, in primary-key
    order, times in UTC."""
    table = TABLES[table_name]
    async with runtime.db.read() as conn:
        found = (await conn.execute(select(table).order_by(*table.primary_key.columns))).all()
    return [tuple(row) for row in found]
