"""The community aggregate: a group members join or follow, with owners,
organizers and members.

Stream type ``community``, stream id ``community-<community_id>``.
"""

from offkai_kit.decider import Decider
from offkai_members.domain.community.decide import decide
from offkai_members.domain.community.evolve import evolve
from offkai_members.domain.community.state import INITIAL, CommunityRole, CommunityState

STREAM_TYPE = "community"

COMMUNITY: Decider = Decider(stream_type=STREAM_TYPE, initial=INITIAL, evolve=evolve, decide=decide)


def stream_id(community_id: str) -> str:
    return f"{STREAM_TYPE}-{community_id}"


__all__ = ["COMMUNITY", "INITIAL", "STREAM_TYPE", "CommunityRole", "CommunityState", "decide", "evolve", "stream_id"]
