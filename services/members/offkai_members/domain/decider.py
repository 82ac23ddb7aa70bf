"""TEMPORARY: the kit's ``Decider`` with a ``decide`` field.

The kit's Decider is becoming ``Decider(stream_type, initial, evolve, decide,
snapshot=None, restore=None, ...)``. Until the installed kit has that field,
this adds it in a subclass, so the aggregates can already be built with
``decide=`` and the kit keeps accepting them. Delete this module and import
``offkai_kit.decider.Decider`` once the kit's own has ``decide``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from offkai_kit.decider import Decider as KitDecider

if "decide" in {f.name for f in fields(KitDecider)}:
    Decider = KitDecider
else:

    @dataclass(frozen=True, kw_only=True)
    class Decider(KitDecider):  # type: ignore[no-redef]
        # decide(state, command, now) -> list of events
        decide: Callable[[Any, Any, Any], list]


__all__ = ["Decider"]
