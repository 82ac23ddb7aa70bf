"""The event store's contract, run against every backend (SQLite and PostgreSQL)
through the ``database_url`` fixture: the same assertions must hold on both."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from sqlalchemy import Column, MetaData, String, Table, insert, select

from offkai.members.v1.events_pb2 import MemberRegistered
from offkai.members.v1.members_pb2 import Member
from offkai_kit import context
from offkai_kit.decider import Decider
from offkai_kit.errors import FailedPrecondition, InvalidArgument
from offkai_kit.eventstore import EventStore, WrongExpectedVersion
from offkai_kit.principal import Principal
from offkai_kit.repository import Repository
from offkai_kit.testing.commands import command_runner


def named(name: str) -> MemberRegistered:
    return MemberRegistered(member_id="m1", display_name=name)


# A tiny aggregate for the tests: the list of names registered so far.
restored_from: list[bytes] = []


def _restore(data: bytes) -> tuple[str, ...]:
    restored_from.append(data)
    return tuple(data.decode().split("\n")) if data else ()


names = Decider(
    stream_type="names",
    initial=(),
    evolve=lambda state, event: (*state, event.display_name),
    # A command is the name to register.
    decide=lambda state, name, now: [named(name)],
    snapshot=lambda state: "\n".join(state).encode(),
    restore=_restore,
    snapshot_every=10,
)


async def test_append_then_load_in_order(db):
    store = EventStore(db)
    recorded = await store.append("names-1", "names", 0, [named("a"), named("b")])
    assert [e.version for e in recorded] == [1, 2]
    await store.append("names-1", "names", 2, [named("c")])
    loaded = await store.load("names-1")
    assert [(e.version, e.message().display_name) for e in loaded] == [(1, "a"), (2, "b"), (3, "c")]
    assert loaded[0].event_type == "MemberRegistered"
    assert loaded[0].payload_type == "offkai.members.v1.MemberRegistered"
    assert loaded[0].occurred_at.tzinfo is not None
    assert [e.version for e in await store.load("names-1", after_version=2)] == [3]
    assert await store.load("names-other") == []


async def test_stale_expected_version_is_refused_and_writes_nothing(db):
    store = EventStore(db)
    await store.append("s", "names", 0, [named("a")])
    with pytest.raises(WrongExpectedVersion):
        await store.append("s", "names", 0, [named("b"), named("c")])
    with pytest.raises(WrongExpectedVersion):  # ahead of the stream: would leave a gap
        await store.append("s", "names", 5, [named("d")])
    assert [e.message().display_name for e in await store.load("s")] == ["a"]


async def test_concurrent_appends_exactly_one_wins(db):
    store = EventStore(db)

    async def attempt(i: int) -> bool:
        try:
            await store.append("race", "names", 0, [named(f"w{i}"), named(f"x{i}")])
            return True
        except WrongExpectedVersion:
            return False

    wins = await asyncio.gather(*(attempt(i) for i in range(16)))
    assert sum(wins) == 1
    assert [e.version for e in await store.load("race")] == [1, 2]


async def test_concurrent_commands_retry_without_gaps(db):
    runner = command_runner(db, attempts=50)

    async def add(i: int):
        return await runner.execute(
            names, "counter", f"n{i}",
            lambda state: Member(display_name=str(len(state))),
            method="Add", request=Member(member_id=str(i)), request_id=f"r{i}",
        )

    await asyncio.gather(*(add(i) for i in range(12)))
    versions = [e.version for e in await runner.store.load("counter")]
    assert versions == list(range(1, 13))


async def test_idempotent_retry_returns_first_answer_and_appends_nothing(db):
    runner = command_runner(db)
    token = context.bind(context.RequestContext(Principal("m1"), "corr-1", "cause-1"))
    try:
        calls = []

        def decide(state, command, now):
            calls.append(state)
            return [named(f"v{len(state)}")]

        def respond(state):
            return Member(display_name=",".join(state))

        counted = replace(names, decide=decide)
        request = Member(member_id="same")
        first = await runner.execute(counted, "idem", "x", respond, method="Add", request=request, request_id="r-1")
        again = await runner.execute(counted, "idem", "x", respond, method="Add", request=request, request_id="r-1")
        assert first == again == Member(display_name="v0")
        assert len(calls) == 1
        events = await runner.store.load("idem")
        assert len(events) == 1
        assert (events[0].correlation_id, events[0].causation_id) == ("corr-1", "cause-1")

        with pytest.raises(InvalidArgument) as bad:
            await runner.execute(counted, "idem", "x", respond, method="Add",
                                 request=Member(member_id="other"), request_id="r-1")
        assert bad.value.violations[0].field == "request_id"
        with pytest.raises(InvalidArgument):
            await runner.execute(counted, "idem", "x", respond, method="Add", request=request, request_id="")
    finally:
        context.reset(token)


async def test_concurrent_duplicates_of_one_request_append_once(db):
    runner = command_runner(db)
    request = Member(member_id="dup")

    async def send():
        return await runner.execute(
            names, "dup", "once", lambda s: Member(display_name=str(len(s))),
            method="Add", request=request, request_id="same-id",
        )

    answers = await asyncio.gather(*(send() for _ in range(8)))
    assert {a.display_name for a in answers} == {"1"}
    assert len(await runner.store.load("dup")) == 1


async def test_snapshots_keep_long_streams_fast_and_equal(db):
    runner = command_runner(db)
    for i in range(25):
        await runner.execute(names, "long", f"e{i}", lambda s: Member(),
                             method="Add", request=Member(), request_id=f"q{i}")
    restored_from.clear()
    cold = Repository(runner.store)  # a fresh process: nothing cached
    loaded = await cold.load(names, "long")
    assert loaded.version == 25
    assert loaded.state == tuple(f"e{i}" for i in range(25))
    # Restored from the snapshot at version 20, then 5 events folded on top.
    assert len(restored_from) == 1 and restored_from[0].decode().count("\n") == 19
    plain = Decider("other", (), names.evolve, names.decide)
    assert (await runner.repository.load(plain, "long")).state == loaded.state


async def test_cached_aggregates_still_see_other_replicas_appends(db):
    ours, theirs = command_runner(db), command_runner(db)

    async def add(runner, name):
        await runner.execute(names, "shared", name, lambda s: Member(),
                             method="Add", request=Member(display_name=name), request_id=name)

    await add(ours, "a")
    assert (await ours.repository.load(names, "shared")).state == ("a",)
    await add(theirs, "b")  # another replica appends; our cache is now behind
    loaded = await ours.repository.load(names, "shared")
    assert (loaded.state, loaded.version) == (("a", "b"), 2)
    await add(ours, "c")  # decides on the fresh state, not the cached one
    assert (await theirs.repository.load(names, "shared")).state == ("a", "b", "c")


side = Table("test_side_rows", MetaData(), Column("name", String(40), primary_key=True))


async def test_alongside_writes_commit_with_the_events_and_only_then(db):
    """A handler's own rows (``alongside``) commit in the append's transaction: once
    per decided command, never for a refused one, a lost race or a stored answer."""
    async with db.write() as conn:
        await conn.run_sync(side.metadata.create_all)
    runner = command_runner(db)
    calls: list[list[str]] = []

    async def keep(conn, new_events):
        calls.append([e.display_name for e in new_events])
        for e in new_events:
            await conn.execute(insert(side).values(name=e.display_name))

    async def add(name: str, request_id: str, decider=names):
        return await runner.execute(decider, "side", name, lambda s: Member(display_name=str(len(s))),
                                    method="Add", request=Member(display_name=name), request_id=request_id,
                                    alongside=keep)

    await add("a", "r-a")
    await add("a", "r-a")  # the stored answer: nothing runs again

    def refuse(state, name, now):
        raise FailedPrecondition("no")

    with pytest.raises(FailedPrecondition):
        await add("b", "r-b", replace(names, decide=refuse))

    # The first attempt loses its append after the handler's rows were written in
    # its transaction: they roll back with it, and the retry's commit.
    class LosingOnce(EventStore):
        lost = False

        async def append(self, *args, within=None, **kwargs):
            async def then_lose(conn):
                await within(conn)
                if not self.lost:
                    self.lost = True
                    raise WrongExpectedVersion("side", 1)

            return await super().append(*args, within=then_lose, **kwargs)

    runner.store = LosingOnce(db)
    await add("c", "r-c")
    async with db.read() as conn:
        kept = sorted(r.name for r in await conn.execute(select(side.c.name)))
    assert kept == ["a", "c"]
    assert [e.message().display_name for e in await runner.store.load("side")] == ["a", "c"]
    assert calls == [["a"], ["c"], ["c"]]
