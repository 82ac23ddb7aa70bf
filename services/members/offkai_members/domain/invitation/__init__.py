"""The invitation aggregate: a member invites a member or an email address to
a meetup or a community; tracked from sent to accepted (joined / RSVPed) or
declined.

Stream type ``invitation``, stream id ``invitation-<invitation_id>``.
"""

from offkai_kit.decider import Decider
from offkai_members.domain.invitation.decide import decide
from offkai_members.domain.invitation.evolve import evolve
from offkai_members.domain.invitation.state import INITIAL, InvitationState

STREAM_TYPE = "invitation"

INVITATION: Decider = Decider(stream_type=STREAM_TYPE, initial=INITIAL, evolve=evolve, decide=decide)


def stream_id(invitation_id: str) -> str:
    return f"{STREAM_TYPE}-{invitation_id}"


__all__ = ["INITIAL", "INVITATION", "STREAM_TYPE", "InvitationState", "decide", "evolve", "stream_id"]
