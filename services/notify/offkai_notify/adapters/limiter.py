"""Per-destination-host concurrency and rate limits.

Every host gets its own semaphore and token bucket, so waiting for a slow or
throttled host only ever holds up sends to that host. When a host says "wait"
(HTTP 429 with Retry-After), ``hold_off`` keeps new sends to it back until
then; a scheduler that would rather defer a delivery than wait can ask
``ready_in(host)`` first.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class _Host:
    slots: asyncio.Semaphore
    tokens: float
    refilled_at: float
    paused_until: float = 0.0
    active: int = 0
    waiting: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class HostLimiter:
    def __init__(
        self,
        *,
        concurrency: int = 4,
        rate_per_second: float = 5.0,
        burst: int = 10,
        clock: Callable[[], float] = time.monotonic,
    ):
        if concurrency < 1 or rate_per_second <= 0 or burst < 1:
            raise ValueError("concurrency and burst must be at least 1, the rate positive")
        self._concurrency = concurrency
        self._rate = rate_per_second
        self._burst = float(burst)
        self._clock = clock
        self._hosts: dict[str, _Host] = {}

    def _host(self, name: str) -> _Host:
        host = self._hosts.get(name)
        if host is None:
            if len(self._hosts) >= 1024:
                self._forget_idle()
            host = self._hosts[name] = _Host(asyncio.Semaphore(self._concurrency), self._burst, self._clock())
        return host

    def _forget_idle(self) -> None:
        now = self._clock()
        for name, host in list(self._hosts.items()):
            self._refill(host, now)
            if not host.active and not host.waiting and host.tokens >= self._burst and host.paused_until <= now:
                del self._hosts[name]

    def _refill(self, host: _Host, now: float) -> None:
        host.tokens = min(self._burst, host.tokens + (now - host.refilled_at) * self._rate)
        host.refilled_at = now

    def ready_in(self, name: str) -> float:
        """Seconds until ``name`` takes another send by rate and hold-off (0:
        now); concurrency aside."""
        host = self._hosts.get(name)
        if host is None:
            return 0.0
        now = self._clock()
        self._refill(host, now)
        token_wait = 0.0 if host.tokens >= 1 else (1 - host.tokens) / self._rate
        return max(token_wait, host.paused_until - now, 0.0)

    def hold_off(self, name: str, seconds: float) -> None:
        """The host asked for a pause (e.g. Retry-After): no new sends to it
        for ``seconds``."""
        host = self._host(name)
        host.paused_until = max(host.paused_until, self._clock() + seconds)

    @asynccontextmanager
    async def slot(self, name: str) -> AsyncIterator[None]:
        """Hold one of the host's concurrent slots and one token of its rate
        for the duration of a send."""
        host = self._host(name)
        host.waiting += 1
        try:
            await host.slots.acquire()
        finally:
            host.waiting -= 1
        host.active += 1
        try:
            # One waiter at a time takes tokens, so they go out in arrival order.
            async with host.lock:
                while (wait := self.ready_in(name)) > 0:
                    await asyncio.sleep(wait)
                host.tokens -= 1
            yield
        finally:
            host.active -= 1
            host.slots.release()
