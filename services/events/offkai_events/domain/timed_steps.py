"""Time-based steps: what is due for a meetup, and when the next one is.

A scheduler (the handlers' job) keeps ``next_due_at`` per meetup, wakes up,
loads the meetup, and runs each command from ``due_steps`` through the normal
decide/append path. Because every step is recorded as an event and a repeated
step decides nothing, running it late (after a restart) or twice (two
replicas racing; the loser's append conflicts and reloads) still happens
exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from offkai_events.domain.commands import (
    Command,
    DrawLottery,
    EndMeetup,
    ReleaseUnconfirmedSeats,
    RequestSeatConfirmation,
)
from offkai_events.domain.seats import confirmation_opens_at
from offkai_events.domain.state import MeetupState, MeetupStatus
from offkai_kit.principal import SERVICE, Principal

# The principal timed steps run as.
SCHEDULER = Principal(member_id="offkai-events-scheduler", roles=frozenset({SERVICE}))


@dataclass(frozen=True)
class Step:
    at: datetime
    # Among steps due at the same instant, lower runs first: draws before
    # confirmation, confirmation before release, everything before the end.
    rank: int
    kind: type
    frame_id: str = ""


def pending_steps(state: MeetupState, now: datetime) -> list[Step]:
    """Steps not yet taken, due or not, in the order they should run."""
    if state.status is not MeetupStatus.PUBLISHED:
        return []
    d = state.details
    steps = [
        Step(fs.frame.draw_at, 0, DrawLottery, frame_id)
        for frame_id, fs in state.frames.items()
        if fs.frame.is_lottery and not fs.drawn
    ]
    opens_at = confirmation_opens_at(state)
    # Asking for confirmation only makes sense before the start.
    if opens_at is not None and state.seat_confirmation_requested_at is None and now < d.start:
        steps.append(Step(opens_at, 1, RequestSeatConfirmation))
    if state.seat_release_at is not None and not state.seat_confirmation_closed:
        steps.append(Step(state.seat_release_at, 2, ReleaseUnconfirmedSeats))
    steps.append(Step(d.end, 3, EndMeetup))
    return sorted(steps, key=lambda s: (s.at, s.rank, s.frame_id))


def next_due_at(state: MeetupState, now: datetime) -> datetime | None:
    """When the scheduler should next look at this meetup (None: never)."""
    steps = pending_steps(state, now)
    return steps[0].at if steps else None


def due_steps(state: MeetupState, now: datetime, new_seed: Callable[[], str]) -> list[Command]:
    """Commands for every step due at ``now``, in order. ``new_seed`` makes a
    fresh random lottery seed (e.g. ``lambda: secrets.token_hex(16)``)."""
    meetup_id = state.meetup_id
    commands: list[Command] = []
    for step in pending_steps(state, now):
        if step.at > now:
            break
        if step.kind is DrawLottery:
            commands.append(
                DrawLottery(actor=SCHEDULER, meetup_id=meetup_id, frame_id=step.frame_id, seed=new_seed())
            )
        else:
            commands.append(step.kind(actor=SCHEDULER, meetup_id=meetup_id))
    return commands
