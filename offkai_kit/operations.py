"""offkai.platform.v1.OperationsService: dead letters, projection status and rebuilds,
served by every service for its own projections. Admins only."""

from __future__ import annotations

from collections.abc import Mapping

from offkai.platform.v1 import operations_pb2 as pb
from offkai.platform.v1 import operations_pb2_grpc
from offkai_kit.consumer import ProjectionRunner
from offkai_kit.consumer.tracking import dead_letter_page
from offkai_kit.context import current_principal
from offkai_kit.db import Database
from offkai_kit.errors import InvalidArgument, NotFound
from offkai_kit.principal import ADMIN

MAX_PAGE = 1000


class OperationsServicer(operations_pb2_grpc.OperationsServiceServicer):
    def __init__(self, db: Database, runners: Mapping[str, ProjectionRunner]):
        self.db = db
        self.runners = runners

    async def ListDeadLetters(self, request, context):
        current_principal().require(ADMIN)
        size = request.page_size or 100
        if not 0 < size <= MAX_PAGE:
            raise InvalidArgument.field("page_size", f"must be between 1 and {MAX_PAGE}")
        after = _page_token(request.page_token)
        if request.projection:
            self._runner(request.projection)
        async with self.db.read() as conn:
            rows = await dead_letter_page(conn, after_id=after, size=size + 1, projection=request.projection)
        response = pb.ListDeadLettersResponse()
        for row in rows[:size]:
            letter = response.dead_letters.add(
                id=row.id, projection=row.projection, event_id=row.event_id,
                event_type=row.event_type, stream_id=row.stream_id, version=row.version,
                subject=row.subject, stream_sequence=row.stream_sequence,
                deliveries=row.deliveries, error=row.error,
            )
            letter.recorded_at.FromDatetime(row.recorded_at)
        if len(rows) > size:
            response.next_page_token = str(rows[size - 1].id)
        return response

    async def GetProjectionStatus(self, request, context):
        current_principal().require(ADMIN)
        response = pb.GetProjectionStatusResponse()
        for runner in self.runners.values():
            response.projections.add(**await runner.status())
        return response

    async def RebuildProjection(self, request, context):
        current_principal().require(ADMIN)
        runner = self._runner(request.projection)
        remaining = context.time_remaining()
        replayed = await runner.rebuild(timeout=remaining if remaining else 300.0)
        return pb.RebuildProjectionResponse(replayed=replayed)

    def _runner(self, name: str) -> ProjectionRunner:
        if not name:
            raise InvalidArgument.field("projection", f"is required; one of {sorted(self.runners)}")
        try:
            return self.runners[name]
        except KeyError:
            raise NotFound(f"no projection {name!r} here; this service has {sorted(self.runners)}") from None


def _page_token(token: str) -> int:
    if not token:
        return 0
    if not token.isdigit():
        raise InvalidArgument.field("page_token", "is not a token this service returned")
    return int(token)
