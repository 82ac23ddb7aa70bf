"""Calling any offkai RPC by name with a JSON request, using the generated descriptors
(so the CLI needs no reflection and no per-method code)."""

from __future__ import annotations

import importlib
import json
import pkgutil

import grpc
from google.protobuf import descriptor_pool, json_format, message_factory

# Every service also serves the platform's operations API.
PLATFORM_MODULES = ("offkai.platform.v1.operations_pb2",)


def _load(service: str) -> list:
    """The generated modules of ``service``'s contract (every ``*_pb2`` under
    ``offkai.<service>.v1``, so each gRPC service it defines is found) and the
    platform's. Importing them registers their services in the default pool."""
    names = list(PLATFORM_MODULES)
    try:
        package = importlib.import_module(f"offkai.{service}.v1")
        names += sorted(
            f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__) if m.name.endswith("_pb2")
        )
    except ModuleNotFoundError:
        pass  # no contract of its own yet
    return [importlib.import_module(name) for name in names]


def methods(service: str) -> dict[str, object]:
    """``{"MembersService.RegisterMember": method_descriptor, ...}`` for a service."""
    found = {}
    for module in _load(service):
        for svc in module.DESCRIPTOR.services_by_name.values():
            for m in svc.methods:
                found[f"{svc.name}.{m.name}"] = m
    return found


def find_method(service: str, name: str):
    table = methods(service)
    matches = [m for key, m in table.items() if key == name or key.endswith(f".{name}")]
    if len(matches) != 1:
        known = ", ".join(sorted(table))
        what = "several methods named" if matches else "no method"
        raise SystemExit(f"offkai: {service} has {what} {name!r}; it has: {known}")
    return matches[0]


async def call(address: str, token: str, service: str, method_name: str, request_json: str) -> list[dict]:
    method = find_method(service, method_name)
    pool = descriptor_pool.Default()
    request_cls = message_factory.GetMessageClass(pool.FindMessageTypeByName(method.input_type.full_name))
    response_cls = message_factory.GetMessageClass(pool.FindMessageTypeByName(method.output_type.full_name))
    try:
        request = json_format.Parse(request_json or "{}", request_cls())
    except json_format.ParseError as exc:
        raise SystemExit(f"offkai: bad request JSON for {method.full_name}: {exc}") from None
    path = f"/{method.containing_service.full_name}/{method.name}"
    metadata = (("authorization", f"Bearer {token}"),)
    async with grpc.aio.insecure_channel(address) as channel:
        kind = channel.unary_stream if method.server_streaming else channel.unary_unary
        stub = kind(path, request_serializer=request_cls.SerializeToString,
                    response_deserializer=response_cls.FromString)
        if method.server_streaming:
            return [_json(r) async for r in stub(request, metadata=metadata, timeout=30)]
        return [_json(await stub(request, metadata=metadata, timeout=30))]


def _json(message) -> dict:
    return json.loads(json_format.MessageToJson(message, preserving_proto_field_name=True))
