"""Every aggregate has the same shape (stream type, stream id, initial state,
evolve, decide, the kit's Decider), folds exactly the events its subjects
document, and decides every command it declares."""

from __future__ import annotations

import importlib
import re
from functools import reduce
from pathlib import Path

import pytest

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.decider import Decider as KitDecider
from offkai_members.domain import community, introduction, invitation, member, relationship
from tests.members.unit.builders import NOW, block, request

EVENTS_PROTO = Path(__file__).resolve().parents[3] / "proto/offkai/members/v1/events.proto"

AGGREGATES = {
    member: (member.MEMBER, ("ayumi",)),
    community: (community.COMMUNITY, ("hokkaido-bloggers",)),
    relationship: (relationship.RELATIONSHIP, ("ayumi", "kenji")),
    introduction: (introduction.INTRODUCTION, ("i-1",)),
    invitation: (invitation.INVITATION, ("v-1",)),
}


def documented_subjects() -> dict[str, set[str]]:
    """Stream type -> event names, from the `Subject:` lines of events.proto."""
    found: dict[str, set[str]] = {}
    for stream_type, name in re.findall(r"Subject: offkai\.members\.(\w+)\.(\w+)", EVENTS_PROTO.read_text()):
        found.setdefault(stream_type, set()).add(name)
    return found


def module(aggregate, name: str):
    return importlib.import_module(f"{aggregate.__name__}.{name}")


@pytest.mark.parametrize("aggregate", AGGREGATES, ids=lambda a: a.STREAM_TYPE)
def test_each_aggregate_has_the_deciders_shape(aggregate):
    decider, ids = AGGREGATES[aggregate]
    assert isinstance(decider, KitDecider)
    assert (decider.stream_type, decider.initial) == (aggregate.STREAM_TYPE, aggregate.INITIAL)
    assert decider.evolve is aggregate.evolve and decider.decide is aggregate.decide
    assert aggregate.stream_id(*ids) == f"{aggregate.STREAM_TYPE}-{'~'.join(ids)}"


@pytest.mark.parametrize("aggregate", AGGREGATES, ids=lambda a: a.STREAM_TYPE)
def test_each_aggregate_folds_exactly_its_documented_events(aggregate):
    folded = {cls.__name__ for cls in module(aggregate, "evolve").EVOLVERS}
    assert folded == documented_subjects()[aggregate.STREAM_TYPE]


def test_every_event_in_the_contract_has_a_subject():
    declared = {name for name in ev.DESCRIPTOR.message_types_by_name}
    assert declared == set().union(*documented_subjects().values())


@pytest.mark.parametrize("aggregate", AGGREGATES, ids=lambda a: a.STREAM_TYPE)
def test_unknown_events_are_a_programming_error(aggregate):
    stranger = ev.CommunityCreated() if aggregate is member else ev.MemberRegistered()
    with pytest.raises(TypeError, match="cannot apply"):
        aggregate.evolve(aggregate.INITIAL, stranger)


@pytest.mark.parametrize("aggregate", AGGREGATES, ids=lambda a: a.STREAM_TYPE)
def test_every_declared_command_has_a_decide_function(aggregate):
    declared = set(module(aggregate, "commands").Command.__args__)
    assert set(module(aggregate, "decide").DECIDERS) == declared


def test_the_kits_fold_and_reduce_agree():
    events = relationship.decide(relationship.INITIAL, request("ayumi", "kenji"), NOW)
    state = reduce(relationship.evolve, events, relationship.INITIAL)
    events += relationship.decide(state, block("kenji", "ayumi"), NOW)
    folded = relationship.RELATIONSHIP.fold(relationship.INITIAL, events)
    assert folded == reduce(relationship.evolve, events, relationship.INITIAL)
    assert folded.blocked_by("kenji") and folded.request is None
