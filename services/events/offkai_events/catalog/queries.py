"""Queries across meetups, answered from the catalog tables: which meetup ids
match, in a stable order, a page at a time.

The catalog is eventually consistent with the streams (it is fed through
JetStream), so callers load the meetups it names and judge them on their
current state; it only has to find the candidates quickly.

Paging is keyset paging on (start, meetup id): a token names the last row of
the page and a fingerprint of the filters, so a meetup added or removed
between pages neither repeats nor shifts what follows, and a token offered
with other filters is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, exists, or_, select

from offkai_events.catalog.tables import (
    catalog_meetup_members,
    catalog_meetup_organizers,
    catalog_meetup_tags,
    catalog_meetups,
)
from offkai_events.domain.state import MeetupStatus
from offkai_kit.db import Database
from offkai_kit.errors import InvalidArgument

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class CatalogQuery:
    """Filters for ``Catalog.search``; empty ones match everything."""

    community_id: str = ""
    prefecture: str = ""
    city: str = ""
    # Exact tag, as organizers wrote it.
    tag: str = ""
    # Start at or after / strictly before; timezone-aware.
    starts_from: datetime | None = None
    starts_before: datetime | None = None
    # Empty: any status.
    statuses: frozenset[MeetupStatus] = frozenset()
    # Drafts show only for meetups this member organizes…
    viewer_member_id: str = ""
    # …unless every draft may show (admins).
    include_drafts: bool = False
    page_size: int = 50
    page_token: str = ""


class Catalog:
    def __init__(self, db: Database):
        self.db = db

    async def search(self, q: CatalogQuery) -> tuple[list[str], str]:
        """Meetup ids in start order (then id) and the next page's token ("" at the end)."""
        if not 1 <= q.page_size <= MAX_PAGE_SIZE:
            raise InvalidArgument.field("page_size", f"must be between 1 and {MAX_PAGE_SIZE}")
        scope = _fingerprint(q)
        after = _read_token(q.page_token, scope)
        m = catalog_meetups.c
        where = []
        if q.community_id:
            where.append(m.community_id == q.community_id)
        if q.prefecture:
            where.append(m.prefecture == q.prefecture)
        if q.city:
            where.append(m.city == q.city)
        if q.tag:
            t = catalog_meetup_tags.c
            where.append(exists().where(t.meetup_id == m.meetup_id, t.tag == q.tag))
        if q.starts_from is not None:
            where.append(m.start_at >= _utc(q.starts_from, "starts_from"))
        if q.starts_before is not None:
            where.append(m.start_at < _utc(q.starts_before, "starts_before"))
        if q.statuses:
            where.append(m.status.in_(sorted(s.value for s in q.statuses)))
        if not q.include_drafts:
            shown = [m.status != MeetupStatus.DRAFT.value]
            if q.viewer_member_id:
                o = catalog_meetup_organizers.c
                shown.append(exists().where(o.meetup_id == m.meetup_id, o.member_id == q.viewer_member_id))
            where.append(or_(*shown))
        if after is not None:
            start, meetup_id = after
            where.append(or_(m.start_at > start, and_(m.start_at == start, m.meetup_id > meetup_id)))
        statement = (
            select(m.meetup_id, m.start_at)
            .where(*where)
            .order_by(m.start_at, m.meetup_id)
            .limit(q.page_size + 1)  # one more tells whether a next page exists
        )
        async with self.db.read() as conn:
            rows = (await conn.execute(statement)).all()
        page = rows[: q.page_size]
        token = _make_token(scope, page[-1].start_at, page[-1].meetup_id) if len(rows) > q.page_size else ""
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


# -- page tokens -------------------------------------------------------------


def _fingerprint(q: CatalogQuery) -> str:
    """What a token is valid for: the filters, not the page size (a caller may
    change that between pages)."""
    filters = [
        q.community_id,
        q.prefecture,
        q.city,
        q.tag,
        q.starts_from and _utc(q.starts_from, "starts_from").isoformat(),
        q.starts_before and _utc(q.starts_before, "starts_before").isoformat(),
        sorted(s.value for s in q.statuses),
        q.viewer_member_id,
        q.include_drafts,
    ]
    return hashlib.sha256(json.dumps(filters).encode()).hexdigest()[:16]


def _make_token(scope: str, start: datetime, meetup_id: str) -> str:
    data = json.dumps({"q": scope, "s": start.isoformat(), "i": meetup_id}, separators=(",", ":"))
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def _read_token(token: str, scope: str) -> tuple[datetime, str] | None:
    if not token:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        start = datetime.fromisoformat(data["s"])
        meetup_id = data["i"]
        valid = data["q"] == scope and isinstance(meetup_id, str) and start.tzinfo is not None
    except (ValueError, KeyError, TypeError, binascii.Error):
        valid = False
    if not valid:
        raise InvalidArgument.field("page_token", "is not a token this search gave for these filters")
    return start.astimezone(UTC), meetup_id
