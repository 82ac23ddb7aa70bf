"""DeliveriesService: one delivery, a member's deliveries, the counts of a
triggering event, dead letters and their replay.

Members see their own deliveries (someone else's is NOT_FOUND, so ids reveal
nothing); an invitation emailed to a non-member is nobody's own: admins and
services see it by id, in its event's counts and among dead letters; counts are for admins and services, and a broadcast's
(``broadcast:<id>``) also for the organizer who sent it and its meetup's
organizers (as the meetups projection has them now); dead letters for admins
only.
A replay is idempotent by ``request_id`` like a command: its answer is
stored with the rows it changed and the ``DeliveryReplayed`` events, in one
transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import and_, func, or_, select, update

from offkai.notify.v1 import deliveries_pb2 as pb
from offkai.notify.v1 import events_pb2 as ev
from offkai.notify.v1 import types_pb2 as types
from offkai_kit import paging, validation
from offkai_kit.clock import Clock
from offkai_kit.context import current_principal
from offkai_kit.db import Database
from offkai_kit.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Violations,
)
from offkai_kit.eventstore import EventStore
from offkai_kit.idempotency import (
    CommandResult,
    CommandResults,
    DuplicateRequest,
    check_request_id,
    fingerprint,
    request_key,
)
from offkai_kit.principal import Principal
from offkai_notify.delivery.claims import STREAM_TYPE, stream_id
from offkai_notify.delivery.tables import Status, deliveries
from offkai_notify.domain.broadcast import broadcast_stream_id, sees_counts
from offkai_notify.domain.convert import enum_from_pb, timestamp
from offkai_notify.domain.guards import is_admin, is_privileged
from offkai_notify.domain.model import ChannelKind
from offkai_notify.entrypoints import requests as r
from offkai_notify.entrypoints.broadcasts import broadcast_id_of
from offkai_notify.entrypoints.views import STATUS_OF_PB, delivery_message, status_message
from offkai_notify.projections import meetup_rows

DEFAULT_PAGE, MAX_PAGE = 50, 200
MAX_REPLAY = 100
# A status filter; more items than statuses is not a filter.
MAX_STATUSES = 16


class Deliveries:
    def __init__(self, db: Database, store: EventStore, results: CommandResults, clock: Clock, wake=lambda: None):
        self.db = db
        self.store = store
        self.results = results
        self.clock = clock
        self.wake = wake

    async def get(self, request: pb.GetDeliveryRequest) -> pb.GetDeliveryResponse:
        actor = current_principal()
        r.require_ids(delivery_id=request.delivery_id)
        async with self.db.read() as conn:
            row = (await conn.execute(select(deliveries).where(deliveries.c.delivery_id == request.delivery_id))).first()
        # A delivery to a non-member (an emailed invitation) is no member's own.
        if row is None or ((not row.member_id or row.member_id != actor.member_id) and not is_privileged(actor)):
            raise NotFound(f"no delivery '{request.delivery_id}'",
                           [FieldViolation("delivery_id", "no such delivery")])
        return pb.GetDeliveryResponse(delivery=delivery_message(row))

    async def list(self, request: pb.ListDeliveriesRequest) -> pb.ListDeliveriesResponse:
        actor = current_principal()
        member_id = r.member_of(request.member_id, actor)
        if member_id != actor.member_id and not is_privileged(actor):
            raise PermissionDenied("a member may list only their own deliveries")
        v = Violations()
        statuses = []
        validation.list_size(request.statuses, "statuses", v, limit=MAX_STATUSES)
        for i, number in enumerate(request.statuses):
            status = STATUS_OF_PB.get(number)
            if v.check(status is not None, f"statuses[{i}]", "unknown or unspecified status"):
                statuses.append(status.value)
        v.raise_if_any()
        size = paging.page_size(request.page_size, default=DEFAULT_PAGE, maximum=MAX_PAGE)
        scope = {"list": "deliveries", "member": member_id, "statuses": sorted(statuses)}
        after = paging.decode(request.page_token, scope=scope)
        query = select(deliveries).where(deliveries.c.member_id == member_id)
        if statuses:
            query = query.where(deliveries.c.status.in_(statuses))
        if after is not None:
            at = datetime.fromisoformat(after["at"])
            query = query.where(or_(deliveries.c.created_at < at,
                                    and_(deliveries.c.created_at == at, deliveries.c.delivery_id < after["id"])))
        query = query.order_by(deliveries.c.created_at.desc(), deliveries.c.delivery_id.desc()).limit(size + 1)
        async with self.db.read() as conn:
            rows = (await conn.execute(query)).all()
        token = ""
        if len(rows) > size:
            rows = rows[:size]
            token = paging.encode({"at": rows[-1].created_at.isoformat(), "id": rows[-1].delivery_id}, scope=scope)
        return pb.ListDeliveriesResponse(deliveries=[delivery_message(row) for row in rows], next_page_token=token)

    async def counts(self, request: pb.GetDeliveryCountsRequest) -> pb.GetDeliveryCountsResponse:
        actor = current_principal()
        v = Violations()
        validation.identifier(request.triggering_event_id, "triggering_event_id", v, limit=256)
        v.raise_if_any()
        if not is_privileged(actor) and not await self._counts_broadcast_of(actor, request.triggering_event_id):
            raise PermissionDenied(
                "only admins, services and a broadcast's organizers see the counts of a triggering event")
        async with self.db.read() as conn:
            rows = (await conn.execute(
                select(deliveries.c.status, func.count())
                .where(deliveries.c.key == request.triggering_event_id)
                .group_by(deliveries.c.status)
            )).all()
        if not rows:
            raise NotFound(f"notify made no delivery for '{request.triggering_event_id}'",
                           [FieldViolation("triggering_event_id", "no deliveries")])
        counts = sorted((status_message(status), count) for status, count in rows)
        return pb.GetDeliveryCountsResponse(
            triggering_event_id=request.triggering_event_id,
            counts=[types.StatusCount(status=status, count=count) for status, count in counts],
            total=sum(count for _, count in counts),
        )

    async def _counts_broadcast_of(self, actor: Principal, key: str) -> bool:
        """Whether ``key`` names a broadcast whose counts ``actor`` may see."""
        broadcast_id = broadcast_id_of(key)
        if broadcast_id is None:
            return False
        recorded = await self.store.load(broadcast_stream_id(broadcast_id))
        if not recorded:
            return False
        sent = recorded[0].message()
        async with self.db.read() as conn:
            row = await meetup_rows.meetup(conn, sent.meetup_id)
        return sees_counts(actor, sent, row.details.organizer_ids if row else ())

    async def dead_letters(self, request: pb.ListDeadLettersRequest) -> pb.ListDeadLettersResponse:
        actor = current_principal()
        if not is_admin(actor):
            raise PermissionDenied("only admins handle dead letters")
        kind = enum_from_pb(ChannelKind, request.channel_kind) if request.channel_kind else None
        if request.channel_kind and kind is None:
            raise InvalidArgument.field("channel_kind", "unknown channel kind")
        size = paging.page_size(request.page_size, default=DEFAULT_PAGE, maximum=MAX_PAGE)
        times = Violations()
        validation.times(request, times)
        times.raise_if_any()
        failed_after = (request.failed_after.ToDatetime(tzinfo=UTC) if request.HasField("failed_after") else None)
        scope = {"list": "dead_letters", "kind": kind.value if kind else "",
                 "after": failed_after.isoformat() if failed_after else ""}
        after = paging.decode(request.page_token, scope=scope)
        query = select(deliveries).where(deliveries.c.status == Status.FAILED.value)
        if kind is not None:
            query = query.where(deliveries.c.channel_kind == kind.value)
        if failed_after is not None:
            query = query.where(deliveries.c.failed_at >= failed_after)
        if after is not None:
            at = datetime.fromisoformat(after["at"])
            query = query.where(or_(deliveries.c.failed_at > at,
                                    and_(deliveries.c.failed_at == at, deliveries.c.delivery_id > after["id"])))
        query = query.order_by(deliveries.c.failed_at, deliveries.c.delivery_id).limit(size + 1)
        async with self.db.read() as conn:
            rows = (await conn.execute(query)).all()
        token = ""
        if len(rows) > size:
            rows = rows[:size]
            token = paging.encode({"at": rows[-1].failed_at.isoformat(), "id": rows[-1].delivery_id}, scope=scope)
        return pb.ListDeadLettersResponse(deliveries=[delivery_message(row) for row in rows], next_page_token=token)

    async def replay(self, request: pb.ReplayDeadLettersRequest) -> pb.ReplayDeadLettersResponse:
        actor = current_principal()
        check_request_id(request.request_id)
        if not is_admin(actor):
            raise PermissionDenied("only admins replay dead letters")
        v = Violations()
        if v.check(0 < len(request.delivery_ids) <= MAX_REPLAY, "delivery_ids", f"1 to {MAX_REPLAY} delivery ids"):
            for i, delivery_id in enumerate(request.delivery_ids):
                validation.identifier(delivery_id, f"delivery_ids[{i}]", v)
            v.check(len(set(request.delivery_ids)) == len(request.delivery_ids), "delivery_ids",
                    "must not repeat an id")
        v.raise_if_any()
        key = request_key(actor.member_id, "ReplayDeadLetters", request.request_id)
        stored = await self.results.find(key, request)
        if stored is not None:
            return stored
        now = self.clock()
        try:
            async with self.db.write() as conn:
                rows = {row.delivery_id: row for row in await conn.execute(
                    select(deliveries).where(deliveries.c.delivery_id.in_(list(request.delivery_ids))))}
                for i, delivery_id in enumerate(request.delivery_ids):
                    row = rows.get(delivery_id)
                    if row is None:
                        raise NotFound(f"no delivery '{delivery_id}'",
                                       [FieldViolation(f"delivery_ids[{i}]", "no such delivery")])
                    if row.status != Status.FAILED.value:
                        raise FailedPrecondition(f"delivery '{delivery_id}' is not a dead letter",
                                                 [FieldViolation(f"delivery_ids[{i}]", f"is {row.status}")])
                await conn.execute(
                    update(deliveries).where(deliveries.c.delivery_id.in_(list(request.delivery_ids)))
                    .values(status=Status.QUEUED.value, attempts=0, next_attempt_at=now)
                )
                for delivery_id in request.delivery_ids:
                    await self.store.append_within(conn, stream_id(delivery_id), STREAM_TYPE, [ev.DeliveryReplayed(
                        delivery_id=delivery_id, replayed_by=actor.member_id, replayed_at=timestamp(now))])
                replayed = await conn.execute(
                    select(deliveries).where(deliveries.c.delivery_id.in_(list(request.delivery_ids))))
                by_id = {row.delivery_id: row for row in replayed}
                response = pb.ReplayDeadLettersResponse(
                    deliveries=[delivery_message(by_id[d]) for d in request.delivery_ids])
                await CommandResult(key, "ReplayDeadLetters", fingerprint(request), response).record(conn)
        except DuplicateRequest:
            return await self.results.find(key, request)
        self.wake()
        return response
