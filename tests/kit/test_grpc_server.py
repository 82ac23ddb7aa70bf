"""GrpcServer end to end: a real grpc.aio server on a free port, a real client channel,
and a tiny MembersService whose methods succeed or raise as the request asks."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from offkai.members.v1 import members_pb2 as pb
from offkai.members.v1 import members_pb2_grpc as pb_grpc
from offkai_kit.auth import TokenVerifier, generate_secret, mint_token
from offkai_kit.config import ConfigError, ServiceSettings
from offkai_kit.context import RequestContext, current, current_principal
from offkai_kit.errors import (
    AlreadyExists,
    Conflict,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from offkai_kit.grpc import CORRELATION_HEADER, GrpcServer, details_of
from offkai_kit.telemetry import setup_telemetry

SECRET = generate_secret()
# The roles a product defines for its tokens; the kit adds admin and service.
PRODUCT_ROLES = ("member", "organizer")
ISSUER, AUDIENCE = "offkai-test", "offkai"
MEMBERS = "offkai.members.v1.MembersService"
GET_MEMBER = f"{MEMBERS}/GetMember"
TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
TRACEPARENT = f"00-{TRACE_ID}-b7ad6b7169203331-01"

ERRORS = {
    "invalid": InvalidArgument(
        [FieldViolation("member_id", "must be a UUID"), FieldViolation("display_name", "must not be empty")]
    ),
    "cancelled": FailedPrecondition("the meetup is cancelled", [FieldViolation("meetup.status", "is cancelled")]),
    "missing": NotFound("no member m-404"),
    "taken": AlreadyExists("m-1 is registered already"),
    "raced": Conflict("the member changed meanwhile; retry"),
    "forbidden": PermissionDenied("only organizers may do this"),
}


class Settings(ServiceSettings):
    # The TLS settings GrpcServer reads; here until config.py declares them.
    grpc_tls_cert: Path | None = None
    grpc_tls_key: Path | None = None
    grpc_tls_client_ca: Path | None = None


def settings(**overrides) -> Settings:
    values = dict(grpc_port=0, jwt_secret=SECRET, jwt_issuer=ISSUER, jwt_audience=AUDIENCE)
    return Settings(**{**values, **overrides})


def bearer(member_id: str = "m-1", roles=("member",), *, secret: str = SECRET, **changes) -> tuple:
    options = dict(issuer=ISSUER, audience=AUDIENCE) | changes
    return (("authorization", f"Bearer {mint_token(secret, member_id, roles, **options)}"),)


class Members(pb_grpc.MembersServiceServicer):
    """GetMember's member_id says what to do: an ERRORS key, "boom", "abort",
    "sleep:<s>", or anything else to answer with the caller's own member id."""

    def __init__(self) -> None:
        self.seen: list[RequestContext] = []

    async def GetMember(self, request: pb.GetMemberRequest, context) -> pb.GetMemberResponse:
        self.seen.append(current())
        what, _, argument = request.member_id.partition(":")
        if what in ERRORS:
            raise ERRORS[what]
        if what == "boom":
            raise RuntimeError("password=hunter2 in the connection string")
        if what == "abort":
            await context.abort(grpc.StatusCode.OUT_OF_RANGE, "page past the end")
        if what == "sleep":
            await asyncio.sleep(float(argument))
        return pb.GetMemberResponse(member=pb.Member(member_id=current_principal().member_id))

    # RegisterMember is left to the generated base class: "not implemented yet".


async def _count(request: pb.GetMemberRequest, context) -> AsyncIterator[pb.Member]:
    """A server-streaming query: three members, then the error the request names."""
    for n in range(3):
        yield pb.Member(member_id=f"{current_principal().member_id}-{n}")
    if request.member_id in ERRORS:
        raise ERRORS[request.member_id]


STREAM_METHOD = "/offkai.test.v1.Counter/Count"
_COUNTER = grpc.method_handlers_generic_handler(
    "offkai.test.v1.Counter",
    {
        "Count": grpc.unary_stream_rpc_method_handler(
            _count,
            request_deserializer=pb.GetMemberRequest.FromString,
            response_serializer=pb.Member.SerializeToString,
        )
    },
)


@dataclass
class Telemetry:
    spans: InMemorySpanExporter = field(default_factory=InMemorySpanExporter)
    metrics: InMemoryMetricReader = field(default_factory=InMemoryMetricReader)

    def span(self, name: str):
        return [s for s in self.spans.get_finished_spans() if s.name == name][-1]

    def durations(self) -> list[dict]:
        data = self.metrics.get_metrics_data()
        return [
            dict(point.attributes)
            for resource in data.resource_metrics
            for scope in resource.scope_metrics
            for metric in scope.metrics
            if metric.name == "offkai.rpc.duration"
            for point in metric.data.data_points
        ]


@pytest.fixture(scope="module")
def telemetry() -> Telemetry:
    captured = Telemetry()
    setup_telemetry("kit-test", settings(), span_exporter=captured.spans, metric_reader=captured.metrics)
    return captured


@dataclass
class Api:
    server: GrpcServer
    servicer: Members
    channel: grpc.aio.Channel
    members: pb_grpc.MembersServiceStub
    port: int

    def count(self, request: pb.GetMemberRequest, **kwargs) -> grpc.aio.UnaryStreamCall:
        method = self.channel.unary_stream(
            STREAM_METHOD,
            request_serializer=pb.GetMemberRequest.SerializeToString,
            response_deserializer=pb.Member.FromString,
        )
        return method(request, **kwargs)


@pytest.fixture
async def start(telemetry) -> AsyncIterator[Callable[..., Awaitable[Api]]]:
    """Starts an API server with the given settings overrides; stops them all after."""
    started: list[Api] = []

    async def _start(credentials: grpc.ChannelCredentials | None = None, public_methods=(), **overrides) -> Api:
        config = settings(**overrides)
        server = GrpcServer(config, TokenVerifier.from_settings(config, roles=PRODUCT_ROLES), health_services=[MEMBERS],
                            public_methods=public_methods)
        servicer = Members()
        server.add(pb_grpc.add_MembersServiceServicer_to_server, servicer)
        server.add(lambda _servicer, target: target.add_generic_rpc_handlers((_COUNTER,)), None)
        port = await server.start()
        if credentials is None:
            channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
        else:
            channel = grpc.aio.secure_channel(f"localhost:{port}", credentials)
        api = Api(server, servicer, channel, pb_grpc.MembersServiceStub(channel), port)
        started.append(api)
        return api

    yield _start
    for api in started:
        await api.channel.close()
        await api.server.stop(0)


@pytest.fixture
async def api(start) -> Api:
    return await start()


async def failure(call: Awaitable) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    return caught.value


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


# --- health and reflection -------------------------------------------------------------


async def test_health_goes_from_not_serving_to_serving_without_a_token(api):
    health = health_pb2_grpc.HealthStub(api.channel)

    async def status(service: str) -> int:
        return (await health.Check(health_pb2.HealthCheckRequest(service=service))).status

    assert await status("") == await status(MEMBERS) == health_pb2.HealthCheckResponse.NOT_SERVING
    await api.server.set_serving(True)
    assert await status("") == await status(MEMBERS) == health_pb2.HealthCheckResponse.SERVING
    unknown = await failure(status("offkai.nope.v1.Nope"))
    assert unknown.code() == grpc.StatusCode.NOT_FOUND


async def test_reflection_lists_the_registered_services(api):
    stub = reflection_pb2_grpc.ServerReflectionStub(api.channel)
    responses = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
    names = {s.name async for r in responses for s in r.list_services_response.service}
    assert {MEMBERS, "offkai.test.v1.Counter", "grpc.health.v1.Health"} <= names
    assert "grpc.reflection.v1alpha.ServerReflection" in names


# --- caller identity and request context -----------------------------------------------


@pytest.mark.parametrize(
    ("metadata", "reason"),
    [
        ((), "this call needs an 'authorization: Bearer <token>' header"),
        (bearer(ttl_seconds=-3600), "token expired"),
        (bearer(audience="offkai-other"), "wrong audience"),
        (bearer(secret=generate_secret()), "bad signature"),
    ],
    ids=["no-token", "expired", "wrong-audience", "bad-signature"],
)
async def test_callers_without_a_valid_token_are_unauthenticated(api, metadata, reason):
    error = await failure(api.members.GetMember(pb.GetMemberRequest(), metadata=metadata))
    assert (error.code(), error.details()) == (grpc.StatusCode.UNAUTHENTICATED, reason)
    assert api.servicer.seen == []


async def test_a_public_method_runs_without_a_token_and_authorises_the_call_itself(start):
    api = await start(public_methods=[f"/{GET_MEMBER}"])
    # "missing" answers NOT_FOUND: the handler ran, with no principal.
    anonymous = await failure(api.members.GetMember(pb.GetMemberRequest(member_id="missing")))
    assert anonymous.code() == grpc.StatusCode.NOT_FOUND
    assert api.servicer.seen[0].principal is None
    # A token that is sent is still checked; other methods still need one.
    forged = await failure(api.members.GetMember(pb.GetMemberRequest(), metadata=bearer(secret=generate_secret())))
    assert forged.code() == grpc.StatusCode.UNAUTHENTICATED
    assert (await api.members.GetMember(pb.GetMemberRequest(), metadata=bearer("m-3"))).member.member_id == "m-3"
    other = await failure(api.members.RegisterMember(pb.RegisterMemberRequest()))
    assert other.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_the_handler_runs_as_the_principal_within_the_callers_correlation(api):
    call = api.members.GetMember(
        pb.GetMemberRequest(), metadata=bearer("m-7", ["organizer"]) + ((CORRELATION_HEADER, "corr-1"),)
    )
    assert (await call).member.member_id == "m-7"
    (seen,) = api.servicer.seen
    assert seen.principal.member_id == "m-7" and seen.principal.has("organizer")
    assert seen.correlation_id == "corr-1"
    assert seen.causation_id not in ("", "corr-1")
    assert (await call.trailing_metadata()).get(CORRELATION_HEADER) == "corr-1"


async def test_a_correlation_id_is_made_up_when_the_caller_sends_none(api):
    call = api.members.GetMember(pb.GetMemberRequest(), metadata=bearer())
    await call
    (seen,) = api.servicer.seen
    assert (await call.trailing_metadata()).get(CORRELATION_HEADER) == seen.correlation_id


# --- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("what", "code", "reason"),
    [
        ("invalid", grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ARGUMENT"),
        ("cancelled", grpc.StatusCode.FAILED_PRECONDITION, "FAILED_PRECONDITION"),
        ("missing", grpc.StatusCode.NOT_FOUND, "NOT_FOUND"),
        ("taken", grpc.StatusCode.ALREADY_EXISTS, "ALREADY_EXISTS"),
        ("raced", grpc.StatusCode.ABORTED, "CONFLICT"),
        ("forbidden", grpc.StatusCode.PERMISSION_DENIED, "PERMISSION_DENIED"),
    ],
)
async def test_offkai_errors_become_their_status_with_error_info(api, what, code, reason):
    error = await failure(
        api.members.GetMember(pb.GetMemberRequest(member_id=what), metadata=bearer() + ((CORRELATION_HEADER, "c-9"),))
    )
    assert (error.code(), error.details()) == (code, ERRORS[what].message)
    infos = [d for d in details_of(error) if isinstance(d, error_details_pb2.ErrorInfo)]
    assert [(i.reason, i.domain) for i in infos] == [(reason, "offkai.dev")]
    assert error.trailing_metadata().get(CORRELATION_HEADER) == "c-9"


async def test_invalid_arguments_name_every_bad_field(api):
    error = await failure(api.members.GetMember(pb.GetMemberRequest(member_id="invalid"), metadata=bearer()))
    (bad_request,) = [d for d in details_of(error) if isinstance(d, error_details_pb2.BadRequest)]
    assert [(v.field, v.description) for v in bad_request.field_violations] == [
        ("member_id", "must be a UUID"),
        ("display_name", "must not be empty"),
    ]


async def test_failed_preconditions_carry_their_violations(api):
    error = await failure(api.members.GetMember(pb.GetMemberRequest(member_id="cancelled"), metadata=bearer()))
    (failure_detail,) = [d for d in details_of(error) if isinstance(d, error_details_pb2.PreconditionFailure)]
    assert [(v.type, v.subject, v.description) for v in failure_detail.violations] == [
        ("STATE", "meetup.status", "is cancelled")
    ]


async def test_unexpected_errors_are_internal_and_leak_nothing(api, telemetry, capsys):
    error = await failure(api.members.GetMember(pb.GetMemberRequest(member_id="boom"), metadata=bearer()))
    trace_id = format(telemetry.span(GET_MEMBER).context.trace_id, "032x")
    assert error.code() == grpc.StatusCode.INTERNAL
    assert error.details() == f"internal error (trace {trace_id})"
    assert details_of(error) == []
    # Other tests' background loops may log too; this call's line is the one with its trace.
    (logged,) = [
        line for line in json_lines(capsys.readouterr().err)
        if "exception" in line and line.get("trace_id") == trace_id
    ]
    assert "RuntimeError: password=hunter2" in logged["exception"]


async def test_a_handler_may_still_abort_with_a_status_of_its_own(api, telemetry):
    error = await failure(api.members.GetMember(pb.GetMemberRequest(member_id="abort"), metadata=bearer()))
    assert (error.code(), error.details()) == (grpc.StatusCode.OUT_OF_RANGE, "page past the end")
    code = telemetry.span(GET_MEMBER).attributes["rpc.grpc.status_code"]
    assert code == grpc.StatusCode.OUT_OF_RANGE.value[0]


# --- deadlines and limits --------------------------------------------------------------


async def test_a_handler_outliving_the_client_deadline_is_deadline_exceeded(api):
    call = api.members.GetMember(pb.GetMemberRequest(member_id="sleep:5"), metadata=bearer(), timeout=0.2)
    assert (await failure(call)).code() == grpc.StatusCode.DEADLINE_EXCEEDED


async def test_calls_without_a_deadline_get_the_default_one(start, telemetry):
    api = await start(grpc_default_deadline_seconds=0.2)
    error = await failure(api.members.GetMember(pb.GetMemberRequest(member_id="sleep:5"), metadata=bearer()))
    assert (error.code(), error.details()) == (grpc.StatusCode.DEADLINE_EXCEEDED, "deadline exceeded")
    assert telemetry.span(GET_MEMBER).attributes["rpc.grpc.status_code"] == grpc.StatusCode.DEADLINE_EXCEEDED.value[0]


async def test_oversize_messages_are_resource_exhausted(start):
    api = await start(grpc_max_message_bytes=1024)
    error = await failure(api.members.GetMember(pb.GetMemberRequest(member_id="x" * 2048), metadata=bearer()))
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert api.servicer.seen == []


# --- server streaming ------------------------------------------------------------------


async def test_server_streams_run_as_the_principal(api):
    members = [m.member_id async for m in api.count(pb.GetMemberRequest(), metadata=bearer("m-3"))]
    assert members == ["m-3-0", "m-3-1", "m-3-2"]


async def test_errors_in_a_stream_end_it_with_their_status(api):
    call = api.count(pb.GetMemberRequest(member_id="missing"), metadata=bearer())
    received = []
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for member in call:
            received.append(member.member_id)
    assert len(received) == 3
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND


async def test_streams_need_a_token_too(api):
    error = await failure(api.count(pb.GetMemberRequest()).read())
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED


# --- lifecycle -------------------------------------------------------------------------


async def test_stop_lets_in_flight_calls_finish_and_refuses_new_ones(api):
    in_flight = asyncio.ensure_future(
        api.members.GetMember(pb.GetMemberRequest(member_id="sleep:0.3"), metadata=bearer())
    )
    while not api.servicer.seen:
        await asyncio.sleep(0.01)
    await api.server.stop(grace=5)
    assert (await in_flight).member.member_id == "m-1"
    late = await failure(api.members.GetMember(pb.GetMemberRequest(), metadata=bearer(), timeout=1))
    assert late.code() == grpc.StatusCode.UNAVAILABLE


async def test_sync_servicer_methods_are_refused_when_added():
    class SyncMembers(pb_grpc.MembersServiceServicer):
        def GetMember(self, request, context):
            return pb.GetMemberResponse()

    config = settings()
    server = GrpcServer(config, TokenVerifier.from_settings(config, roles=PRODUCT_ROLES), health_services=[])
    with pytest.raises(TypeError, match="MembersService/GetMember must be an async method"):
        server.add(pb_grpc.add_MembersServiceServicer_to_server, SyncMembers())


async def test_methods_a_servicer_does_not_implement_are_unimplemented(api):
    request = pb.RegisterMemberRequest(request_id="r-1", display_name="Ayumi")
    error = await failure(api.members.RegisterMember(request, metadata=bearer()))
    assert error.code() == grpc.StatusCode.UNIMPLEMENTED


async def test_a_taken_port_is_reported_by_its_setting(api):
    config = settings(grpc_port=api.port)
    server = GrpcServer(config, TokenVerifier.from_settings(config, roles=PRODUCT_ROLES), health_services=[])
    with pytest.raises(ConfigError, match=f"OFFKAI_GRPC_PORT {api.port} is in use"):
        await server.start()


# --- telemetry -------------------------------------------------------------------------


async def test_a_server_span_continues_the_callers_trace(api, telemetry):
    metadata = bearer() + (("traceparent", TRACEPARENT),)
    await api.members.GetMember(pb.GetMemberRequest(), metadata=metadata)
    span = telemetry.span(GET_MEMBER)
    assert span.kind == SpanKind.SERVER
    assert format(span.context.trace_id, "032x") == TRACE_ID
    assert span.parent.span_id == 0xB7AD6B7169203331
    assert dict(span.attributes) == {
        "rpc.system": "grpc",
        "rpc.service": MEMBERS,
        "rpc.method": "GetMember",
        "rpc.grpc.status_code": 0,
    }


async def test_latency_is_recorded_by_method_and_code(api, telemetry):
    await api.members.GetMember(pb.GetMemberRequest(), metadata=bearer())
    await failure(api.members.GetMember(pb.GetMemberRequest(member_id="missing"), metadata=bearer()))
    recorded = telemetry.durations()
    for code in (grpc.StatusCode.OK, grpc.StatusCode.NOT_FOUND):
        expected = {"rpc.service": MEMBERS, "rpc.method": "GetMember", "rpc.grpc.status_code": code.value[0]}
        assert any(expected.items() <= attributes.items() for attributes in recorded), code


async def test_each_call_logs_a_json_line_with_its_trace(api, telemetry, capsys):
    await api.members.GetMember(pb.GetMemberRequest(), metadata=bearer() + ((CORRELATION_HEADER, "corr-log"),))
    (line,) = [x for x in json_lines(capsys.readouterr().err) if x.get("correlation_id") == "corr-log"]
    assert line["event"] == "rpc finished" and line["code"] == "OK"
    assert line["trace_id"] == format(telemetry.span(GET_MEMBER).context.trace_id, "032x")
    assert line["rpc"] == f"/{GET_MEMBER}"


# --- TLS -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pem(tmp_path_factory) -> dict[str, Path]:
    """One self-signed certificate for localhost, used as server cert, client cert and CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    directory = tmp_path_factory.mktemp("tls")
    files = {"cert": directory / "tls.crt", "key": directory / "tls.key"}
    files["cert"].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files["key"].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return files


async def test_tls_serves_clients_that_trust_the_certificate(start, pem):
    trusted = grpc.ssl_channel_credentials(root_certificates=pem["cert"].read_bytes())
    api = await start(trusted, grpc_tls_cert=pem["cert"], grpc_tls_key=pem["key"])
    assert (await api.members.GetMember(pb.GetMemberRequest(), metadata=bearer())).member.member_id == "m-1"


async def test_mtls_refuses_clients_without_a_certificate(start, pem):
    root = pem["cert"].read_bytes()
    tls = dict(grpc_tls_cert=pem["cert"], grpc_tls_key=pem["key"], grpc_tls_client_ca=pem["cert"])
    anonymous = await start(grpc.ssl_channel_credentials(root_certificates=root), **tls)
    refused = await failure(anonymous.members.GetMember(pb.GetMemberRequest(), metadata=bearer(), timeout=2))
    assert refused.code() == grpc.StatusCode.UNAVAILABLE
    identified = grpc.ssl_channel_credentials(root, pem["key"].read_bytes(), pem["cert"].read_bytes())
    api = await start(identified, **tls)
    assert (await api.members.GetMember(pb.GetMemberRequest(), metadata=bearer())).member.member_id == "m-1"


async def test_a_tls_key_without_a_certificate_stops_start_up(pem):
    config = settings(grpc_tls_key=pem["key"])
    server = GrpcServer(config, TokenVerifier.from_settings(config, roles=PRODUCT_ROLES), health_services=[])
    with pytest.raises(ConfigError, match="OFFKAI_GRPC_TLS_CERT and OFFKAI_GRPC_TLS_KEY go together"):
        await server.start()


# --- bad bytes, rate limits, reflection ------------------------------------------------


def raw(api: Api, method: str = "GetMember"):
    """A call that sends bytes as they are, not a message."""
    return api.channel.unary_unary(
        f"/{MEMBERS}/{method}", request_serializer=lambda data: data, response_deserializer=lambda data: data
    )


@pytest.mark.parametrize(
    "data",
    [b"\xff\xff\xff\xff", b"\x0a\x02\xff\xfe", b"\x0a\x05ab"],
    ids=["corrupt wire format", "bad UTF-8 in a string", "truncated field"],
)
async def test_bytes_that_are_no_request_are_invalid_argument_after_authentication(api, data):
    anonymous = await failure(raw(api)(data))
    assert anonymous.code() == grpc.StatusCode.UNAUTHENTICATED, "who you are comes first"
    error = await failure(raw(api)(data, metadata=bearer()))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "offkai.members.v1.GetMemberRequest" in error.details()
    assert "Error" not in error.details() and "Exception" not in error.details()
    (bad,) = [d for d in details_of(error) if isinstance(d, error_details_pb2.BadRequest)]
    assert [v.field for v in bad.field_violations] == ["request"]
    assert not api.servicer.seen, "the handler never ran"


async def test_mutating_calls_are_rate_limited_per_caller(start):
    api = await start(rate_limit_per_minute=60, rate_limit_burst=2)
    register = pb.RegisterMemberRequest(request_id="r")
    for _ in range(2):  # the burst: through to the (unimplemented) handler
        assert (await failure(api.members.RegisterMember(register, metadata=bearer()))).code() == (
            grpc.StatusCode.UNIMPLEMENTED
        )
    limited = await failure(api.members.RegisterMember(register, metadata=bearer()))
    assert limited.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    (retry,) = [d for d in details_of(limited) if isinstance(d, error_details_pb2.RetryInfo)]
    assert 0 < retry.retry_delay.ToTimedelta().total_seconds() <= 1.0
    # Someone else, a service principal and reads are not held back.
    other = await failure(api.members.RegisterMember(register, metadata=bearer("m-2")))
    assert other.code() == grpc.StatusCode.UNIMPLEMENTED
    for _ in range(5):
        by_service = await failure(api.members.RegisterMember(register, metadata=bearer("svc", ("service",))))
        assert by_service.code() == grpc.StatusCode.UNIMPLEMENTED
        await api.members.GetMember(pb.GetMemberRequest(member_id="x"), metadata=bearer())


async def reflected_services(api: Api, service: str) -> set[str]:
    method = api.channel.stream_stream(
        f"/{service}/ServerReflectionInfo",
        request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
    )
    call = method(iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
    async for reply in call:
        return {s.name for s in reply.list_services_response.service}
    return set()


async def test_reflection_speaks_v1_and_v1alpha_and_can_be_turned_off(start):
    api = await start()
    for protocol in ("grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"):
        assert MEMBERS in await reflected_services(api, protocol)
    closed = await start(grpc_reflection=False)
    for protocol in ("grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"):
        error = await failure(reflected_services(closed, protocol))
        assert error.code() == grpc.StatusCode.UNIMPLEMENTED
