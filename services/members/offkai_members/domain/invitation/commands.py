"""Commands on an invitation. The facts (cards, the target as found, a block
between inviter and invitee, whether the invitee is in already) are looked up
by the handler, so deciding stays pure."""

from __future__ import annotations

from dataclasses import dataclass

from offkai_kit.principal import Principal
from offkai_members.domain.invitation.state import InvitationTarget, Outcome, TargetKind
from offkai_members.domain.model import MemberCard


@dataclass(frozen=True, kw_only=True)
class SendInvitation:
    actor: Principal
    # Made by the handler: random and unguessable (it is an emailed link's secret).
    invitation_id: str
    inviter_id: str
    invitee_member_id: str = ""
    invitee_email: str = ""
    # None: not given (UNSPECIFIED in the request).
    target_kind: TargetKind | None
    target_id: str
    note: str = ""
    # Facts:
    inviter: MemberCard | None
    # Looked up when invitee_member_id is given.
    invitee: MemberCard | None = None
    # None when there is no such (published) meetup or community.
    target: InvitationTarget | None = None
    # Either of inviter and invitee blocked the other.
    blocked_between: bool = False
    # The invitee joined the community or RSVPed to the meetup already.
    invitee_already_in: bool = False


@dataclass(frozen=True, kw_only=True)
class ClaimInvitation:
    actor: Principal
    invitation_id: str
    member_id: str
    member: MemberCard | None


@dataclass(frozen=True, kw_only=True)
class DeclineInvitation:
    actor: Principal
    invitation_id: str
    member_id: str


@dataclass(frozen=True, kw_only=True)
class RecordInvitationAccepted:
    """The process manager saw the invitee join the community (members' own
    stream) or RSVP to the meetup (events' stream); a service principal."""

    actor: Principal
    invitation_id: str
    member_id: str
    outcome: Outcome
    member: MemberCard | None


Command = SendInvitation | ClaimInvitation | DeclineInvitation | RecordInvitationAccepted
