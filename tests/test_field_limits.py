"""Every string, bytes and list field a caller sends has a documented maximum.

Walks the request message of every RPC of every service (``offkai_services``, the
operations service included) and every message nested in one, and reads each
field's comment from the .proto source (protoc's SourceCodeInfo, compiled here with
the same grpcio-tools protoc as ``make proto``). A string, bytes or repeated field
passes when its comment says "at most N", or when a rule stated once in the comment
above the ``package`` line of the file that declares it covers it::

    // Limits: every field named *_id is one line of at most 128 characters.

(``*_id`` is a glob over field names). Whether the stated limits are the enforced
ones is for the tests that send them: tests/hardening (ids, request ids, the
adversarial requests) and each service's validation tests.
"""

from __future__ import annotations

import importlib
import re
from fnmatch import fnmatchcase
from importlib import resources
from pathlib import Path

import pytest
from google.protobuf import descriptor_pb2, symbol_database
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from grpc_tools import protoc

from offkai_services import SERVICES

ROOT = Path(__file__).resolve().parent.parent
PROTO_DIR = ROOT / "proto"
OPERATIONS = "offkai.platform.v1.OperationsService"
LIMIT = re.compile(r"\bat most [0-9][0-9,]*\b", re.IGNORECASE)
RULE = re.compile(r"every field named (\S+)\s[^.;]*?\bat most [0-9][0-9,]*", re.IGNORECASE)
# FileDescriptorProto field numbers, and DescriptorProto's, for SourceCodeInfo paths.
_MESSAGE_TYPE, _PACKAGE, _FIELD, _NESTED_TYPE = 4, 2, 2, 3
_BOUNDED_TYPES = (FieldDescriptor.TYPE_STRING, FieldDescriptor.TYPE_BYTES)


def _compiled(tmp: Path) -> descriptor_pb2.FileDescriptorSet:
    out = tmp / "protos.pb"
    protos = sorted(str(p.relative_to(PROTO_DIR)) for p in PROTO_DIR.rglob("*.proto"))
    well_known = str(resources.files("grpc_tools") / "_proto")
    args = ["protoc", f"-I{PROTO_DIR}", f"-I{well_known}", "--include_source_info",
            f"--descriptor_set_out={out}", *protos]
    assert protoc.main(args) == 0, "protoc failed"
    return descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())


def _comments(files: descriptor_pb2.FileDescriptorSet) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Each field's comment by full name (``pkg.Message.field``), and each file's
    general rules (the globs its package comment bounds) by file name."""
    fields: dict[str, str] = {}
    rules: dict[str, list[str]] = {}
    for file in files.file:
        paths: dict[tuple[int, ...], str] = {}
        for loc in file.source_code_info.location:
            paths[tuple(loc.path)] = " ".join([*loc.leading_detached_comments, loc.leading_comments,
                                               loc.trailing_comments])
        header = " ".join(paths.get((_PACKAGE,), "").split())
        rules[file.name] = RULE.findall(header)

        _walk(file.message_type, file.package, (_MESSAGE_TYPE,), paths, fields)
    return fields, rules


def _walk(messages, prefix: str, path: tuple[int, ...], paths: dict, fields: dict[str, str]) -> None:
    for i, message in enumerate(messages):
        at = (*path, i)
        name = f"{prefix}.{message.name}"
        for j, field in enumerate(message.field):
            fields[f"{name}.{field.name}"] = " ".join(paths.get((*at, _FIELD, j), "").split())
        _walk(message.nested_type, name, (*at, _NESTED_TYPE), paths, fields)


def _requests() -> dict[str, Descriptor]:
    """The request message of every RPC of every service, by RPC."""
    pool = symbol_database.Default().pool
    found: dict[str, Descriptor] = {}
    for info in SERVICES:
        importlib.import_module(f"{info.module}.bootstrap")
        for service in [*info.grpc_services, OPERATIONS]:
            for method in pool.FindServiceByName(service).methods:
                found[method.full_name] = method.input_type
    return found


def _sent_fields(message: Descriptor, seen: set[str]) -> list[FieldDescriptor]:
    """The fields of ``message`` and of the offkai messages nested in it."""
    if message.full_name in seen or not message.full_name.startswith("offkai."):
        return []
    seen.add(message.full_name)
    found = list(message.fields)
    for field in message.fields:
        if field.message_type is not None:
            found += _sent_fields(field.message_type, seen)
    return found


def _needs_limit(field: FieldDescriptor) -> bool:
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        return True
    return field.is_repeated or field.type in _BOUNDED_TYPES


def test_every_string_and_list_a_caller_sends_has_a_documented_maximum(tmp_path):
    comments, rules = _comments(_compiled(tmp_path))
    seen: set[str] = set()
    fields = [f for request in _requests().values() for f in _sent_fields(request, seen)]
    assert len(fields) > 100, "the walk found too few fields to be reading the services"
    missing = []
    for field in fields:
        if not _needs_limit(field):
            continue
        if LIMIT.search(comments.get(field.full_name, "")):
            continue
        if any(fnmatchcase(field.name, glob) for glob in rules.get(field.file.name, [])):
            continue
        missing.append(field.full_name)
    assert not missing, "fields whose comment states no maximum ('at most N'):\n  " + "\n  ".join(sorted(missing))


@pytest.mark.parametrize("comment, covered", [
    ("Limits: every field named *_id is one line of at most 128 characters.", ["*_id"]),
    ("Every field named request_id is at most 128 characters.", ["request_id"]),
    ("Every field named *_id is one line.", []),
])
def test_general_rules_are_read_from_the_package_comment(comment, covered):
    assert RULE.findall(comment) == covered
