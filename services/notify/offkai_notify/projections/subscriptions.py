"""Each subscriber's channels and preferences, from notify's own subscriber
stream: which channels are active, which categories each takes (explicit
choices; the defaults stay in domain/categories), quiet hours, locale and
"near me". Addresses and secrets stay in the aggregate: the planners need
only ids, kinds and statuses.

It follows the member streams too, to delete everything about a member on
MemberErased.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from google.protobuf.message import Message
from sqlalchemy import delete, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.members.v1 import events_pb2 as members_events
from offkai.notify.v1 import events_pb2 as ev
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import upsert
from offkai_notify.domain.convert import enum_from_pb
from offkai_notify.domain.model import Category, ChannelKind, ChannelStatus
from offkai_notify.projections.tables import subscriber_channels, subscriber_choices, subscriber_settings

TABLES = (subscriber_channels, subscriber_choices, subscriber_settings)
_NO_SETTINGS = {"quiet_start": "", "quiet_end": "", "quiet_timezone": "", "locale": "", "near_me": False}


class Subscriptions:
    name = "subscriptions"
    subjects = ["offkai.notify.subscriber.>", "offkai.members.member.>"]

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None:
        applier = APPLIERS.get(type(event.message))
        if applier is not None:  # verification codes and failed attempts change nothing here
            await applier(conn, event.message)

    async def reset(self, conn: AsyncConnection) -> None:
        for table in TABLES:
            await conn.execute(delete(table))


async def _registered(conn: AsyncConnection, e: ev.ChannelRegistered) -> None:
    kind, status = enum_from_pb(ChannelKind, e.kind), enum_from_pb(ChannelStatus, e.status)
    await upsert(
        conn, subscriber_channels, {"member_id": e.member_id, "channel_id": e.channel_id},
        {"kind": kind.value, "status": (status or ChannelStatus.PENDING_VERIFICATION).value},
    )


async def _verified(conn: AsyncConnection, e: ev.ChannelVerified) -> None:
    c = subscriber_channels.c
    await conn.execute(
        update(subscriber_channels)
        .where(c.member_id == e.member_id, c.channel_id == e.channel_id)
        .values(status=ChannelStatus.ACTIVE.value)
    )


async def _removed(conn: AsyncConnection, e: ev.ChannelRemoved) -> None:
    for table in (subscriber_channels, subscriber_choices):
        await conn.execute(delete(table).where(table.c.member_id == e.member_id, table.c.channel_id == e.channel_id))


async def _preference_set(conn: AsyncConnection, e: ev.CategoryPreferenceSet) -> None:
    category = enum_from_pb(Category, e.category)
    await upsert(
        conn, subscriber_choices,
        {"member_id": e.member_id, "category": category.value, "channel_id": e.channel_id},
        {"enabled": e.enabled},
    )


async def _settings(conn: AsyncConnection, member_id: str, **values) -> None:
    """Upsert the member's settings row; a new row starts from no settings."""
    c = subscriber_settings.c
    changed = await conn.execute(update(subscriber_settings).where(c.member_id == member_id).values(**values))
    if changed.rowcount == 0:
        await conn.execute(insert(subscriber_settings).values(member_id=member_id, **{**_NO_SETTINGS, **values}))


async def _quiet_hours_set(conn: AsyncConnection, e: ev.QuietHoursSet) -> None:
    q = e.quiet_hours
    await _settings(conn, e.member_id, quiet_start=q.start, quiet_end=q.end, quiet_timezone=q.timezone)


async def _quiet_hours_cleared(conn: AsyncConnection, e: ev.QuietHoursCleared) -> None:
    await _settings(conn, e.member_id, quiet_start="", quiet_end="", quiet_timezone="")


async def _locale_set(conn: AsyncConnection, e: ev.LocaleSet) -> None:
    await _settings(conn, e.member_id, locale=e.locale)


async def _near_me_set(conn: AsyncConnection, e: ev.NearMeSet) -> None:
    await _settings(conn, e.member_id, near_me=e.enabled)


async def _erased(conn: AsyncConnection, e: members_events.MemberErased) -> None:
    for table in TABLES:
        await conn.execute(delete(table).where(table.c.member_id == e.member_id))


APPLIERS: dict[type[Message], Callable[[AsyncConnection, Message], Awaitable[None]]] = {
    ev.ChannelRegistered: _registered,
    ev.ChannelVerified: _verified,
    ev.ChannelRemoved: _removed,
    ev.CategoryPreferenceSet: _preference_set,
    ev.QuietHoursSet: _quiet_hours_set,
    ev.QuietHoursCleared: _quiet_hours_cleared,
    ev.LocaleSet: _locale_set,
    ev.NearMeSet: _near_me_set,
    members_events.MemberErased: _erased,
}
