"""The rate limiter keeps only the callers whose buckets are not full again."""

import pytest

from offkai_kit.errors import ResourceExhausted
from offkai_kit.grpc.ratelimit import RateLimiter
from offkai_kit.principal import Principal


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def member(n: int) -> Principal:
    return Principal.of(f"m{n}", ["member"])


def test_a_bucket_full_again_is_forgotten_and_a_drained_one_kept():
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=3, now=clock)  # full again 3 s after its last call
    for _ in range(3):
        limiter.check(member(1), "/x/Do")
    with pytest.raises(ResourceExhausted):
        limiter.check(member(1), "/x/Do")
    limiter.check(member(2), "/x/Do")
    clock.t += 2.5
    for _ in range(3):
        limiter.check(member(3), "/x/Do")
    assert len(limiter) == 3  # member 1 is still short of tokens: its limit holds
    clock.t += 1.0  # member 1 (3.5 s) and member 2 full again, member 3 not
    limiter.check(member(4), "/x/Do")
    assert len(limiter) == 2
    for _ in range(3):  # member 1 starts again from a full bucket
        limiter.check(member(1), "/x/Do")
