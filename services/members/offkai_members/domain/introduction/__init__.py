"""The introduction aggregate: A introduces B to C; both consent.

Stream type ``introduction``, stream id ``introduction-<introduction_id>``.
Query-side rule for later: until the introduction is completed and B and C
are connected, neither may see the other's CONNECTIONS handles — which
``visibility`` gives by itself, since it looks only at the relationship.
"""

from offkai_kit.decider import Decider
from offkai_members.domain.introduction.decide import decide
from offkai_members.domain.introduction.evolve import evolve
from offkai_members.domain.introduction.state import INITIAL, IntroductionState

STREAM_TYPE = "introduction"

INTRODUCTION: Decider = Decider(stream_type=STREAM_TYPE, initial=INITIAL, evolve=evolve, decide=decide)


def stream_id(introduction_id: str) -> str:
    return f"{STREAM_TYPE}-{introduction_id}"


__all__ = ["INITIAL", "INTRODUCTION", "STREAM_TYPE", "IntroductionState", "decide", "evolve", "stream_id"]
