"""The events service as the fault suite runs it: ``python -m tests.faults.witness``
is ``python -m offkai_events`` — the same SPEC, wiring, start-up and shutdown —
plus one more projection, the *witness*, on the meetup stream.

The service's own read models are idempotent by nature (upserts, "insert if
absent"), so an event applied twice leaves no trace in them. The witness writes
one row per application and has no unique key on purpose: an effect applied
twice shows up as two rows. It is fed by the kit's ProjectionRunner like every
other projection (its own durable consumer, lease, tracking).

``OFFKAI_WITNESS_REFUSE=<word>`` makes the witness fail on every MeetupScheduled
whose title contains the word: the poison the dead-letter row injects. Starting
the service again without it is the "fix" deployed.
"""

from __future__ import annotations

import asyncio
import os

from sqlalchemy import Column, Integer, MetaData, String, Table, delete, insert

from offkai.events.v1 import events_pb2 as ev
from offkai_events.bootstrap import SPEC
from offkai_events.bootstrap import wire as wire_events
from offkai_kit.config import load_settings
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import Database
from offkai_kit.service import Runtime, ServiceSpec, main

metadata = MetaData()
applied = Table(
    "fault_witness_applied",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False),
    Column("stream_id", String(200), nullable=False),
    Column("version", Integer, nullable=False),
)


class Witness:
    name = "fault_witness"
    subjects = ["offkai.events.meetup.>"]

    def __init__(self, refuse: str = ""):
        self.refuse = refuse

    async def apply(self, conn, event: ConsumedEvent) -> None:
        message = event.message
        if self.refuse and isinstance(message, ev.MeetupScheduled) and self.refuse in message.details.title:
            raise RuntimeError(f"the witness refuses meetups titled {message.details.title!r}")
        await conn.execute(insert(applied).values(event_id=event.envelope.event_id, stream_id=event.stream_id,
                                                  version=event.version))

    async def reset(self, conn) -> None:
        await conn.execute(delete(applied))


def wire(runtime: Runtime) -> None:
    wire_events(runtime)
    runtime.add_projection(Witness(os.environ.get("OFFKAI_WITNESS_REFUSE", "")))


WITNESS_SPEC = ServiceSpec(
    name=SPEC.name,
    settings=SPEC.settings,
    migrations=SPEC.migrations,
    health_services=SPEC.health_services,
    wire=wire,
    roles=SPEC.roles,
)


async def create_table() -> None:
    """The witness's table, next to the service's own (it is not in their chain)."""
    settings = load_settings(SPEC.settings, service_name=SPEC.name)
    db = Database(settings.resolved_database_url)
    try:
        async with db.write() as conn:
            await conn.run_sync(lambda sync: metadata.create_all(sync, checkfirst=True))
    finally:
        await db.dispose()


if __name__ == "__main__":
    asyncio.run(create_table())
    main(WITNESS_SPEC)
