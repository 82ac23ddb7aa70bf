"""What tracing costs the RSVP rush: the events service with tracing off against the
same service with tracing on — the default sampler and a batch exporter that does
the work a production one does.

Each run is a fresh process (``python -m bench.tracing child``), because a process
installs its OpenTelemetry providers once: it calls the kit's ``setup_telemetry`` as
``python -m offkai_events`` does, so the switch is the real one, the standard
variables:

- **off** — ``OTEL_SDK_DISABLED=true``: no providers, every span the kit starts is the
  API's non-recording one (what the rush benchmark measures, as its in-process
  service never installs providers);
- **on** — ``OTEL_TRACES_EXPORTER=otlp`` to a local OTLP/gRPC sink, no
  ``OTEL_TRACES_SAMPLER`` (so the SDK's default, ``parentbased_always_on``: the rush
  clients send no trace context, every RSVP is a sampled root), the SDK's
  ``BatchSpanProcessor`` with its default queue and batch sizes, metrics exporter
  ``none`` in both modes.

The sink (``python -m bench.tracing sink``, a process of its own) is a bare
``grpc.aio`` server for the OTLP ``TraceService``: it decodes each export and counts
the spans, standing in for a collector on the same machine. So the exporter does all
its real work — encoding spans to protobuf and sending them over gRPC from its
thread, under the service's GIL — and the count shows that it did.

The load is the rush's: 64 closed-loop clients in 2 processes (``bench.rush_client``)
RSVPing to ONE meetup, then spread over 200, after a short warm-up. Runs alternate
off, on, off, on, ...; medians per mode; the ratio is on / off, target ≥ 0.85 (issue
11: tracing costs ≤ 15 % of RSVP throughput). As throughput swings 2× between runs on a
loaded machine, each run also reports the service process's CPU time (all its threads,
the exporter's included) per RSVP served, compared the same way."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import results

SECONDS = float(os.environ.get("OFFKAI_BENCH_RUSH_SECONDS", 4))
ROUNDS = int(os.environ.get("OFFKAI_BENCH_ROUNDS", 3))
SPREAD = 200
TARGET = 0.85
# The processes started here run ``python -m bench...`` from the repository's root.
ROOT = Path(__file__).resolve().parent.parent


def mode_env(mode: str, sink_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env["OTEL_METRICS_EXPORTER"] = "none"
    if mode == "off":
        env["OTEL_SDK_DISABLED"] = "true"
    else:
        env.update({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{sink_port}",
                    "OTEL_EXPORTER_OTLP_INSECURE": "true"})
    return env


async def _run_child(mode: str, sink_port: int, seconds: float, loads: tuple[str, ...]) -> dict:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.tracing", "child", json.dumps({"seconds": seconds, "loads": list(loads)}),
        stdout=asyncio.subprocess.PIPE, env=mode_env(mode, sink_port), cwd=ROOT)
    out, _ = await proc.communicate()
    if proc.returncode:
        raise RuntimeError(f"the {mode} run failed (exit {proc.returncode})")
    return json.loads(out.decode().strip().splitlines()[-1])


async def measure(*, seconds: float = SECONDS, rounds: int = ROUNDS, loads: tuple[str, ...] = ("one", "many")) -> dict:
    """Alternating runs; rows added to the results; returns the samples and the span count."""
    sink = await asyncio.create_subprocess_exec(sys.executable, "-m", "bench.tracing", "sink",
                                                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                                                cwd=ROOT)
    port = int((await sink.stdout.readline()).decode())
    runs: dict[str, list[dict]] = {"off": [], "on": []}
    load_averages = []
    try:
        for _ in range(rounds):
            for mode in ("off", "on"):
                load_averages.append(os.getloadavg()[0])
                runs[mode].append(await _run_child(mode, port, seconds, loads))
    finally:
        sink.stdin.close()
        spans = int((await sink.stdout.read()).decode().strip() or 0)
        await sink.wait()
    names = {"one": "ONE meetup", "many": f"{SPREAD} meetups"}
    for load in loads:
        on, off = [r[load]["rate"] for r in runs["on"]], [r[load]["rate"] for r in runs["off"]]
        results.add("tracing", f"RSVPs to {names[load]}, tracing on (default sampler, OTLP batch export)", on, off,
                    "RSVP/s", "tracing off", target=TARGET,
                    runs_on=on, runs_off=off,
                    p50_ms_on=statistics.median(r[load]["p50"] for r in runs["on"]),
                    p50_ms_off=statistics.median(r[load]["p50"] for r in runs["off"]),
                    spans_exported=spans, load_average=[round(x, 1) for x in load_averages])
        # Less swayed by the machine's load than throughput: the service's CPU per RSVP.
        on, off = [r[load]["cpu_ms"] for r in runs["on"]], [r[load]["cpu_ms"] for r in runs["off"]]
        results.add("tracing", f"CPU per RSVP to {names[load]}, tracing on vs off", on, off, "ms", "tracing off",
                    target=TARGET, runs_on=on, runs_off=off)
    print(f"{'':<52} spans received by the sink: {spans}; load average {min(load_averages):.1f}–"
          f"{max(load_averages):.1f}")
    return {"runs": runs, "spans": spans}


async def main() -> None:
    await measure()


# --- the child: one service process, tracing as its environment says -------------------

async def child(spec: dict) -> dict:
    import structlog

    from bench.harness import temp_nats
    from bench.rush import clients, published_meetup
    from offkai.events.v1 import meetups_pb2_grpc
    from offkai_events.bootstrap import SPEC
    from offkai_kit.config import ServiceSettings
    from offkai_kit.telemetry import setup_telemetry
    from offkai_kit.testing.services import channel_to, running_service

    # As python -m offkai_events does (offkai_kit.service.main); logs only at WARNING.
    setup_telemetry(SPEC.name, ServiceSettings(service_name=SPEC.name, log_level="WARNING"))
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    out: dict = {}
    with temp_nats() as nats, tempfile.TemporaryDirectory() as tmp:
        async with (
            running_service(SPEC, nats_url=nats.url, data_dir=Path(tmp)) as runtime,
            channel_to(runtime) as channel,
        ):
            api = meetups_pb2_grpc.MeetupsServiceStub(channel)
            await clients(runtime.port, [await published_meetup(api)], seconds=min(1.0, spec["seconds"]))  # warm-up
            for load in spec["loads"]:
                count = 1 if load == "one" else SPREAD
                meetups = [await published_meetup(api) for _ in range(count)]
                cpu = time.process_time()
                result = await clients(runtime.port, meetups, seconds=spec["seconds"])
                cpu = time.process_time() - cpu
                out[load] = {k: result[k] for k in ("rate", "p50", "p99", "errors")}
                # The service process's CPU (every thread: the exporter's too) per RSVP served.
                out[load]["cpu_ms"] = 1000 * cpu / max(1.0, result["rate"] * spec["seconds"])
    from opentelemetry import trace

    provider = trace.get_tracer_provider()
    if hasattr(provider, "force_flush"):
        provider.force_flush()
    return out


# --- the sink: an OTLP/gRPC trace receiver that counts --------------------------------

async def sink() -> None:
    import grpc
    from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

    received = 0

    class Receiver(trace_service_pb2_grpc.TraceServiceServicer):
        async def Export(self, request, context):  # noqa: N802 - the generated name
            nonlocal received
            received += sum(len(s.spans) for r in request.resource_spans for s in r.scope_spans)
            return trace_service_pb2.ExportTraceServiceResponse()

    server = grpc.aio.server()
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(Receiver(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    print(port, flush=True)
    # Until the parent closes stdin.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await server.stop(1)
    print(received, flush=True)


if __name__ == "__main__":
    logging.disable(logging.WARNING)
    if sys.argv[1] == "sink":
        asyncio.run(sink())
    elif sys.argv[1] == "child":
        print(json.dumps(asyncio.run(child(json.loads(sys.argv[2])))), flush=True)
    else:
        asyncio.run(main())
        results.write("benchmarks-tracing")
