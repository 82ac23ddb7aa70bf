"""The queue keeps one delivery per (key, member, channel), stores the message
as it was planned, and forgets a member on erasure."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from offkai_notify.delivery import PlannedDelivery
from offkai_notify.delivery.codec import decode, encode
from offkai_notify.delivery.queue import enqueue, forget_member
from offkai_notify.delivery.tables import Status, deliveries
from tests.notify.samples import MESSAGES, VARIANTS

NOW = datetime(2027, 1, 10, 3, 0, tzinfo=UTC)


def planned(key: str, member: str = "mem-1", channel: str = "ch-1", **kw) -> PlannedDelivery:
    message = MESSAGES[next(iter(MESSAGES))]
    return PlannedDelivery(key=key, member_id=member, channel_id=channel, message=kw.get("message", message),
                           urgent=False, not_before=kw.get("not_before", NOW))


def test_every_message_survives_the_codec():
    for message in [*MESSAGES.values(), *(message for message, _ in VARIANTS.values())]:
        assert decode(encode(message)) == message


async def test_the_same_fact_planned_twice_is_queued_once(db):
    async with db.write() as conn:
        assert await enqueue(conn, [planned("e-1"), planned("e-1"), planned("e-1", channel="ch-2")]) == 2
    async with db.write() as conn:
        assert await enqueue(conn, [planned("e-1"), planned("e-2")]) == 1
    async with db.read() as conn:
        rows = (await conn.execute(select(deliveries).order_by(deliveries.c.key))).all()
    assert [(r.key, r.channel_id) for r in rows] == [("e-1", "ch-1"), ("e-1", "ch-2"), ("e-2", "ch-1")]
    assert {r.status for r in rows} == {Status.QUEUED}
    assert all(r.next_attempt_at == NOW for r in rows)


async def test_a_big_batch_is_queued_in_one_call(db):
    batch = [planned("announce", member=f"mem-{i}") for i in range(1_000)]
    async with db.write() as conn:
        assert await enqueue(conn, batch) == 1_000


async def test_a_rolled_back_transaction_queues_nothing(db):
    try:
        async with db.write() as conn:
            await enqueue(conn, [planned("e-1")])
            raise RuntimeError("the projection failed")
    except RuntimeError:
        pass
    async with db.write() as conn:
        assert await enqueue(conn, [planned("e-1")]) == 1


async def test_erasure_drops_what_waits_and_keeps_nothing_personal(db):
    async with db.write() as conn:
        await enqueue(conn, [planned("e-1"), planned("e-2"), planned("e-1", member="mem-2")])
        await conn.execute(deliveries.update().where(deliveries.c.key == "e-2")
                           .values(status=Status.SENT, masked_destination="a…@example.com"))
    async with db.write() as conn:
        await forget_member(conn, "mem-1")
    async with db.read() as conn:
        rows = (await conn.execute(select(deliveries))).all()
    kept = {(r.key, r.member_id): r for r in rows}
    assert set(kept) == {("e-2", "mem-1"), ("e-1", "mem-2")}
    assert kept["e-2", "mem-1"].message is None and kept["e-2", "mem-1"].masked_destination is None
    assert kept["e-1", "mem-2"].message is not None
