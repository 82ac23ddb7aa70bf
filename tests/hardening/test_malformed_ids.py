"""An id that can never name anything is refused, with the field: every `…_id`
string field of every RPC (read from the descriptors) holding a line break, a NUL or
5,000 characters gets INVALID_ARGUMENT — or NOT_FOUND / PERMISSION_DENIED where the
documented order puts those first — never OK, as if it had been looked for.
Called as an admin (who may act for anyone), starting from each RPC's seed request.
``request_id`` is the caller's idempotency key, not a name: it is one line too, and
so are the search filters of the listings (tested below)."""

from __future__ import annotations

import uuid

import grpc
import pytest
from google.protobuf import message_factory
from google.protobuf.descriptor import FieldDescriptor
from google.rpc import error_details_pb2

from offkai_kit.grpc.status import details_of
from offkai_kit.testing.services import bearer
from offkai_services import SERVICES
from tests.hardening.requests import _target as target_of
from tests.hardening.requests import leaf_paths
from tests.hardening.seeds import seeds_of
from tests.hardening.services import each_on_its_own, methods_of

MALFORMED = {"line break": "m-1\nm-2", "NUL": "m-1\x00", "5,000 characters": "x" * 5000}
ADMIN = bearer("admin-1", "admin")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with each_on_its_own(list(SERVICES), tmp_path_factory.mktemp("ids")) as running:
        running.seeds = {name: seeds_of(found) for name, found in running.services.items()}
        yield running


def _id_paths(descriptor) -> list[tuple]:
    return [path for path in leaf_paths(descriptor)
            if path[-1].type == FieldDescriptor.TYPE_STRING and path[-1].name.endswith("_id")
            and path[-1].name != "request_id"]


def _rpcs():
    return [pytest.param(info.name, method, id=f"{info.name}:{method.full_name}")
            for info in SERVICES for method in methods_of(info)
            if _id_paths(method.input_type) and not method.server_streaming]


@pytest.mark.parametrize(("service", "method"), _rpcs())
def test_malformed_ids_are_refused(stack, service, method):
    running = stack.services[service]
    seeds = stack.seeds[service].get(method.full_name)
    assert seeds, f"{method.full_name} has no seed request in tests/hardening/seeds.py"
    response_type = message_factory.GetMessageClass(method.output_type)
    accepted = []
    with grpc.insecure_channel(running.address) as channel:
        for seed in seeds:
            call = channel.unary_unary(f"/{method.containing_service.full_name}/{method.name}",
                                       request_serializer=type(seed).SerializeToString,
                                       response_deserializer=response_type.FromString)
            for path in _id_paths(seed.DESCRIPTOR):
                for label, value in MALFORMED.items():
                    request = type(seed)()
                    request.CopyFrom(seed)
                    if "request_id" in request.DESCRIPTOR.fields_by_name:
                        request.request_id = str(uuid.uuid4())
                    holder, field = target_of(request, path)
                    if field.is_repeated:
                        getattr(holder, field.name).append(value)
                    else:
                        setattr(holder, field.name, value)
                    try:
                        call(request, metadata=ADMIN, timeout=30)
                    except grpc.RpcError as error:
                        assert error.code() in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND,
                                                grpc.StatusCode.PERMISSION_DENIED), (
                            f"{'.'.join(f.name for f in path)} with a {label}: {error.code()} {error.details()}")
                        continue
                    accepted.append(f"{'.'.join(f.name for f in path)} with a {label}")
    assert not accepted, f"{method.full_name} answered OK to {accepted}"


def _refused_fields(call, request) -> set[str]:
    """The fields an INVALID_ARGUMENT answer to ``request`` names (empty when it was not one)."""
    try:
        call(request, metadata=ADMIN, timeout=30)
    except grpc.RpcError as error:
        if error.code() == grpc.StatusCode.INVALID_ARGUMENT:
            return {v.field for d in details_of(error) if isinstance(d, error_details_pb2.BadRequest)
                    for v in d.field_violations}
        return {f"{error.code().name}: {error.details()}"}
    return set()


def _caller(channel, method):
    response_type = message_factory.GetMessageClass(method.output_type)
    input_type = message_factory.GetMessageClass(method.input_type)
    return channel.unary_unary(f"/{method.containing_service.full_name}/{method.name}",
                               request_serializer=input_type.SerializeToString,
                               response_deserializer=response_type.FromString)


def _mutating():
    return [pytest.param(info.name, method, id=f"{info.name}:{method.full_name}")
            for info in SERVICES for method in methods_of(info)
            if "request_id" in method.input_type.fields_by_name and not method.server_streaming]


@pytest.mark.parametrize(("service", "method"), _mutating())
def test_request_ids_are_one_line(stack, service, method):
    """A request_id with a line break or a NUL is refused, naming request_id, in every service."""
    running = stack.services[service]
    seeds = stack.seeds[service].get(method.full_name)
    assert seeds, f"{method.full_name} has no seed request in tests/hardening/seeds.py"
    with grpc.insecure_channel(running.address) as channel:
        call = _caller(channel, method)
        for label, value in {"line break": f"r-{uuid.uuid4()}\nx", "NUL": f"r-{uuid.uuid4()}\x00"}.items():
            request = type(seeds[0])()
            request.CopyFrom(seeds[0])
            request.request_id = value
            assert "request_id" in _refused_fields(call, request), f"{method.full_name}: request_id with a {label}"


FILTERED = {
    "events": ("offkai.events.v1.MeetupsService.ListMeetups", "offkai.events.v1.ListMeetupsRequest"),
    "members": ("offkai.members.v1.CommunitiesService.ListCommunities", "offkai.members.v1.ListCommunitiesRequest"),
}
TOO_MUCH = {"5,000 characters": "x" * 5000, "line break": "Tokyo\nOsaka", "NUL": "rust\x00", "tab": "a\tb"}


@pytest.mark.parametrize("service", sorted(FILTERED))
@pytest.mark.parametrize("name", ["prefecture", "city", "tag", "query"])
def test_search_filters_are_one_bounded_line(stack, service, name):
    """The listings' text filters: at most 200 characters, one line (proto comments)."""
    from google.protobuf import symbol_database

    full_name, request_name = FILTERED[service]
    method = symbol_database.Default().pool.FindMethodByName(full_name)
    request_type = message_factory.GetMessageClass(method.input_type)
    assert request_type.DESCRIPTOR.full_name == request_name
    with grpc.insecure_channel(stack.services[service].address) as channel:
        call = _caller(channel, method)
        assert _refused_fields(call, request_type(**{name: "x" * 200})) == set(), "200 characters are allowed"
        for label, value in TOO_MUCH.items():
            assert _refused_fields(call, request_type(**{name: value})) == {name}, f"{name} with {label}"
