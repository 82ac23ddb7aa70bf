"""The meetup aggregate, pure: commands in, protobuf events out.

``MEETUP`` is the kit's Decider for it (stream type ``meetup``, stream id
``meetup-<uuid>``): ``evolve`` folds events into a ``MeetupState`` and
``decide(state, command, now)`` runs the rules; ``due_steps``/``next_due_at``
(``timed_steps``) drive the time-based steps.
"""

from offkai_events.domain import snapshot_codec
from offkai_events.domain.decide import decide
from offkai_events.domain.evolve import evolve
from offkai_events.domain.state import INITIAL, MeetupState
from offkai_events.domain.timed_steps import SCHEDULER, due_steps, next_due_at
from offkai_kit.decider import Decider

STREAM_TYPE = "meetup"

MEETUP: Decider[MeetupState] = Decider(
    stream_type=STREAM_TYPE,
    initial=INITIAL,
    evolve=evolve,
    decide=decide,
    snapshot=snapshot_codec.snapshot,
    restore=snapshot_codec.restore,
    snapshot_every=100,
    snapshot_schema=snapshot_codec.SCHEMA,
)


def stream_id(meetup_id: str) -> str:
    return f"{STREAM_TYPE}-{meetup_id}"


__all__ = ["MEETUP", "SCHEDULER", "decide", "due_steps", "next_due_at", "stream_id"]
