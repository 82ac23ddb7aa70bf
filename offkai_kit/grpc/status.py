"""The one place where offkai errors become gRPC statuses (and back, for clients).

Each ``OffkaiError`` maps to a status code plus rich details in the standard
``grpc-status-details-bin`` trailer: ``google.rpc.BadRequest`` for field violations,
``google.rpc.PreconditionFailure`` for broken rules, and always a ``google.rpc.ErrorInfo``
whose reason is the exception's class name (``MeetupFull`` → ``MEETUP_FULL``), so
clients can branch on a stable token instead of parsing messages; UNAVAILABLE and
RESOURCE_EXHAUSTED carry ``google.rpc.RetryInfo`` saying when to try again.
"""

from __future__ import annotations

import re
from datetime import timedelta

import grpc
from google.protobuf import any_pb2, duration_pb2
from google.protobuf.message import Message
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

from offkai_kit import errors

ERROR_DOMAIN = "offkai.dev"

# Looked up along the exception's MRO, so a domain subclass such as
# ``class MeetupFull(FailedPrecondition)`` inherits its base's code.
_CODES: dict[type[errors.OffkaiError], grpc.StatusCode] = {
    errors.InvalidArgument: grpc.StatusCode.INVALID_ARGUMENT,
    errors.FailedPrecondition: grpc.StatusCode.FAILED_PRECONDITION,
    errors.NotFound: grpc.StatusCode.NOT_FOUND,
    errors.AlreadyExists: grpc.StatusCode.ALREADY_EXISTS,
    errors.Conflict: grpc.StatusCode.ABORTED,
    errors.PermissionDenied: grpc.StatusCode.PERMISSION_DENIED,
    errors.Unauthenticated: grpc.StatusCode.UNAUTHENTICATED,
    errors.Unavailable: grpc.StatusCode.UNAVAILABLE,
    errors.ResourceExhausted: grpc.StatusCode.RESOURCE_EXHAUSTED,
}

_DETAIL_TYPES: dict[str, type[Message]] = {
    descriptor.full_name: getattr(error_details_pb2, name)
    for name, descriptor in error_details_pb2.DESCRIPTOR.message_types_by_name.items()
}


def status_code(exc: errors.OffkaiError) -> grpc.StatusCode:
    """The status code for ``exc``; UNKNOWN for a bare ``OffkaiError``, which names
    no category (raise one of its subclasses instead)."""
    for cls in type(exc).__mro__:
        if cls in _CODES:
            return _CODES[cls]
    return grpc.StatusCode.UNKNOWN


# The status travels in trailers, which clients refuse past 8 KiB (grpc-message is
# percent-encoded, the details base64): a message quoting a 5,000-character id would
# reach the caller as RESOURCE_EXHAUSTED "Stream removed" instead of the real answer.
# So what a caller sent is never echoed at length.
MAX_MESSAGE = 300
MAX_DESCRIPTION = 200
MAX_FIELD = 120
MAX_VIOLATIONS = 10


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_rpc_status(exc: errors.OffkaiError) -> grpc.Status:
    """``exc`` as a ``grpc.Status`` for ``ServicerContext.abort_with_status``;
    the message and each violation clipped (see ``MAX_MESSAGE``), at most
    ``MAX_VIOLATIONS`` violations (the message says how many more there were)."""
    code = status_code(exc)
    details: list[Message] = [
        error_details_pb2.ErrorInfo(reason=error_reason(exc), domain=ERROR_DOMAIN)
    ]
    if isinstance(exc, errors.InvalidArgument):
        details.append(_bad_request(exc.violations))
    elif isinstance(exc, errors.FailedPrecondition) and exc.violations:
        details.append(_precondition_failure(exc.violations))
    retry_after = getattr(exc, "retry_after_seconds", None)
    if retry_after is not None:
        delay = duration_pb2.Duration()
        delay.FromTimedelta(timedelta(seconds=retry_after))
        details.append(error_details_pb2.RetryInfo(retry_delay=delay))
    message = clip(exc.message, MAX_MESSAGE)
    hidden = len(getattr(exc, "violations", ())) - MAX_VIOLATIONS
    if hidden > 0:
        message = f"{message} (and {hidden} more violations)"
    status = status_pb2.Status(code=code.value[0], message=message)
    for detail in details:
        status.details.add().Pack(detail)
    return rpc_status.to_status(status)


def error_reason(exc: BaseException) -> str:
    """``PermissionDenied`` → ``PERMISSION_DENIED``: the ErrorInfo reason."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", type(exc).__name__).upper()


def details_of(rpc_error: grpc.aio.AioRpcError | grpc.RpcError) -> list[Message]:
    """The rich details a failed call carried, decoded (``BadRequest``, ``ErrorInfo``…).

    Details of a type this module does not know stay packed as ``Any``.
    """
    status = rpc_status.from_call(rpc_error)
    if status is None:
        return []
    return [_unpack(detail) for detail in status.details]


def _bad_request(violations: tuple[errors.FieldViolation, ...]) -> Message:
    return error_details_pb2.BadRequest(
        field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field=clip(v.field, MAX_FIELD),
                                                        description=clip(v.description, MAX_DESCRIPTION))
            for v in violations[:MAX_VIOLATIONS]
        ]
    )


def _precondition_failure(violations: tuple[errors.FieldViolation, ...]) -> Message:
    return error_details_pb2.PreconditionFailure(
        violations=[
            error_details_pb2.PreconditionFailure.Violation(
                type="STATE", subject=clip(v.field, MAX_FIELD), description=clip(v.description, MAX_DESCRIPTION)
            )
            for v in violations[:MAX_VIOLATIONS]
        ]
    )


def _unpack(detail: any_pb2.Any) -> Message:
    cls = _DETAIL_TYPES.get(detail.TypeName())
    if cls is None:
        return detail
    message = cls()
    detail.Unpack(message)
    return message
