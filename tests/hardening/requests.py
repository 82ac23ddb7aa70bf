"""Adversarial requests for any RPC, built from its request message's descriptor:
hypothesis strategies that fill every field with the values callers get wrong —
empty, huge, control characters and unusual Unicode in strings, ids of other members,
unknown enum numbers, negative and extreme numbers, malformed times — plus raw bytes
that are not protobuf at all. No hand-kept list of RPCs or fields: a new RPC or field
is covered the day it is added."""

from __future__ import annotations

import time

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message
from hypothesis import strategies as st

OTHER_MEMBERS = ["m-1", "m-2", "org-aki", "admin-1", "someone-else"]
# Strings a form, a script or an attacker sends.
NASTY_TEXT = [
    "", " ", "a", "x" * 129, "x" * 5000, "line\nbreak", "tab\there", "nul\x00byte", "\u202eevil", "\u2028",
    "ｆｕｌｌｗｉｄｔｈ", "オフ会 👩\u200d💻", "<script>alert(1)</script>", "'; DROP TABLE events; --",
    "../../etc/passwd", "America", "Asia/Tokyo", "https://example.org/x", "javascript:alert(1)", "ftp://x",
    "ayumi@example.org", "\udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace"), "0", "-1",
    "meetup-1", "in-person", "main", "MEETUP_FORMAT_ONLINE", "%s%s%s", "{{7*7}}", "\x7f\x1b[31m",
]
INT_EDGES = [0, 1, -1, 2, 7, 100, 1_000_000, -(2**31), 2**31 - 1]
UINT_EDGES = [0, 1, 2, 7, 100, 1_000_000, 2**32 - 1]
INT64_EDGES = INT_EDGES + [-(2**63), 2**63 - 1]
SECONDS = [0, 1, -1, 1_800_000_000, 253_402_300_799, 253_402_300_800, -62_135_596_801, 2**62]

_INT_KINDS = {
    FieldDescriptor.TYPE_INT32: INT_EDGES,
    FieldDescriptor.TYPE_SINT32: INT_EDGES,
    FieldDescriptor.TYPE_SFIXED32: INT_EDGES,
    FieldDescriptor.TYPE_UINT32: UINT_EDGES,
    FieldDescriptor.TYPE_FIXED32: UINT_EDGES,
    FieldDescriptor.TYPE_INT64: INT64_EDGES,
    FieldDescriptor.TYPE_SINT64: INT64_EDGES,
    FieldDescriptor.TYPE_SFIXED64: INT64_EDGES,
    FieldDescriptor.TYPE_UINT64: UINT_EDGES + [2**64 - 1],
    FieldDescriptor.TYPE_FIXED64: UINT_EDGES + [2**64 - 1],
}


# Plausible values by field name, so that most requests get past the first check and
# one nasty field at a time reaches the rules behind it. The test adds the ids of what
# it seeded (a meetup, a frame) under their field names.
PLAUSIBLE: dict[str, list] = {
    "request_id": ["r-1", "r-2", "r-3"],
    "member_id": OTHER_MEMBERS,
    "timezone": ["Asia/Tokyo", "Europe/Paris", "UTC"],
    "locale": ["ja", "en"],
    "title": ["Rust mini-off", "ブロガーオフ会"],
    "display_name": ["Ayumi", "加藤あゆみ"],
    "community_id": ["rust-tokyo", "hokkaido-bloggers"],
    "organizer_ids": [["org-aki"]],
    "prefecture": ["Tokyo", "Hokkaido"],
    "city": ["Shibuya", "Sapporo"],
    "name": ["Cafe Komorebi", "Main"],
    "frame_id": ["in-person", "main"],
    "code": ["K7Q2PX", "ABCD2345"],
    "page_size": [1, 10, 50],
    "email": ["ayumi@example.org"],
    "url": ["https://example.org/join"],
    "online_url": ["https://example.org/join"],
    "join_url": ["https://example.org/join"],
}


def _scalar(field: FieldDescriptor) -> st.SearchStrategy:
    plausible = PLAUSIBLE.get(field.name)
    if plausible and not isinstance(plausible[0], list):
        nasty = _nasty(field)
        return st.one_of(st.sampled_from(plausible), st.sampled_from(plausible), nasty)
    return _nasty(field)


def _nasty(field: FieldDescriptor) -> st.SearchStrategy:
    kind = field.type
    if kind == FieldDescriptor.TYPE_STRING:
        return st.one_of(st.sampled_from(NASTY_TEXT + OTHER_MEMBERS), st.text(max_size=40))
    if kind == FieldDescriptor.TYPE_BYTES:
        return st.binary(max_size=64)
    if kind == FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        return st.one_of(st.sampled_from([0.0, -0.0, 1e308, -1e308, float("nan"), float("inf")]),
                         st.floats(allow_nan=True, width=32 if kind == FieldDescriptor.TYPE_FLOAT else 64))
    if kind == FieldDescriptor.TYPE_ENUM:
        known = [v.number for v in field.enum_type.values]
        valid = [n for n in known if n] or known
        return st.one_of(st.sampled_from(valid), st.sampled_from(valid), st.sampled_from(known + [max(known) + 1, 999, -1]))
    return st.sampled_from(_INT_KINDS[kind])


def _timestamp_like(descriptor: Descriptor) -> st.SearchStrategy | None:
    if descriptor.full_name == "google.protobuf.Timestamp":
        # Mostly days to weeks ahead (a meetup's times), sometimes the edges.
        ahead = st.integers(min_value=2 * 86400, max_value=60 * 86400).map(lambda s: int(time.time()) + s)
        return st.fixed_dictionaries({
            "seconds": st.one_of(ahead, ahead, st.sampled_from(SECONDS)),
            "nanos": st.sampled_from([0, 0, 0, 1, 999_999_999, 1_000_000_000, -1]),
        })
    if descriptor.full_name == "google.protobuf.Duration":
        return st.fixed_dictionaries({
            "seconds": st.sampled_from([3600, 7200, 86400] + SECONDS),
            "nanos": st.sampled_from([0, 0, 1, 999_999_999, 1_000_000_000, -1]),
        })
    return None


def message_values(descriptor: Descriptor, depth: int = 0) -> st.SearchStrategy[dict]:
    """A dict of field name → value for ``descriptor``; nested messages as dicts."""
    special = _timestamp_like(descriptor)
    if special is not None:
        return special
    fields = {}
    for field in descriptor.fields:
        if field.message_type is not None:
            if field.message_type.GetOptions().map_entry or depth >= 3:
                continue
            value = message_values(field.message_type, depth + 1)
        else:
            value = _scalar(field)
        if field.is_repeated:
            plausible = PLAUSIBLE.get(field.name)
            if plausible and isinstance(plausible[0], list):
                value = st.one_of(st.sampled_from(plausible), st.lists(value, max_size=3))
            elif field.message_type is None:
                value = st.one_of(st.lists(value, max_size=3), st.lists(value, min_size=201, max_size=201))
            else:
                value = st.lists(value, min_size=1, max_size=3)
        fields[field.name] = st.one_of(st.none(), value, value)
    return st.fixed_dictionaries(fields).map(lambda d: {k: v for k, v in d.items() if v is not None})


def fill(message: Message, values: dict) -> Message:
    """Set ``values`` on ``message``, skipping what protobuf itself refuses to hold
    (out-of-range ints): the wire format cannot carry those, so no caller can send them."""
    for name, value in values.items():
        field = message.DESCRIPTOR.fields_by_name[name]
        try:
            if field.message_type is not None:
                if field.is_repeated:
                    for item in value:
                        fill(getattr(message, name).add(), item)
                else:
                    fill(getattr(message, name), value)
            elif field.is_repeated:
                getattr(message, name).extend(value)
            else:
                setattr(message, name, value)
        except (ValueError, TypeError, OverflowError):
            continue
    return message


def requests_for(request_type: type[Message]) -> st.SearchStrategy[bytes]:
    """Wire bytes: mostly adversarial messages of ``request_type``, sometimes not
    protobuf at all."""
    built = message_values(request_type.DESCRIPTOR).map(
        lambda values: fill(request_type(), values).SerializeToString()
    )
    garbage = st.one_of(st.binary(min_size=1, max_size=64), st.sampled_from([b"\xff\xff\xff", b"\x0a\x02\xff\xfe"]))
    return st.one_of(built, built, built, garbage)


# -- one nasty field in an otherwise valid request ------------------------------

# A few values of each kind that break rules, rather than every value there is.
NASTY_CLASSES = ["", " ", "x" * 5000, "line\nbreak", "nul\x00byte", "\u202eevil", "America", "ftp://x",
                 "someone-else", "ｆｕｌｌ", "-1"]


def leaf_paths(descriptor: Descriptor, prefix: tuple = (), depth: int = 0) -> list[tuple]:
    """Every scalar field reachable from ``descriptor`` (through singular and first
    repeated message fields), as paths of field descriptors."""
    found = []
    for field in descriptor.fields:
        path = (*prefix, field)
        if field.message_type is None:
            found.append(path)
        elif field.message_type.full_name in ("google.protobuf.Timestamp", "google.protobuf.Duration"):
            found.append(path)
        elif not field.message_type.GetOptions().map_entry and depth < 4:
            found += leaf_paths(field.message_type, path, depth + 1)
    return found


def _target(message: Message, path: tuple) -> tuple[Message, FieldDescriptor]:
    for field in path[:-1]:
        if field.is_repeated:
            items = getattr(message, field.name)
            message = items[0] if len(items) else items.add()
        else:
            message = getattr(message, field.name)
    return message, path[-1]


def _nasty_value(field: FieldDescriptor) -> st.SearchStrategy:
    if field.message_type is not None:  # Timestamp / Duration
        return st.fixed_dictionaries({"seconds": st.sampled_from(SECONDS),
                                      "nanos": st.sampled_from([0, -1, 1_000_000_000])})
    if field.type == FieldDescriptor.TYPE_STRING:
        return st.sampled_from(NASTY_CLASSES)
    return _nasty(field)


def mutations(seeds: list[Message]) -> st.SearchStrategy[bytes]:
    """Wire bytes of a seed (a valid request) with one field made nasty — or the
    seed as it is, or 201 copies of a repeated item."""

    @st.composite
    def mutate(draw) -> bytes:
        seed = draw(st.sampled_from(seeds))
        request = type(seed)()
        request.CopyFrom(seed)
        paths = leaf_paths(request.DESCRIPTOR)
        if not paths or draw(st.integers(0, 9)) == 0:
            return request.SerializeToString()
        path = draw(st.sampled_from(paths))
        target, field = _target(request, path)
        value = draw(_nasty_value(field))
        try:
            if field.message_type is not None:
                holder = getattr(target, field.name).add() if field.is_repeated else getattr(target, field.name)
                fill(holder, value)
            elif field.is_repeated:
                values = getattr(target, field.name)
                values.extend([value] * draw(st.sampled_from([1, 201])))
            else:
                setattr(target, field.name, value)
        except (ValueError, TypeError, OverflowError):
            pass
        return request.SerializeToString()

    return mutate()
