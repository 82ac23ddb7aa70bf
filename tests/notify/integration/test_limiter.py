"""The per-host limiter: a slow host holds up only its own sends; rates and
hold-offs are per host."""

from __future__ import annotations

import asyncio

import pytest

from offkai_kit.testing.polling import eventually
from offkai_notify.adapters.limiter import HostLimiter


async def test_a_slow_host_holds_up_only_its_own_sends():
    limiter = HostLimiter(concurrency=1, rate_per_second=1000, burst=100)
    release = asyncio.Event()
    entered: list[str] = []

    async def send(host: str, label: str, wait: bool):
        async with limiter.slot(host):
            entered.append(label)
            if wait:
                await release.wait()

    slow = asyncio.create_task(send("slow.example", "slow-1", True))
    queued = asyncio.create_task(send("slow.example", "slow-2", False))
    await eventually(lambda: _true("slow-1" in entered), what="the slow send started")
    fast = asyncio.create_task(send("fast.example", "fast-1", False))
    await asyncio.wait_for(fast, timeout=5)
    assert "fast-1" in entered and "slow-2" not in entered
    release.set()
    await asyncio.wait_for(asyncio.gather(slow, queued), timeout=5)
    assert entered.index("slow-2") > entered.index("slow-1")


async def _true(value: bool) -> bool:
    return value


def test_rate_tokens_and_hold_offs_are_per_host():
    now = [100.0]
    limiter = HostLimiter(concurrency=4, rate_per_second=2.0, burst=2, clock=lambda: now[0])
    host = limiter._host("a.example")
    host.tokens = 0
    assert limiter.ready_in("a.example") == pytest.approx(0.5)
    assert limiter.ready_in("b.example") == 0
    now[0] += 0.5
    assert limiter.ready_in("a.example") == 0
    limiter.hold_off("b.example", 30)
    assert limiter.ready_in("b.example") == pytest.approx(30)
    now[0] += 31
    assert limiter.ready_in("b.example") == 0


async def test_sends_wait_for_tokens_in_order():
    limiter = HostLimiter(concurrency=10, rate_per_second=50.0, burst=1)
    order: list[int] = []

    async def send(i: int):
        async with limiter.slot("a.example"):
            order.append(i)

    await asyncio.wait_for(asyncio.gather(*(send(i) for i in range(5))), timeout=5)
    assert order == [0, 1, 2, 3, 4]


def test_bad_limits_are_refused():
    with pytest.raises(ValueError):
        HostLimiter(concurrency=0)
