"""Claiming due deliveries, so that replicas on one database never send the
same one twice, and writing down what became of them.

A claim is a lease on a row: ``claimed_by`` (the replica) until
``claimed_until``. Claiming picks due rows nobody holds — on PostgreSQL with
``FOR UPDATE SKIP LOCKED``, so replicas claiming at once take different rows
without waiting on each other; on SQLite write transactions run one at a time
anyway — and marks them in the same transaction. Outcomes are written only
for rows the replica still holds (a replica that stalled past its claim
writes nothing; the row is someone else's by then). A replica that dies
mid-send leaves its claims to lapse: those deliveries are sent again after
``claimed_until`` — with the same Message-ID or idempotency key, so the
receiver can tell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from google.protobuf.message import Message
from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit.db import in_chunks
from offkai_kit.eventstore import EventStore
from offkai_notify.delivery.tables import DUE, Status, deliveries, delivery_addresses

STREAM_TYPE = "delivery"


def stream_id(delivery_id: str) -> str:
    return f"{STREAM_TYPE}-{delivery_id}"


@dataclass(frozen=True)
class Claimed:
    delivery_id: str
    key: str
    member_id: str
    channel_id: str
    trigger: str
    category: str | None
    urgent: bool
    message: str
    status: Status
    attempts: int
    # The claim holds until then; a send that could end later is not started.
    claimed_until: datetime | None = None


@dataclass(frozen=True)
class Result:
    """What one attempt (or the decision not to make one) came to."""

    delivery_id: str
    status: Status
    attempts: int
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    channel_kind: str | None = None
    masked_destination: str | None = None
    failure_class: str | None = None
    failure_code: str | None = None
    failed_at: datetime | None = None
    # Kept for a terminal outcome; None when the row simply waits again.
    keep_message: bool = True
    # NotificationSent / NotificationFailed, appended with the row's change.
    event: Message | None = None
    # A delivery to a non-member that is over (sent, cancelled): its address goes.
    forget_address: bool = False


async def claim(conn: AsyncConnection, owner: str, now: datetime, until: datetime, limit: int) -> list[Claimed]:
    due = (
        select(deliveries.c.delivery_id)
        .where(
            deliveries.c.status.in_([s.value for s in DUE]),
            deliveries.c.next_attempt_at <= now,
            or_(deliveries.c.claimed_until.is_(None), deliveries.c.claimed_until <= now),
        )
        .order_by(deliveries.c.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = [row.delivery_id for row in await conn.execute(due)]
    if not ids:
        return []
    await conn.execute(
        update(deliveries).where(deliveries.c.delivery_id.in_(ids)).values(claimed_by=owner, claimed_until=until)
    )
    rows = await conn.execute(select(deliveries).where(deliveries.c.delivery_id.in_(ids)))
    return [
        Claimed(
            delivery_id=r.delivery_id, key=r.key, member_id=r.member_id, channel_id=r.channel_id, trigger=r.trigger,
            category=r.category, urgent=r.urgent, message=r.message, status=Status(r.status), attempts=r.attempts,
            claimed_until=until,
        )
        for r in rows
    ]


async def record(conn: AsyncConnection, store: EventStore, owner: str, results: list[Result]) -> int:
    """Write the results of rows ``owner`` still holds, each with its event;
    returns how many were written. A round's outcomes go in a few statements,
    not a few per delivery: the rows still held are read (and locked, on
    PostgreSQL) first, then updated together, and their events appended
    together."""
    by_id = {result.delivery_id: result for result in results}
    held: set[str] = set()
    for chunk in in_chunks(list(by_id)):
        held.update(await conn.scalars(
            select(deliveries.c.delivery_id)
            .where(deliveries.c.delivery_id.in_(chunk), deliveries.c.claimed_by == owner)
            .with_for_update()
        ))
    # One executemany per shape of change (sent, retrying, failed, …).
    shapes: dict[tuple[str, ...], list[dict]] = {}
    for delivery_id in held:
        values = _changes(by_id[delivery_id])
        shapes.setdefault(tuple(values), []).append(
            {"held_id": delivery_id, **{f"new_{column}": value for column, value in values.items()}})
    for columns, rows in shapes.items():
        await conn.execute(
            update(deliveries)
            .where(deliveries.c.delivery_id == bindparam("held_id"), deliveries.c.claimed_by == owner)
            .values({column: bindparam(f"new_{column}", type_=deliveries.c[column].type) for column in columns}),
            rows,
        )
    over = [d for d in held if by_id[d].forget_address]
    for chunk in in_chunks(over):
        await conn.execute(delete(delivery_addresses).where(delivery_addresses.c.delivery_id.in_(chunk)))
    await store.append_many_within(conn, STREAM_TYPE, [
        (stream_id(r.delivery_id), [r.event]) for r in results if r.delivery_id in held and r.event is not None
    ])
    return len(held)


def _changes(result: Result) -> dict:
    values = {
        "status": result.status.value,
        "attempts": result.attempts,
        "next_attempt_at": result.next_attempt_at,
        "claimed_by": None,
        "claimed_until": None,
    }
    if result.sent_at is not None:
        values["sent_at"] = result.sent_at
    if result.channel_kind is not None:
        values["channel_kind"] = result.channel_kind
        values["masked_destination"] = result.masked_destination
    if result.failure_code is not None:
        values |= {"failure_class": result.failure_class, "failure_code": result.failure_code,
                   "failed_at": result.failed_at}
    if not result.keep_message:
        values["message"] = None
    return values



async def release(conn: AsyncConnection, owner: str, delivery_ids: list[str] | None = None) -> None:
    """Give back the claims of ``owner`` — these, or all (at shutdown): the rows
    are due again at once."""
    statement = update(deliveries).where(deliveries.c.claimed_by == owner)
    if delivery_ids is not None:
        statement = statement.where(deliveries.c.delivery_id.in_(delivery_ids))
    await conn.execute(statement.values(claimed_by=None, claimed_until=None))
