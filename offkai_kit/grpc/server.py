"""The gRPC server every offkai service runs: its API servicers behind the offkai
interceptor, plus the standard health service (for Kubernetes' native gRPC probes)
and server reflection (for grpcurl and friends).

Lifecycle, as a service's ``__main__`` drives it::

    server = GrpcServer(settings, TokenVerifier.from_settings(settings),
                        health_services=["example.v1.ExampleService"])
    server.add(example_pb2_grpc.add_ExampleServiceServicer_to_server, servicer)
    port = await server.start()          # NOT_SERVING until ...
    await server.set_serving(True)       # ... dependencies are up
    ...
    await server.stop()                  # NOT_SERVING, drain in-flight calls, close
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection, reflection_pb2

from offkai_kit.auth import TokenVerifier
from offkai_kit.config import ENV_PREFIX, ConfigError, ServiceSettings
from offkai_kit.grpc.interceptors import OffkaiServerInterceptor
from offkai_kit.grpc.ratelimit import RateLimiter
from offkai_kit.telemetry import get_logger

log = get_logger(__name__)

_SERVING = health_pb2.HealthCheckResponse.SERVING
_NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


class GrpcServer:
    """A ``grpc.aio`` server with offkai's interceptor, health and reflection."""

    def __init__(
        self,
        settings: ServiceSettings,
        verifier: TokenVerifier,
        *,
        health_services: Sequence[str],
        public_methods: Sequence[str] = (),
    ) -> None:
        self._settings = settings
        self._health_services = ["", *health_services]
        limiter = RateLimiter(getattr(settings, "rate_limit_per_minute", 0), getattr(settings, "rate_limit_burst", 1))
        self._server = grpc.aio.server(
            interceptors=[
                OffkaiServerInterceptor(
                    verifier,
                    default_deadline_seconds=settings.grpc_default_deadline_seconds,
                    rate_limiter=limiter if limiter.enabled else None,
                    public_methods=frozenset(public_methods),
                )
            ],
            options=_options(settings),
            maximum_concurrent_rpcs=settings.grpc_max_concurrent_rpcs,
        )
        self._health = health.aio.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(self._health, self._server)
        self._reflection = getattr(settings, "grpc_reflection", True)
        self._service_names: list[str] = [health.SERVICE_NAME]
        if self._reflection:
            self._service_names += [reflection.SERVICE_NAME, REFLECTION_V1]
        self._port: int | None = None

    def add(self, add_to_server: Callable[[Any, Any], None], servicer: Any) -> None:
        """Register ``servicer`` with its generated ``add_*Servicer_to_server``."""
        if self._port is not None:
            raise RuntimeError("add servicers before start()")
        recorder = _ServiceNameRecorder(self._server)
        add_to_server(servicer, recorder)
        self._service_names = list(dict.fromkeys([*self._service_names, *recorder.names]))

    @property
    def port(self) -> int:
        """The bound port, once started."""
        if self._port is None:
            raise RuntimeError("the server has not been started")
        return self._port

    async def start(self) -> int:
        """Bind ``OFFKAI_GRPC_HOST:OFFKAI_GRPC_PORT`` and start serving, every health
        service NOT_SERVING; returns the bound port (useful with port 0)."""
        if self._reflection:
            reflection.enable_server_reflection(self._service_names, self._server)
            _serve_reflection_v1(self._service_names, self._server)
        await self.set_serving(False)
        self._port = self._bind()
        await self._server.start()
        log.info("grpc server started", address=f"{self._settings.grpc_host}:{self._port}")
        return self._port

    async def set_serving(self, serving: bool) -> None:
        """Report the whole server and each named service healthy (or not)."""
        for name in self._health_services:
            await self._health.set(name, _SERVING if serving else _NOT_SERVING)

    async def stop(self, grace: float | None = None) -> None:
        """Report NOT_SERVING for good, refuse new calls and give in-flight ones
        ``grace`` seconds (default ``OFFKAI_GRPC_SHUTDOWN_GRACE_SECONDS``) to finish."""
        await self._health.enter_graceful_shutdown()
        await self._server.stop(self._settings.grpc_shutdown_grace_seconds if grace is None else grace)
        log.info("grpc server stopped")

    async def wait_for_termination(self) -> None:
        await self._server.wait_for_termination()

    def _bind(self) -> int:
        settings = self._settings
        address = settings.grpc_address
        credentials = _server_credentials(settings)
        try:
            if credentials is None:
                return self._server.add_insecure_port(address)
            return self._server.add_secure_port(address, credentials)
        except RuntimeError:
            raise ConfigError(
                f"offkai: cannot listen on {address}: {ENV_PREFIX}GRPC_PORT {settings.grpc_port} "
                f"is in use (or {ENV_PREFIX}GRPC_HOST {settings.grpc_host!r} is not a local "
                f"address); set {ENV_PREFIX}GRPC_PORT to a free port or 0"
            ) from None


REFLECTION_V1 = "grpc.reflection.v1.ServerReflection"


def _serve_reflection_v1(service_names: Sequence[str], server: grpc.aio.Server) -> None:
    """grpc.reflection.v1 beside v1alpha: clients that speak only v1 (newer grpcurl,
    Postman) work too. grpcio-reflection ships v1alpha only; the two protocols differ
    in the package name alone, so the v1alpha servicer answers under the v1 name."""
    servicer = reflection.aio.ReflectionServicer(service_names)
    handler = grpc.stream_stream_rpc_method_handler(
        servicer.ServerReflectionInfo,
        request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
        response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString,
    )
    server.add_generic_rpc_handlers(
        (grpc.method_handlers_generic_handler(REFLECTION_V1, {"ServerReflectionInfo": handler}),)
    )


class _ServiceNameRecorder:
    """Stands in for the server while generated registration code runs, to learn
    the full names of the services it registers (for reflection)."""

    def __init__(self, server: grpc.aio.Server) -> None:
        self._server = server
        self.names: list[str] = []

    def add_generic_rpc_handlers(self, handlers: Sequence[grpc.GenericRpcHandler]) -> None:
        self.names += [h.service_name() for h in handlers if hasattr(h, "service_name")]
        self._server.add_generic_rpc_handlers(handlers)

    def add_registered_method_handlers(
        self, service_name: str, handlers: Mapping[str, grpc.RpcMethodHandler]
    ) -> None:
        _require_async(service_name, handlers)
        self.names.append(service_name)
        self._server.add_registered_method_handlers(service_name, handlers)


def _require_async(service_name: str, handlers: Mapping[str, Any]) -> None:
    """Refuse sync servicer methods when they are added, not on their first call:
    grpc.aio would run them on a thread pool, outside the request context. The
    generated base class's stubs for methods not implemented yet are let through
    (the interceptor answers them UNIMPLEMENTED)."""
    for name, handler in handlers.items():
        behaviour = next(
            b
            for b in (handler.unary_unary, handler.unary_stream, handler.stream_unary, handler.stream_stream)
            if b is not None
        )
        generated_stub = getattr(behaviour, "__module__", "").endswith("_pb2_grpc")
        is_async = inspect.iscoroutinefunction(behaviour) or inspect.isasyncgenfunction(behaviour)
        if not (is_async or generated_stub):
            raise TypeError(f"{service_name}/{name} must be an async method (async def)")


def _options(settings: ServiceSettings) -> list[tuple[str, int]]:
    return [
        ("grpc.max_receive_message_length", settings.grpc_max_message_bytes),
        ("grpc.max_send_message_length", settings.grpc_max_message_bytes),
        # A taken port must fail start-up, not be silently shared with another process.
        ("grpc.so_reuseport", 0),
        # Find dead peers on idle connections: ping after 5 min, give up after 20 s.
        ("grpc.keepalive_time_ms", 300_000),
        ("grpc.keepalive_timeout_ms", 20_000),
        ("grpc.keepalive_permit_without_calls", 1),
        # Clients may keep their connections alive with pings every 10 s or more.
        ("grpc.http2.min_recv_ping_interval_without_data_ms", 10_000),
        ("grpc.http2.max_ping_strikes", 2),
        # Recycle connections now and then so clients spread over new replicas.
        ("grpc.max_connection_age_ms", 30 * 60_000),
        ("grpc.max_connection_age_grace_ms", 60_000),
    ]


def _server_credentials(settings: ServiceSettings) -> grpc.ServerCredentials | None:
    """TLS from ``OFFKAI_GRPC_TLS_CERT``/``_KEY``; mTLS when ``_CLIENT_CA`` is set too.

    Read with getattr: the fields are optional in ServiceSettings' contract.
    """
    cert = getattr(settings, "grpc_tls_cert", None)
    key = getattr(settings, "grpc_tls_key", None)
    client_ca = getattr(settings, "grpc_tls_client_ca", None)
    if not (cert or key or client_ca):
        return None
    if not (cert and key):
        raise ConfigError(
            f"offkai: {ENV_PREFIX}GRPC_TLS_CERT and {ENV_PREFIX}GRPC_TLS_KEY go together"
            + (f" (and {ENV_PREFIX}GRPC_TLS_CLIENT_CA needs both)" if client_ca else "")
        )
    return grpc.ssl_server_credentials(
        [(_read_pem("GRPC_TLS_KEY", key), _read_pem("GRPC_TLS_CERT", cert))],
        root_certificates=_read_pem("GRPC_TLS_CLIENT_CA", client_ca) if client_ca else None,
        require_client_auth=bool(client_ca),
    )


def _read_pem(setting: str, path: str | Path) -> bytes:
    try:
        return Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise ConfigError(f"offkai: {ENV_PREFIX}{setting}: cannot read {path}: {exc.strerror}") from None
