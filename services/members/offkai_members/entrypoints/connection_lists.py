"""ListConnections, ListConnectionRequests, ListBlockedMembers: one member's
connections (with provenance), pending requests and blocks, newest first, from
the relationships read model (a few milliseconds behind the streams)."""

from __future__ import annotations

from sqlalchemy import select

from offkai.members.v1 import connections_pb2 as pb
from offkai.members.v1 import types_pb2 as types
from offkai_kit import paging
from offkai_kit.context import current_principal
from offkai_kit.db import Database
from offkai_members.domain.roles import require_self_or_admin
from offkai_members.entrypoints import requests as r
from offkai_members.entrypoints.keysets import newest_first_after, time_position, time_token
from offkai_members.entrypoints.views import summary
from offkai_members.projections.directory import summaries
from offkai_members.projections.tables import relationship_blocks, relationship_connections, relationship_requests


class ConnectionLists:
    def __init__(self, db: Database):
        self.db = db

    async def list_connections(self, request: pb.ListConnectionsRequest) -> pb.ListConnectionsResponse:
        viewer = current_principal()
        member_id = r.acting(request, viewer)
        viewer.require_self_or_privileged(member_id, "list connections")
        size = paging.page_size(request.page_size, default=50, maximum=200)
        scope = ["ListConnections", member_id]
        c = relationship_connections.c
        statement = (
            select(c.other_id, c.connected_at, c.provenance)
            .where(c.member_id == member_id, *newest_first_after(c.connected_at, c.other_id,
                                                                   time_position(request.page_token, scope)))
            .order_by(c.connected_at.desc(), c.other_id.desc())
            .limit(size + 1)
        )
        async with self.db.read() as conn:
            rows = (await conn.execute(statement)).all()
        page = rows[:size]
        shown = await summaries(self.db, [row.other_id for row in page])
        out = pb.ListConnectionsResponse()
        for row in page:
            item = out.connections.add(member=summary(row.other_id, shown))
            item.provenance.ParseFromString(row.provenance)
            item.connected_at.FromDatetime(row.connected_at)
        if len(rows) > size:
            out.next_page_token = time_token(page[-1].connected_at, page[-1].other_id, scope)
        return out

    async def list_connection_requests(
        self, request: pb.ListConnectionRequestsRequest
    ) -> pb.ListConnectionRequestsResponse:
        viewer = current_principal()
        member_id = r.acting(request, viewer)
        viewer.require_self_or_privileged(member_id, "list connection requests")
        received = r.received(request.direction)
        size = paging.page_size(request.page_size, default=50, maximum=200)
        scope = ["ListConnectionRequests", member_id, received]
        q = relationship_requests.c
        mine, other = (q.addressee_id, q.requester_id) if received else (q.requester_id, q.addressee_id)
        statement = (
            select(q.requester_id, q.addressee_id, q.note, q.met_at, q.requested_at, other.label("other_id"))
            .where(mine == member_id, *newest_first_after(q.requested_at, other,
                                                            time_position(request.page_token, scope)))
            .order_by(q.requested_at.desc(), other.desc())
            .limit(size + 1)
        )
        async with self.db.read() as conn:
            rows = (await conn.execute(statement)).all()
        page = rows[:size]
        shown = await summaries(self.db, [member_id, *(row.other_id for row in page)])
        out = pb.ListConnectionRequestsResponse()
        for row in page:
            met = types.MetAt.FromString(row.met_at)
            item = out.requests.add(
                requester=summary(row.requester_id, shown),
                addressee=summary(row.addressee_id, shown),
                note=row.note,
                met_at=met.meetups,
            )
            item.requested_at.FromDatetime(row.requested_at)
        if len(rows) > size:
            out.next_page_token = time_token(page[-1].requested_at, page[-1].other_id, scope)
        return out

    async def list_blocked_members(self, request: pb.ListBlockedMembersRequest) -> pb.ListBlockedMembersResponse:
        viewer = current_principal()
        member_id = r.acting(request, viewer)
        require_self_or_admin(viewer, member_id, "list blocked members")
        size = paging.page_size(request.page_size, default=50, maximum=200)
        scope = ["ListBlockedMembers", member_id]
        b = relationship_blocks.c
        statement = (
            select(b.blocked_id, b.blocked_at)
            .where(b.blocker_id == member_id, *newest_first_after(b.blocked_at, b.blocked_id,
                                                                    time_position(request.page_token, scope)))
            .order_by(b.blocked_at.desc(), b.blocked_id.desc())
            .limit(size + 1)
        )
        async with self.db.read() as conn:
            rows = (await conn.execute(statement)).all()
        page = rows[:size]
        out = pb.ListBlockedMembersResponse()
        for row in page:
            item = out.blocked.add(member_id=row.blocked_id)
            item.blocked_at.FromDatetime(row.blocked_at)
        if len(rows) > size:
            out.next_page_token = time_token(page[-1].blocked_at, page[-1].blocked_id, scope)
        return out
