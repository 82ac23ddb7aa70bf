"""Deliveries: one message to one channel of one member — or, for an
invitation emailed to someone who is no member, to one address.

The seam between the two halves of notify. The triggers (projections/ and
scheduling/: meetups, RSVPs, reminders, digests, broadcasts) decide *who*
hears *what*, and hand the queue ``PlannedDelivery`` values inside the
transaction that applies their event; the queue and the sender
(``delivery/``) decide *how* and *when*: one row per (key, member, channel),
retries, per-host limits, dead letters, ``NotificationSent``/``Failed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from offkai_notify.render.messages import Message


@dataclass(frozen=True)
class Address:
    """Where a delivery to a non-member goes, and how it is written."""

    email: str
    # The member it goes on behalf of (the inviter): erasing them drops it.
    on_behalf_of: str
    locale: str
    timezone: str


@dataclass(frozen=True)
class PlannedDelivery:
    # The fact that causes the message, unique per occasion: the triggering
    # event's id, or a key such as ``reminder:<meetup>:<member>:<offset>``,
    # ``broadcast:<broadcast_id>``, ``digest:<member>:<iso-week>``. The queue
    # keeps one delivery per (key, member_id, channel_id): planning the same
    # fact twice sends once.
    key: str
    member_id: str
    channel_id: str
    # What to say (render input, the recipient's name, locale and zone are
    # added at send time).
    message: Message
    # Urgent messages go through quiet hours.
    urgent: bool
    # Not sent before this instant (UTC): quiet hours already applied.
    not_before: datetime
    # For a non-member (member_id and channel_id ``tables.NO_MEMBER``).
    address: Address | None = None
