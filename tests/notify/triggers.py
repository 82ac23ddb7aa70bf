"""Helpers for the tests of notify's triggers: running notify with its read
models (and the scheduler), the other services' events and notify's own
subscriber events published on the stream by hand as their producers would,
and reading what was queued.

Events are stamped with the service clock's time, so a test standing
elsewhere in time (a SettableClock) still sees them as news.
"""

from __future__ import annotations

import contextlib
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy import select

from offkai.events.v1 import events_pb2 as events_ev
from offkai.events.v1 import types_pb2 as events_pb
from offkai.members.v1 import events_pb2 as members_ev
from offkai.members.v1 import types_pb2 as members_pb
from offkai.notify.v1 import events_pb2 as notify_ev
from offkai.notify.v1 import types_pb2 as notify_pb
from offkai_kit.clock import Clock
from offkai_kit.eventstore.records import RecordedEvent, subject_for
from offkai_kit.service import Runtime, ServiceSpec
from offkai_kit.testing.consumers import consumer_settled
from offkai_kit.testing.polling import eventually
from offkai_kit.testing.services import running_service
from offkai_notify.config import NotifySettings
from offkai_notify.delivery.tables import deliveries
from offkai_notify.entrypoints.broadcasts import BroadcastsServicer
from offkai_notify.projections.communities import Communities
from offkai_notify.projections.connections import Connections
from offkai_notify.projections.erasure import MemberErasure
from offkai_notify.projections.meetups import Meetups
from offkai_notify.projections.recipients import Recipients
from offkai_notify.projections.subscriptions import Subscriptions
from offkai_notify.scheduling.scheduler import Scheduler
from offkai_services import ROLES

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def ts(at: datetime) -> Timestamp:
    t = Timestamp()
    t.FromDatetime(at)
    return t


# -- running notify ----------------------------------------------------------


def wiring(*, schedulers: list[Scheduler] | None = None, tick: float = 0.02):
    """notify's read models and the broadcasts API, without the sender (what is
    planned stays queued, for the tests to read); with ``schedulers``, the
    scheduler too (each one made is kept there)."""
    from offkai.notify.v1 import broadcasts_pb2_grpc

    def wire(runtime: Runtime) -> None:
        erasure = MemberErasure(runtime.personal, runtime.keyring, runtime.repository)
        runtime.add_projection(Recipients(erasure))
        runtime.add_projection(Subscriptions())
        runtime.add_projection(Communities())
        runtime.add_projection(Meetups(runtime.clock))
        runtime.add_projection(Connections(runtime.clock))
        if schedulers is not None:
            scheduler = Scheduler(runtime.db, runtime.instance, clock=runtime.clock, tick_seconds=tick)
            schedulers.append(scheduler)
            runtime.add_task(scheduler.run)
        runtime.add_servicer(broadcasts_pb2_grpc.add_BroadcastsServiceServicer_to_server,
                             BroadcastsServicer(runtime.commands, runtime.db, runtime.clock))

    return wire


@contextlib.asynccontextmanager
async def service(nats_url: str, database_url: str, data_dir, wire, clock: Clock, **settings):
    spec = ServiceSpec(name="notify", settings=NotifySettings, migrations="offkai_notify.migrations",
                       health_services=[], wire=wire, roles=ROLES)
    async with running_service(
        spec, nats_url=nats_url, data_dir=data_dir, database_url=database_url, clock=clock,
        consumer_backoff_seconds=[0.1, 0.2, 0.5], **settings,
    ) as runtime:
        yield runtime


async def caught_up(runtime: Runtime) -> None:
    """Every projection has handled everything on its subjects (its durable
    consumer may still be in the making just after start-up)."""
    from nats.js.errors import NotFoundError

    async def check() -> bool:
        for runner in runtime.runners.values():
            try:
                if not await consumer_settled(runner.js, runner.settings.stream_name, runner.durable):
                    return False
            except NotFoundError:
                return False
        return True

    await eventually(check, what="notify's projections caught up")


# -- what was queued -----------------------------------------------------------


@dataclass(frozen=True)
class Queued:
    key: str
    member_id: str
    channel_id: str
    trigger: str
    urgent: bool
    not_before: datetime


async def queued(runtime: Runtime, *, trigger: str | None = None, key: str | None = None) -> list[Queued]:
    d = deliveries.c
    statement = select(d.key, d.member_id, d.channel_id, d.trigger, d.urgent, d.next_attempt_at).order_by(
        d.member_id, d.channel_id, d.key
    )
    if trigger is not None:
        statement = statement.where(d.trigger == trigger)
    if key is not None:
        statement = statement.where(d.key == key)
    async with runtime.db.read() as conn:
        return [Queued(*row) for row in await conn.execute(statement)]


async def messages_of(runtime: Runtime, trigger: str) -> dict[str, str]:
    """The stored message of each delivery of ``trigger``, by member id."""
    d = deliveries.c
    async with runtime.db.read() as conn:
        rows = await conn.execute(select(d.member_id, d.message).where(d.trigger == trigger))
        return {r.member_id: r.message for r in rows}


async def renderable(runtime: Runtime) -> int:
    """Render every queued message as the sender would (decoded from the
    queue, in both languages); how many were rendered."""
    from offkai_notify.delivery.codec import decode
    from offkai_notify.render import Links, Recipient, render

    d = deliveries.c
    async with runtime.db.read() as conn:
        stored = (await conn.execute(select(d.member_id, d.message))).all()
    for member_id, text in stored:
        for locale in ("ja", "en"):
            rendered = render(decode(text), Recipient(member_id, member_id.title(), locale, "Asia/Tokyo"),
                              Links(app_url="https://offkai.example.org"))
            assert rendered.subject and rendered.text and rendered.chat, (member_id, locale)
    return len(stored)


def who(found: list[Queued]) -> list[tuple[str, str]]:
    return sorted((q.member_id, q.channel_id) for q in found)


# -- the stream --------------------------------------------------------------


class Stream:
    """Publishes events as their producers would: one envelope per event, the
    next version of its stream, stamped with the service clock's time."""

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.versions: dict[str, int] = defaultdict(int)
        self.sent: list[tuple[str, bytes]] = []

    async def publish(self, service: str, stream_type: str, stream_id: str, payload: Message) -> str:
        self.versions[stream_id] += 1
        event = RecordedEvent(
            str(uuid.uuid4()), stream_id, stream_type, self.versions[stream_id], payload.DESCRIPTOR.name,
            payload.DESCRIPTOR.full_name, payload.SerializeToString(), self.runtime.clock(), "test", "test",
        )
        subject = subject_for(service, stream_type, event.event_type)
        data = event.envelope(service).SerializeToString()
        self.sent.append((subject, data))
        await self.runtime.nc.jetstream().publish(subject, data, headers={"Nats-Msg-Id": event.event_id})
        return event.event_id

    async def redeliver_all(self) -> None:
        """Every event again, as a second copy on the stream (a producer's
        retry past the duplicate window, or a stream healed from a store)."""
        for subject, data in list(self.sent):
            await self.runtime.nc.jetstream().publish(subject, data, headers={"Nats-Msg-Id": str(uuid.uuid4())})

    # members -----------------------------------------------------------------

    async def member(self, member_id: str, *, prefecture: str = "Tokyo", timezone: str = "Asia/Tokyo",
                     locale: str = "ja") -> None:
        await self.publish("members", "member", f"member-{member_id}", members_ev.MemberRegistered(
            member_id=member_id, display_name=member_id.title(), region_prefecture=prefecture,
            timezone=timezone, locale=locale))

    async def erase(self, member_id: str) -> str:
        return await self.publish("members", "member", f"member-{member_id}",
                                  members_ev.MemberErased(member_id=member_id, erased_by=member_id))

    async def community(self, community_id: str, owner: str, *, members: tuple[str, ...] = (),
                        followers: tuple[str, ...] = ()) -> None:
        stream = f"community-{community_id}"
        await self.publish("members", "community", stream, members_ev.CommunityCreated(
            community_id=community_id, details=members_pb.CommunityDetails(name=community_id.title()),
            created_by=owner))
        for m in members:
            await self.publish("members", "community", stream,
                               members_ev.CommunityJoined(community_id=community_id, member_id=m))
        for m in followers:
            await self.publish("members", "community", stream,
                               members_ev.CommunityFollowed(community_id=community_id, member_id=m))

    async def members_event(self, stream_type: str, stream_id: str, payload: Message) -> str:
        return await self.publish("members", stream_type, stream_id, payload)

    # notify's own subscriber stream -------------------------------------------

    async def subscriber(self, payload: Message) -> str:
        return await self.publish("notify", "subscriber", f"subscriber-{payload.member_id}", payload)

    async def channel(self, member_id: str, channel_id: str, kind=notify_pb.CHANNEL_KIND_WEBHOOK,
                      status=notify_pb.CHANNEL_STATUS_ACTIVE) -> None:
        await self.subscriber(notify_ev.ChannelRegistered(
            member_id=member_id, channel_id=channel_id, kind=kind, status=status,
            address="https://hooks.example.org/x", registered_at=ts(self.runtime.clock())))

    async def email(self, member_id: str, channel_id: str, *, verified: bool = True) -> None:
        await self.channel(member_id, channel_id, notify_pb.CHANNEL_KIND_EMAIL,
                           notify_pb.CHANNEL_STATUS_PENDING_VERIFICATION)
        if verified:
            await self.subscriber(notify_ev.ChannelVerified(member_id=member_id, channel_id=channel_id))

    async def prefer(self, member_id: str, channel_id: str, category, enabled: bool) -> None:
        await self.subscriber(notify_ev.CategoryPreferenceSet(
            member_id=member_id, channel_id=channel_id, category=category, enabled=enabled))

    async def quiet_hours(self, member_id: str, start: str, end: str, timezone: str) -> None:
        await self.subscriber(notify_ev.QuietHoursSet(
            member_id=member_id, quiet_hours=notify_pb.QuietHours(start=start, end=end, timezone=timezone)))

    async def near_me(self, member_id: str) -> None:
        await self.subscriber(notify_ev.NearMeSet(member_id=member_id, enabled=True))

    # meetups -----------------------------------------------------------------

    async def meetup_event(self, meetup_id: str, payload: Message) -> str:
        return await self.publish("events", "meetup", f"meetup-{meetup_id}", payload)


def details(start: datetime, *, community: str = "rust-tokyo", prefecture: str = "Tokyo",
            organizers: tuple[str, ...] = ("org-aki",), title: str = "Rust mini-off") -> events_pb.MeetupDetails:
    return events_pb.MeetupDetails(
        title=title,
        description="Bring a **laptop**; we pair on small Rust programs.",
        community_id=community,
        organizer_ids=list(organizers),
        region=events_pb.Region(prefecture=prefecture, city="Shibuya"),
        format=events_pb.MEETUP_FORMAT_HYBRID,
        start=ts(start),
        end=ts(start + 3 * HOUR),
        timezone="Asia/Tokyo",
        venue=events_pb.Venue(
            name="Cafe Komorebi", address="1-2-3 Dogenzaka",
            stations=[events_pb.Station(station="Shibuya", line="JR Yamanote", exit="Hachiko", walking_minutes=5)],
        ),
        online_url="https://meet.example.org/rust",
        pre_meeting=events_pb.PreMeeting(join_url="https://meet.example.org/pre", start=ts(start - DAY),
                                         end=ts(start - DAY + HOUR)),
        checklist=[events_pb.ChecklistItem(name="rustup", url="https://rustup.rs")],
    )


def summary(meetup_id: str, d: events_pb.MeetupDetails) -> events_pb.MeetupSummary:
    return events_pb.MeetupSummary(
        meetup_id=meetup_id, title=d.title, community_id=d.community_id, format=d.format, start=d.start,
        end=d.end, timezone=d.timezone, venue_name=d.venue.name, venue_address=d.venue.address,
        access="Shibuya (JR Yamanote), Hachiko exit, 5 min walk", online_url=d.online_url,
    )


FRAMES = [
    events_pb.Frame(frame_id="in-person", name="In person", capacity=2, mode=events_pb.FRAME_MODE_FIRST_COME,
                    waitlist_enabled=True),
    events_pb.Frame(frame_id="party", name="After-party", capacity=10, mode=events_pb.FRAME_MODE_FIRST_COME,
                    session=events_pb.FRAME_SESSION_AFTER_PARTY),
]


class Meetup:
    """One meetup's events, in its stream's order."""

    def __init__(self, stream: Stream, meetup_id: str, d: events_pb.MeetupDetails):
        self.stream, self.meetup_id, self.details = stream, meetup_id, d

    @property
    def summary(self) -> events_pb.MeetupSummary:
        return summary(self.meetup_id, self.details)

    async def schedule(self, frames=FRAMES) -> str:
        return await self.stream.meetup_event(self.meetup_id, events_ev.MeetupScheduled(
            meetup_id=self.meetup_id, details=self.details, frames=frames, scheduled_by="org-aki"))

    async def publish(self, frames=FRAMES) -> str:
        return await self.stream.meetup_event(self.meetup_id, events_ev.MeetupPublished(
            meetup_id=self.meetup_id, details=self.details, frames=frames, published_by="org-aki"))

    async def confirm(self, member_id: str, frame_id: str = "in-person") -> str:
        return await self.stream.meetup_event(self.meetup_id, events_ev.RsvpConfirmed(
            meetup_id=self.meetup_id, frame_id=frame_id, member_id=member_id, meetup=self.summary,
            frame_name=frame_id.title()))

    async def waitlist(self, member_id: str, position: int, frame_id: str = "in-person") -> str:
        return await self.stream.meetup_event(self.meetup_id, events_ev.RsvpWaitlisted(
            meetup_id=self.meetup_id, frame_id=frame_id, member_id=member_id, position=position,
            meetup=self.summary, frame_name=frame_id.title()))

    async def cancel_rsvp(self, member_id: str, frame_id: str = "in-person", by: str = "") -> str:
        return await self.stream.meetup_event(self.meetup_id, events_ev.RsvpCancelled(
            meetup_id=self.meetup_id, frame_id=frame_id, member_id=member_id, cancelled_by=by or member_id,
            previous_status=events_pb.RSVP_STATUS_GOING, meetup=self.summary, frame_name=frame_id.title()))

    async def promote(self, member_id: str, confirm_by: datetime | None = None, frame_id: str = "in-person") -> str:
        e = events_ev.WaitlistPromoted(meetup_id=self.meetup_id, frame_id=frame_id, member_id=member_id,
                                       meetup=self.summary, frame_name=frame_id.title())
        if confirm_by is not None:
            e.confirm_by.CopyFrom(ts(confirm_by))
        return await self.stream.meetup_event(self.meetup_id, e)

    async def move(self, start: datetime, affected: tuple[str, ...]) -> str:
        before = self.details.venue
        d = events_pb.MeetupDetails()
        d.CopyFrom(self.details)
        d.start.CopyFrom(ts(start))
        d.end.CopyFrom(ts(start + 3 * HOUR))
        d.venue.CopyFrom(before)
        self.details = d
        return await self.stream.meetup_event(self.meetup_id, events_ev.MeetupUpdated(
            meetup_id=self.meetup_id, details=d, changed_fields=["start", "end"], updated_by="org-aki",
            affected_member_ids=list(affected), meetup=self.summary))

    async def set_reminder_offsets(self, offsets: list[timedelta], affected: tuple[str, ...]) -> str:
        d = events_pb.MeetupDetails()
        d.CopyFrom(self.details)
        del d.reminder_offsets[:]
        for offset in offsets:
            d.reminder_offsets.add().FromTimedelta(offset)
        self.details = d
        return await self.stream.meetup_event(self.meetup_id, events_ev.MeetupUpdated(
            meetup_id=self.meetup_id, details=d, changed_fields=["reminder_offsets"], updated_by="org-aki",
            affected_member_ids=list(affected), meetup=self.summary))

    async def cancel(self, affected: tuple[str, ...], reason: str = "venue closed") -> str:
        return await self.stream.meetup_event(self.meetup_id, events_ev.MeetupCancelled(
            meetup_id=self.meetup_id, reason=reason, cancelled_by="org-aki", affected_member_ids=list(affected),
            meetup=self.summary))

    async def event(self, payload: Message) -> str:
        return await self.stream.meetup_event(self.meetup_id, payload)
