"""Which messages are urgent: they go out during quiet hours.

Urgent is what the member would want to be woken for, because waiting until
morning could cost them: a meetup called off within a day of its start, and
anything with a seat-confirmation deadline (confirm or lose the seat). The
email verification code is urgent too: the member is waiting for it now.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from offkai_notify.domain.model import Trigger

SHORT_NOTICE = timedelta(hours=24)


def is_urgent(
    trigger: Trigger,
    *,
    now: datetime,
    meetup_start: datetime | None = None,
    deadline: datetime | None = None,
) -> bool:
    """``deadline`` is a seat-confirmation deadline (SeatConfirmationRequested's
    ``release_at``, WaitlistPromoted's ``confirm_by``), when the event has one."""
    match trigger:
        case Trigger.EMAIL_VERIFICATION:
            return True
        case Trigger.MEETUP_CANCELLED:
            return meetup_start is not None and now >= meetup_start - SHORT_NOTICE
        case Trigger.SEAT_CONFIRMATION_REQUESTED | Trigger.WAITLIST_PROMOTED:
            return deadline is not None and deadline > now
        case _:
            return False
