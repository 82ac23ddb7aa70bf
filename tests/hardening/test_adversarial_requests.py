"""Every RPC of every service, generated from the service descriptors (no hand-kept
list), sent arbitrary and adversarial requests — with and without valid tokens:

- the answer is a status the API documents, never UNKNOWN, INTERNAL or UNIMPLEMENTED;
- the service stays healthy;
- a rejected request appended nothing (no event carries its correlation id).

``OFFKAI_FUZZ_EXAMPLES`` sets the examples per RPC and caller mix (default small, so
``make test`` stays fast; raise it for a long run)."""

from __future__ import annotations

import os
import uuid

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offkai_kit.nats_server import NatsServer
from offkai_kit.testing.services import bearer
from offkai_services import SERVICES
from tests.hardening.requests import mutations, requests_for
from tests.hardening.seeds import OPERATIONS_SEEDS, SEEDERS
from tests.hardening.services import seed_communities, services_in_a_thread

EXAMPLES = int(os.environ.get("OFFKAI_FUZZ_EXAMPLES", "12"))
# The services whose whole API is built; the others join as they are.
FUZZED = [s for s in SERVICES if s.name in ("events",)]
# What the APIs document (the service comments in proto/): never UNKNOWN, INTERNAL,
# UNIMPLEMENTED or DEADLINE_EXCEEDED for anything a caller sends.
DOCUMENTED = {
    grpc.StatusCode.OK,
    grpc.StatusCode.INVALID_ARGUMENT,
    grpc.StatusCode.NOT_FOUND,
    grpc.StatusCode.ALREADY_EXISTS,
    grpc.StatusCode.PERMISSION_DENIED,
    grpc.StatusCode.UNAUTHENTICATED,
    grpc.StatusCode.FAILED_PRECONDITION,
    grpc.StatusCode.ABORTED,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
}
CALLERS = {
    "no token": (),
    "garbage token": (("authorization", "Bearer not-a-token"),),
    "member": bearer("m-1", "member"),
    "another member": bearer("m-2", "member"),
    "organizer": bearer("org-aki", "member", "organizer"),
    "admin": bearer("admin-1", "admin"),
    "service": bearer("svc-notify", "service"),
}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    base = tmp_path_factory.mktemp("adversarial")
    server = NatsServer(base / "jetstream", log_file=base / "nats.log")
    server.start()
    try:
        with services_in_a_thread(FUZZED, server.url, base) as running:
            seed_communities(running)
            running.seeds = {}
            for name, found in running.services.items():
                running.seeds[name] = {**SEEDERS[name](found.address), **OPERATIONS_SEEDS}
            yield running
    finally:
        server.kill()


def _methods():
    from google.protobuf import symbol_database  # the generated modules register on import

    for info in FUZZED:
        __import__(f"{info.module}.bootstrap")
    pool = symbol_database.Default().pool
    found = []
    for info in FUZZED:
        for name in [*info.grpc_services, "offkai.platform.v1.OperationsService"]:
            for method in pool.FindServiceByName(name).methods:
                if not (method.client_streaming or method.server_streaming):
                    found.append(pytest.param(info.name, method.full_name, id=f"{info.name}:{method.full_name}"))
    return found


def _request_type(full_name: str):
    from google.protobuf import message_factory, symbol_database

    pool = symbol_database.Default().pool
    service, _, method = full_name.rpartition(".")
    descriptor = pool.FindServiceByName(service).methods_by_name[method]
    return message_factory.GetMessageClass(descriptor.input_type)


def _appended_by(running, correlation_id: str) -> int:
    async def count():
        async with running.runtime.db.read() as conn:
            result = await conn.exec_driver_sql(
                "SELECT count(*) FROM events WHERE correlation_id = ?"
                if running.runtime.db.is_sqlite else "SELECT count(*) FROM events WHERE correlation_id = $1",
                (correlation_id,),
            )
            return result.scalar()

    return running.run(count())


@pytest.mark.parametrize(("service", "method"), _methods())
def test_every_rpc_answers_adversarial_requests_as_documented(stack, service, method):
    running = stack.services[service]
    request_type = _request_type(method)
    path = "/" + method.rsplit(".", 1)[0] + "/" + method.rsplit(".", 1)[1]
    channel = grpc.insecure_channel(running.address)
    call = channel.unary_unary(path, request_serializer=lambda data: data, response_deserializer=lambda data: data)

    # Mostly callers with a valid token, so requests reach the rules behind authentication.
    callers = st.sampled_from(["member", "organizer", "admin", "admin", "organizer", *sorted(CALLERS)])

    seeds = stack.seeds[service].get(method, [])
    assert seeds, f"{method} has no seed request in tests/hardening/seeds.py"
    requests = st.one_of(mutations(seeds), mutations(seeds), requests_for(request_type))

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(data=requests, caller=callers)
    def probe(data: bytes, caller: str):
        correlation_id = f"fuzz-{uuid.uuid4()}"
        metadata = (*CALLERS[caller], ("x-correlation-id", correlation_id))
        try:
            call(data, metadata=metadata, timeout=30)
            code = grpc.StatusCode.OK
        except grpc.RpcError as error:
            code = error.code()
            assert code in DOCUMENTED, f"{method} as {caller} answered {code}: {error.details()}"
            assert _appended_by(running, correlation_id) == 0, f"{method} refused ({code}) yet appended events"

    try:
        probe()
        health = health_pb2_grpc.HealthStub(channel)
        reply = health.Check(health_pb2.HealthCheckRequest(service=""), timeout=5)
        assert reply.status == health_pb2.HealthCheckResponse.SERVING, "the service stayed healthy"
    finally:
        channel.close()
