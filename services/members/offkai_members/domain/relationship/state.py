"""The relationship aggregate's state: everything between two members, folded
from their pair's events (see ``evolve``).

One state per unordered pair holds the pending request (if any), the
connection (if any) and each side's block, so the invariants hold by
construction: a connection is the same seen from either side, and no
connection or request outlives a block (the fold of MemberBlocked's effects
clears them, and decide never connects a blocked pair).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from offkai_members.domain.model import MeetupRef


class ProvenanceKind(StrEnum):
    MET_AT = "met_at"
    INTRODUCED_BY = "introduced_by"
    ONLINE = "online"


@dataclass(frozen=True)
class Provenance:
    kind: ProvenanceKind
    # MET_AT: the meetups both checked in at, earliest first.
    meetups: tuple[MeetupRef, ...] = ()
    # INTRODUCED_BY:
    introducer_id: str = ""
    introduction_id: str = ""


@dataclass(frozen=True)
class PendingRequest:
    requester_id: str
    addressee_id: str
    note: str = ""
    met_at: tuple[MeetupRef, ...] = ()
    requested_at: datetime | None = None


@dataclass(frozen=True)
class Connection:
    provenance: Provenance
    connected_at: datetime | None = None


class Standing(StrEnum):
    """Where two members stand, seen from one of them."""

    NONE = "none"
    REQUEST_SENT = "request_sent"
    REQUEST_RECEIVED = "request_received"
    CONNECTED = "connected"
    # The viewer blocked the other (whether or not the other blocked them too).
    BLOCKED = "blocked"
    # The other blocked the viewer, and the viewer did not block them.
    BLOCKED_BY_OTHER = "blocked_by_other"


@dataclass(frozen=True)
class RelationshipState:
    # The two member ids, sorted; empty until the first event.
    pair: tuple[str, ...] = ()
    request: PendingRequest | None = None
    connection: Connection | None = None
    # Blocker id -> when they blocked the other.
    blocks: Mapping[str, datetime | None] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def connected(self) -> bool:
        return self.connection is not None

    @property
    def blocked(self) -> bool:
        """Either side blocked the other."""
        return bool(self.blocks)

    def blocked_by(self, member_id: str) -> bool:
        return member_id in self.blocks

    def standing_of(self, member_id: str) -> Standing:
        """Where ``member_id`` stands with the other member of the pair."""
        if self.blocked_by(member_id):
            return Standing.BLOCKED
        if self.blocked:
            return Standing.BLOCKED_BY_OTHER
        if self.connected:
            return Standing.CONNECTED
        if self.request is not None:
            return Standing.REQUEST_SENT if self.request.requester_id == member_id else Standing.REQUEST_RECEIVED
        return Standing.NONE


INITIAL = RelationshipState()
