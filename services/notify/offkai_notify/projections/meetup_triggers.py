"""What a meetup's own events mean to members, applied in the meetups
projection's transaction:

- MeetupPublished: its community's members, its followers, and members of its
  region who opted in to "near me" hear of it (each once, for the closest of
  those reasons; its organizers do not);
- MeetupUpdated: members with a place in it hear what changed (time, venue,
  access, online); their reminders move with the start and with the
  organizers' reminder offsets (a change members are not told of);
- MeetupCancelled: members with a place hear it, urgently within a day of
  the start; reminders are dropped, as when it ends.
"""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import select

from offkai.events.v1 import events_pb2 as ev
from offkai_notify.domain.model import Trigger
from offkai_notify.domain.urgency import is_urgent
from offkai_notify.projections import meetup_rows
from offkai_notify.projections.applying import Applying
from offkai_notify.projections.communities import audience_of, community_name
from offkai_notify.projections.recipients import living_in
from offkai_notify.projections.tables import subscriber_settings
from offkai_notify.render import messages as msg
from offkai_notify.render.from_events import changes_from_fields, excerpt, meetup_from_details, meetup_from_summary
from offkai_notify.scheduling import reminder_rows


async def _scheduled(a: Applying, e: ev.MeetupScheduled) -> None:
    await meetup_rows.put_meetup(a.conn, e.meetup_id, e.details, a.at, status="draft")
    await meetup_rows.put_frames(a.conn, e.meetup_id, e.frames)


async def _frame_added(a: Applying, e: ev.FrameAdded) -> None:
    await meetup_rows.put_frames(a.conn, e.meetup_id, [e.frame])


async def _published(a: Applying, e: ev.MeetupPublished) -> None:
    await meetup_rows.put_meetup(a.conn, e.meetup_id, e.details, a.at, status="published")
    await meetup_rows.put_frames(a.conn, e.meetup_id, e.frames)
    d = e.details
    members, followers = await audience_of(a.conn, d.community_id)
    near = await _near_me(a.conn, d.region.prefecture) if d.region.prefecture else set()
    meetup = meetup_from_details(e.meetup_id, d, community_name=await community_name(a.conn, d.community_id))
    summary = excerpt(d.description)
    audiences: dict[str, msg.Audience] = {}
    # The closest reason wins: a member who also follows hears it as a member.
    for who, audience in ((near, msg.Audience.NEAR_ME), (followers, msg.Audience.FOLLOWER),
                          (members, msg.Audience.COMMUNITY)):
        for member_id in who:
            audiences[member_id] = audience
    for organizer in d.organizer_ids:
        audiences.pop(organizer, None)
    await a.notify({m: msg.MeetupPublished(meetup, audience, summary) for m, audience in audiences.items()})


async def _near_me(conn, prefecture: str) -> set[str]:
    """Members of the region who opted in to "near me"."""
    s = subscriber_settings.c
    opted = set((await conn.scalars(select(s.member_id).where(s.near_me.is_(True)))).all())
    return opted & await living_in(conn, prefecture)


async def _updated(a: Applying, e: ev.MeetupUpdated) -> None:
    before = await meetup_rows.meetup(a.conn, e.meetup_id)
    await meetup_rows.put_meetup(a.conn, e.meetup_id, e.details, a.at)
    going = await meetup_rows.going(a.conn, e.meetup_id)
    start = e.details.start.ToDatetime(tzinfo=UTC)
    offsets = meetup_rows.reminder_offsets(e.details)
    moved = before is not None and before.start != start
    if moved or (before is not None and before.reminder_offsets != offsets):
        await reminder_rows.schedule(a.conn, e.meetup_id, sorted(going), start, offsets, a.now)
    changes = changes_from_fields(e.changed_fields, before.details.venue if before else None, e.details.venue)
    if not e.affected_member_ids or not changes:
        return  # a draft, nobody holds a place yet, or nothing members need to hear
    previous_start = before.start if moved else None
    await a.notify({
        member_id: msg.MeetupUpdated(
            meetup_from_summary(e.meetup, with_online_url=going.get(member_id, False)), changes, previous_start
        )
        for member_id in e.affected_member_ids
    })


async def _cancelled(a: Applying, e: ev.MeetupCancelled) -> None:
    await meetup_rows.set_status(a.conn, e.meetup_id, "cancelled", a.at)
    await reminder_rows.drop(a.conn, e.meetup_id)
    meetup = meetup_from_summary(e.meetup)
    urgent = is_urgent(Trigger.MEETUP_CANCELLED, now=a.now, meetup_start=meetup.start)
    await a.notify({m: msg.MeetupCancelled(meetup, e.reason) for m in e.affected_member_ids}, urgent=urgent)


async def _ended(a: Applying, e: ev.MeetupEnded) -> None:
    await meetup_rows.set_status(a.conn, e.meetup_id, "ended", a.at)
    await reminder_rows.drop(a.conn, e.meetup_id)


APPLIERS = {
    ev.MeetupScheduled: _scheduled,
    ev.FrameAdded: _frame_added,
    ev.MeetupPublished: _published,
    ev.MeetupUpdated: _updated,
    ev.MeetupCancelled: _cancelled,
    ev.MeetupEnded: _ended,
}
