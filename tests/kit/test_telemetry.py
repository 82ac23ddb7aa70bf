"""Telemetry: W3C trace context in and out, and log lines that are JSON with trace ids."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from offkai_kit import telemetry
from offkai_kit.config import ConfigError, ServiceSettings
from offkai_kit.telemetry import (
    context_from_traceparent,
    current_traceparent,
    extract_context,
    get_logger,
    inject_headers,
    setup_telemetry,
    tracer,
)

TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@pytest.fixture(scope="module")
def spans() -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    setup_telemetry("kit-test", ServiceSettings(log_format="json"), span_exporter=exporter)
    return exporter


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_no_traceparent_outside_a_span(spans):
    assert current_traceparent() == ("", "")


def test_a_span_started_from_an_envelope_continues_its_trace(spans):
    with tracer().start_as_current_span("apply", context=context_from_traceparent(TRACEPARENT, "k=v")):
        traceparent, tracestate = current_traceparent()
    assert traceparent.startswith("00-0af7651916cd43dd8448eb211c80319c-")
    assert tracestate == "k=v"
    (span,) = [s for s in spans.get_finished_spans() if s.name == "apply"]
    assert span.parent.span_id == 0xB7AD6B7169203331


def test_headers_round_trip(spans):
    with tracer().start_as_current_span("publish") as span:
        headers = inject_headers({"Nats-Msg-Id": "e-1"})
    assert headers["Nats-Msg-Id"] == "e-1"
    restored = trace.get_current_span(extract_context(headers)).get_span_context()
    assert restored.trace_id == span.get_span_context().trace_id


def test_structlog_and_stdlib_lines_are_json_with_trace_ids(spans, capsys):
    with tracer().start_as_current_span("work") as span:
        get_logger("offkai.test").info("meetup scheduled", meetup_id="mt-1")
        logging.getLogger("sqlalchemy.engine").warning("pool %s exhausted", "main")
    get_logger("offkai.test").info("outside")
    ours, theirs, outside = json_lines(capsys.readouterr().err)[-3:]
    trace_id = format(span.get_span_context().trace_id, "032x")
    assert ours["event"] == "meetup scheduled" and ours["meetup_id"] == "mt-1"
    assert theirs["event"] == "pool main exhausted" and theirs["logger"] == "sqlalchemy.engine"
    for line in (ours, theirs):
        assert line["trace_id"] == trace_id
        assert line["span_id"] == format(span.get_span_context().span_id, "016x")
        assert line["service"] == "kit-test"
        assert "timestamp" in line and "level" in line
    assert "trace_id" not in outside


def test_exceptions_are_logged_with_their_traceback(spans, capsys):
    try:
        raise ValueError("boom")
    except ValueError:
        get_logger("offkai.test").exception("handler failed")
    (line,) = json_lines(capsys.readouterr().err)[-1:]
    assert "ValueError: boom" in line["exception"]


def test_setting_up_again_keeps_one_handler_and_can_switch_format(spans, capsys):
    setup_telemetry("kit-test", ServiceSettings(log_format="console"))
    try:
        get_logger("offkai.test").info("in console format")
        assert "in console format" in capsys.readouterr().err
        assert [h.get_name() for h in logging.getLogger().handlers].count("offkai") == 1
    finally:
        setup_telemetry("kit-test", ServiceSettings(log_format="json"))


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, []),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4317"}, ["otlp"]),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4317"}, ["otlp"]),
        ({"OTEL_TRACES_EXPORTER": "console"}, ["console"]),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4317"}, []),
    ],
)
def test_exporters_follow_the_standard_variables(monkeypatch, env, expected):
    for name in list(os.environ):
        if name.startswith("OTEL_"):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert telemetry._exporters("TRACES") == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OTEL_TRACES_EXPORTER": "zipkin"}, "unknown exporter 'zipkin'"),
        ({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf"}, "not supported"),
    ],
)
def test_unusable_exporter_settings_stop_start_up(monkeypatch, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        telemetry._exporters("TRACES")


# Providers are installed once per process, so these run in a fresh interpreter.
_PROBE = textwrap.dedent(
    """
    from offkai_kit.config import ServiceSettings
    from offkai_kit.telemetry import setup_telemetry, get_logger, tracer
    setup_telemetry("probe", ServiceSettings())
    with tracer().start_as_current_span("probe-span"):
        get_logger("probe").info("hello")
    """
)


@pytest.mark.parametrize(
    ("env", "traced", "exported"),
    [({"OTEL_TRACES_EXPORTER": "console"}, True, True), ({"OTEL_SDK_DISABLED": "true"}, False, False)],
)
def test_environment_switches_exporting_and_the_sdk(env, traced, exported):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "OFFKAI_"))}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], env={**clean, **env}, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    (line,) = json_lines(done.stderr)
    assert line["service"] == "probe"
    assert ("trace_id" in line) is traced
    assert ('"name": "probe-span"' in done.stdout) is exported
