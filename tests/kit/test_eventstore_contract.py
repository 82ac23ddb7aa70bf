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


async def test_long_appends_go_in_whole(db):
    # More parameters than one PostgreSQL statement takes, and than one combined
    # insert numbers below 10,000: the store splits them as needed.
    store = EventStore(db)
    await store.append("names-long", "names", 0, [named(f"n{i}") for i in range(900)])
    await store.append("names-long", "names", 900, [named(f"n{i}") for i in range(900, 3000)])
    loaded = await store.load("names-long")
    assert [e.version for e in loaded] == list(range(1, 3001))
    assert loaded[-1].message().display_name == "n2999"


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


async def test_a_command_decides_on_a_long_tail_another_replica_appended(db):
    # The runner reads a tail's first events with the stored answers and the rest
    # on its own: the state it decides on has them all, in order.
    plain = replace(names, snapshot=None, restore=None)
    ours = command_runner(db)
    await ours.execute(plain, "long-tail", "a", lambda s: Member(), method="Add", request=Member(display_name="a"),
                       request_id="long-a")
    await ours.store.append("long-tail", "names", 1, [named(f"n{i}") for i in range(150)])
    answer = await ours.execute(plain, "long-tail", "z", lambda s: Member(display_name=",".join(s)), method="Add",
                                request=Member(display_name="z"), request_id="long-z")
    assert answer.display_name.split(",") == ["a", *(f"n{i}" for i in range(150)), "z"]


async def test_many_aggregates_load_together_as_each_would_alone(db):
    store = EventStore(db)
    plain = Decider("names", (), names.evolve, names.decide)
    await store.append("names-a", "names", 0, [named("a1"), named("a2")])
    await store.append("names-b", "names", 0, [named("b1")])
    repository = Repository(store)
    first = await repository.load_many(plain, ["names-a", "names-b", "names-none"])
    assert {k: (v.state, v.version) for k, v in first.items()} == {
        "names-a": (("a1", "a2"), 2), "names-b": (("b1",), 1), "names-none": ((), 0)}
    # Another replica appends: the cached aggregate catches up, the others stay as they were.
    await store.append("names-b", "names", 1, [named("b2")])
    again = await repository.load_many(plain, ["names-a", "names-b"])
    assert again["names-b"].state == ("b1", "b2") and again["names-a"] is first["names-a"]
    assert again["names-b"].state == (await Repository(store).load(plain, "names-b")).state
    # With snapshots, a cold aggregate is restored from its snapshot.
    runner = command_runner(db)
    for i in range(12):
        await runner.execute(names, "snapped", f"e{i}", lambda s: Member(),
                             method="Add", request=Member(), request_id=f"s{i}")
    cold = await Repository(runner.store).load_many(names, ["snapped"])
    assert cold["snapped"].state == tuple(f"e{i}" for i in range(12))


async def test_events_appended_to_many_streams_at_once_continue_each_stream(db):
    store = EventStore(db)
    await store.append("names-x", "names", 0, [named("x1")])
    async with db.write() as conn:
        recorded = await store.append_many_within(conn, "names", [("names-x", [named("x2")]),
                                                                  ("names-y", [named("y1"), named("y2")])])
    assert [(e.stream_id, e.version) for e in recorded] == [("names-x", 2), ("names-y", 1), ("names-y", 2)]
    assert [e.message().display_name for e in await store.load("names-x")] == ["x1", "x2"]
    assert [e.version for e in await store.load("names-y")] == [1, 2]
    with pytest.raises(ValueError):
        async with db.write() as conn:
            await store.append_many_within(conn, "names", [("names-z", [named("z")]), ("names-z", [named("z")])])


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

        # (the runner appends inside its own transaction: append_in)
        async def append_in(self, *args, within=None, **kwargs):
            async def then_lose(conn):
                await within(conn)
                if not self.lost:
                    self.lost = True
                    raise WrongExpectedVersion("side", 1)

            return await super().append_in(*args, within=then_lose, **kwargs)

    runner.store = LosingOnce(db)
    await add("c", "r-c")
    async with db.read() as conn:
        kept = sorted(r.name for r in await conn.execute(select(side.c.name)))
    assert kept == ["a", "c"]
    assert [e.message().display_name for e in await runner.store.load("side")] == ["a", "c"]
    assert calls == [["a"], ["c"], ["c"]]


async def test_a_group_of_commands_on_one_stream_keeps_each_answer_and_error(db):
    """Commands that queue on one stream are decided one after another and committed
    together: a refused one answers its own error and changes nothing for the
    others, each event keeps its own request's ids, and a failing ``alongside``
    fails only its command."""
    async with db.write() as conn:
        await conn.run_sync(side.metadata.create_all)
    runner = command_runner(db)

    def picky(state, name, now):
        if name.startswith("bad"):
            raise FailedPrecondition(f"{name} refused")
        if name in state:
            raise FailedPrecondition(f"{name} is there already")
        return [named(name)]

    strict = replace(names, decide=picky)

    async def keep(conn, new_events):
        for e in new_events:
            if e.display_name == "hook-fails":
                raise ValueError("the handler's own write failed")
            await conn.execute(insert(side).values(name=e.display_name))

    async def add(name: str, i: int):
        token = context.bind(context.RequestContext(Principal(f"m{i}"), f"corr-{i}", f"cause-{i}"))
        try:
            return await runner.execute(
                strict, "group", name, lambda s: Member(display_name=",".join(s)), method="Add",
                request=Member(display_name=name), request_id=f"r{i}", alongside=keep)
        finally:
            context.reset(token)

    wanted = ["a", "bad-1", "b", "a", "hook-fails", "c", "bad-2", "d"]
    outcomes = await asyncio.gather(*(add(n, i) for i, n in enumerate(wanted)), return_exceptions=True)
    errors = {wanted[i]: type(o).__name__ for i, o in enumerate(outcomes) if isinstance(o, Exception)}
    assert errors == {"bad-1": "FailedPrecondition", "bad-2": "FailedPrecondition",
                      "hook-fails": "ValueError", "a": "FailedPrecondition"}
    assert [o.display_name for o in outcomes if not isinstance(o, Exception)] == ["a", "a,b", "a,b,c", "a,b,c,d"]
    stored = await runner.store.load("group")
    assert [e.message().display_name for e in stored] == ["a", "b", "c", "d"]
    assert [e.version for e in stored] == [1, 2, 3, 4]
    assert [(e.correlation_id, e.causation_id) for e in stored] == [
        ("corr-0", "cause-0"), ("corr-2", "cause-2"), ("corr-5", "cause-5"), ("corr-7", "cause-7")]
    async with db.read() as conn:
        assert sorted(r.name for r in await conn.execute(select(side.c.name))) == ["a", "b", "c", "d"]
    # Each answer was stored under its own request: a retry gets it back, appending nothing.
    again = await add("c", 5)
    assert again.display_name == "a,b,c"
    assert len(await runner.store.load("group")) == 4


async def test_a_command_whose_caller_gave_up_does_not_hold_up_its_stream(db):
    """A caller that stops waiting (its deadline passed while the transaction hangs)
    stops the work done for it, as its cancellation always did: the next command on
    the stream runs, and the abandoned one left nothing behind."""
    runner = command_runner(db)
    hang = asyncio.Event()

    async def stuck(conn, new_events):
        await hang.wait()

    async def add(name: str, alongside=None):
        return await runner.execute(names, "stuck", name, lambda s: Member(display_name=",".join(s)),
                                    method="Add", request=Member(display_name=name), request_id=name,
                                    alongside=alongside)

    with pytest.raises(TimeoutError):
        await asyncio.wait_for(add("never", stuck), timeout=0.3)
    assert (await asyncio.wait_for(add("next"), timeout=10)).display_name == "next"
    assert [e.message().display_name for e in await runner.store.load("stuck")] == ["next"]


async def test_replays_answered_from_the_store_keep_their_connections(db):
    """A replay is answered inside its read transaction; that answer must not cancel
    the work while it returns the connection (a cancelled release costs the pool the
    connection and, on SQLite, left a close that never finished)."""
    from sqlalchemy import event

    invalidated = []
    event.listen(db.engine.sync_engine, "invalidate", lambda *args: invalidated.append(args))
    runner = command_runner(db)
    request = Member(member_id="replayed")
    for _ in range(20):
        answer = await runner.execute(names, "replayed", "once", lambda s: Member(display_name=str(len(s))),
                                      method="Add", request=request, request_id="replayed-1")
        assert answer.display_name == "1"
    assert invalidated == []
    assert len(await runner.store.load("replayed")) == 1
