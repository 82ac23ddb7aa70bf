"""Waiting on facts about JetStream consumers in tests: a consumer has *settled* when
nothing is pending for it and nothing it was given awaits an ack — every message on
its subjects has been handled (applied, skipped as a duplicate, or dead-lettered)."""

from __future__ import annotations

import nats.errors

from offkai_kit.consumer import ProjectionRunner
from offkai_kit.testing.polling import eventually


async def consumer_settled(js, stream: str, durable: str) -> bool:
    """Whether it has settled; an info request the server was too slow to answer
    (a loaded machine) counts as "not yet", so a poll asks again until its deadline."""
    try:
        info = await js.consumer_info(stream, durable, timeout=2)
    except nats.errors.TimeoutError:
        return False
    return info.num_pending == 0 and info.num_ack_pending == 0


async def settled(*runners: ProjectionRunner, timeout: float = 15.0) -> None:
    """Wait until every runner's durable consumer has settled."""

    async def check() -> bool:
        for runner in runners:
            if not await consumer_settled(runner.js, runner.settings.stream_name, runner.durable):
                return False
        return True

    await eventually(check, timeout=timeout, what="consumers settled")
