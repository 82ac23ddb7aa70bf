"""A status never quotes a request at length: clients refuse trailers past 8 KiB, and
a message echoing a 5,000-character id would reach them as RESOURCE_EXHAUSTED "Stream
removed" instead of the answer."""

from __future__ import annotations

import logging

from google.rpc import error_details_pb2, status_pb2

from offkai_kit.config import ServiceSettings
from offkai_kit.errors import FieldViolation, InvalidArgument, NotFound
from offkai_kit.grpc.status import MAX_MESSAGE, MAX_VIOLATIONS, to_rpc_status
from offkai_kit.telemetry import QUIET_LOGGERS, setup_telemetry


def _status(exc) -> status_pb2.Status:
    status = to_rpc_status(exc)
    (_, trailer), = status.trailing_metadata
    return status_pb2.Status.FromString(trailer)


def test_a_long_message_is_clipped():
    status = to_rpc_status(NotFound(f"member '{'x' * 5000}' not found"))
    assert len(status.details) <= MAX_MESSAGE + 30 and status.details.endswith("…")


def test_many_long_violations_fit_in_a_trailer():
    violations = [FieldViolation(f"tags[{i}]", "y" * 5000) for i in range(300)]
    status = _status(InvalidArgument(violations))
    (bad_request,) = [d for d in status.details if d.Is(error_details_pb2.BadRequest.DESCRIPTOR)]
    unpacked = error_details_pb2.BadRequest()
    bad_request.Unpack(unpacked)
    assert len(unpacked.field_violations) == MAX_VIOLATIONS
    assert unpacked.field_violations[0].field == "tags[0]"
    assert status.message.endswith(f"(and {300 - MAX_VIOLATIONS} more violations)")
    assert len(status.SerializeToString()) < 4096


def test_database_drivers_stay_quiet_at_debug():
    """SQLAlchemy's engine and asyncpg log statements with their parameters at DEBUG (people's names)."""
    try:
        setup_telemetry("kit-test", ServiceSettings(log_level="DEBUG"))
        assert logging.getLogger().level == logging.DEBUG
        for name in QUIET_LOGGERS:
            assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
    finally:
        setup_telemetry("kit-test", ServiceSettings())
