"""One event being applied by a projection that plans deliveries: its
transaction, the event, and the service's time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit.consumer import ConsumedEvent
from offkai_notify.projections import audience
from offkai_notify.render.messages import Message

# An event older than this when applied plans no deliveries: a rebuild replays
# the whole stream, and nobody wants last year's RSVP confirmations; nor news
# that waited out a days-long outage.
PLANNING_HORIZON = timedelta(days=2)


@dataclass(frozen=True)
class Applying:
    """One event being applied: the transaction, the event, and the service's
    time (when deliveries are planned, and quiet hours judged)."""

    conn: AsyncConnection
    event: ConsumedEvent
    now: datetime
    # The sender's, told once what this event queued has committed.
    wake: audience.Wake | None = None

    @property
    def key(self) -> str:
        return self.event.envelope.event_id

    @property
    def at(self) -> datetime:
        return self.event.occurred_at

    @property
    def plans(self) -> bool:
        """Whether this event still plans deliveries (see PLANNING_HORIZON)."""
        return self.event.occurred_at >= self.now - PLANNING_HORIZON


    async def notify(self, messages: Mapping[str, Message], *, urgent: bool = False) -> int:
        """Queue ``messages`` (by member id, one category) keyed by this event."""
        if not messages or not self.plans:
            return 0
        return await audience.notify(self.conn, self.key, messages, self.now, urgent=urgent, wake=self.wake)
