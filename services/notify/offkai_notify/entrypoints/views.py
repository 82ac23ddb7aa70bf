"""State and rows → API messages. Channel addresses only ever leave masked."""

from __future__ import annotations

from offkai.notify.v1 import types_pb2 as pb
from offkai_notify.delivery.tables import Status
from offkai_notify.domain.convert import enum_to_pb, quiet_hours_to_pb, timestamp
from offkai_notify.domain.masking import mask_address
from offkai_notify.domain.model import Category, ChannelKind, Trigger
from offkai_notify.domain.state import Channel, SubscriberState

_STATUSES = {status: pb.DeliveryStatus.Value(f"DELIVERY_STATUS_{status.name}") for status in Status}
STATUS_OF_PB = {number: status for status, number in _STATUSES.items()}


def channel_message(channel: Channel) -> pb.Channel:
    message = pb.Channel(
        channel_id=channel.channel_id,
        kind=enum_to_pb(channel.kind),
        masked_address=mask_address(channel.kind, channel.address),
        label=channel.label,
        status=enum_to_pb(channel.status),
        registered_at=timestamp(channel.registered_at),
    )
    if channel.verified_at is not None:
        message.verified_at.CopyFrom(timestamp(channel.verified_at))
    return message


def preferences_message(member_id: str, state: SubscriberState) -> pb.Preferences:
    message = pb.Preferences(member_id=member_id, locale=state.locale, near_me=state.near_me)
    if state.quiet_hours is not None:
        message.quiet_hours.CopyFrom(quiet_hours_to_pb(state.quiet_hours))
    for channel in state.channels.values():
        for category in Category:
            message.categories.append(pb.CategoryPreference(
                category=enum_to_pb(category),
                channel_id=channel.channel_id,
                enabled=state.wants(category, channel.channel_id),
                is_default=(category, channel.channel_id) not in state.choices,
            ))
    return message


def status_message(status: str) -> int:
    return _STATUSES[Status(status)]


def delivery_message(row) -> pb.Delivery:
    message = pb.Delivery(
        delivery_id=row.delivery_id,
        triggering_event_id=row.key,
        trigger=enum_to_pb(Trigger(row.trigger)),
        category=enum_to_pb(Category(row.category)) if row.category else 0,
        member_id=row.member_id,
        channel_id=row.channel_id,
        channel_kind=enum_to_pb(ChannelKind(row.channel_kind)) if row.channel_kind else 0,
        masked_destination=row.masked_destination or "",
        status=status_message(row.status),
        attempts=row.attempts,
        created_at=timestamp(row.created_at),
    )
    if row.next_attempt_at is not None and Status(row.status) in (Status.QUEUED, Status.RETRYING):
        message.next_attempt_at.CopyFrom(timestamp(row.next_attempt_at))
    if row.sent_at is not None:
        message.sent_at.CopyFrom(timestamp(row.sent_at))
    if row.failure_code:
        message.last_failure.CopyFrom(pb.DeliveryFailure(
            failure_class={"transient": pb.FAILURE_CLASS_TRANSIENT, "permanent": pb.FAILURE_CLASS_PERMANENT}.get(
                row.failure_class or "", pb.FAILURE_CLASS_UNSPECIFIED),
            code=row.failure_code,
            failed_at=timestamp(row.failed_at) if row.failed_at else None,
        ))
    return message
