"""How a connection came about, and its protobuf form.

"Met at" is only ever what the service itself learnt from the events
service's stream (both members checked in at the meetup); a caller cannot
claim it. Without such a meetup or an introduction a connection is "online".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from offkai.members.v1 import types_pb2 as pb
from offkai_members.domain.convert import meetup_from_pb, meetup_to_pb
from offkai_members.domain.model import MeetupRef
from offkai_members.domain.relationship.state import Provenance, ProvenanceKind

_UNKNOWN_START = datetime.max.replace(tzinfo=UTC)


def meetups_met(*sources: Iterable[MeetupRef]) -> tuple[MeetupRef, ...]:
    """The meetups of all ``sources``, each once, earliest first (unknown
    start times last, then by id)."""
    found: dict[str, MeetupRef] = {}
    for source in sources:
        for meetup in source:
            found.setdefault(meetup.meetup_id, meetup)
    return tuple(sorted(found.values(), key=lambda m: (m.start or _UNKNOWN_START, m.meetup_id)))


def from_meetings(meetups: tuple[MeetupRef, ...]) -> Provenance:
    if meetups:
        return Provenance(ProvenanceKind.MET_AT, meetups=meetups)
    return Provenance(ProvenanceKind.ONLINE)


def to_pb(p: Provenance) -> pb.ConnectionProvenance:
    if p.kind is ProvenanceKind.MET_AT:
        return pb.ConnectionProvenance(met_at=pb.MetAt(meetups=[meetup_to_pb(m) for m in p.meetups]))
    if p.kind is ProvenanceKind.INTRODUCED_BY:
        return pb.ConnectionProvenance(
            introduced_by=pb.IntroducedBy(introducer_id=p.introducer_id, introduction_id=p.introduction_id)
        )
    return pb.ConnectionProvenance(online=pb.Online())


def from_pb(p: pb.ConnectionProvenance) -> Provenance:
    match p.WhichOneof("kind"):
        case "met_at":
            return Provenance(ProvenanceKind.MET_AT, meetups=tuple(meetup_from_pb(m) for m in p.met_at.meetups))
        case "introduced_by":
            return Provenance(
                ProvenanceKind.INTRODUCED_BY,
                introducer_id=p.introduced_by.introducer_id,
                introduction_id=p.introduced_by.introduction_id,
            )
    return Provenance(ProvenanceKind.ONLINE)
