"""offkai.platform.v1.OperationsService: dead letters, blocked aggregates, projection
status and rebuilds, the stream audit and republication — served by every service for
its own projections and its own part of the stream. Admins only."""

from __future__ import annotations

from collections.abc import Mapping

from offkai.platform.v1 import operations_pb2 as pb
from offkai.platform.v1 import operations_pb2_grpc
from offkai_kit.consumer import ProjectionRunner
from offkai_kit.consumer.tracking import dead_letter_page
from offkai_kit.context import current_principal
from offkai_kit.db import Database
from offkai_kit.errors import FailedPrecondition, InvalidArgument, NotFound
from offkai_kit.healing import StreamAudit, republish_from
from offkai_kit.principal import ADMIN

MAX_PAGE = 1000
MAX_NOTE = 2000
# A projection name; longer cannot be one, and is not echoed back in the error.
MAX_PROJECTION_NAME = 128


class OperationsServicer(operations_pb2_grpc.OperationsServiceServicer):
    def __init__(self, db: Database, runners: Mapping[str, ProjectionRunner], audit: StreamAudit | None = None,
                 *, api_only: bool = False):
        self.db = db
        self.runners = runners
        # OFFKAI_ROLE=api: the projections, the relay and the audit run in the worker.
        self.api_only = api_only
        # Set once NATS is connected (the runtime attaches it).
        self.audit = audit

    async def ListDeadLetters(self, request, context):
        current_principal().require(ADMIN)
        size = request.page_size or 100
        if not 0 < size <= MAX_PAGE:
            raise InvalidArgument.field("page_size", f"must be between 1 and {MAX_PAGE}")
        after = _page_token(request.page_token)
        if request.projection:
            self._runner(request.projection)
        async with self.db.read() as conn:
            rows = await dead_letter_page(conn, after_id=after, size=size + 1, projection=request.projection,
                                          open_only=not request.include_resolved)
        response = pb.ListDeadLettersResponse()
        for row in rows[:size]:
            letter = response.dead_letters.add(
                id=row.id, projection=row.projection, event_id=row.event_id,
                event_type=row.event_type, stream_id=row.stream_id, version=row.version,
                subject=row.subject, stream_sequence=row.stream_sequence,
                deliveries=row.deliveries, error=row.error,
                resolution=row.resolution or "", resolved_by=row.resolved_by or "", note=row.note or "",
            )
            letter.recorded_at.FromDatetime(row.recorded_at)
            if row.resolved_at is not None:
                letter.resolved_at.FromDatetime(row.resolved_at)
        if len(rows) > size:
            response.next_page_token = str(rows[size - 1].id)
        return response

    async def ReplayDeadLetter(self, request, context):
        principal = current_principal()
        principal.require(ADMIN)
        runner = self._runner(request.projection)
        _letter_id(request.dead_letter_id)
        applied = await runner.replay_dead_letter(request.dead_letter_id, principal.member_id)
        return pb.ReplayDeadLetterResponse(applied=applied)

    async def SkipDeadLetter(self, request, context):
        principal = current_principal()
        principal.require(ADMIN)
        runner = self._runner(request.projection)
        _letter_id(request.dead_letter_id)
        note = request.note.strip()
        if not note:
            raise InvalidArgument.field("note", "is required: say why the event is skipped")
        if len(note) > MAX_NOTE:
            raise InvalidArgument.field("note", f"must be at most {MAX_NOTE} characters")
        applied = await runner.skip_dead_letter(request.dead_letter_id, principal.member_id, note)
        return pb.SkipDeadLetterResponse(applied=applied)

    async def ListBlockedAggregates(self, request, context):
        current_principal().require(ADMIN)
        self._not_api_only()
        runners = [self._runner(request.projection)] if request.projection else list(self.runners.values())
        response = pb.ListBlockedAggregatesResponse()
        for runner in runners:
            for found in await runner.blocked_aggregates():
                item = response.aggregates.add(
                    projection=runner.projection.name, stream_id=found["stream_id"],
                    applied_version=found["applied_version"], first_parked_version=found["first_parked_version"],
                    reason=found["reason"],
                )
                item.parked_since.FromDatetime(found["parked_since"])
        return response

    async def GetProjectionStatus(self, request, context):
        current_principal().require(ADMIN)
        self._not_api_only()
        response = pb.GetProjectionStatusResponse()
        for runner in self.runners.values():
            response.projections.add(**await runner.status())
        return response

    async def RebuildProjection(self, request, context):
        current_principal().require(ADMIN)
        runner = self._runner(request.projection)
        remaining = context.time_remaining()
        replayed = await runner.rebuild(timeout=remaining if remaining else 300.0, force=request.force)
        return pb.RebuildProjectionResponse(replayed=replayed)

    async def AuditStream(self, request, context):
        current_principal().require(ADMIN)
        report = await self._audit().audit(thorough=True)
        return pb.AuditStreamResponse(on_stream=report.on_stream, in_store=report.in_store,
                                      republished=report.republished)

    async def RepublishEvents(self, request, context):
        current_principal().require(ADMIN)
        if request.from_position < 0:
            raise InvalidArgument.field("from_position", "must not be negative")
        self._audit()  # only where the relay can publish them
        return pb.RepublishEventsResponse(queued=await republish_from(self.db, request.from_position))

    def _not_api_only(self) -> None:
        if self.api_only:
            raise FailedPrecondition("this process only serves the API (OFFKAI_ROLE=api): the projections, the "
                                     "relay and the stream audit run in the service's worker; ask its "
                                     "OperationsService")

    def _audit(self) -> StreamAudit:
        self._not_api_only()
        if self.audit is None:
            raise FailedPrecondition("this replica is not connected to NATS yet")
        return self.audit

    def _runner(self, name: str) -> ProjectionRunner:
        self._not_api_only()
        if not name:
            raise InvalidArgument.field("projection", f"is required; one of {sorted(self.runners)}")
        if len(name) > MAX_PROJECTION_NAME:
            raise InvalidArgument.field("projection", f"must be at most {MAX_PROJECTION_NAME} characters")
        try:
            return self.runners[name]
        except KeyError:
            raise NotFound(f"no projection {name!r} here; this service has {sorted(self.runners)}") from None


def _letter_id(value: int) -> None:
    if value <= 0:
        raise InvalidArgument.field("dead_letter_id", "is required: the id ListDeadLetters gave")


def _page_token(token: str) -> int:
    if not token:
        return 0
    if len(token) > 20 or not (token.isascii() and token.isdigit()):
        raise InvalidArgument.field("page_token", "is not a token this service returned")
    return int(token)
