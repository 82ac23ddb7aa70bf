"""gRPC plumbing shared by the offkai services: the server bootstrap
(``server.GrpcServer``), the per-call interceptor (``interceptors``) and the one
mapping of offkai errors to gRPC statuses (``status``)."""

from offkai_kit.grpc.interceptors import CORRELATION_HEADER, OffkaiServerInterceptor
from offkai_kit.grpc.server import GrpcServer
from offkai_kit.grpc.status import details_of, to_rpc_status

__all__ = [
    "CORRELATION_HEADER",
    "GrpcServer",
    "OffkaiServerInterceptor",
    "details_of",
    "to_rpc_status",
]
