"""Event records as the store keeps them, and their protobuf payloads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from google.protobuf import any_pb2, symbol_database
from google.protobuf.message import Message

from offkai.platform.v1 import envelope_pb2


@dataclass(frozen=True)
class RecordedEvent:
    event_id: str
    stream_id: str
    stream_type: str
    version: int
    event_type: str
    payload_type: str
    payload: bytes
    occurred_at: datetime
    correlation_id: str
    causation_id: str
    traceparent: str = ""
    tracestate: str = ""
    # Global order in this service's store; None on what ``append`` returns (not read back).
    position: int | None = None

    def message(self) -> Message:
        return decode_payload(self.payload_type, self.payload)

    def envelope(self, service: str) -> envelope_pb2.Envelope:
        env = envelope_pb2.Envelope(
            event_id=self.event_id,
            event_type=self.event_type,
            stream_id=self.stream_id,
            stream_type=self.stream_type,
            version=self.version,
            correlation_id=self.correlation_id,
            causation_id=self.causation_id,
            traceparent=self.traceparent,
            tracestate=self.tracestate,
            service=service,
            payload=any_pb2.Any(
                type_url=f"type.googleapis.com/{self.payload_type}", value=self.payload
            ),
        )
        env.occurred_at.FromDatetime(self.occurred_at)
        return env


class UnknownEventType(LookupError):
    pass


def message_class(full_name: str) -> type[Message]:
    """The generated class for a payload type; its module must have been imported."""
    try:
        return symbol_database.Default().GetSymbol(full_name)
    except KeyError:
        raise UnknownEventType(
            f"no protobuf message {full_name!r} is loaded; import its *_pb2 module"
        ) from None


def decode_payload(full_name: str, data: bytes) -> Message:
    message = message_class(full_name)()
    message.ParseFromString(data)
    return message


def subject_for(service: str, stream_type: str, event_type: str) -> str:
    """``offkai.<service>.<aggregate>.<EventType>`` — the public stream contract."""
    return f"offkai.{service}.{stream_type}.{event_type}"
