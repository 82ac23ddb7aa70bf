"""From "these members should hear this" to planned deliveries: each member's
active channels that take the message's category (their choice, or the
channel kind's default), each delivery held past the member's quiet hours
unless it is urgent.

Read from the subscriptions projection's tables inside the caller's
transaction, so the deliveries are queued together with the event that
caused them, or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit.db import after_commit
from offkai_notify.delivery import PlannedDelivery
from offkai_notify.delivery.queue import enqueue
from offkai_notify.domain.categories import category_of, on_by_default
from offkai_notify.domain.model import ChannelKind, ChannelStatus, QuietHours
from offkai_notify.domain.quiet_hours import deliver_at
from offkai_notify.domain.validate import parse_clock
from offkai_notify.projections.tables import subscriber_channels, subscriber_choices, subscriber_settings
from offkai_notify.render.messages import Message

# Tells the sender something was queued.
Wake = Callable[[], None]

# SQLite allows a few thousand bound parameters per statement; a fan-out to
# a large community reads its members' channels in slices.
_SLICE = 500


def _slices(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), _SLICE):
        yield values[start:start + _SLICE]


async def quiet_hours_of(conn: AsyncConnection, member_ids: list[str]) -> dict[str, QuietHours]:
    s = subscriber_settings.c
    found: dict[str, QuietHours] = {}
    for part in _slices(member_ids):
        rows = await conn.execute(
            select(s.member_id, s.quiet_start, s.quiet_end, s.quiet_timezone).where(
                s.member_id.in_(part), s.quiet_timezone != ""
            )
        )
        for row in rows:
            start, end = parse_clock(row.quiet_start), parse_clock(row.quiet_end)
            if start is not None and end is not None:
                found[row.member_id] = QuietHours(start, end, row.quiet_timezone)
    return found


async def receiving_channels(conn: AsyncConnection, member_ids: list[str], message: Message) -> dict[str, list[str]]:
    """Per member, the ids of their active channels that take ``message``'s
    category (every active channel for a message without one)."""
    category = category_of(message.trigger)
    c, ch = subscriber_channels.c, subscriber_choices.c
    taking: dict[str, list[str]] = defaultdict(list)
    for part in _slices(member_ids):
        channels = (await conn.execute(
            select(c.member_id, c.channel_id, c.kind).where(
                c.member_id.in_(part), c.status == ChannelStatus.ACTIVE.value
            ).order_by(c.member_id, c.channel_id)
        )).all()
        choices: dict[tuple[str, str], bool] = {}
        if category is not None and channels:
            rows = await conn.execute(
                select(ch.member_id, ch.channel_id, ch.enabled).where(
                    ch.member_id.in_(part), ch.category == category.value
                )
            )
            choices = {(r.member_id, r.channel_id): r.enabled for r in rows}
        for row in channels:
            chosen = choices.get((row.member_id, row.channel_id))
            wanted = (
                True if category is None
                else on_by_default(ChannelKind(row.kind), category) if chosen is None
                else chosen
            )
            if wanted:
                taking[row.member_id].append(row.channel_id)
    return taking


async def plan(
    conn: AsyncConnection,
    key: str,
    messages: Mapping[str, Message],
    now: datetime,
    *,
    urgent: bool = False,
    useful_until: datetime | None = None,
) -> list[PlannedDelivery]:
    """Deliveries of ``messages`` (by member id; they may differ per member),
    all caused by ``key``. ``useful_until``: quiet hours do not hold them to
    or past this instant (``quiet_hours.deliver_at``)."""
    if not messages:
        return []
    member_ids = sorted(messages)
    first = next(iter(messages.values()))
    channels = await receiving_channels(conn, member_ids, first)
    quiet = await quiet_hours_of(conn, [m for m in member_ids if channels.get(m)])
    planned = []
    for member_id in member_ids:
        for channel_id in channels.get(member_id, ()):
            planned.append(PlannedDelivery(
                key=key,
                member_id=member_id,
                channel_id=channel_id,
                message=messages[member_id],
                urgent=urgent,
                not_before=deliver_at(now, quiet.get(member_id), urgent=urgent, useful_until=useful_until),
            ))
    return planned


async def notify(
    conn: AsyncConnection,
    key: str,
    messages: Mapping[str, Message],
    now: datetime,
    *,
    urgent: bool = False,
    useful_until: datetime | None = None,
    wake: Wake | None = None,
) -> int:
    """Plan and queue ``messages`` (one category) in the caller's transaction;
    how many deliveries are new (a fact planned again adds none). ``wake``
    (the sender's) is called once the transaction has committed, when it
    queued something: the sender need not wait for its next poll."""
    planned = await plan(conn, key, messages, now, urgent=urgent, useful_until=useful_until)
    added = await enqueue(conn, planned) if planned else 0
    if added and wake is not None:
        after_commit(conn, wake)
    return added
