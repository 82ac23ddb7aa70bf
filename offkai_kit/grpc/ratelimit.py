"""Per-caller rate limits on mutating RPCs: a token bucket per member, refilled at
``OFFKAI_RATE_LIMIT_PER_MINUTE`` with room for a burst of
``OFFKAI_RATE_LIMIT_BURST``. A call over the limit is refused with
RESOURCE_EXHAUSTED and a ``google.rpc.RetryInfo`` saying when a token is back.
Service principals (other services, internal jobs) are not limited. Buckets live in
each replica's memory: the limit holds per replica, which is what protects it. A
bucket full again is the same as none: only callers seen within the last
``burst / rate`` seconds (6 s by default) are kept, and never more than
``MAX_CALLERS``.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from offkai_kit.errors import ResourceExhausted
from offkai_kit.principal import SERVICE, Principal

# The most buckets kept, should that many callers change something within one
# refill time: about 16 MB of buckets at this bound (20 with the member ids).
MAX_CALLERS = 100_000


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    def __init__(self, per_minute: float, burst: int, *, now: Callable[[], float] = time.monotonic):
        self.rate = per_minute / 60.0
        self.burst = max(1, burst)
        self.now = now
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def check(self, principal: Principal, method: str) -> None:
        """Take a token for the caller or refuse with RESOURCE_EXHAUSTED."""
        if not self.enabled or principal.has(SERVICE):
            return
        now = self.now()
        bucket = self._buckets.get(principal.member_id)
        if bucket is None:
            self._forget_refilled(now)
            bucket = self._buckets[principal.member_id] = _Bucket(float(self.burst), now)
            if len(self._buckets) > MAX_CALLERS:
                self._buckets.popitem(last=False)  # forget the least recently seen caller
        else:
            self._buckets.move_to_end(principal.member_id)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
            bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return
        wait = (1 - bucket.tokens) / self.rate
        raise ResourceExhausted(
            f"too many changes from this caller; {method.rsplit('/', 1)[-1]} may be retried in {wait:.1f}s",
            retry_after_seconds=round(wait, 3),
        )

    def _forget_refilled(self, now: float) -> None:
        """Drop the buckets, least recently seen first, that are full again by now."""
        while self._buckets:
            oldest = next(iter(self._buckets.values()))
            if oldest.tokens + (now - oldest.at) * self.rate < self.burst:
                return
            self._buckets.popitem(last=False)

    def __len__(self) -> int:
        return len(self._buckets)
