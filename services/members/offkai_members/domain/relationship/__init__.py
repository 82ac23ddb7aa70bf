"""The relationship aggregate: everything between two members — a pending
request, a connection with its provenance, and each side's block.

Stream type ``relationship``; one stream per unordered pair, id
``relationship-<lower id>~<higher id>`` (ids sorted by code point). Member ids
never contain "~" (see ``validate.MEMBER_ID``), so the id names exactly one
pair; handlers check both ids before asking for the stream.
"""

from offkai_kit.decider import Decider
from offkai_members.domain.relationship.decide import decide
from offkai_members.domain.relationship.evolve import evolve
from offkai_members.domain.relationship.state import INITIAL, RelationshipState, Standing
from offkai_members.domain.validate import MEMBER_ID

STREAM_TYPE = "relationship"
SEPARATOR = "~"

RELATIONSHIP: Decider = Decider(stream_type=STREAM_TYPE, initial=INITIAL, evolve=evolve, decide=decide)


def stream_id(member_id: str, other_id: str) -> str:
    """The same id whichever member comes first."""
    for member in (member_id, other_id):
        if not MEMBER_ID.fullmatch(member):
            raise ValueError(f"not a member id: {member!r}")
    low, high = sorted((member_id, other_id))
    return f"{STREAM_TYPE}-{low}{SEPARATOR}{high}"


__all__ = [
    "INITIAL",
    "RELATIONSHIP",
    "STREAM_TYPE",
    "RelationshipState",
    "Standing",
    "decide",
    "evolve",
    "stream_id",
]
