"""Every RPC of every service, generated from the service descriptors (no hand-kept
list), sent arbitrary and adversarial requests — with and without valid tokens:

- the answer is a status the API documents, never UNKNOWN, INTERNAL or UNIMPLEMENTED;
- INVALID_ARGUMENT for a request that is protobuf names the bad fields (BadRequest
  details whose paths start at a field of the request);
- the service stays healthy;
- a rejected request appended nothing: the service's event store version (last
  position, event count), its recorded command answers and every projection's
  checkpoint and stream positions are as they were before it, read once the service
  is quiet (tests/hardening/store_state.py). Events an earlier, accepted request set
  going (a delivery's outcome) may land meanwhile: then every event appended must
  carry the correlation id of an accepted request, never the refused one's.

``OFFKAI_FUZZ_EXAMPLES`` sets the examples per RPC and caller mix (default small, so
``make test`` stays fast; raise it for a long run)."""

from __future__ import annotations

import os
import re
import uuid

import grpc
import pytest
from google.protobuf.message import DecodeError
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offkai_kit.grpc.status import details_of
from offkai_kit.testing.services import bearer
from offkai_services import SERVICES
from tests.hardening.requests import mutations, requests_for
from tests.hardening.seeds import seeds_of
from tests.hardening.services import each_on_its_own, methods_of
from tests.hardening.store_state import StoreState, correlations_after, state_of

EXAMPLES = int(os.environ.get("OFFKAI_FUZZ_EXAMPLES", "12"))
# Every service of the system, from the one service list: a service, or an RPC,
# joins the day it is added (and fails here until it has a seed request).
FUZZED = list(SERVICES)
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
    with each_on_its_own(FUZZED, tmp_path_factory.mktemp("adversarial")) as running:
        running.seeds = {name: seeds_of(found) for name, found in running.services.items()}
        # Correlation ids of the requests each service answered OK, over the whole module:
        # what an earlier test's accepted request set going (a follow-up, a delivery's
        # outcome) may land while a later test probes the same service.
        running.accepted = {name: set() for name in running.services}
        yield running


def _methods():
    return [
        pytest.param(info.name, method.full_name, id=f"{info.name}:{method.full_name}")
        for info in FUZZED
        for method in methods_of(info)
        if not (method.client_streaming or method.server_streaming)
    ]


def _request_type(full_name: str):
    from google.protobuf import message_factory, symbol_database

    pool = symbol_database.Default().pool
    service, _, method = full_name.rpartition(".")
    descriptor = pool.FindServiceByName(service).methods_by_name[method]
    return message_factory.GetMessageClass(descriptor.input_type)


def _decodes(request_type, data: bytes) -> bool:
    try:
        request_type.FromString(data)
    except DecodeError:
        return False
    return True


def _violated_fields(error: grpc.RpcError) -> list[str]:
    return [v.field for detail in details_of(error) if isinstance(detail, error_details_pb2.BadRequest)
            for v in detail.field_violations]


def _changed(before: StoreState, after: StoreState) -> list[str]:
    return [name for name in ("last_position", "event_count", "answers", "checkpoints", "positions")
            if getattr(before, name) != getattr(after, name)]


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

    runtime = running.runtime
    accepted = stack.accepted[service]
    quiet_state: list[StoreState] = []  # the state after the last refused request, still current

    def refused_changed_nothing(before: StoreState, code, correlation_id: str) -> None:
        after = running.run(state_of(runtime))
        quiet_state[:] = [after]
        if after.last_position == before.last_position and after.event_count == before.event_count:
            changed = _changed(before, after)
            assert not changed, f"{method} refused ({code}) yet changed {changed}: {before} → {after}"
            return
        appended_by = running.run(correlations_after(runtime, before.last_position))
        assert correlation_id not in appended_by, f"{method} refused ({code}) yet appended events"
        assert appended_by <= accepted, (
            f"{method} refused ({code}); meanwhile events were appended for no accepted request: "
            f"{sorted(appended_by - accepted)}")

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(data=requests, caller=callers)
    def probe(data: bytes, caller: str):
        correlation_id = f"fuzz-{uuid.uuid4()}"
        metadata = (*CALLERS[caller], ("x-correlation-id", correlation_id))
        before = quiet_state[0] if quiet_state else running.run(state_of(runtime))
        try:
            call(data, metadata=metadata, timeout=30)
            code = grpc.StatusCode.OK
            accepted.add(correlation_id)
            quiet_state.clear()
        except grpc.RpcError as error:
            code = error.code()
            assert code in DOCUMENTED, f"{method} as {caller} answered {code}: {error.details()}"
            if code == grpc.StatusCode.RESOURCE_EXHAUSTED:  # a rate limit, not a status too big to read
                assert any(isinstance(d, error_details_pb2.RetryInfo) for d in details_of(error)), (
                    f"{method} as {caller}: RESOURCE_EXHAUSTED without RetryInfo: {error.details()}")
            if code == grpc.StatusCode.INVALID_ARGUMENT and _decodes(request_type, data):
                fields = _violated_fields(error)
                assert fields, f"{method} as {caller}: INVALID_ARGUMENT without field details: {error.details()}"
                named = {re.split(r"[.\[]", f)[0] for f in fields}
                assert named <= set(request_type.DESCRIPTOR.fields_by_name), (
                    f"{method}: field details name no field of the request: {sorted(fields)}")
            refused_changed_nothing(before, code, correlation_id)

    try:
        probe()
        health = health_pb2_grpc.HealthStub(channel)
        reply = health.Check(health_pb2.HealthCheckRequest(service=""), timeout=5)
        assert reply.status == health_pb2.HealthCheckResponse.SERVING, "the service stayed healthy"
    finally:
        channel.close()
