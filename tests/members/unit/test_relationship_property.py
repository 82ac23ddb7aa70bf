"""Properties: under any sequence of requests, accepts, declines, withdrawals,
removals, blocks and unblocks among a few members,

- no connection is one-sided: both members see the same standing;
- no connection (or pending request) coexists with a block;
- no handle is visible to someone its visibility forbids;

and the domain agrees, command by command, with a deliberately plain model
(sets of pairs). Refused commands leave the state as it was. A second
property: whatever members do with their handles, no event on the stream
carries the value of a handle not visible to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from offkai.members.v1 import events_pb2 as ev
from offkai.members.v1 import types_pb2 as pb
from offkai_kit.errors import OffkaiError
from offkai_members.domain import member, relationship
from offkai_members.domain.member import commands as mc
from offkai_members.domain.model import Handle, HandleKind, Visibility
from offkai_members.domain.relationship.state import Standing
from offkai_members.domain.visibility import profile_as_seen
from tests.members.unit.builders import (
    NOW,
    accept,
    as_member,
    block,
    decline,
    registered,
    remove,
    request,
    run,
    unblock,
    withdraw,
)

MEMBERS = ["aki", "ayumi", "kenji"]
BUILDERS = {
    "request": request,
    "accept": accept,
    "decline": decline,
    "withdraw": withdraw,
    "remove": remove,
    "block": block,
    "unblock": unblock,
}
HANDLES = (
    Handle("h-1", HandleKind.GITHUB, Visibility.EVERYONE, "octocat"),
    Handle("h-2", HandleKind.LINE, Visibility.CONNECTIONS, "ayumi.kato"),
    Handle("h-3", HandleKind.X, Visibility.NOBODY, "ayumi_k"),
)
PROFILES = {m: registered(m) for m in MEMBERS}


def pair(a: str, b: str) -> tuple[str, str]:
    return tuple(sorted((a, b)))


@dataclass
class Model:
    """Who is connected, who asked whom, who blocked whom: nothing else."""

    connected: set[tuple[str, str]] = field(default_factory=set)
    pending: dict[tuple[str, str], str] = field(default_factory=dict)  # pair -> requester
    blocks: set[tuple[str, str]] = field(default_factory=set)  # (blocker, blocked)

    def apply(self, kind: str, a: str, b: str) -> bool:
        """Applies the op if the rules allow it; False when refused."""
        if a == b:
            return False
        p = pair(a, b)
        if kind == "request":
            if self.blocks & {(a, b), (b, a)} or p in self.connected or p in self.pending:
                return False
            self.pending[p] = a
        elif kind in ("accept", "decline"):
            if self.pending.get(p) != b:
                return False
            del self.pending[p]
            if kind == "accept":
                self.connected.add(p)
        elif kind == "withdraw":
            if self.pending.get(p) != a:
                return False
            del self.pending[p]
        elif kind == "remove":
            if p not in self.connected:
                return False
            self.connected.discard(p)
        elif kind == "block":
            if (a, b) not in self.blocks:
                self.blocks.add((a, b))
                self.connected.discard(p)
                self.pending.pop(p, None)
        elif kind == "unblock":
            self.blocks.discard((a, b))
        return True


MIRROR = {
    Standing.NONE: {Standing.NONE},
    Standing.CONNECTED: {Standing.CONNECTED},
    Standing.REQUEST_SENT: {Standing.REQUEST_RECEIVED},
    Standing.REQUEST_RECEIVED: {Standing.REQUEST_SENT},
    Standing.BLOCKED: {Standing.BLOCKED, Standing.BLOCKED_BY_OTHER},
    Standing.BLOCKED_BY_OTHER: {Standing.BLOCKED},
}


def check_pair(state, model: Model, a: str, b: str) -> None:
    p = pair(a, b)
    # The domain agrees with the model.
    assert state.connected == (p in model.connected)
    assert (state.request.requester_id if state.request else None) == model.pending.get(p)
    assert set(state.blocks) == {blocker for blocker, blocked in model.blocks if pair(blocker, blocked) == p}
    # No connection or request across a block.
    assert not (state.blocked and (state.connected or state.request is not None))
    # Never one-sided: each side's standing mirrors the other's.
    assert state.standing_of(b) in MIRROR[state.standing_of(a)]


def check_handles(state, model: Model, owner: str, viewer: str) -> None:
    view = profile_as_seen(PROFILES[owner], viewer, state, HANDLES)
    if model.blocks & {(owner, viewer), (viewer, owner)}:
        assert view is None
        return
    allowed = {Visibility.EVERYONE} | ({Visibility.CONNECTIONS} if pair(owner, viewer) in model.connected else set())
    assert {h.visibility for h in view.handles} == allowed


def members_named(event) -> set[str]:
    fields = ("requester_id", "addressee_id", "member_id", "other_member_id", "blocker_id", "blocked_id")
    return {getattr(event, f) for f in fields if f in event.DESCRIPTOR.fields_by_name}


# Requests and accepts weigh more, so connections (and then blocks on them)
# come up often; now and then a member acts on themself.
KINDS = [
    "request",
    "request",
    "request",
    "accept",
    "accept",
    "accept",
    "decline",
    "withdraw",
    "remove",
    "block",
    "block",
    "unblock",
]
ORDERED_PAIRS = [(a, b) for a in MEMBERS for b in MEMBERS if a != b]
ops = st.tuples(
    st.sampled_from(KINDS),
    st.one_of(st.sampled_from(ORDERED_PAIRS), st.sampled_from(MEMBERS).map(lambda m: (m, m))),
).map(lambda op: (op[0], *op[1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(ops, max_size=40))
def test_relationships_stay_mutual_and_respect_blocks_and_visibility(steps):
    model = Model()
    states = {}
    for kind, a, b in steps:
        key = pair(a, b)
        before = states.get(key, relationship.INITIAL)
        expected = model.apply(kind, a, b)
        try:
            after, events = run(relationship, before, BUILDERS[kind](a, b))
        except OffkaiError:
            assert not expected, f"{kind} {a}->{b} was refused but the rules allow it"
            continue
        assert expected, f"{kind} {a}->{b} was allowed but the rules refuse it"
        for event in events:
            assert members_named(event) == {a, b}
        states[key] = after
        # After every step, not only at the end: a later step may hide a broken state.
        check_pair(after, model, a, b)
    for i, a in enumerate(MEMBERS):
        for b in MEMBERS[i + 1 :]:
            state = states.get(pair(a, b), relationship.INITIAL)
            check_pair(state, model, a, b)
            check_handles(state, model, a, b)
            check_handles(state, model, b, a)


# -- handles on the stream ----------------------------------------------------------------------

VALUES = {
    HandleKind.GITHUB: "octocat",
    HandleKind.LINE: "ayumi.kato",
    HandleKind.X: "@ayumi_k",
    HandleKind.FACEBOOK: "ayumi.kato",
    HandleKind.BLOG_URL: "https://ayumi.example.jp/",
    HandleKind.OTHER_URL: "https://note.com/ayumi",
}
handle_ops = st.tuples(
    st.sampled_from(["add", "change", "remove"]),
    st.sampled_from(["h-1", "h-2", "h-3"]),
    st.sampled_from(list(HandleKind)),
    st.sampled_from(list(Visibility)),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(handle_ops, max_size=30))
def test_no_hidden_handle_value_ever_reaches_the_stream(steps):
    state = registered("ayumi")
    kept: dict[str, str] = {}  # what the service keeps outside the stream
    actor = as_member("ayumi")
    for kind, handle_id, handle_kind, visibility in steps:
        current = state.handle(handle_id)
        if kind == "add":
            value = VALUES[handle_kind]
            command = mc.AddHandle(
                actor=actor,
                member_id="ayumi",
                handle_id=handle_id,
                kind=handle_kind,
                value=value,
                visibility=visibility,
            )
        elif kind == "change":
            value = VALUES[current.kind] if current else "x"
            command = mc.ChangeHandle(
                actor=actor,
                member_id="ayumi",
                handle_id=handle_id,
                value=value,
                visibility=visibility,
                current_value=kept.get(handle_id, ""),
            )
        else:
            command = mc.RemoveHandle(actor=actor, member_id="ayumi", handle_id=handle_id)
        try:
            events = member.decide(state, command, NOW)
        except OffkaiError:
            continue
        for event in events:
            if isinstance(event, (ev.HandleAdded, ev.HandleChanged)):
                assert bool(event.value) == (event.visibility == pb.HANDLE_VISIBILITY_EVERYONE)
                kept[event.handle_id] = value
            elif isinstance(event, ev.HandleRemoved):
                kept.pop(event.handle_id, None)
            state = member.evolve(state, event)
        for handle in state.handles:
            assert (handle.value != "") == (handle.visibility is Visibility.EVERYONE)
