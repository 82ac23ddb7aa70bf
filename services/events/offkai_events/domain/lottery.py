"""Lottery frames (抽選): a draw anyone can replay from the recorded seed.

The rule is deliberately language-neutral: rank each applicant by the hex
SHA-256 of ``"<seed>:<member_id>"``, lowest first; the first ``capacity``
win, the rest join the waitlist in that order. It does not depend on the
order applications arrived, on Python's ``random`` (whose algorithms may
change between versions), or on anything not in the LotteryDrawn event. The
seed is drawn by the handler when the draw runs, after applications closed,
so nobody can aim for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from offkai.events.v1 import events_pb2 as ev
from offkai_events.domain.commands import DrawLottery
from offkai_events.domain.guards import existing, frame_of, require_step_runner
from offkai_events.domain.payloads import meetup_summary, timestamp
from offkai_events.domain.state import MeetupState, MeetupStatus, RsvpStatus
from offkai_kit.errors import FailedPrecondition, InvalidArgument

ALGORITHM = "sha256-rank-v1"


def rank(seed: str, member_id: str) -> str:
    return hashlib.sha256(f"{seed}:{member_id}".encode()).hexdigest()


def draw(applicants: Sequence[str], capacity: int, seed: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(winners, waitlisted), each in draw order."""
    order = sorted(applicants, key=lambda member_id: (rank(seed, member_id), member_id))
    seats = max(0, capacity)
    return tuple(order[:seats]), tuple(order[seats:])


def replays(event: ev.LotteryDrawn) -> bool:
    """Whether the recorded outcome is what the recorded seed gives."""
    winners, waitlisted = draw(event.applicant_ids, event.capacity, event.seed)
    return (
        event.algorithm == ALGORITHM
        and list(winners) == list(event.winner_ids)
        and list(waitlisted) == list(event.waitlisted_ids)
    )


def draw_lottery(state: MeetupState, c: DrawLottery, now: datetime) -> list:
    existing(state, c.meetup_id, c.actor)
    require_step_runner(state, c.actor, "draw a lottery")
    if not c.seed:
        raise InvalidArgument.field("seed", "required")
    fs = frame_of(state, c.frame_id)
    if not fs.frame.is_lottery:
        raise FailedPrecondition(f"frame '{c.frame_id}' is first-come; only lottery frames are drawn")
    # Already drawn, or nothing left to draw for: a repeated step decides nothing.
    if fs.drawn or state.status is not MeetupStatus.PUBLISHED:
        return []
    if now < fs.frame.draw_at:
        raise FailedPrecondition(f"lottery frame '{c.frame_id}' draws at its draw time, not before")
    applicants = list(state.queue(c.frame_id, RsvpStatus.APPLIED))
    seats = state.free_seats(c.frame_id)
    winners, waitlisted = draw(applicants, seats, c.seed)
    return [
        ev.LotteryDrawn(
            meetup_id=state.meetup_id,
            frame_id=c.frame_id,
            frame_name=fs.frame.name,
            seed=c.seed,
            algorithm=ALGORITHM,
            capacity=seats,
            applicant_ids=applicants,
            winner_ids=winners,
            waitlisted_ids=waitlisted,
            drawn_at=timestamp(now),
            meetup=meetup_summary(state),
        )
    ]
