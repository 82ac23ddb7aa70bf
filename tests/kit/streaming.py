"""Helpers for the kit's streaming tests: settings for a test nats-server, and a
reader that returns everything on the stream."""

from __future__ import annotations

from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from offkai.platform.v1.envelope_pb2 import Envelope
from offkai_kit.config import ServiceSettings


def settings_for(nats_url: str, database_url: str = "", **overrides) -> ServiceSettings:
    values = dict(
        service_name="members",
        nats_url=nats_url,
        database_url=database_url,
        relay_poll_interval_seconds=0.05,
        relay_publish_timeout_seconds=1.0,
        relay_max_backoff_seconds=0.5,
        consumer_fetch_timeout_seconds=0.2,
        consumer_max_attempts=3,
        consumer_backoff_seconds=[0.1, 0.1, 0.1],
    )
    values.update(overrides)
    return ServiceSettings(**values)


async def stream_contents(js, stream: str = "OFFKAI") -> list[tuple[str, Envelope]]:
    """(Nats-Msg-Id, envelope) for every message on the stream, in stream order."""
    info = await js.stream_info(stream)
    total = info.state.messages
    if total == 0:
        return []
    sub = await js.pull_subscribe(
        "offkai.>", stream=stream,
        config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL, ack_policy=AckPolicy.NONE,
                              inactive_threshold=5),
    )
    found = []
    while len(found) < total:
        for msg in await sub.fetch(total - len(found), timeout=2):
            env = Envelope()
            env.ParseFromString(msg.data)
            found.append((msg.headers["Nats-Msg-Id"], env))
    await sub.unsubscribe()
    return found
