"""Reads of one meetup, from its event stream (strongly consistent: the
runner's cached state plus whatever was appended since): GetMeetup,
ListAttendees, GetWaitlistPosition, ExportMeetupCalendar.

A meetup the caller may not see (someone else's draft) is NOT_FOUND, exactly
like one that does not exist.
"""

from __future__ import annotations

from offkai.events.v1 import meetups_pb2 as pb
from offkai_events.domain import MEETUP, stream_id
from offkai_events.domain import read_rules as q
from offkai_events.domain.guards import may_organize
from offkai_events.domain.state import MeetupState, MeetupStatus, RsvpStatus
from offkai_events.entrypoints import ics
from offkai_events.entrypoints.requests import checked, member_of
from offkai_events.entrypoints.views import attendee_message, meetup_message
from offkai_events.projections.member_directory import display_names
from offkai_kit import paging
from offkai_kit.context import current_principal
from offkai_kit.db import Database
from offkai_kit.errors import FailedPrecondition, NotFound
from offkai_kit.principal import Principal
from offkai_kit.repository import Repository


class MeetupReads:
    def __init__(self, repository: Repository, db: Database):
        self.repository = repository
        self.db = db

    async def meetup(self, meetup_id: str, viewer: Principal) -> MeetupState:
        """The meetup as of now, if ``viewer`` may see it; else NOT_FOUND."""
        state = (await self.repository.load(MEETUP, stream_id(meetup_id))).state
        if not q.visible(state, viewer):
            raise NotFound(f"meetup '{meetup_id}' not found")
        return state

    async def get_meetup(self, request: pb.GetMeetupRequest) -> pb.GetMeetupResponse:
        viewer = current_principal()
        checked(request, "meetup_id")
        state = await self.meetup(request.meetup_id, viewer)
        return pb.GetMeetupResponse(meetup=meetup_message(state, viewer))

    async def list_attendees(self, request: pb.ListAttendeesRequest) -> pb.ListAttendeesResponse:
        viewer = current_principal()
        checked(request, "meetup_id", "frame_id")
        size = paging.page_size(request.page_size, default=100, maximum=1000)
        scope = ["ListAttendees", request.meetup_id, request.frame_id]
        offset = paging.decode(request.page_token, scope=scope, parse=_offset) or 0
        state = await self.meetup(request.meetup_id, viewer)
        views = q.attendees(state, request.frame_id, viewer)
        page = views[offset : offset + size]
        names = await display_names(self.db, [v.member_id for v in page])
        more = offset + size < len(views)
        return pb.ListAttendeesResponse(
            # A member this service has not seen a profile of yet has an empty name.
            attendees=[attendee_message(v, names.get(v.member_id, "")) for v in page],
            next_page_token=paging.encode({"offset": offset + size}, scope=scope) if more else "",
        )

    async def get_waitlist_position(self, request: pb.GetWaitlistPositionRequest) -> pb.GetWaitlistPositionResponse:
        viewer = current_principal()
        checked(request, "meetup_id", "frame_id")
        state = await self.meetup(request.meetup_id, viewer)
        member_id = member_of(request, viewer)
        position, length = q.waitlist_position(state, request.frame_id, member_id, viewer)
        return pb.GetWaitlistPositionResponse(position=position, waitlist_length=length)

    async def export_meetup_calendar(self, request: pb.ExportMeetupCalendarRequest) -> pb.ExportMeetupCalendarResponse:
        viewer = current_principal()
        checked(request, "meetup_id")
        state = await self.meetup(request.meetup_id, viewer)
        if state.status is MeetupStatus.DRAFT:
            raise FailedPrecondition("a draft has no calendar entry; publish the meetup first")
        data = ics.meetup_calendar(state, include_join_urls=_may_join(state, viewer))
        return pb.ExportMeetupCalendarResponse(ics=data, content_type=ics.CONTENT_TYPE)


def _may_join(state: MeetupState, viewer: Principal) -> bool:
    """Join URLs go only to organizers, admins and members holding a seat."""
    if may_organize(state, viewer) or viewer.is_privileged:
        return True
    return any(r.status is RsvpStatus.GOING for r in state.active_rsvps_of(viewer.member_id))


def _offset(position: dict) -> int:
    """Where a ListAttendees page starts. Offsets: a list that changes between
    pages may repeat or skip someone, which is fine for a list people read."""
    offset = position["offset"]
    if type(offset) is not int or offset < 0:
        raise ValueError("not an offset")
    return offset
