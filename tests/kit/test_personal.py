"""Crypto-shredding: personal fields sealed in the store and on the stream, opened
for whoever holds the key — the producing service from its database, others from the
key bucket — and gone everywhere once the key is destroyed. Real database, real
nats-server."""

from __future__ import annotations

import asyncio

import pytest
from nats.js.errors import KeyNotFoundError, NotFoundError
from sqlalchemy import select

from offkai.members.v1 import events_pb2 as ev
from offkai.members.v1 import types_pb2 as types
from offkai.members.v1.members_pb2 import Member
from offkai_kit import context
from offkai_kit.commands import CommandRunner
from offkai_kit.consumer import ProjectionRunner
from offkai_kit.decider import Decider
from offkai_kit.eventstore import EventStore
from offkai_kit.eventstore.schema import events
from offkai_kit.idempotency import SEALED_ANSWER, CommandResults, ErasedAnswer, command_results
from offkai_kit.outbox import OutboxRelay
from offkai_kit.personal import (
    SEALED,
    KeyNotYetKnown,
    KeyRace,
    KeyRing,
    PersonalData,
    bucket_key,
    key_bucket,
    open_text,
    seal_text,
)
from offkai_kit.principal import Principal
from offkai_kit.repository import Repository
from offkai_kit.stream import connect, ensure_stream
from offkai_kit.testing.polling import eventually

from .streaming import settings_for


def registered(member_id: str, name: str) -> ev.MemberRegistered:
    return ev.MemberRegistered(member_id=member_id, display_name=name, locale="ja", timezone="Asia/Tokyo",
                               region_city="Sapporo")


def test_a_sealed_text_opens_only_with_its_key_and_subject():
    key, other = b"k" * 32, b"o" * 32
    sealed = seal_text(key, "ayumi", "Ayumi Kato")
    assert sealed.startswith(SEALED) and "Ayumi" not in sealed
    assert open_text(key, "ayumi", sealed) == "Ayumi Kato"
    assert open_text(other, "ayumi", sealed) == ""
    assert open_text(key, "kenji", sealed) == "", "bound to its member"
    assert open_text(None, "ayumi", sealed) == "", "erased"
    assert open_text(None, "ayumi", "plain") == "plain"


async def test_a_key_made_twice_at_once_keeps_the_first_and_the_second_is_a_race(db):
    """Two commands for a new member each make a key; the one kept second is refused
    as a race (its command is decided again and finds the first key)."""
    personal = PersonalData(db, "members")
    async with db.read() as conn:
        _, first = await personal.lookup(["kaito"], conn)
    async with db.read() as conn:
        _, second = await personal.lookup(["kaito"], conn)
    assert set(first) == set(second) == {"kaito"} and first != second
    async with db.write() as conn:
        await personal.keep(conn, first)
    with pytest.raises(KeyRace):
        async with db.write() as conn:
            await personal.keep(conn, second)
    async with db.read() as conn:
        found, made = await personal.lookup(["kaito", "yui"], conn)
    assert found["kaito"] == first["kaito"] and set(made) == {"yui"} and found["yui"] == made["yui"]
    assert await personal.key("members", "kaito") == first["kaito"]


async def test_the_store_holds_ciphertext_and_the_service_reads_plaintext_until_erased(db):
    personal = PersonalData(db, "members")
    store = EventStore(db)
    sealed = await personal.seal(registered("ayumi", "Ayumi Kato"))
    assert sealed.member_id == "ayumi" and sealed.locale == "ja", "only personal fields are sealed"
    assert sealed.display_name.startswith(SEALED) and sealed.region_city.startswith(SEALED)
    await store.append("member-ayumi", "member", 0, [sealed])
    async with db.read() as conn:
        raw = (await conn.execute(select(events.c.payload))).scalar_one()
    assert b"Ayumi" not in raw and b"Sapporo" not in raw

    names = Decider("member", "", lambda state, e: e.display_name, lambda *_: [])
    assert (await Repository(store, personal=personal).load(names, "member-ayumi")).state == "Ayumi Kato"

    async with db.write() as conn:
        await personal.forget(conn, "ayumi")
    fresh = PersonalData(db, "members")  # another replica, or after a restart
    assert (await Repository(store, personal=fresh).load(names, "member-ayumi")).state == ""
    again = await fresh.seal(registered("ayumi", "Ayumi again"))
    assert again.display_name == "", "nothing personal is written about an erased member again"


async def test_a_nested_card_is_sealed_with_its_own_members_key(db):
    personal = PersonalData(db, "members")
    request = ev.ConnectionRequested(
        requester_id="ayumi", addressee_id="kenji",
        requester=types.MemberCard(member_id="ayumi", display_name="Ayumi"),
        addressee=types.MemberCard(member_id="kenji", display_name="Kenji"),
    )
    sealed = await personal.seal(request)
    assert open_text(await personal.key("members", "kenji"), "kenji", sealed.addressee.display_name) == "Kenji"
    assert open_text(await personal.key("members", "ayumi"), "ayumi", sealed.addressee.display_name) == ""


class Names:
    """A projection in another service: what it saw of members' display names."""

    name = "names"
    subjects = ["offkai.members.member.>"]

    def __init__(self):
        self.seen: list[str] = []

    async def apply(self, conn, event):
        self.seen.append(event.message.display_name)

    async def reset(self, conn):
        self.seen.clear()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_other_services_open_with_the_bucket_and_lose_access_on_erasure(db, nats_server):
    settings = settings_for(nats_server.url)
    nc = await connect(settings, "personal")
    js = nc.jetstream()
    await ensure_stream(js, settings)
    bucket = await key_bucket(js)
    personal = PersonalData(db, "members")
    relay = OutboxRelay(db, settings, "members", js=js, personal=personal)
    relay.attach(js, bucket)
    store = EventStore(db)
    await store.append("member-ayumi", "member", 0, [await personal.seal(registered("ayumi", "Ayumi Kato"))])
    assert await relay.flush(timeout=10)
    assert (await bucket.get(bucket_key("members", "ayumi"))).value == await personal.key("members", "ayumi")

    # The events service: its own (empty) keys, the bucket for members' keys.
    names = Names()
    keyring = KeyRing(PersonalData(db, "events"), bucket)
    runner = ProjectionRunner(db, nc, settings, "events", names, owner="events-1", keys=keyring)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        await eventually(lambda: _seen(names), what="projected")
        assert names.seen == ["Ayumi Kato"]
        async with db.write() as conn:
            await personal.forget(conn, "ayumi")

        async def purged() -> bool:  # the relay purges the bucket entry (within a second)
            await relay.publish_pending()
            try:
                await bucket.get(bucket_key("members", "ayumi"))
            except KeyNotFoundError:  # KeyDeletedError is one
                return True
            return False

        await eventually(purged, what="the key purged from the bucket")
        keyring.forget("ayumi")  # as the events service does on MemberErased
        assert await runner.rebuild(timeout=30) == 1
        assert names.seen == [""], "replayed after erasure: nothing personal left"
    finally:
        stop.set()
        await task
        await runner.close()
        await nc.close()


async def _seen(names: Names) -> bool:
    return bool(names.seen)


async def test_a_stored_answer_naming_members_is_sealed_and_dies_with_any_of_their_keys(db):
    personal = PersonalData(db, "members")
    store = EventStore(db)
    runner = CommandRunner(store, Repository(store, personal=personal), CommandResults(db, personal),
                           personal=personal)
    names = Decider("member", "", lambda state, e: e.display_name, lambda state, name, now: [registered("ayumi", name)])
    token = context.bind(context.RequestContext(Principal("ayumi"), "c", "c"))
    try:
        async def register(request_id: str, answer_of):
            return await runner.execute(
                names, "member-ayumi" if request_id == "r-1" else f"member-{request_id}", "Ayumi Kato",
                lambda state: Member(display_name=state), method="Register", request=Member(member_id="ayumi"),
                request_id=request_id, answer_of=answer_of,
            )

        first = await register("r-1", ["ayumi"])
        both = await register("r-2", ["ayumi", "kenji"])
        plain = await register("r-3", [])
        assert first == both == plain == Member(display_name="Ayumi Kato")
        async with db.read() as conn:
            stored = (await conn.execute(select(command_results))).all()
        sealed = [r.response for r in stored if r.response_type.startswith(SEALED_ANSWER)]
        assert len(sealed) == 2 and all(b"Ayumi" not in data for data in sealed)
        assert await register("r-1", ["ayumi"]) == first, "a retry opens the first answer"

        async with db.write() as conn:
            await personal.forget(conn, "kenji")
        assert await register("r-1", ["ayumi"]) == first
        with pytest.raises(ErasedAnswer):
            await register("r-2", ["ayumi", "kenji"])
        async with db.write() as conn:
            await personal.forget(conn, "ayumi")
        with pytest.raises(ErasedAnswer):
            await register("r-1", ["ayumi"])
        assert len(await store.load("member-ayumi")) == 1, "nothing was done again"
    finally:
        context.reset(token)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_an_event_seen_before_its_key_reached_the_bucket_is_applied_once_it_has(db, nats_server):
    """Not in the bucket yet is not erased: the consumer tries again rather than
    applying the event with its personal fields blanked for good."""
    settings = settings_for(nats_server.url, consumer_backoff_seconds=[0.1, 0.2])
    nc = await connect(settings, "personal")
    js = nc.jetstream()
    await ensure_stream(js, settings)
    bucket = await key_bucket(js)
    personal = PersonalData(db, "members")
    store = EventStore(db)
    (event,) = await store.append("member-ayumi", "member", 0, [await personal.seal(registered("ayumi", "Ayumi"))])
    # Published before the producer's relay put the key in the bucket.
    await js.publish("offkai.members.member.MemberRegistered", event.envelope("members").SerializeToString(),
                     headers={"Nats-Msg-Id": event.event_id})
    names = Names()
    keyring = KeyRing(PersonalData(db, "events"), bucket)
    with pytest.raises(KeyNotYetKnown):
        await keyring.key("members", "ayumi")
    runner = ProjectionRunner(db, nc, settings, "events", names, owner="events-1", keys=keyring)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        # Redelivered: an attempt was handed back (nothing applied), not blanked.
        await eventually(lambda: _redelivered(js, settings, runner), what="an attempt handed back")
        assert names.seen == []
        assert await personal.distribute(bucket) == 1
        await eventually(lambda: _seen(names), what="applied once the key is there")
        assert names.seen == ["Ayumi"]
    finally:
        stop.set()
        await task
        await runner.close()
        await nc.close()


async def _redelivered(js, settings, runner) -> bool:
    try:
        info = await js.consumer_info(settings.stream_name, runner.durable)
    except NotFoundError:  # the runner has not made its consumer yet
        return False
    return info.num_redelivered >= 1


async def test_an_erasure_on_one_replica_reaches_what_another_has_cached(db):
    store = EventStore(db)
    writer = PersonalData(db, "members")
    await store.append("member-ayumi", "member", 0, [await writer.seal(registered("ayumi", "Ayumi Kato"))])
    names = Decider("member", "", lambda state, e: e.display_name, lambda *_: [])
    here, there = PersonalData(db, "members"), PersonalData(db, "members")  # two replicas
    cached_there = Repository(store, personal=there)
    await there.watch_erasures()  # a replica looks once at start-up
    assert (await cached_there.load(names, "member-ayumi")).state == "Ayumi Kato"

    async with db.write() as conn:
        await here.forget(conn, "ayumi")
    assert (await cached_there.load(names, "member-ayumi")).state == "Ayumi Kato", "cached, until it learns"
    assert await there.watch_erasures() == 1
    assert (await cached_there.load(names, "member-ayumi")).state == "", "dropped, and opened again: empty"


async def test_a_rolled_back_erasure_erases_nothing(db):
    personal = PersonalData(db, "members")
    await personal.seal(registered("ayumi", "Ayumi"))
    with pytest.raises(RuntimeError):
        async with db.write() as conn:
            await personal.forget(conn, "ayumi")
            raise RuntimeError("the rest of the erasure failed")
    assert await personal.key("members", "ayumi") is not None


async def test_other_services_keys_are_cached_only_for_a_while(db):
    class Bucket:
        def __init__(self):
            self.value = b"k" * 32
            self.reads = 0

        async def get(self, name):
            self.reads += 1
            return type("Entry", (), {"value": self.value})()

    clock = [0.0]
    bucket = Bucket()
    keyring = KeyRing(PersonalData(db, "events"), bucket, now=lambda: clock[0])
    assert await keyring.key("members", "ayumi") == b"k" * 32
    assert await keyring.key("members", "ayumi") == b"k" * 32 and bucket.reads == 1
    bucket.value = b""  # erased over there
    clock[0] += KeyRing.TTL_SECONDS + 1
    assert await keyring.key("members", "ayumi") is None


async def test_a_services_own_keys_are_cached_for_at_most_its_cache_size_members(db):
    personal = PersonalData(db, "members", cache_size=3)
    members = [f"member-{i}" for i in range(10)]
    sealed = [await personal.seal(registered(m, f"Name {m}")) for m in members]
    assert len(personal._cache) == 3, "the least recently used keys were dropped"
    # A dropped key is read again from the database: everything still opens.
    assert await personal.key("members", members[0]) is not None
    assert all(s.display_name.startswith(SEALED) for s in sealed)
    assert len(personal._cache) == 3


async def test_other_services_keys_are_cached_for_at_most_the_rings_size(db):
    class Bucket:
        reads = 0

        async def get(self, name):
            Bucket.reads += 1
            return type("Entry", (), {"value": b"k" * 32})()

    keyring = KeyRing(PersonalData(db, "events"), Bucket(), size=4)
    for i in range(20):
        assert await keyring.key("members", f"member-{i}") == b"k" * 32
    assert len(keyring._cache) == 4 and Bucket.reads == 20
    assert await keyring.key("members", "member-19") == b"k" * 32 and Bucket.reads == 20, "recent ones stay"
    assert await keyring.key("members", "member-0") == b"k" * 32 and Bucket.reads == 21, "old ones are read again"
