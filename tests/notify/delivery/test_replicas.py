"""Two sender replicas on one database (SQLite and PostgreSQL), each with its
own connection pool, send every delivery exactly once."""

from __future__ import annotations

import asyncio
import email
from collections import Counter
from dataclasses import replace

from sqlalchemy import func, select

from offkai_kit.db import Database
from offkai_kit.eventstore import EventStore
from offkai_kit.testing.polling import eventually
from offkai_notify.delivery import PlannedDelivery
from offkai_notify.delivery.tables import Status, deliveries
from offkai_notify.domain.model import Trigger
from tests.notify.samples import MESSAGES

MEMBERS = 60


async def test_two_replicas_send_each_delivery_once(world, database_url, smtp_server, http_server):
    planned = []
    for i in range(MEMBERS):
        member = f"member-{i}"
        await world.email(member, "mail", f"member{i}@example.com")
        await world.webhook(member, "hook", http_server.url(f"/hook/{i}"))
        for channel in ("mail", "hook"):
            planned.append(PlannedDelivery(key="announce-1", member_id=member, channel_id=channel,
                                           message=MESSAGES[Trigger.RSVP_CONFIRMED], urgent=False,
                                           not_before=world.clock()))
    assert await world.plan(*planned) == 2 * MEMBERS

    other_db = Database(database_url)
    other = replace(world, db=other_db, store=EventStore(other_db))
    senders = [world.sender(smtp_server.port, owner="replica-1", batch_size=7),
               other.sender(smtp_server.port, owner="replica-2", batch_size=7)]
    stop = asyncio.Event()
    running = [asyncio.create_task(s.run(stop)) for s in senders]
    try:
        async def all_sent() -> bool:
            return await _count(world.db, Status.SENT) == 2 * MEMBERS

        await eventually(all_sent, timeout=20, what="every delivery sent")
    finally:
        stop.set()
        await asyncio.gather(*running)
        await other_db.dispose()

    message_ids = Counter(email.message_from_bytes(e.original_content)["Message-ID"]
                          for e in smtp_server.handler.envelopes)
    keys = Counter(r.headers["idempotency-key"] for r in http_server.received)
    assert len(message_ids) == MEMBERS and set(message_ids.values()) == {1}
    assert len(keys) == MEMBERS and set(keys.values()) == {1}
    async with world.db.read() as conn:
        owners = (await conn.execute(select(func.count()).select_from(deliveries)
                                     .where(deliveries.c.claimed_by.is_not(None)))).scalar()
    assert owners == 0, "stopped replicas give their claims back"
    sent_events = await _sent_events(world.db)
    assert sent_events == 2 * MEMBERS


async def _count(db, status: Status) -> int:
    async with db.read() as conn:
        return (await conn.execute(select(func.count()).select_from(deliveries)
                                   .where(deliveries.c.status == status.value))).scalar()


async def _sent_events(db) -> int:
    from offkai_kit.eventstore.schema import events

    async with db.read() as conn:
        return (await conn.execute(select(func.count()).select_from(events)
                                   .where(events.c.event_type == "NotificationSent"))).scalar()
