"""The shape of an event-sourced aggregate, as the kit sees it.

A service's domain module provides an initial state and a pure ``evolve(state, event)``
fold over protobuf event payloads; its command functions are pure
``decide(state, command) -> list[event]``. The kit loads, folds, appends and
snapshots; the domain never touches I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from google.protobuf.message import Message

State = TypeVar("State")


@dataclass(frozen=True)
class Decider(Generic[State]):
    # Aggregate kind; the third token of the event subjects, e.g. "meetup".
    stream_type: str
    initial: State
    evolve: Callable[[State, Message], State]
    # Optional snapshot codec: with both set, the store keeps a snapshot every
    # ``snapshot_every`` events so loading a long stream stays fast.
    snapshot: Callable[[State], bytes] | None = None
    restore: Callable[[bytes], State] | None = None
    snapshot_every: int = 100
    # Bump when the state shape changes: older snapshots are ignored, not misread.
    snapshot_schema: int = 1

    def fold(self, state: State, events) -> State:
        for event in events:
            state = self.evolve(state, event)
        return state
