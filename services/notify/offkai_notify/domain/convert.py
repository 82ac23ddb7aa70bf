"""Between the domain's values and the protobuf messages of notify's events.

Enums map by name: domain ``ChannelKind.EMAIL`` is ``CHANNEL_KIND_EMAIL`` in
the proto, so adding a member to both is all a new value needs.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import TypeVar

from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from offkai.notify.v1 import types_pb2 as pb
from offkai_notify.domain.model import (
    BroadcastSegment,
    Category,
    ChannelKind,
    ChannelStatus,
    QuietHours,
    Trigger,
)
from offkai_notify.domain.validate import parse_clock

E = TypeVar("E", bound=StrEnum)

_PREFIXES: dict[type[StrEnum], tuple[EnumTypeWrapper, str]] = {
    ChannelKind: (pb.ChannelKind, "CHANNEL_KIND_"),
    ChannelStatus: (pb.ChannelStatus, "CHANNEL_STATUS_"),
    Category: (pb.Category, "CATEGORY_"),
    Trigger: (pb.Trigger, "TRIGGER_"),
    BroadcastSegment: (pb.BroadcastSegment, "BROADCAST_SEGMENT_"),
}


def enum_to_pb(value: StrEnum | None) -> int:
    if value is None:
        return 0
    wrapper, prefix = _PREFIXES[type(value)]
    return wrapper.Value(prefix + value.name)


def enum_from_pb(enum: type[E], number: int) -> E | None:
    """None for the UNSPECIFIED value and for numbers this build does not know."""
    wrapper, prefix = _PREFIXES[enum]
    try:
        name = wrapper.Name(number)
    except ValueError:
        return None
    return enum.__members__.get(name.removeprefix(prefix))


def timestamp(at: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(at.astimezone(UTC))
    return ts


def instant(message: Message, field: str) -> datetime | None:
    if not message.HasField(field):
        return None
    return getattr(message, field).ToDatetime(tzinfo=UTC)


def quiet_hours_to_pb(q: QuietHours) -> pb.QuietHours:
    return pb.QuietHours(start=q.start.strftime("%H:%M"), end=q.end.strftime("%H:%M"), timezone=q.timezone)


def quiet_hours_from_pb(q: pb.QuietHours) -> QuietHours:
    # Events hold what validation let through: well-formed "HH:MM".
    start, end = parse_clock(q.start), parse_clock(q.end)
    if start is None or end is None:
        raise ValueError(f"malformed quiet hours {q.start!r}-{q.end!r}")
    return QuietHours(start, end, q.timezone)
