"""Leases on a real database, with a clock the test moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from offkai_kit.lease import Lease

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


async def test_the_holder_renews_once_a_third_of_its_lease_has_passed(db):
    now = [T0]
    lease = Lease(db, "job", "replica-a", 30, clock=lambda: now[0])
    assert await lease.ensure() and lease.expires_at == T0 + timedelta(seconds=30)
    now[0] = T0 + timedelta(seconds=9)  # 21 s of 30 left: more than two thirds
    assert await lease.ensure() and lease.expires_at == T0 + timedelta(seconds=30), "not renewed yet"
    now[0] = T0 + timedelta(seconds=11)  # 19 s left: renewed
    assert await lease.ensure() and lease.expires_at == now[0] + timedelta(seconds=30)


async def test_a_standby_takes_over_only_once_the_lease_has_expired(db):
    now = [T0]
    holder = Lease(db, "job", "replica-a", 30, clock=lambda: now[0])
    standby = Lease(db, "job", "replica-b", 30, clock=lambda: now[0])
    assert await holder.ensure()
    now[0] = T0 + timedelta(seconds=29)
    assert not await standby.ensure()
    now[0] = T0 + timedelta(seconds=31)
    assert await standby.ensure() and standby.term == holder.term + 1
