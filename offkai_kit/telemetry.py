"""Traces, metrics and structured logs for an offkai process, set up in one call.

``setup_telemetry`` installs OpenTelemetry tracer and meter providers configured by the
standard ``OTEL_*`` variables and routes both structlog and stdlib ``logging`` through
one formatter, so every line (ours, grpc's, nats', sqlalchemy's) is JSON on stderr with
``service``, ``trace_id`` and ``span_id``. The rest of the module is the small vocabulary
the kit uses to carry W3C trace context across gRPC metadata and NATS headers.

Exporters (the brief of the standard variables this honours):

- ``OTEL_TRACES_EXPORTER`` / ``OTEL_METRICS_EXPORTER``: ``otlp``, ``console`` or ``none``;
  unset means ``otlp`` when ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set, otherwise none.
  With no exporter spans are still recorded, so trace ids appear in the logs.
- ``OTEL_EXPORTER_OTLP_*``: endpoint, headers, TLS of the OTLP/gRPC exporter.
- ``OTEL_SERVICE_NAME``, ``OTEL_RESOURCE_ATTRIBUTES``: the resource.
- ``OTEL_SDK_DISABLED=true``: no providers at all; logs still work.

Tests capture telemetry by passing ``span_exporter=InMemorySpanExporter()`` and/or
``metric_reader=InMemoryMetricReader()``; these are attached even when an earlier call
already set the providers up, since a process can install them only once.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import structlog
from opentelemetry import metrics, trace
from opentelemetry.context import Context
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import (
    ConsoleMetricExporter,
    MetricReader,
    PeriodicExportingMetricReader,
)
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
    SpanExporter,
)
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from offkai_kit.config import ConfigError, ServiceSettings

INSTRUMENTATION_NAME = "offkai"

# The kit's contract (envelope fields, NATS headers) is W3C trace context, whatever
# OTEL_PROPAGATORS says, so the propagator is fixed rather than the global one.
_W3C = TraceContextTextMapPropagator()


@dataclass
class _Installed:
    tracer_provider: TracerProvider | None
    meter_provider: MeterProvider | None


_installed: _Installed | None = None


def setup_telemetry(
    service_name: str,
    settings: ServiceSettings,
    *,
    span_exporter: SpanExporter | None = None,
    metric_reader: MetricReader | None = None,
) -> None:
    """Set up tracing, metrics and logging for this process. Safe to call again:
    providers are installed once, logging is re-applied, and any ``span_exporter`` /
    ``metric_reader`` given is attached to the installed providers."""
    global _installed
    # OTEL_SERVICE_NAME, when set, names the service over the code's default.
    service_name = os.environ.get("OTEL_SERVICE_NAME") or service_name
    if _installed is None:
        _installed = _install_providers(service_name)
    _configure_logging(service_name, settings)
    if span_exporter is not None and _installed.tracer_provider is not None:
        # Synchronous, so a test sees a span as soon as it ends.
        _installed.tracer_provider.add_span_processor(SimpleSpanProcessor(span_exporter))
    if metric_reader is not None and _installed.meter_provider is not None:
        _installed.meter_provider.add_metric_reader(metric_reader)


def tracer() -> trace.Tracer:
    """The tracer offkai's own spans come from."""
    return trace.get_tracer(INSTRUMENTATION_NAME)


def meter() -> metrics.Meter:
    """The meter offkai's own instruments come from."""
    return metrics.get_meter(INSTRUMENTATION_NAME)


def get_logger(name: str | None = None) -> Any:
    """A structlog logger; ``log.info("event", key=value)``."""
    return structlog.stdlib.get_logger(name)


def inject_headers(headers: dict[str, str]) -> dict[str, str]:
    """Add the current span's ``traceparent``/``tracestate`` to ``headers``; returns it."""
    _W3C.inject(headers)
    return headers


def extract_context(headers: Mapping[str, str]) -> Context:
    """The trace context ``headers`` carry; an empty context (a new trace) if none."""
    return _W3C.extract(headers)


def current_traceparent() -> tuple[str, str]:
    """``(traceparent, tracestate)`` of the current span; ``""`` for what is absent."""
    if not trace.get_current_span().get_span_context().is_valid:
        return "", ""  # what the propagator writes then, without its work (every command asks)
    headers = inject_headers({})
    return headers.get("traceparent", ""), headers.get("tracestate", "")


def context_from_traceparent(traceparent: str, tracestate: str = "") -> Context:
    """The trace context stored in an event envelope, to continue its trace."""
    headers = {"traceparent": traceparent}
    if tracestate:
        headers["tracestate"] = tracestate
    return extract_context(headers)


def _install_providers(service_name: str) -> _Installed:
    if os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return _Installed(None, None)
    resource = Resource.create({SERVICE_NAME: service_name})
    tracer_provider = TracerProvider(resource=resource)
    for exporter in _exporters("TRACES"):
        tracer_provider.add_span_processor(BatchSpanProcessor(_span_exporter(exporter)))
    meter_provider = MeterProvider(
        resource=resource,
        metric_readers=[
            PeriodicExportingMetricReader(_metric_exporter(e)) for e in _exporters("METRICS")
        ],
    )
    trace.set_tracer_provider(tracer_provider)
    metrics.set_meter_provider(meter_provider)
    return _Installed(tracer_provider, meter_provider)


def _exporters(signal: str) -> list[str]:
    """Exporter names for ``signal`` ("TRACES" or "METRICS") from the environment."""
    variable = f"OTEL_{signal}_EXPORTER"
    configured = os.environ.get(variable, "").strip().lower()
    if not configured:
        endpoint = os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get(
            f"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"
        )
        return ["otlp"] if endpoint else []
    names = [n.strip() for n in configured.split(",") if n.strip() not in ("", "none")]
    for name in names:
        if name not in ("otlp", "console"):
            raise ConfigError(f"offkai: {variable}: unknown exporter {name!r} (otlp, console, none)")
    if "otlp" in names:
        protocol = os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc").strip().lower()
        if protocol != "grpc":
            raise ConfigError(
                f"offkai: OTEL_EXPORTER_OTLP_PROTOCOL={protocol} is not supported; "
                "offkai exports OTLP over gRPC (port 4317)"
            )
    return names


def _span_exporter(name: str) -> SpanExporter:
    if name == "console":
        return ConsoleSpanExporter()
    # Imported lazily: it pulls in a gRPC client only processes that export need.
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


def _metric_exporter(name: str) -> Any:
    if name == "console":
        return ConsoleMetricExporter()
    from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter

    return OTLPMetricExporter()


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time of the call, so output
    redirected later (pytest's capture, a supervisor) is still followed."""

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def _add_trace_ids(_logger: Any, _method: str, event: dict[str, Any]) -> dict[str, Any]:
    span = trace.get_current_span().get_span_context()
    if span.is_valid:
        event["trace_id"] = format(span.trace_id, "032x")
        event["span_id"] = format(span.span_id, "016x")
    return event


# Libraries that log each statement with its parameters (people's names, notes,
# sealed values) at DEBUG or INFO: they stay at WARNING whatever OFFKAI_LOG_LEVEL says.
QUIET_LOGGERS = ("sqlalchemy.engine", "sqlalchemy.pool", "sqlalchemy.orm", "asyncpg")


def _configure_logging(service_name: str, settings: ServiceSettings) -> None:
    # Runs for structlog events and stdlib records alike, before rendering.
    pre_chain: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *pre_chain,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        # Not cached: a module-level logger used before setup_telemetry would
        # otherwise keep structlog's default (stdout, plain text) for good.
        cache_logger_on_first_use=False,
    )

    def add_service(_logger: Any, _method: str, event: dict[str, Any]) -> dict[str, Any]:
        event.setdefault("service", service_name)
        return event

    renderer: list[Any]
    if settings.log_format == "console":
        renderer = [structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())]
    else:
        renderer = [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
    handler = _StderrHandler()
    handler.set_name("offkai")
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=pre_chain,
            # The formatter runs in the logging call, so the current span is the caller's.
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                add_service,
                _add_trace_ids,
                *renderer,
            ],
        )
    )
    root = logging.getLogger()
    # Replace only our own handler: a test runner's capture handlers stay in place.
    for old in [h for h in root.handlers if h.get_name() == "offkai"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
