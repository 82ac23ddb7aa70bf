"""The member aggregate: a person's profile, contact handles and erasure.

Stream type ``member``, stream id ``member-<member_id>``. ``MEMBER`` is the
kit's Decider for it.
"""

from offkai_kit.decider import Decider
from offkai_members.domain.member.decide import decide
from offkai_members.domain.member.evolve import evolve
from offkai_members.domain.member.state import INITIAL, MemberState

STREAM_TYPE = "member"

MEMBER: Decider = Decider(stream_type=STREAM_TYPE, initial=INITIAL, evolve=evolve, decide=decide)


def stream_id(member_id: str) -> str:
    return f"{STREAM_TYPE}-{member_id}"


__all__ = ["INITIAL", "MEMBER", "STREAM_TYPE", "MemberState", "decide", "evolve", "stream_id"]
