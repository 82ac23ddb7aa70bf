"""Waiting for eventually-consistent things in tests: poll with a deadline, never a
fixed sleep."""

from __future__ import annotations

import asyncio
import time


async def eventually(check, *, timeout: float = 15.0, interval: float = 0.03, what: str = ""):
    """Poll the async ``check()`` until it returns something truthy; returns that."""
    deadline = time.monotonic() + timeout
    while True:
        result = await check()
        if result:
            return result
        if time.monotonic() > deadline:
            label = f" ({what})" if what else ""
            raise AssertionError(f"not true within {timeout}s{label}: last result {result!r}")
        await asyncio.sleep(interval)
