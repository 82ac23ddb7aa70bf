"""GetDeliveryCounts of a broadcast over real gRPC: besides admins and
services, the organizer who sent it and its meetup's organizers (as notify's
meetups projection has them) count its deliveries; other members, organizers
of other meetups included, are refused, and a broadcast that does not exist
reveals nothing."""

from __future__ import annotations

import grpc
import pytest

from offkai.notify.v1 import broadcasts_pb2 as bc
from offkai.notify.v1 import broadcasts_pb2_grpc, deliveries_pb2_grpc
from offkai.notify.v1 import deliveries_pb2 as de
from offkai.notify.v1 import types_pb2 as types
from offkai_kit.service import Runtime
from offkai_kit.testing.clock import SettableClock
from offkai_kit.testing.services import bearer, channel_to
from offkai_notify.entrypoints.deliveries import Deliveries
from offkai_notify.entrypoints.grpc import DeliveriesServicer
from tests.notify.entrypoints.support import failure
from tests.notify.projections.test_triggers import NOON
from tests.notify.triggers import DAY, Meetup, Stream, caught_up, details, wiring

AKI, BEN = bearer("aki", "member", "organizer"), bearer("ben", "member", "organizer")


@pytest.fixture
async def stubs(start):
    async with start(with_deliveries_api, clock=SettableClock(NOON)) as runtime:
        s = Stream(runtime)
        for m in ("aki", "ben", "cho", "dai"):
            await s.member(m)
            await s.channel(m, f"hook-{m}")
        await caught_up(runtime)
        # aki and ben organize m-b; cho holds a seat; dai organizes another meetup.
        meetup = Meetup(s, "m-b", details(NOON + 3 * DAY, organizers=("aki", "ben")))
        await meetup.schedule()
        await meetup.publish()
        await meetup.confirm("cho")
        other = Meetup(s, "m-other", details(NOON + 4 * DAY, organizers=("dai",)))
        await other.schedule()
        await other.publish()
        await caught_up(runtime)
        async with channel_to(runtime) as channel:
            yield (broadcasts_pb2_grpc.BroadcastsServiceStub(channel),
                   deliveries_pb2_grpc.DeliveriesServiceStub(channel))


def with_deliveries_api(runtime: Runtime) -> None:
    """notify's read models and broadcasts API (no sender: what is planned
    stays queued), and the DeliveriesService."""
    wiring()(runtime)
    deliveries = Deliveries(runtime.db, runtime.store, runtime.commands.results, runtime.clock)
    runtime.add_servicer(deliveries_pb2_grpc.add_DeliveriesServiceServicer_to_server, DeliveriesServicer(deliveries))


def _counts(key: str) -> de.GetDeliveryCountsRequest:
    return de.GetDeliveryCountsRequest(triggering_event_id=key)


async def test_a_broadcasts_organizers_count_its_deliveries_and_nobody_else(stubs):
    broadcasts, deliveries = stubs
    sent = await broadcasts.BroadcastToSegment(bc.BroadcastToSegmentRequest(
        request_id="r-1", meetup_id="m-b", segment=types.BROADCAST_SEGMENT_GOING, subject="Room change",
        body="Room 3."), metadata=AKI)
    key = sent.triggering_event_id
    for who in (AKI, BEN, bearer("admin-1", "admin")):
        counts = await deliveries.GetDeliveryCounts(_counts(key), metadata=who)
        assert (counts.triggering_event_id, counts.total) == (key, 1), "cho's one webhook"
        assert [(c.status, c.count) for c in counts.counts] == [(types.DELIVERY_STATUS_QUEUED, 1)]
    for who in (bearer("cho", "member"), bearer("dai", "member", "organizer")):
        refused = await failure(deliveries.GetDeliveryCounts(_counts(key), metadata=who))
        assert refused.code() == grpc.StatusCode.PERMISSION_DENIED
    # A broadcast that does not exist, or one not made: refused alike, not NOT_FOUND.
    for unknown in ("broadcast:6b1f0e4c-0000-4000-8000-000000000000", "broadcast:"):
        refused = await failure(deliveries.GetDeliveryCounts(_counts(unknown), metadata=AKI))
        assert refused.code() == grpc.StatusCode.PERMISSION_DENIED
