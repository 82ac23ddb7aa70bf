"""What every offkai RPC goes through before and after its handler.

``OffkaiServerInterceptor`` wraps each method handler so that a call is authenticated
(bearer JWT → ``Principal``), runs inside a bound ``RequestContext`` and a SERVER span
continuing the caller's W3C trace, is bounded by a deadline, and ends with a precise
status: ``OffkaiError`` → its mapped status with details, anything else → INTERNAL
carrying only a trace id. Health checks and reflection pass through untouched, so
probes need no token. Methods a service names as ``public_methods`` (full names,
``/package.Service/Method``) take calls without a token — they run with no principal
and authorise the call themselves, e.g. by a signed token in the request; a token that
is sent is still verified.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
import structlog
from opentelemetry.trace import Span, SpanKind, StatusCode

from offkai_kit.auth import TokenVerifier
from offkai_kit.context import RequestContext, bind, new_id, reset
from offkai_kit.db import is_unavailable
from offkai_kit.errors import InvalidArgument, OffkaiError, Unavailable
from offkai_kit.grpc.ratelimit import RateLimiter
from offkai_kit.grpc.status import to_rpc_status
from offkai_kit.telemetry import extract_context, get_logger, meter, tracer

CORRELATION_HEADER = "x-correlation-id"
EXEMPT_PREFIXES = ("/grpc.health.v1.Health/", "/grpc.reflection.")

# Server-side codes that mean the server failed, per the OpenTelemetry gRPC conventions;
# the others (bad input, not found…) are the caller's and leave the span status unset.
_SERVER_FAULTS = frozenset(
    {
        grpc.StatusCode.UNKNOWN,
        grpc.StatusCode.DEADLINE_EXCEEDED,
        grpc.StatusCode.UNIMPLEMENTED,
        grpc.StatusCode.INTERNAL,
        grpc.StatusCode.UNAVAILABLE,
        grpc.StatusCode.DATA_LOSS,
    }
)

_BEHAVIOURS = {
    (False, False): "unary_unary",
    (False, True): "unary_stream",
    (True, False): "stream_unary",
    (True, True): "stream_stream",
}

log = get_logger(__name__)


class OffkaiServerInterceptor(grpc.aio.ServerInterceptor):
    """Authentication, request context, tracing, deadline, error mapping and latency
    metrics for every RPC of an offkai gRPC server."""

    def __init__(
        self,
        verifier: TokenVerifier,
        *,
        default_deadline_seconds: float,
        rate_limiter: RateLimiter | None = None,
        public_methods: frozenset[str] = frozenset(),
    ) -> None:
        self._verifier = verifier
        self._public = public_methods
        self._default_deadline = default_deadline_seconds
        self._limiter = rate_limiter
        self._duration = meter().create_histogram(
            "offkai.rpc.duration", unit="ms", description="Time to answer an RPC, by method and status"
        )

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(details)
        if handler is None or details.method.startswith(EXEMPT_PREFIXES):
            return handler
        return self._wrap(handler, details.method)

    def _wrap(self, handler: Any, method: str) -> Any:
        kind = _BEHAVIOURS[(handler.request_streaming, handler.response_streaming)]
        invoke = _as_coroutine(getattr(handler, kind), method)
        request_type = getattr(handler.request_deserializer, "__self__", None)
        # Mutating RPCs are the ones that take a request_id (every command does).
        mutating = request_type is not None and "request_id" in request_type.DESCRIPTOR.fields_by_name

        async def serve(request: Any, context: grpc.aio.ServicerContext) -> Any:
            def call() -> Awaitable[Any]:
                if isinstance(request, _Undecodable):
                    raise request.error(request_type)
                return invoke(request, context)

            return await self._run(method, context, call, mutating=mutating)

        # Method handlers are namedtuples; only the behaviour changes, and the
        # deserializer of unary requests, whose failures would otherwise answer
        # UNKNOWN before authentication.
        changes: dict[str, Any] = {kind: serve}
        if not handler.request_streaming and handler.request_deserializer is not None:
            changes["request_deserializer"] = _tolerant(handler.request_deserializer)
        return handler._replace(**changes)

    async def _run(
        self,
        method: str,
        context: grpc.aio.ServicerContext,
        call: Callable[[], Awaitable[Any]],
        *,
        mutating: bool = False,
    ) -> Any:
        metadata = {key: value for key, value in context.invocation_metadata() or ()}
        correlation_id = str(metadata.get(CORRELATION_HEADER) or new_id())
        context.set_trailing_metadata(((CORRELATION_HEADER, correlation_id),))
        service, _, name = method.lstrip("/").rpartition("/")
        attributes = {"rpc.system": "grpc", "rpc.service": service, "rpc.method": name}
        code = grpc.StatusCode.OK
        started = time.perf_counter()
        with (
            tracer().start_as_current_span(
                method.lstrip("/"),
                context=extract_context(metadata),
                kind=SpanKind.SERVER,
                attributes=attributes,
                record_exception=False,
                set_status_on_exception=False,
            ) as span,
            structlog.contextvars.bound_contextvars(correlation_id=correlation_id, rpc=method),
        ):
            try:
                header = metadata.get("authorization")
                if header or method not in self._public:
                    principal = self._verifier.verify_authorization(header)
                else:
                    principal = None
                if mutating and self._limiter is not None and principal is not None:
                    self._limiter.check(principal, method)
                token = bind(RequestContext(principal, correlation_id, causation_id=new_id()))
                try:
                    result = await self._within_deadline(context, call)
                finally:
                    reset(token)
                code = context.code() or grpc.StatusCode.OK
                return result
            except grpc.aio.AbortError:
                # The handler aborted by itself; its status stands.
                code = context.code() or grpc.StatusCode.UNKNOWN
                raise
            except OffkaiError as exc:
                status = to_rpc_status(exc)
                code = status.code
                await context.abort_with_status(_with_metadata(status, correlation_id))
            except _DeadlinePassed:
                code = grpc.StatusCode.DEADLINE_EXCEEDED
                await context.abort(code, "deadline exceeded")
            except asyncio.CancelledError:
                # The client went away or its deadline passed; grpc answers for us.
                remaining = context.time_remaining()
                expired = remaining is not None and remaining <= 0
                code = grpc.StatusCode.DEADLINE_EXCEEDED if expired else grpc.StatusCode.CANCELLED
                raise
            except Exception as exc:
                if is_unavailable(exc):
                    # Not through Database (which says so itself), yet the same fault.
                    status = to_rpc_status(Unavailable("a service this call needs is unavailable; retry"))
                    code = status.code
                    log.warning("rpc failed: infrastructure unavailable", error=repr(exc))
                    await context.abort_with_status(_with_metadata(status, correlation_id))
                code = grpc.StatusCode.INTERNAL
                reference = _reference(span, correlation_id)
                log.exception("unhandled error in rpc handler")
                await context.abort(code, f"internal error ({reference})")
            finally:
                elapsed_ms = (time.perf_counter() - started) * 1000
                self._finish(span, attributes, code, elapsed_ms)

    async def _within_deadline(
        self, context: grpc.aio.ServicerContext, call: Callable[[], Awaitable[Any]]
    ) -> Any:
        remaining = context.time_remaining()
        timeout = asyncio.timeout(self._default_deadline if remaining is None else remaining)
        try:
            async with timeout:
                return await call()
        except TimeoutError:
            # Only our own deadline counts; a TimeoutError from inside the handler
            # (a slow dependency) is a fault like any other.
            if timeout.expired():
                raise _DeadlinePassed from None
            raise

    def _finish(
        self, span: Span, attributes: dict[str, str], code: grpc.StatusCode, elapsed_ms: float
    ) -> None:
        span.set_attribute("rpc.grpc.status_code", code.value[0])
        if code in _SERVER_FAULTS:
            span.set_status(StatusCode.ERROR, code.name)
        self._duration.record(elapsed_ms, {**attributes, "rpc.grpc.status_code": code.value[0]})
        log.info("rpc finished", code=code.name, duration_ms=round(elapsed_ms, 3))


def _as_coroutine(behaviour: Callable[..., Any], method: str) -> Callable[..., Awaitable[Any]]:
    """The servicer method as one coroutine ``(request, context)``.

    An async generator streams through ``context.write``, so the deadline and the
    error mapping cover the whole stream, writes included. A sync method can only be
    a generated "not implemented" stub (``GrpcServer.add`` refuses others); it is
    answered UNIMPLEMENTED rather than run on a thread pool.
    """
    if inspect.isasyncgenfunction(behaviour):

        async def stream(request: Any, context: grpc.aio.ServicerContext) -> None:
            async for response in behaviour(request, context):
                await context.write(response)

        return stream
    if inspect.iscoroutinefunction(behaviour):
        return behaviour

    async def unimplemented(request: Any, context: grpc.aio.ServicerContext) -> None:
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, f"{method} is not implemented")

    return unimplemented


class _Undecodable:
    """A request whose bytes are not the message the method takes; answered
    INVALID_ARGUMENT once the caller is authenticated."""

    def __init__(self, cause: Exception):
        self.cause = cause

    def error(self, request_type: Any) -> InvalidArgument:
        name = request_type.DESCRIPTOR.full_name if request_type is not None else "message"
        # Say what was expected; the parser's internals are not the caller's business.
        return InvalidArgument.field(
            "request", f"is not a valid {name}: its bytes do not parse as protobuf (or hold invalid UTF-8)"
        )


def _tolerant(deserialize: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    def parse(data: bytes) -> Any:
        try:
            return deserialize(data)
        except Exception as exc:  # DecodeError, or bad UTF-8 in a string field
            return _Undecodable(exc)

    return parse


class _DeadlinePassed(Exception):
    """The call's deadline (the client's, or the default) ran out in the handler."""


def _with_metadata(status: grpc.Status, correlation_id: str) -> grpc.Status:
    """``status`` also carrying the correlation id, since aborting with a status
    replaces the trailing metadata set earlier. (grpc_status's Status is a namedtuple.)"""
    extended = (*status.trailing_metadata, (CORRELATION_HEADER, correlation_id))
    return status._replace(trailing_metadata=extended)


def _reference(span: Span, correlation_id: str) -> str:
    """What an INTERNAL answer tells the caller to quote: the trace id when tracing
    is on, else the correlation id. Nothing about the failure itself."""
    context = span.get_span_context()
    if context.is_valid:
        return f"trace {format(context.trace_id, '032x')}"
    return f"correlation {correlation_id}"
