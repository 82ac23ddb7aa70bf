"""Putting planned deliveries in the queue, and taking a member's out.

Both run inside the caller's write transaction, so a projection's event and
the deliveries it plans commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_notify.delivery import PlannedDelivery
from offkai_notify.delivery.codec import encode
from offkai_notify.delivery.tables import DUE, Status, deliveries, delivery_addresses, delivery_id_of
from offkai_notify.domain.categories import category_of

# Rows per INSERT: well under SQLite's limit of bound parameters.
_CHUNK = 400


def _row(planned: PlannedDelivery, message: str) -> dict:
    trigger = planned.message.trigger
    category = category_of(trigger)
    return {
        "delivery_id": delivery_id_of(planned.key, planned.member_id, planned.channel_id),
        "key": planned.key,
        "member_id": planned.member_id,
        "channel_id": planned.channel_id,
        "trigger": trigger.value,
        "category": category.value if category is not None else None,
        "urgent": planned.urgent,
        "message": message,
        "status": Status.QUEUED.value,
        "attempts": 0,
        "next_attempt_at": planned.not_before,
    }


async def enqueue(
    conn: AsyncConnection, planned: Sequence[PlannedDelivery], *, now: datetime | None = None
) -> int:
    """Queue what is not queued yet: one row per (key, member_id, channel_id),
    however often the same fact is planned. Returns how many rows are new."""
    created_at = now or datetime.now(UTC)
    rows: dict[str, dict] = {}
    addresses: dict[str, dict] = {}
    # A fan-out plans one message for thousands of members: encoded once.
    encoded: dict[int, str] = {}
    for item in planned:
        message = encoded.get(id(item.message))
        if message is None:
            message = encoded[id(item.message)] = encode(item.message)
        row = _row(item, message)
        rows.setdefault(row["delivery_id"], row | {"created_at": created_at})
        if item.address is not None:
            a = item.address
            addresses.setdefault(row["delivery_id"], {
                "delivery_id": row["delivery_id"], "on_behalf_of": a.on_behalf_of, "address": a.email,
                "locale": a.locale, "timezone": a.timezone,
            })
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    values = list(rows.values())
    added: list[str] = []
    for start in range(0, len(values), _CHUNK):
        statement = (
            dialect.insert(deliveries)
            .values(values[start:start + _CHUNK])
            .on_conflict_do_nothing()
            .returning(deliveries.c.delivery_id)
        )
        added += (await conn.execute(statement)).scalars().all()
    # An address goes with its delivery when that is new, never again: a
    # replayed event must not bring back an address dropped once sent.
    new_addresses = [addresses[d] for d in added if d in addresses]
    for start in range(0, len(new_addresses), _CHUNK):
        await conn.execute(dialect.insert(delivery_addresses).values(new_addresses[start:start + _CHUNK])
                           .on_conflict_do_nothing())
    return len(added)


async def forget_member(conn: AsyncConnection, member_id: str) -> None:
    """Erasure: what was still to be sent to the member (or waits as a dead
    letter) is dropped; what was sent keeps only ids, kinds and times. So is
    what was still to be sent to an address on their behalf (an invitation
    they emailed), with the address."""
    on_their_behalf = select(delivery_addresses.c.delivery_id).where(delivery_addresses.c.on_behalf_of == member_id)
    await conn.execute(
        delete(deliveries).where(deliveries.c.delivery_id.in_(on_their_behalf))
    )
    await conn.execute(delete(delivery_addresses).where(delivery_addresses.c.on_behalf_of == member_id))
    await conn.execute(
        delete(deliveries).where(
            deliveries.c.member_id == member_id,
            deliveries.c.status.in_([*DUE, Status.FAILED]),
        )
    )
    await conn.execute(
        update(deliveries)
        .where(deliveries.c.member_id == member_id)
        .values(message=None, masked_destination=None)
    )
