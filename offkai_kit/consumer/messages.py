"""What a projection sees: a consumed event, and the shape of a projection."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from google.protobuf.message import Message
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.platform.v1.envelope_pb2 import Envelope
from offkai_kit.eventstore.records import UnknownEventType, decode_payload


@dataclass(frozen=True)
class ConsumedEvent:
    envelope: Envelope
    # The decoded payload; None for an event type this build does not know.
    message: Message | None
    subject: str
    stream_sequence: int
    deliveries: int

    @property
    def event_type(self) -> str:
        return self.envelope.event_type

    @property
    def stream_id(self) -> str:
        return self.envelope.stream_id

    @property
    def version(self) -> int:
        return self.envelope.version

    @property
    def occurred_at(self) -> datetime:
        return self.envelope.occurred_at.ToDatetime(tzinfo=UTC)


class Projection(Protocol):
    """A read model kept from the stream. ``apply`` runs inside the batch's
    transaction; ``reset`` empties the projection's tables for a rebuild."""

    name: str
    subjects: Sequence[str]

    async def apply(self, conn: AsyncConnection, event: ConsumedEvent) -> None: ...

    async def reset(self, conn: AsyncConnection) -> None: ...


def parse(msg) -> ConsumedEvent:
    """A JetStream message as a ConsumedEvent; ValueError or DecodeError when it is
    not an offkai envelope."""
    return parse_envelope(msg.data, msg.subject, msg.metadata.sequence.stream, msg.metadata.num_delivered)


def parse_envelope(data: bytes, subject: str, stream_sequence: int, deliveries: int = 0) -> ConsumedEvent:
    """Envelope bytes (from the stream, or kept with a parked event or a dead letter)
    as a ConsumedEvent."""
    envelope = Envelope()
    envelope.ParseFromString(data)
    if not envelope.event_id or not envelope.stream_id or envelope.version < 1:
        raise ValueError("envelope lacks event_id, stream_id or version")
    try:
        message = decode_payload(envelope.payload.TypeName(), envelope.payload.value)
    except UnknownEventType:
        message = None  # a newer producer's event: the runner dead-letters it with the reason
    return ConsumedEvent(envelope, message, subject, stream_sequence, deliveries)
