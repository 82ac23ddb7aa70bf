"""``MeetupFilter``: what ListMeetups asks for, and whether one meetup matches.

One type for both sides of a search: the catalog finds candidates with it (all
of it but the free-text ``query``, which the catalog cannot judge), then each
candidate's current state is judged by ``matches``, so a lagging catalog never
shows a meetup that no longer fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from offkai_events.domain.read_rules import visible
from offkai_events.domain.state import MeetupState, MeetupStatus
from offkai_kit.principal import Principal


@dataclass(frozen=True)
class MeetupFilter:
    """Filters on meetups; empty ones match everything."""

    community_id: str = ""
    prefecture: str = ""
    city: str = ""
    # Exact tag, as organizers wrote it.
    tag: str = ""
    # Starts at or after (inclusive; the API's name) / strictly before; aware.
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    # Empty: any status.
    statuses: frozenset[MeetupStatus] = frozenset()
    # Words that must all appear in the title, description or tags.
    query: str = ""


def matches(state: MeetupState, f: MeetupFilter, viewer: Principal) -> bool:
    if not visible(state, viewer) or (f.statuses and state.status not in f.statuses):
        return False
    d = state.details
    text = " ".join((d.title, d.description, *d.tags)).casefold()
    return (
        (not f.community_id or d.community_id == f.community_id)
        and (not f.prefecture or d.region.prefecture == f.prefecture)
        and (not f.city or d.region.city == f.city)
        and (not f.tag or f.tag in d.tags)
        and (f.starts_after is None or d.start >= f.starts_after)
        and (f.starts_before is None or d.start < f.starts_before)
        and all(word in text for word in f.query.casefold().split())
    )
