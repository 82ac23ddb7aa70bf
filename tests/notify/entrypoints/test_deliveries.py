"""DeliveriesService over gRPC: a delivery's status as its member sees it,
counts per triggering event, and a dead letter replayed until it arrives."""

from __future__ import annotations

import grpc
from sqlalchemy import select

from offkai.notify.v1 import deliveries_pb2 as de
from offkai.notify.v1 import types_pb2 as types
from offkai_kit.testing.polling import eventually
from offkai_notify.delivery import PlannedDelivery
from offkai_notify.delivery.queue import enqueue
from offkai_notify.delivery.tables import deliveries, delivery_id_of
from offkai_notify.domain.model import Trigger
from tests.notify.entrypoints.support import ADMIN, failure, mails_to, member, request_id, verified_email, violations
from tests.notify.samples import MESSAGES

AYUMI = member("ayumi")
ADDRESS = "ayumi@example.com"


async def plan(service, key: str, channel_id: str) -> str:
    async with service.db.write() as conn:
        await enqueue(conn, [PlannedDelivery(key=key, member_id="ayumi", channel_id=channel_id,
                                             message=MESSAGES[Trigger.RSVP_CONFIRMED], urgent=False,
                                             not_before=service.clock())])
    return delivery_id_of(key, "ayumi", channel_id)


async def status_of(service, delivery_id: str) -> str:
    async with service.db.read() as conn:
        return (await conn.execute(select(deliveries.c.status).where(deliveries.c.delivery_id == delivery_id))).scalar()


async def settled(service, delivery_id: str, status: str) -> None:
    async def reached() -> bool:
        return await status_of(service, delivery_id) == status

    await eventually(reached, timeout=10, what=f"delivery {delivery_id} {status}")


async def test_a_dead_letter_is_listed_replayed_and_then_arrives(api, service, smtp_server):
    channel_id = await verified_email(api, smtp_server, "ayumi", ADDRESS)
    smtp_server.handler.refuse_rcpt[ADDRESS] = "550 5.2.1 mailbox disabled"
    delivery_id = await plan(service, "evt-confirmed", channel_id)
    await settled(service, delivery_id, "failed")

    mine = (await api.deliveries.GetDelivery(de.GetDeliveryRequest(delivery_id=delivery_id), metadata=AYUMI)).delivery
    assert (mine.status, mine.attempts, mine.trigger) == (
        types.DELIVERY_STATUS_FAILED, 1, types.TRIGGER_RSVP_CONFIRMED)
    assert (mine.last_failure.failure_class, mine.last_failure.code) == (types.FAILURE_CLASS_PERMANENT, "smtp_550")
    assert mine.masked_destination == "a…@example.com" and mine.channel_kind == types.CHANNEL_KIND_EMAIL
    stranger = await failure(api.deliveries.GetDelivery(de.GetDeliveryRequest(delivery_id=delivery_id),
                                                        metadata=member("ben")))
    assert stranger.code() == grpc.StatusCode.NOT_FOUND

    dead = await api.deliveries.ListDeadLetters(de.ListDeadLettersRequest(), metadata=ADMIN)
    assert [d.delivery_id for d in dead.deliveries] == [delivery_id]
    assert (await failure(api.deliveries.ListDeadLetters(de.ListDeadLettersRequest(), metadata=AYUMI))).code() == (
        grpc.StatusCode.PERMISSION_DENIED)

    del smtp_server.handler.refuse_rcpt[ADDRESS]
    replay_id = request_id()
    replayed = await api.deliveries.ReplayDeadLetters(
        de.ReplayDeadLettersRequest(request_id=replay_id, delivery_ids=[delivery_id]), metadata=ADMIN)
    assert [(d.delivery_id, d.status) for d in replayed.deliveries] == [(delivery_id, types.DELIVERY_STATUS_QUEUED)]
    await settled(service, delivery_id, "sent")
    again = await api.deliveries.ReplayDeadLetters(
        de.ReplayDeadLettersRequest(request_id=replay_id, delivery_ids=[delivery_id]), metadata=ADMIN)
    assert again == replayed, "a retried replay answers the first answer and queues nothing"
    not_dead = await failure(api.deliveries.ReplayDeadLetters(
        de.ReplayDeadLettersRequest(request_id=request_id(), delivery_ids=[delivery_id]), metadata=ADMIN))
    assert not_dead.code() == grpc.StatusCode.FAILED_PRECONDITION and set(violations(not_dead)) == {"delivery_ids[0]"}
    mails = await mails_to(smtp_server, ADDRESS, count=2)
    assert len([m for m in mails if m["Message-ID"] == f"<{delivery_id}@offkai.test>"]) == 1


async def test_deliveries_are_listed_newest_first_and_counted_per_event(api, service, smtp_server):
    channel_id = await verified_email(api, smtp_server, "ayumi", ADDRESS)
    ids = [await plan(service, f"evt-{n}", channel_id) for n in range(3)]
    for delivery_id in ids:
        await settled(service, delivery_id, "sent")

    first = await api.deliveries.ListDeliveries(de.ListDeliveriesRequest(page_size=2), metadata=AYUMI)
    rest = await api.deliveries.ListDeliveries(
        de.ListDeliveriesRequest(page_size=2, page_token=first.next_page_token), metadata=AYUMI)
    listed = [d.delivery_id for d in [*first.deliveries, *rest.deliveries]]
    assert len(listed) == 4 and set(ids) <= set(listed), "the three and the verification code"
    assert not rest.next_page_token
    sent_only = await api.deliveries.ListDeliveries(de.ListDeliveriesRequest(
        statuses=[types.DELIVERY_STATUS_FAILED]), metadata=AYUMI)
    assert not sent_only.deliveries
    bad = await failure(api.deliveries.ListDeliveries(de.ListDeliveriesRequest(statuses=[0]), metadata=AYUMI))
    assert set(violations(bad)) == {"statuses[0]"}
    too_many = de.ListDeliveriesRequest(statuses=[types.DELIVERY_STATUS_FAILED] * 17)
    bad = await failure(api.deliveries.ListDeliveries(too_many, metadata=AYUMI))
    assert set(violations(bad)) == {"statuses"}, "at most 16, as deliveries.proto says"

    counts = await api.deliveries.GetDeliveryCounts(de.GetDeliveryCountsRequest(triggering_event_id="evt-1"),
                                                    metadata=ADMIN)
    assert ([(c.status, c.count) for c in counts.counts], counts.total) == ([(types.DELIVERY_STATUS_SENT, 1)], 1)
    unknown = await failure(api.deliveries.GetDeliveryCounts(
        de.GetDeliveryCountsRequest(triggering_event_id="evt-none"), metadata=ADMIN))
    assert unknown.code() == grpc.StatusCode.NOT_FOUND
    assert (await failure(api.deliveries.GetDeliveryCounts(
        de.GetDeliveryCountsRequest(triggering_event_id="evt-1"), metadata=AYUMI))).code() == (
        grpc.StatusCode.PERMISSION_DENIED)


async def test_dead_letters_after_a_time_protobuf_cannot_convert_are_refused(api):
    from google.protobuf.timestamp_pb2 import Timestamp

    for bad in (Timestamp(seconds=0, nanos=-1), Timestamp(seconds=253_402_300_800)):
        error = await failure(api.deliveries.ListDeadLetters(de.ListDeadLettersRequest(failed_after=bad),
                                                            metadata=ADMIN))
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, error.details()
        assert set(violations(error)) == {"failed_after"}
