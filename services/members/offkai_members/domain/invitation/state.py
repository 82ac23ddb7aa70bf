"""The invitation aggregate's state, folded from its events (see ``evolve``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from offkai_members.domain.model import MemberCard


class InvitationStatus(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class TargetKind(StrEnum):
    MEETUP = "meetup"
    COMMUNITY = "community"


class Outcome(StrEnum):
    """How an accepted invitation brought someone in."""

    JOINED = "joined"
    RSVPED = "rsvped"


# Which outcome accepts an invitation to which kind of target.
OUTCOME_FOR = {TargetKind.COMMUNITY: Outcome.JOINED, TargetKind.MEETUP: Outcome.RSVPED}


@dataclass(frozen=True)
class InvitationTarget:
    """A meetup or community as the handler found it (title, start)."""

    kind: TargetKind
    target_id: str
    title: str = ""
    start: datetime | None = None
    timezone: str = ""


@dataclass(frozen=True)
class InvitationState:
    invitation_id: str = ""
    # None until InvitationSent: the invitation does not exist.
    status: InvitationStatus | None = None
    inviter_id: str = ""
    inviter: MemberCard | None = None
    # Exactly one of these two is set.
    invitee_member_id: str = ""
    invitee_email: str = ""
    # The member who claimed an emailed invitation.
    claimed_by: str = ""
    target: InvitationTarget | None = None
    note: str = ""
    outcome: Outcome | None = None
    sent_at: datetime | None = None
    accepted_at: datetime | None = None

    @property
    def exists(self) -> bool:
        return self.status is not None

    @property
    def invitee(self) -> str:
        """The invited member's id: named when sent, or the claimer; empty for
        an emailed invitation nobody claimed yet."""
        return self.invitee_member_id or self.claimed_by


INITIAL = InvitationState()
