"""The rows of the meetups projection: a meetup's latest details and status,
its frames, and where each member stands in each frame. Writes run inside
the projection's transaction; reads serve the planners, the scheduler and
the broadcasts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.events.v1 import types_pb2 as events_pb
from offkai_kit.db import upsert
from offkai_notify.projections.tables import meetup_frames, meetup_rsvps, meetups

APPLIED, GOING, WAITLISTED, CANCELLED = "applied", "going", "waitlisted", "cancelled"
# Statuses that mean the member still has a part in the meetup.
HOLDING = (APPLIED, GOING, WAITLISTED)


@dataclass(frozen=True)
class MeetupRow:
    meetup_id: str
    community_id: str
    status: str
    details: events_pb.MeetupDetails

    @property
    def start(self) -> datetime:
        return self.details.start.ToDatetime(tzinfo=UTC)

    @property
    def reminder_offsets(self) -> tuple[timedelta, ...]:
        """The organizers' reminder offsets; empty means the defaults."""
        return reminder_offsets(self.details)


def reminder_offsets(d: events_pb.MeetupDetails) -> tuple[timedelta, ...]:
    return tuple(offset.ToTimedelta() for offset in d.reminder_offsets)


async def put_meetup(conn: AsyncConnection, meetup_id: str, d: events_pb.MeetupDetails, at: datetime,
                     status: str | None = None) -> None:
    values = dict(
        community_id=d.community_id,
        prefecture=d.region.prefecture,
        start_at=d.start.ToDatetime(tzinfo=UTC),
        details=d.SerializeToString(deterministic=True),
        updated_at=at,
    )
    if status is not None:
        values["status"] = status
    elif await meetup(conn, meetup_id) is None:
        values["status"] = "draft"  # an update seen before its meetup: a rebuild starts anew
    await upsert(conn, meetups, {"meetup_id": meetup_id}, values)


async def set_status(conn: AsyncConnection, meetup_id: str, status: str, at: datetime) -> None:
    await conn.execute(
        update(meetups).where(meetups.c.meetup_id == meetup_id).values(status=status, updated_at=at)
    )


async def meetup(conn: AsyncConnection, meetup_id: str) -> MeetupRow | None:
    m = meetups.c
    row = (await conn.execute(
        select(m.meetup_id, m.community_id, m.status, m.details).where(m.meetup_id == meetup_id)
    )).first()
    if row is None:
        return None
    details = events_pb.MeetupDetails()
    details.ParseFromString(row.details)
    return MeetupRow(row.meetup_id, row.community_id, row.status, details)


async def put_frames(conn: AsyncConnection, meetup_id: str, frames) -> None:
    for f in frames:
        await upsert(
            conn, meetup_frames, {"meetup_id": meetup_id, "frame_id": f.frame_id},
            {"name": f.name, "main_session": f.session != events_pb.FRAME_SESSION_AFTER_PARTY},
        )


async def frame_ids(conn: AsyncConnection, meetup_id: str) -> frozenset[str]:
    f = meetup_frames.c
    return frozenset((await conn.scalars(select(f.frame_id).where(f.meetup_id == meetup_id))).all())


async def put_rsvp(conn: AsyncConnection, meetup_id: str, member_id: str, frame_id: str, status: str,
                   at: datetime, position: int = 0) -> None:
    r = meetup_rsvps.c
    key = and_(r.meetup_id == meetup_id, r.member_id == member_id, r.frame_id == frame_id)
    done = await conn.execute(update(meetup_rsvps).where(key).values(status=status, position=position, updated_at=at))
    if done.rowcount == 0:
        await upsert(conn, meetup_rsvps, {"meetup_id": meetup_id, "member_id": member_id, "frame_id": frame_id},
                     {"status": status, "position": position, "checked_in": False, "no_show": False,
                      "updated_at": at})


async def mark(conn: AsyncConnection, meetup_id: str, member_id: str, frame_id: str, at: datetime, **flags) -> None:
    """Set ``checked_in`` or ``no_show``; a walk-in checked in without an RSVP
    gets a row of their own (going)."""
    r = meetup_rsvps.c
    key = and_(r.meetup_id == meetup_id, r.member_id == member_id, r.frame_id == frame_id)
    done = await conn.execute(update(meetup_rsvps).where(key).values(updated_at=at, **flags))
    if done.rowcount == 0:
        values = {"status": GOING, "position": 0, "checked_in": False, "no_show": False, "updated_at": at}
        await upsert(conn, meetup_rsvps, {"meetup_id": meetup_id, "member_id": member_id, "frame_id": frame_id},
                     {**values, **flags})


async def going(conn: AsyncConnection, meetup_id: str, member_id: str | None = None) -> dict[str, bool]:
    """Members holding a seat (or one member, when given), each with whether
    a main-session seat entitles them to the join URL and the pre-meeting."""
    r, f = meetup_rsvps.c, meetup_frames.c
    statement = (
        select(r.member_id, f.main_session)
        .select_from(meetup_rsvps.outerjoin(meetup_frames, and_(f.meetup_id == r.meetup_id, f.frame_id == r.frame_id)))
        .where(r.meetup_id == meetup_id, r.status == GOING)
    )
    if member_id is not None:
        statement = statement.where(r.member_id == member_id)
    entitled: dict[str, bool] = {}
    for row in await conn.execute(statement):
        entitled[row.member_id] = entitled.get(row.member_id, False) or row.main_session is not False
    return entitled


async def is_main_session(conn: AsyncConnection, meetup_id: str, frame_id: str) -> bool:
    f = meetup_frames.c
    main = await conn.scalar(select(f.main_session).where(f.meetup_id == meetup_id, f.frame_id == frame_id))
    return main is not False


async def segment(conn: AsyncConnection, meetup_id: str, segment: str, frame_id: str = "") -> list[str]:
    """The members of a broadcast segment: "going", "waitlisted", "checked_in"
    or "no_shows", in one frame or (``frame_id`` empty) any."""
    r = meetup_rsvps.c
    where = [r.meetup_id == meetup_id]
    if frame_id:
        where.append(r.frame_id == frame_id)
    where.append({
        "going": r.status == GOING,
        "waitlisted": r.status == WAITLISTED,
        "checked_in": r.checked_in.is_(True),
        "no_shows": r.no_show.is_(True),
    }[segment])
    return sorted(set((await conn.scalars(select(r.member_id).where(*where))).all()))


async def forget_member(conn: AsyncConnection, member_id: str) -> None:
    await conn.execute(delete(meetup_rsvps).where(meetup_rsvps.c.member_id == member_id))
