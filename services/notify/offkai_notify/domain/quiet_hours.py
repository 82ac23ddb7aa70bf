"""Quiet hours: is it quiet for this member now, and until when.

A night's window opens the first moment the member's clock reads ``start`` and
closes the first moment it reads ``end`` or later (see ``localtime``), so a
window across a daylight-saving change is as long as the member's night
really is. Urgent messages are never held (``urgency`` decides which), and a
message of no use after some instant (a reminder, once its meetup has begun) is
not held past it: if the member's quiet hours end only after the meetup starts,
the reminder goes out now — a member going to a meetup before their night ends is
up for it, and a reminder after the start would be no reminder at all.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from offkai_notify.domain.localtime import first_instant_at, local_date
from offkai_notify.domain.model import QuietHours


def quiet_until(now: datetime, quiet: QuietHours | None) -> datetime | None:
    """When the quiet window holding ``now`` ends (UTC), or None when ``now``
    is not in quiet hours."""
    if quiet is None or quiet.start == quiet.end:
        return None
    if now.tzinfo is None:
        raise ValueError("quiet_until needs an aware instant")
    zone = ZoneInfo(quiet.timezone)
    today = local_date(now, zone)
    # The window holding now opened today, or (wrapping midnight) yesterday.
    for opened_on in (today - timedelta(days=1), today):
        closes_on = opened_on + timedelta(days=1) if quiet.wraps_midnight else opened_on
        opens = first_instant_at(opened_on, quiet.start, zone)
        closes = first_instant_at(closes_on, quiet.end, zone)
        if opens <= now < closes:
            return closes
    return None


def deliver_at(
    now: datetime, quiet: QuietHours | None, *, urgent: bool, useful_until: datetime | None = None
) -> datetime:
    """The earliest instant a message due ``now`` may go out. ``useful_until``:
    the instant after which the message is of no use (a reminder: the meetup's
    start); quiet hours never hold a message to it or past it."""
    if urgent:
        return now
    held = quiet_until(now, quiet)
    if held is None or (useful_until is not None and held >= useful_until):
        return now
    return held
