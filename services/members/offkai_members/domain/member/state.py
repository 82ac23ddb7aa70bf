"""The member aggregate's state: a person's profile and handles, folded from
their events (see ``evolve``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from offkai_members.domain.model import Handle, MemberCard, Profile


class MemberStatus(StrEnum):
    ACTIVE = "active"
    # Personal data erased: the state keeps the id and when, nothing else.
    ERASED = "erased"


@dataclass(frozen=True)
class MemberState:
    member_id: str = ""
    # None until MemberRegistered: the member does not exist.
    status: MemberStatus | None = None
    profile: Profile | None = None
    # In the order they were added. Values only of EVERYONE handles: the others
    # never reach the stream, so no fold of it can know them.
    handles: tuple[Handle, ...] = ()
    registered_at: datetime | None = None
    updated_at: datetime | None = None
    erased_at: datetime | None = None

    @property
    def active(self) -> bool:
        """Registered and not erased: the only state commands act on."""
        return self.status is MemberStatus.ACTIVE

    @property
    def erased(self) -> bool:
        return self.status is MemberStatus.ERASED

    def handle(self, handle_id: str) -> Handle | None:
        return next((h for h in self.handles if h.handle_id == handle_id), None)

    def card(self) -> MemberCard | None:
        """What other aggregates' events say about this member; None unless
        active (handlers pass it to them as a fact)."""
        if not self.active or self.profile is None:
            return None
        p = self.profile
        return MemberCard(self.member_id, p.display_name, p.locale, p.timezone)


INITIAL = MemberState()
