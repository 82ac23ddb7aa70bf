"""`offkai call <service> <Method>` finds every RPC of every gRPC service a
service's contract defines, by its bare name or Service.Method."""

from __future__ import annotations

import pytest

from offkai_cli.calls import find_method, methods
from offkai_services import SERVICES, service


def test_every_grpc_service_of_each_service_is_callable_by_method_name():
    for info in SERVICES:
        table = methods(info.name)
        for full_name in info.grpc_services:
            short = full_name.rsplit(".", 1)[1]
            assert any(key.startswith(f"{short}.") for key in table), f"{info.name}: {short}"
    members = methods("members")
    for key in members:
        assert find_method("members", key.split(".")[1]) is members[key]
        assert find_method("members", key) is members[key]
    assert find_method("members", "ListPeopleMet").containing_service.full_name == (
        "offkai.members.v1.ConnectionsService"
    )
    assert "MembersService.GetProjectionStatus" not in members  # operations is its own service
    assert find_method("members", "GetProjectionStatus").containing_service.name == "OperationsService"


def test_an_unknown_method_names_what_there_is():
    with pytest.raises(SystemExit) as refused:
        find_method("members", "Nope")
    assert "ConnectionsService.ListSuggestions" in str(refused.value)
    assert service("members").grpc_services[0] == "offkai.members.v1.MembersService"
