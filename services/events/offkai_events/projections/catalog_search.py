"""The catalog's query side: which meetup ids match, in a stable order, a page
at a time, answered from the catalog tables.

The catalog is eventually consistent with the streams (it is fed through
JetStream), so callers load the meetups it names and judge them on their
current state; it only has to find the candidates quickly.

Paging is keyset paging on (start, meetup id): a token (``offkai_kit.paging``)
names the last row of the page and is bound to the filters, so a meetup added
or removed between pages neither repeats nor shifts what follows, and a token
offered with other filters is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import and_, exists, or_, select

from offkai_events.domain.meetup_filter import MeetupFilter
from offkai_events.domain.state import MeetupStatus
from offkai_events.projections.catalog_tables import (
    catalog_meetup_members,
    catalog_meetup_organizers,
    catalog_meetup_tags,
    catalog_meetups,
)
from offkai_kit import paging
from offkai_kit.db import Database
from offkai_kit.errors import InvalidArgument

MAX_PAGE_SIZE = 200


class CatalogSearch:
    def __init__(self, db: Database):
        self.db = db

    async def search(
        self,
        f: MeetupFilter,
        *,
        viewer_member_id: str = "",
        include_drafts: bool = False,
        page_size: int = 50,
        page_token: str = "",
    ) -> tuple[list[str], str]:
        """Meetup ids matching ``f`` (all but its free-text ``query``) in start
        order (then id), and the next page's token ("" at the end). Drafts show
        only for meetups ``viewer_member_id`` organizes, unless
        ``include_drafts`` (every draft may show: admins)."""
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise InvalidArgument.field("page_size", f"must be between 1 and {MAX_PAGE_SIZE}")
        scope = _scope(f, viewer_member_id, include_drafts)
        after = paging.decode(page_token, scope=scope, parse=_keyset)
        m = catalog_meetups.c
        where = []
        if f.community_id:
            where.append(m.community_id == f.community_id)
        if f.prefecture:
            where.append(m.prefecture == f.prefecture)
        if f.city:
            where.append(m.city == f.city)
        if f.tag:
            t = catalog_meetup_tags.c
            where.append(exists().where(t.meetup_id == m.meetup_id, t.tag == f.tag))
        if f.starts_after is not None:
            where.append(m.start_at >= _utc(f.starts_after, "starts_after"))
        if f.starts_before is not None:
            where.append(m.start_at < _utc(f.starts_before, "starts_before"))
        if f.statuses:
            where.append(m.status.in_(sorted(s.value for s in f.statuses)))
        if not include_drafts:
            shown = [m.status != MeetupStatus.DRAFT.value]
            if viewer_member_id:
                o = catalog_meetup_organizers.c
                shown.append(exists().where(o.meetup_id == m.meetup_id, o.member_id == viewer_member_id))
            where.append(or_(*shown))
        if after is not None:
            start, meetup_id = after
            where.append(or_(m.start_at > start, and_(m.start_at == start, m.meetup_id > meetup_id)))
        statement = (
            select(m.meetup_id, m.start_at)
            .where(*where)
            .order_by(m.start_at, m.meetup_id)
            .limit(page_size + 1)  # one more tells whether a next page exists
        )
        async with self.db.read() as conn:
            rows = (await conn.execute(statement)).all()
        page, token = rows[:page_size], ""
        if len(rows) > page_size:
            last = page[-1]
            token = paging.encode({"start": last.start_at.isoformat(), "meetup_id": last.meetup_id}, scope=scope)
        return [r.meetup_id for r in page], token

    async def meetups_of_member(self, member_id: str) -> list[str]:
        """Meetups where the member has or had an RSVP, a lottery entry or a
        check-in, newest start first (then id, descending)."""
        m, p = catalog_meetups.c, catalog_meetup_members.c
        statement = (
            select(m.meetup_id)
            .join_from(catalog_meetup_members, catalog_meetups, p.meetup_id == m.meetup_id)
            .where(p.member_id == member_id)
            .order_by(m.start_at.desc(), m.meetup_id.desc())
        )
        async with self.db.read() as conn:
            return list((await conn.scalars(statement)).all())

    async def upcoming_of_community(self, community_id: str, now: datetime, limit: int = 100) -> list[str]:
        """The community's published or cancelled meetups that end after
        ``now``, by start (then id): what a community calendar feed shows."""
        if limit < 1:
            raise ValueError("limit must be at least 1")
        m = catalog_meetups.c
        statement = (
            select(m.meetup_id)
            .where(
                m.community_id == community_id,
                m.status.in_([MeetupStatus.PUBLISHED.value, MeetupStatus.CANCELLED.value]),
                m.end_at > _utc(now, "now"),
            )
            .order_by(m.start_at, m.meetup_id)
            .limit(limit)
        )
        async with self.db.read() as conn:
            return list((await conn.scalars(statement)).all())


def _utc(value: datetime, name: str) -> datetime:
    """An instant the caller passed, in UTC: the zone the tables keep."""
    if value.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value.astimezone(UTC)


def _scope(f: MeetupFilter, viewer_member_id: str, include_drafts: bool) -> list:
    """What a token is valid for: what the catalog filters on. Not the page size
    (a caller may change that between pages), nor the free-text query (the
    catalog does not read it)."""
    return [
        "catalog_search",
        f.community_id,
        f.prefecture,
        f.city,
        f.tag,
        f.starts_after and _utc(f.starts_after, "starts_after").isoformat(),
        f.starts_before and _utc(f.starts_before, "starts_before").isoformat(),
        sorted(s.value for s in f.statuses),
        viewer_member_id,
        include_drafts,
    ]


def _keyset(position: dict) -> tuple[datetime, str]:
    """The (start, meetup id) a page ended at."""
    start, meetup_id = datetime.fromisoformat(position["start"]), position["meetup_id"]
    if start.tzinfo is None or not isinstance(meetup_id, str):
        raise ValueError("not a catalog position")
    return start.astimezone(UTC), meetup_id
