"""The tracking contract (positions, failures, checkpoints, dead letters), run against
every backend (SQLite and PostgreSQL) through the ``database_url`` fixture: the same
assertions must hold on both. Each step is its own transaction, as batches are."""

from __future__ import annotations

import pytest

from offkai_kit.consumer.tracking import ConcurrentApply, DeadLetter, Parked, Tracking, VersionGap, dead_letter_page


def letter(event_id: str, stream_id: str = "member-1", version: int = 1) -> DeadLetter:
    return DeadLetter(event_id=event_id, event_type="MemberRegistered", stream_id=stream_id, version=version,
                      subject="offkai.members.member.MemberRegistered", stream_sequence=7, deliveries=3,
                      error="boom " * 2000, envelope=b"\x01\x02")


async def apply(db, tracking: Tracking, stream_id: str, *versions: int) -> None:
    async with db.write() as conn:
        positions = await tracking.positions(conn, {stream_id})
        for version in versions:
            assert positions.is_next(stream_id, version)
            positions.advance(stream_id, version, f"e{version}")
        await positions.save(conn)


async def test_positions_start_at_zero_and_move_one_version_at_a_time(db):
    names = Tracking("names")
    async with db.read() as conn:
        assert await names.position_of(conn, "member-1") == 0
    await apply(db, names, "member-1", 1, 2)
    async with db.write() as conn:
        positions = await names.positions(conn, {"member-1", "member-2"})
        assert not positions.is_next("member-1", 2), "applied already: a duplicate"
        assert positions.is_next("member-1", 3)
        with pytest.raises(VersionGap):
            positions.is_next("member-1", 5)
        assert positions.is_next("member-2", 1)
    async with db.read() as conn:
        assert await names.position_of(conn, "member-1") == 2
        assert await Tracking("other").position_of(conn, "member-1") == 0, "positions are per projection"


async def test_a_stale_batch_refuses_to_save_over_another_replicas_progress(db):
    names = Tracking("names")
    await apply(db, names, "member-1", 1)
    stale = await _read(db, names, "member-1")
    await apply(db, names, "member-1", 2)  # another replica, meanwhile
    stale.advance("member-1", 2, "e2-again")
    with pytest.raises(ConcurrentApply):
        async with db.write() as conn:
            await stale.save(conn)
    async with db.read() as conn:
        assert await names.position_of(conn, "member-1") == 2


async def test_two_replicas_applying_a_streams_first_event_save_once(db):
    names = Tracking("names")
    stale = await _read(db, names, "member-9")
    await apply(db, names, "member-9", 1)  # another replica, meanwhile
    stale.advance("member-9", 1, "e1-again")
    with pytest.raises(ConcurrentApply):
        async with db.write() as conn:
            await stale.save(conn)


async def test_a_stale_batch_of_many_streams_refuses_when_any_one_moved(db):
    names = Tracking("names")
    for stream in ("member-1", "member-2", "member-3"):
        await apply(db, names, stream, 1)
    async with db.read() as conn:
        stale = await names.positions(conn, {"member-1", "member-2", "member-3", "member-4"})
    await apply(db, names, "member-2", 2)  # another replica, meanwhile
    for stream, version in (("member-1", 2), ("member-2", 2), ("member-3", 2), ("member-4", 1)):
        stale.advance(stream, version, f"{stream}-again")
    with pytest.raises(ConcurrentApply):
        async with db.write() as conn:
            await stale.save(conn)
    async with db.read() as conn:
        assert [await names.position_of(conn, s) for s in ("member-1", "member-2", "member-3", "member-4")] == [
            1, 2, 1, 0], "the whole batch rolled back"


async def test_a_batch_of_many_streams_saves_new_and_moved_positions(db):
    names = Tracking("names")
    await apply(db, names, "member-1", 1)
    await apply(db, names, "member-2", 1, 2)
    async with db.write() as conn:
        positions = await names.positions(conn, {"member-1", "member-2", "member-3", "member-4"})
        for stream, version in (("member-1", 2), ("member-2", 3), ("member-3", 1), ("member-4", 1)):
            positions.advance(stream, version, f"{stream}-{version}")
        await positions.save(conn)
    async with db.read() as conn:
        assert [await names.position_of(conn, s) for s in ("member-1", "member-2", "member-3", "member-4")] == [
            2, 3, 1, 1]


async def test_a_batch_reads_its_state_in_one_query_as_the_separate_reads_do(db):
    names, other = Tracking("names"), Tracking("other")
    for tracking in (names, other):
        await apply(db, tracking, "member-1", 1, 2)
        await apply(db, tracking, "member-2", 1)
        async with db.write() as conn:
            failures = await tracking.failures(conn, {"e9"})
            failures.failed("e9", "no")
            await failures.save(conn)
            await tracking.dead_letter(conn, letter("d1", stream_id="member-2", version=2))
            for version in (4, 5):
                await tracking.park(conn, Parked("member-1", version, f"p{version}", "offkai.members.member.X",
                                                 10 + version, b"\x00"))
            await tracking.park(conn, Parked("member-3", 2, "q2", "offkai.members.member.X", 20, b"\x00"))
    streams, event_ids = {"member-1", "member-2", "member-3", "member-4"}, {"e9", "e8"}
    async with db.read() as conn:
        positions, failures, blocked, parked = await names.batch_state(conn, streams, event_ids)
        assert positions.read == (await names.positions(conn, streams)).read == {"member-1": 2, "member-2": 1}
        assert failures.read == (await names.failures(conn, event_ids)).read == {"e9": 1}
        assert blocked == await names.blocked(conn, streams) == {"member-2"}
        assert parked == await names.parked_versions(conn, streams) == {"member-1": {4, 5}, "member-3": {2}}
        nothing = await names.batch_state(conn, {"member-9"}, set())
        assert (nothing[0].read, nothing[1].read, nothing[2], nothing[3]) == ({}, {}, set(), {})


async def _read(db, tracking: Tracking, stream_id: str):
    async with db.read() as conn:
        return await tracking.positions(conn, {stream_id})


async def test_failures_are_counted_across_batches_until_settled(db):
    names = Tracking("names")
    for expected in (1, 2, 3):
        async with db.write() as conn:
            failures = await names.failures(conn, {"e1", "e2"})
            assert failures.failed("e1", f"attempt {expected}") == expected
            await failures.save(conn)
    async with db.write() as conn:
        failures = await names.failures(conn, {"e1"})
        assert failures.current == {"e1": 3}
        failures.settled("e1")
        await failures.save(conn)
    async with db.read() as conn:
        assert (await names.failures(conn, {"e1"})).current == {}


async def test_the_checkpoint_only_moves_forward(db):
    names = Tracking("names")
    for sequence, expected in ((5, 5), (3, 5), (9, 9)):
        async with db.write() as conn:
            await names.checkpoint(conn, sequence)
        async with db.read() as conn:
            assert await names.checkpoint_of(conn) == expected


async def test_dead_letters_are_kept_counted_and_paged(db):
    names, other = Tracking("names"), Tracking("other")
    async with db.write() as conn:
        for i in range(3):
            await names.dead_letter(conn, letter(f"n{i}", version=i + 1))
        await other.dead_letter(conn, letter("o1"))
    async with db.read() as conn:
        assert await names.dead_letter_count(conn) == 3
        first = await dead_letter_page(conn, after_id=0, size=2, projection="names")
        rest = await dead_letter_page(conn, after_id=first[-1].id, size=2, projection="names")
        everything = await dead_letter_page(conn, after_id=0, size=10)
    assert [r.event_id for r in first + rest] == ["n0", "n1", "n2"]
    assert len(everything) == 4
    kept = first[0]
    assert (kept.stream_id, kept.version, kept.deliveries, kept.envelope) == ("member-1", 1, 3, b"\x01\x02")
    assert len(kept.error) == 4000 and kept.recorded_at.tzinfo is not None


async def test_reset_forgets_one_projection_only(db):
    names, other = Tracking("names"), Tracking("other")
    for tracking in (names, other):
        await apply(db, tracking, "member-1", 1)
        async with db.write() as conn:
            await tracking.checkpoint(conn, 4)
            await tracking.dead_letter(conn, letter("x"))
            failures = await tracking.failures(conn, {"e9"})
            failures.failed("e9", "no")
            await failures.save(conn)
    async with db.write() as conn:
        await names.reset(conn)
    async with db.read() as conn:
        assert await names.position_of(conn, "member-1") == 0
        assert await names.checkpoint_of(conn) == 0
        assert await names.dead_letter_count(conn) == 0
        assert (await names.failures(conn, {"e9"})).current == {}
        assert await other.position_of(conn, "member-1") == 1
        assert await other.checkpoint_of(conn) == 4
        assert await other.dead_letter_count(conn) == 1
