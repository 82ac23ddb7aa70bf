"""The benchmarks' harnesses run at a tiny size (how fast is for ``make bench``, never
asserted here): each one measures both sides and records its row."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bench import meetup_decide, propagation, results, tracing
from offkai_kit.eventstore.schema import events
from offkai_kit.testing.polling import eventually


@pytest.fixture(autouse=True)
def rows():
    """The rows a test records are not left for a later ``results.write``."""
    before = len(results.ROWS)
    yield
    del results.ROWS[before:]


async def test_propagation_delivers_every_event_on_both_paths(tmp_path):
    row = await propagation.measure(f"sqlite+aiosqlite:///{tmp_path}/producer.db",
                                    f"sqlite+aiosqlite:///{tmp_path}/consumer.db", "SQLite",
                                    rate=20, seconds=0.3, rounds=1)
    (only,) = row.extra["rounds"]
    for side in ("ours", "bare"):
        assert only[side]["sent"] > 0
        assert only[side]["seen"] == only[side]["sent"], side
    assert row.extra["lost"] == 0
    assert row.ours > 0 and row.baseline > 0
    assert results.ROWS[-1] is row


async def test_tracing_runs_both_modes_and_the_exporter_exports():
    out = await tracing.measure(seconds=0.5, rounds=1, loads=("one",))
    for mode in ("off", "on"):
        (run,) = out["runs"][mode]
        assert run["one"]["rate"] > 0, mode
        assert run["one"]["errors"] == {}, mode
        assert run["one"]["cpu_ms"] > 0, mode
    # Only the "on" run exports, to the sink that counted these.
    assert out["spans"] > 0
    assert [r.name for r in results.ROWS[-2:]] == [
        "RSVPs to ONE meetup, tracing on (default sampler, OTLP batch export)",
        "CPU per RSVP to ONE meetup, tracing on vs off"]


def test_meetup_decide_times_both_meetups_and_a_snapshot():
    row = meetup_decide.measure(big=40, small=4, count=5)
    assert row.ours > 0 and row.baseline > 0
    assert row.extra["snapshot_ms"] > 0
    assert results.ROWS[-1] is row


async def test_rush_runs_the_service_apart_and_together():
    """Both shapes of the rush's service take RSVPs: one process, and an API process
    beside a worker process that publishes and projects them."""
    from bench import rush

    for apart in (False, True):
        async with rush.events_service(None, apart=apart) as runtime, rush.channel_to(runtime) as channel:
            api = rush.meetups_pb2_grpc.MeetupsServiceStub(channel)
            meetup = await rush.published_meetup(api)
            seen = await rush.clients(runtime.port, [meetup], seconds=0.5)
            assert seen["rate"] > 0 and seen["errors"] == {}, seen
            assert bool(runtime.runners) is not apart

            async def published() -> bool:
                async with runtime.db.read() as conn:
                    return not await conn.scalar(
                        select(func.count()).select_from(events).where(events.c.published_at.is_(None)))

            await eventually(published, what="every RSVP published")
