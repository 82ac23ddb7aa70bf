"""The scheduler: sends what comes due on a timer — reminders and weekly
digests — from the database, so what fell due while every replica was down
is sent by the first tick after start-up.

One replica at a time runs it: it holds the ``notify_scheduler`` lease
(``offkai_kit.lease``) and fences each pass's transaction with it, so a
replica that stalled past its lease writes nothing; and what a pass queues is
keyed per occasion, so even a pass repeated queues each delivery once. Times
are judged by the service's clock (tests set it).
"""

from __future__ import annotations

import asyncio
import contextlib

from offkai_kit.clock import Clock, utc_now
from offkai_kit.db import Database
from offkai_kit.lease import Lease, LeaseLost
from offkai_kit.telemetry import get_logger
from offkai_notify.projections.audience import Wake
from offkai_notify.scheduling import digests, reminders

log = get_logger(__name__)

LEASE_NAME = "notify_scheduler"


class Scheduler:
    def __init__(
        self,
        db: Database,
        owner: str,
        *,
        clock: Clock = utc_now,
        tick_seconds: float = 1.0,
        lease_seconds: float = 15.0,
        batch_size: int = 200,
        wake: Wake | None = None,
    ):
        self.db = db
        self.clock = clock
        self.tick_seconds = tick_seconds
        self.batch_size = batch_size
        # The sender's: told when a pass queued something.
        self.wake = wake
        # Real time: the lease is about this replica being alive, not about the
        # time the messages are judged by.
        self.lease = Lease(db, LEASE_NAME, owner, lease_seconds)
        # For operations and tests: completed passes (and rounds standing by while
        # another replica holds the lease), reminders and digests handled.
        self.passes = 0
        self.standby_passes = 0
        self.reminders_handled = 0
        self.digests_handled = 0

    async def run(self, stop: asyncio.Event) -> None:
        delay = self.tick_seconds
        try:
            while not stop.is_set():
                full = False
                try:
                    if await self.lease.ensure():
                        full = await self.tick()
                    else:
                        self.standby_passes += 1
                    delay = self.tick_seconds
                except LeaseLost:
                    log.info("scheduler lease lost mid-pass; another replica sends what is due")
                except Exception as exc:  # the database is away, say: try again, slower
                    log.error("scheduler pass failed", error=repr(exc), retry_in=delay)
                    delay = min(delay * 2, max(self.tick_seconds, 30.0))
                if full:
                    await asyncio.sleep(0)  # a backlog (e.g. after downtime): go on at once
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
        finally:
            if self.lease.held:
                with contextlib.suppress(Exception):
                    await self.lease.release()

    async def tick(self) -> bool:
        """One pass in one transaction; True when a batch was full (more may be due)."""
        now = self.clock()
        async with self.db.write() as conn:
            await self.lease.fence(conn)
            sent = await reminders.send_due(conn, now, self.batch_size, self.wake)
            scheduled = await digests.schedule_new(conn, now, self.batch_size)
            digested = await digests.send_due(conn, now, self.batch_size, self.wake)
        self.passes += 1
        self.reminders_handled += sent
        self.digests_handled += digested
        return self.batch_size in (sent, scheduled, digested)
