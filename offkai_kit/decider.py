"""The shape of an event-sourced aggregate, as the kit sees it.

A service's domain provides, per aggregate, an initial state, a pure
``evolve(state, event) -> state`` fold over protobuf event payloads and a pure
``decide(state, command, now) -> events``. The kit loads, folds, decides, appends and
snapshots (``offkai_kit.commands``); the domain never touches I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from google.protobuf.message import Message

State = TypeVar("State")
Evolve = Callable[[State, Message], State]


def fold(evolve: Evolve, state: State, events: Iterable[Message]) -> State:
    """``state`` after ``events``, in order."""
    for event in events:
        state = evolve(state, event)
    return state


@dataclass(frozen=True)
class Decider(Generic[State]):
    # Aggregate kind; the third token of the event subjects, e.g. "meetup".
    stream_type: str
    initial: State
    evolve: Evolve
    # The rules: which events a command leads to (none: nothing to do), or an
    # offkai_kit.errors exception. ``now`` is the service clock's aware UTC time.
    decide: Callable[[State, Any, datetime], Sequence[Message]]
    # Optional snapshot codec: with both set, the store keeps a snapshot every
    # ``snapshot_every`` events so loading a long stream stays fast.
    snapshot: Callable[[State], bytes] | None = None
    restore: Callable[[bytes], State] | None = None
    snapshot_every: int = 100
    # Bump when the state shape changes: older snapshots are ignored, not misread.
    snapshot_schema: int = 1

    def fold(self, state: State, events: Iterable[Message]) -> State:
        return fold(self.evolve, state, events)
