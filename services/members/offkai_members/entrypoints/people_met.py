"""ListPeopleMet, "people you met": per meetup the member checked in at (newest
first), the others who checked in there and where the member stands with each.

Check-ins come from the events service's stream (AttendeeCheckedIn) through the
attendance read model, never from a caller. Members blocked either way are
left out, and so is anyone without a profile (never registered, or erased).
"""

from __future__ import annotations

from sqlalchemy import select

from offkai.members.v1 import connections_pb2 as pb
from offkai.members.v1 import types_pb2 as types
from offkai_kit import paging
from offkai_kit.context import current_principal
from offkai_kit.db import Database
from offkai_members.domain.convert import timestamp
from offkai_members.entrypoints import requests as r
from offkai_members.entrypoints.keysets import newest_first_after, time_position, time_token
from offkai_members.entrypoints.views import STATUSES
from offkai_members.projections.directory import summaries
from offkai_members.projections.relationships import blocked_either_way, standings
from offkai_members.projections.tables import directory_members, meetup_check_ins, meetup_refs

MAX_PEOPLE_PER_MEETUP = 200


class PeopleMet:
    def __init__(self, db: Database):
        self.db = db

    async def list_people_met(self, request: pb.ListPeopleMetRequest) -> pb.ListPeopleMetResponse:
        viewer = current_principal()
        member_id = r.acting(request, viewer)
        viewer.require_self_or_privileged(member_id, "list the people they met")
        size = paging.page_size(request.page_size, default=10, maximum=50)
        scope = ["ListPeopleMet", member_id]
        c, m, d = meetup_check_ins.c, meetup_refs.c, directory_members.c
        meetups = (
            select(m.meetup_id, m.title, m.start_at, m.timezone)
            .join_from(meetup_check_ins, meetup_refs, m.meetup_id == c.meetup_id)
            .where(c.member_id == member_id, *newest_first_after(m.start_at, m.meetup_id,
                                                                   time_position(request.page_token, scope)))
            .order_by(m.start_at.desc(), m.meetup_id.desc())
            .limit(size + 1)
        )
        hidden = await blocked_either_way(self.db, member_id) | {member_id}
        out = pb.ListPeopleMetResponse()
        async with self.db.read() as conn:
            rows = (await conn.execute(meetups)).all()
            page = rows[:size]
            people = {}
            for row in page:
                people[row.meetup_id] = [
                    p for p in (await conn.scalars(
                        select(c.member_id)
                        .join_from(meetup_check_ins, directory_members, d.member_id == c.member_id)
                        .where(c.meetup_id == row.meetup_id)
                        .order_by(d.display_name, c.member_id)
                    )).all()
                    if p not in hidden
                ][:MAX_PEOPLE_PER_MEETUP]
        everyone = {p for ids in people.values() for p in ids}
        shown = await summaries(self.db, everyone)
        stand = await standings(self.db, member_id, everyone)
        for row in page:
            meetup = out.meetups.add(
                meetup=types.MeetupRef(
                    meetup_id=row.meetup_id, title=row.title, start=timestamp(row.start_at), timezone=row.timezone
                )
            )
            for person in people[row.meetup_id]:
                if person in shown:  # erased since the query above
                    meetup.people.add(member=shown[person], connection_status=STATUSES[stand[person]])
        if len(rows) > size:
            out.next_page_token = time_token(page[-1].start_at, page[-1].meetup_id, scope)
        return out
