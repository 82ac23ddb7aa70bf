"""What the RSVP events of a meetup mean to the member they are about,
applied in the meetups projection's transaction: where they stand in each
frame, their reminders (made when they take a seat, dropped when they hold
none any more), and what they hear — confirmed, waitlisted (with their
place), promoted (with the confirmation deadline), cancelled, lottery won or
lost, asked to confirm their seat (urgent while the deadline is ahead), their
seat released because it was not confirmed by that deadline.

Entering a lottery, confirming a seat or releasing it oneself, checking in and
a no-show are kept (segments for broadcasts) but say nothing to the member.
"""

from __future__ import annotations

from offkai.events.v1 import events_pb2 as ev
from offkai_notify.domain.convert import instant
from offkai_notify.domain.model import Trigger
from offkai_notify.domain.urgency import is_urgent
from offkai_notify.projections import meetup_rows
from offkai_notify.projections.applying import Applying
from offkai_notify.projections.meetup_rows import APPLIED, CANCELLED, GOING, WAITLISTED
from offkai_notify.render import messages as msg
from offkai_notify.render.from_events import meetup_from_summary
from offkai_notify.scheduling import reminder_rows


async def _took_seat(a: Applying, meetup_id: str, member_ids: list[str]) -> None:
    """Seats taken: their holders' reminders, at the meetup's current start."""
    row = await meetup_rows.meetup(a.conn, meetup_id)
    if row is not None and row.status == "published":
        await reminder_rows.schedule(a.conn, meetup_id, member_ids, row.start, row.reminder_offsets, a.now)


async def _left_seat(a: Applying, meetup_id: str, member_id: str) -> None:
    if not await meetup_rows.going(a.conn, meetup_id, member_id):
        await reminder_rows.drop(a.conn, meetup_id, [member_id])


async def _entered(a: Applying, e: ev.LotteryEntered) -> None:
    await meetup_rows.put_rsvp(a.conn, e.meetup_id, e.member_id, e.frame_id, APPLIED, a.at)


async def _confirmed(a: Applying, e: ev.RsvpConfirmed) -> None:
    await meetup_rows.put_rsvp(a.conn, e.meetup_id, e.member_id, e.frame_id, GOING, a.at)
    await _took_seat(a, e.meetup_id, [e.member_id])
    entitled = await meetup_rows.is_main_session(a.conn, e.meetup_id, e.frame_id)
    meetup = meetup_from_summary(e.meetup, with_online_url=entitled)
    await a.notify({e.member_id: msg.RsvpConfirmed(meetup, e.frame_name)})


async def _waitlisted(a: Applying, e: ev.RsvpWaitlisted) -> None:
    await meetup_rows.put_rsvp(a.conn, e.meetup_id, e.member_id, e.frame_id, WAITLISTED, a.at, e.position)
    await a.notify({e.member_id: msg.RsvpWaitlisted(meetup_from_summary(e.meetup), e.frame_name, e.position)})


async def _cancelled(a: Applying, e: ev.RsvpCancelled) -> None:
    await meetup_rows.put_rsvp(a.conn, e.meetup_id, e.member_id, e.frame_id, CANCELLED, a.at)
    await _left_seat(a, e.meetup_id, e.member_id)
    by_organizer = bool(e.cancelled_by) and e.cancelled_by != e.member_id
    await a.notify({e.member_id: msg.RsvpCancelled(meetup_from_summary(e.meetup), e.frame_name, by_organizer)})


async def _promoted(a: Applying, e: ev.WaitlistPromoted) -> None:
    await meetup_rows.put_rsvp(a.conn, e.meetup_id, e.member_id, e.frame_id, GOING, a.at)
    await _took_seat(a, e.meetup_id, [e.member_id])
    entitled = await meetup_rows.is_main_session(a.conn, e.meetup_id, e.frame_id)
    confirm_by = instant(e, "confirm_by")
    message = msg.WaitlistPromoted(meetup_from_summary(e.meetup, with_online_url=entitled), e.frame_name, confirm_by)
    urgent = is_urgent(Trigger.WAITLIST_PROMOTED, now=a.now, deadline=confirm_by)
    await a.notify({e.member_id: message}, urgent=urgent)


async def _drawn(a: Applying, e: ev.LotteryDrawn) -> None:
    for member_id in e.winner_ids:
        await meetup_rows.put_rsvp(a.conn, e.meetup_id, member_id, e.frame_id, GOING, a.at)
    for place, member_id in enumerate(e.waitlisted_ids, start=1):
        await meetup_rows.put_rsvp(a.conn, e.meetup_id, member_id, e.frame_id, WAITLISTED, a.at, place)
    drawn = set(e.winner_ids) | set(e.waitlisted_ids)
    for member_id in e.applicant_ids:
        if member_id not in drawn:  # no waitlist for this frame: out of it
            await meetup_rows.put_rsvp(a.conn, e.meetup_id, member_id, e.frame_id, CANCELLED, a.at)
    await _took_seat(a, e.meetup_id, list(e.winner_ids))
    entitled = await meetup_rows.is_main_session(a.conn, e.meetup_id, e.frame_id)
    won = meetup_from_summary(e.meetup, with_online_url=entitled)
    lost = meetup_from_summary(e.meetup)
    places = {m: place for place, m in enumerate(e.waitlisted_ids, start=1)}
    messages: dict[str, msg.Message] = {m: msg.LotteryLost(lost, e.frame_name, places.get(m, 0))
                                        for m in e.applicant_ids}
    messages.update({m: msg.LotteryWon(won, e.frame_name) for m in e.winner_ids})
    await a.notify(messages)


async def _confirmation_requested(a: Applying, e: ev.SeatConfirmationRequested) -> None:
    deadline = instant(e, "release_at")
    meetup = meetup_from_summary(e.meetup)
    urgent = is_urgent(Trigger.SEAT_CONFIRMATION_REQUESTED, now=a.now, deadline=deadline)
    await a.notify({m: msg.SeatConfirmationRequested(meetup, deadline) for m in e.member_ids}, urgent=urgent)


async def _released(a: Applying, e: ev.SeatReleased) -> None:
    await meetup_rows.put_rsvp(a.conn, e.meetup_id, e.member_id, e.frame_id, CANCELLED, a.at)
    await _left_seat(a, e.meetup_id, e.member_id)
    if e.reason == ev.SEAT_RELEASE_REASON_UNCONFIRMED:
        # They did not release it themselves: they must hear that the seat is gone.
        await a.notify({e.member_id: msg.RsvpCancelled(meetup_from_summary(e.meetup), e.frame_name,
                                                       unconfirmed=True)})


async def _checked_in(a: Applying, e: ev.AttendeeCheckedIn) -> None:
    await meetup_rows.mark(a.conn, e.meetup_id, e.member_id, e.frame_id, a.at, checked_in=True)


async def _no_show(a: Applying, e: ev.NoShowRecorded) -> None:
    await meetup_rows.mark(a.conn, e.meetup_id, e.member_id, e.frame_id, a.at, no_show=True)


APPLIERS = {
    ev.LotteryEntered: _entered,
    ev.RsvpConfirmed: _confirmed,
    ev.RsvpWaitlisted: _waitlisted,
    ev.RsvpCancelled: _cancelled,
    ev.WaitlistPromoted: _promoted,
    ev.LotteryDrawn: _drawn,
    ev.SeatConfirmationRequested: _confirmation_requested,
    ev.SeatReleased: _released,
    ev.AttendeeCheckedIn: _checked_in,
    ev.NoShowRecorded: _no_show,
}
