"""The ``deliveries`` table (migration 0004) and the statuses a row moves
through; the addresses of deliveries to non-members, and the addresses that
want no invitation emails (migration 0006)."""

from __future__ import annotations

import hashlib
from enum import StrEnum

from sqlalchemy import Boolean, Column, Integer, MetaData, String, Table, Text, UniqueConstraint

from offkai_kit.db import UtcDateTime

metadata = MetaData()

# member_id and channel_id of a delivery to an address that is no member's
# (an emailed invitation): its address is in ``delivery_addresses``.
NO_MEMBER = ""


class Status(StrEnum):
    # Waiting for its time (``next_attempt_at``).
    QUEUED = "queued"
    # Failed transiently; tried again at ``next_attempt_at``.
    RETRYING = "retrying"
    SENT = "sent"
    # A dead letter: failed permanently or out of attempts; replayable.
    FAILED = "failed"
    # Not sent because it no longer applies (channel removed or unverified,
    # category turned off, the occasion gone).
    CANCELLED = "cancelled"


# Rows the sender may still pick up.
DUE = (Status.QUEUED, Status.RETRYING)

deliveries = Table(
    "deliveries",
    metadata,
    Column("delivery_id", String(64), primary_key=True),
    Column("key", String(256), nullable=False),
    Column("member_id", String(128), nullable=False),
    Column("channel_id", String(64), nullable=False),
    Column("trigger", String(40), nullable=False),
    Column("category", String(32), nullable=True),
    Column("urgent", Boolean, nullable=False),
    # The message (``codec``); cleared once the delivery is final and sent or
    # cancelled, and on erasure.
    Column("message", Text, nullable=True),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=True),
    Column("sent_at", UtcDateTime, nullable=True),
    # Known from the first attempt on (the channel is read at send time).
    Column("channel_kind", String(16), nullable=True),
    Column("masked_destination", String(200), nullable=True),
    Column("failure_class", String(16), nullable=True),
    Column("failure_code", String(32), nullable=True),
    Column("failed_at", UtcDateTime, nullable=True),
    # The sender replica working on it, until when (a crashed replica's claims
    # are taken over once they lapse).
    Column("claimed_by", String(128), nullable=True),
    Column("claimed_until", UtcDateTime, nullable=True),
    UniqueConstraint("key", "member_id", "channel_id", name="uq_deliveries_key_member_channel"),
)


# The address of a delivery to a non-member, kept apart from the delivery and
# only until it is sent or cancelled (a dead letter keeps it, to be replayed),
# or the member it goes on behalf of is erased (``queue.forget_member``).
delivery_addresses = Table(
    "delivery_addresses",
    metadata,
    Column("delivery_id", String(64), primary_key=True),
    # The member it goes on behalf of: the inviter.
    Column("on_behalf_of", String(128), nullable=False, index=True),
    Column("address", String(320), nullable=False),
    # What it is rendered in: the inviter's language, the meetup's zone.
    Column("locale", String(8), nullable=False),
    Column("timezone", String(64), nullable=False),
)

# Addresses that asked for no more invitation emails, by hash
# (``domain.invitation_addresses``): never the address itself.
invitation_opt_outs = Table(
    "invitation_opt_outs",
    metadata,
    Column("address_hash", String(64), primary_key=True),
    Column("opted_out_at", UtcDateTime, nullable=False),
)


def delivery_id_of(key: str, member_id: str, channel_id: str) -> str:
    """The same id for the same (key, member, channel), in every replica and on
    every replay: the Message-ID and idempotency key are made from it."""
    digest = hashlib.sha256("\x1f".join((key, member_id, channel_id)).encode()).hexdigest()
    return digest[:32]
