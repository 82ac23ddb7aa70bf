"""notify's pure domain: the subscriber aggregate (a member's channels and
preferences) and the policies deliveries follow — categories, urgency, quiet
hours, retries, reminder and digest timing.

``SUBSCRIBER`` is the kit's Decider (stream type ``subscriber``, stream id
``subscriber-<member_id>``); ``decide(state, command, now)`` runs the rules.
Nothing here does I/O.
"""

from offkai_kit.decider import Decider
from offkai_notify.domain.decide import DECIDERS, decide
from offkai_notify.domain.evolve import EVOLVERS, evolve
from offkai_notify.domain.state import INITIAL, SubscriberState

STREAM_TYPE = "subscriber"

SUBSCRIBER: Decider[SubscriberState] = Decider(stream_type=STREAM_TYPE, initial=INITIAL, evolve=evolve, decide=decide)


def stream_id(member_id: str) -> str:
    return f"{STREAM_TYPE}-{member_id}"


__all__ = ["DECIDERS", "EVOLVERS", "SUBSCRIBER", "decide", "evolve", "stream_id"]
