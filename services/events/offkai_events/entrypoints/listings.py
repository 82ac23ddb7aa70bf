"""Reads across meetups: ListMeetups, ListMemberRsvps, GetAttendanceRecord,
ExportCommunityCalendar.

The catalog (a read model, eventually consistent) finds the meetup ids; each
meetup is then loaded from its stream and judged by the domain's
privacy-aware read rules, so what a caller sees is as of now and only what they
may see, even while the catalog lags a little behind.
"""

from __future__ import annotations

from offkai.events.v1 import meetups_pb2 as pb
from offkai_events.domain import MEETUP, stream_id
from offkai_events.domain import read_rules as q
from offkai_events.domain.meetup_filter import matches
from offkai_events.domain.state import MeetupState, MeetupStatus
from offkai_events.entrypoints import ics
from offkai_events.entrypoints.requests import checked, meetup_filter, member_of
from offkai_events.entrypoints.views import attendance_entry, meetup_message, rsvp_message
from offkai_events.projections.catalog_search import CatalogSearch
from offkai_kit import paging
from offkai_kit.clock import Clock
from offkai_kit.context import current_principal
from offkai_kit.repository import Repository

# ListMeetups reads at most this many catalog pages to find one meetup the
# caller may see (the catalog cannot filter by the free-text query).
MAX_CATALOG_PAGES = 5


class Listings:
    def __init__(self, repository: Repository, catalog: CatalogSearch, clock: Clock):
        self.repository = repository
        self.catalog = catalog
        self.clock = clock

    async def _load(self, meetup_id: str) -> MeetupState:
        return (await self.repository.load(MEETUP, stream_id(meetup_id))).state

    async def _states(self, meetup_ids: list[str]) -> list[MeetupState]:
        states = [await self._load(meetup_id) for meetup_id in meetup_ids]
        return [s for s in states if s.exists]

    # -- ListMeetups -----------------------------------------------------------

    async def list_meetups(self, request: pb.ListMeetupsRequest) -> pb.ListMeetupsResponse:
        viewer = current_principal()
        wanted = meetup_filter(request)
        size = paging.page_size(request.page_size, default=50, maximum=200)
        found: list[pb.Meetup] = []
        token = request.page_token
        # A page may come back short (even empty, with a token to go on):
        # meetups the catalog found are re-judged on their current state.
        for _ in range(MAX_CATALOG_PAGES):
            ids, token = await self.catalog.search(
                wanted,
                # Admins and services see every draft; organizers their own.
                viewer_member_id="" if viewer.is_privileged else viewer.member_id,
                include_drafts=viewer.is_privileged,
                page_size=size,
                page_token=token,
            )
            found += [meetup_message(s, viewer) for s in await self._states(ids) if matches(s, wanted, viewer)]
            if found or not token:
                break
        return pb.ListMeetupsResponse(meetups=found, next_page_token=token)

    # -- one member's RSVPs and attendance -------------------------------------

    async def list_member_rsvps(self, request: pb.ListMemberRsvpsRequest) -> pb.ListMemberRsvpsResponse:
        viewer = current_principal()
        member_id = member_of(request, viewer)
        viewer.require_self_or_privileged(member_id, "list RSVPs")
        size = paging.page_size(request.page_size, default=50, maximum=200)
        scope = ["ListMemberRsvps", member_id, request.include_past]
        first, skip = paging.decode(request.page_token, scope=scope, parse=_rsvp_position) or (0, 0)
        meetup_ids = await self.catalog.meetups_of_member(member_id)
        rsvps: list[pb.Rsvp] = []
        for i in range(first, len(meetup_ids)):
            state = await self._load(meetup_ids[i])
            if not _listed(state, request.include_past):
                continue
            views = q.rsvps_of(state, member_id, viewer)
            for j in range(skip if i == first else 0, len(views)):
                if len(rsvps) == size:
                    token = paging.encode({"meetup": i, "rsvp": j}, scope=scope)
                    return pb.ListMemberRsvpsResponse(rsvps=rsvps, next_page_token=token)
                rsvps.append(rsvp_message(state, views[j].rsvp, views[j].waitlist_position))
        return pb.ListMemberRsvpsResponse(rsvps=rsvps)

    async def get_attendance_record(self, request: pb.GetAttendanceRecordRequest) -> pb.GetAttendanceRecordResponse:
        viewer = current_principal()
        member_id = member_of(request, viewer)
        # Checked before anything is looked up: no-shows are the member's own business.
        viewer.require_self_or_privileged(member_id, "see an attendance record")
        states = await self._states(await self.catalog.meetups_of_member(member_id))
        outcomes = [(s, q.attendance(s, member_id, viewer)) for s in states]
        kept = sorted(
            ((s, o) for s, o in outcomes if o is not None),
            key=lambda so: (so[0].details.start, so[0].meetup_id),
            reverse=True,
        )
        return pb.GetAttendanceRecordResponse(
            attended=sum(1 for _, o in kept if o is q.AttendanceOutcome.ATTENDED),
            no_shows=sum(1 for _, o in kept if o is q.AttendanceOutcome.NO_SHOW),
            entries=[attendance_entry(s, o) for s, o in kept],
        )

    # -- ExportCommunityCalendar -----------------------------------------------

    async def export_community_calendar(
        self, request: pb.ExportCommunityCalendarRequest
    ) -> pb.ExportCommunityCalendarResponse:
        viewer = current_principal()
        checked(request, "community_id")
        now = self.clock()
        ids = await self.catalog.upcoming_of_community(request.community_id, now)
        states = [s for s in await self._states(ids) if q.visible(s, viewer)]
        # This service knows communities by id only; the feed is named after it.
        data = ics.community_calendar(states, community_id=request.community_id, name=request.community_id, now=now)
        return pb.ExportCommunityCalendarResponse(ics=data, content_type=ics.CONTENT_TYPE)


def _listed(state: MeetupState, include_past: bool) -> bool:
    """Without ``include_past``, only meetups still ahead (published)."""
    return state.exists and (include_past or state.status is MeetupStatus.PUBLISHED)


def _rsvp_position(position: dict) -> tuple[int, int]:
    """Where a ListMemberRsvps page starts: the index of the member's meetup,
    then of the RSVP in it. Offsets, as for attendees."""
    at = position["meetup"], position["rsvp"]
    if any(type(i) is not int or i < 0 for i in at):
        raise ValueError("not a position")
    return at
