"""The offkai.notify.v1 contract keeps its promises: every mutating RPC takes
``request_id`` first, no response carries a channel's full address, and the
public delivery events carry no bodies or addresses."""

from __future__ import annotations

from google.protobuf.descriptor import Descriptor

from offkai.notify.v1 import broadcasts_pb2, channels_pb2, deliveries_pb2, events_pb2, preferences_pb2

FILES = [channels_pb2, preferences_pb2, broadcasts_pb2, deliveries_pb2]
READS = ("Get", "List")


def methods():
    for module in FILES:
        for service in module.DESCRIPTOR.services_by_name.values():
            yield from service.methods


def fields_deep(message: Descriptor, seen: frozenset = frozenset()):
    for field in message.fields:
        yield field
        if field.message_type is not None and field.message_type.full_name not in seen:
            yield from fields_deep(field.message_type, seen | {message.full_name})


def test_every_mutating_rpc_takes_request_id_as_field_1():
    mutating = [m for m in methods() if not m.name.startswith(READS)]
    assert len(mutating) >= 10
    for method in mutating:
        first = method.input_type.fields_by_number.get(1)
        assert first is not None and first.name == "request_id", method.full_name


def test_no_response_returns_an_address_in_full():
    for method in methods():
        names = {f.name for f in fields_deep(method.output_type)}
        assert "address" not in names and "url" not in names, method.full_name


def test_delivery_events_carry_no_body_and_no_address():
    for event in (events_pb2.NotificationSent, events_pb2.NotificationFailed):
        names = {f.name for f in fields_deep(event.DESCRIPTOR)}
        assert not names & {"address", "body", "text", "html", "subject", "masked_destination", "url"}, names
