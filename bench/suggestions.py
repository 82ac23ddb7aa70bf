"""ListSuggestions in a busy region: 5,000 members in one prefecture (eight
cities), 100 communities, 200 past meetups with their check-ins, about six
connections each — the members service over gRPC, answering members of that
region one after another; p50 and p99 of the answer time.

The region is seeded into the read models by the members service's own
projections, applying the events the services would have published (members'
registrations, communities, connections; events' meetups and check-ins) in
large transactions, without the stream in between; the members asked for have
their registration in the event store, as suggestions read the viewer's current
profile from it. The baseline is GetMember of the same members over the same
gRPC path: the cost of one cheap read."""

from __future__ import annotations

import logging
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import structlog
from google.protobuf.timestamp_pb2 import Timestamp

from bench import results
from bench.harness import temp_nats
from offkai.events.v1 import events_pb2 as meetup_events
from offkai.events.v1 import types_pb2 as meetup_types
from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import connections_pb2_grpc, members_pb2_grpc
from offkai.members.v1 import events_pb2 as ev
from offkai.members.v1 import members_pb2 as mpb
from offkai.members.v1 import types_pb2 as types
from offkai.platform.v1.envelope_pb2 import Envelope
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.testing.services import bearer, channel_to, running_service
from offkai_members.bootstrap import SPEC
from offkai_members.projections.attendance import AttendanceProjection
from offkai_members.projections.communities import CommunitiesProjection
from offkai_members.projections.directory import DirectoryProjection
from offkai_members.projections.relationships import RelationshipsProjection

MEMBERS, COMMUNITIES, MEETUPS, CONNECTIONS_EACH = 5000, 100, 200, 6
VIEWERS, ASKS = 100, 300
CITIES = ("Sapporo", "Sapporo", "Sapporo", "Hakodate", "Asahikawa", "Otaru", "Kushiro", "Obihiro", "Kitami")
TAGS = tuple(f"tag-{i}" for i in range(60))
NOW = datetime.now(UTC)


def _ts(at: datetime) -> Timestamp:
    out = Timestamp()
    out.FromDatetime(at)
    return out


def _consumed(message, service: str = "members") -> ConsumedEvent:
    envelope = Envelope(event_id=str(uuid.uuid4()), service=service, version=1)
    envelope.occurred_at.FromDatetime(NOW)
    return ConsumedEvent(envelope, message, "", 0, 1)


def region(rng: random.Random) -> dict[str, list]:
    """The events that built the region, per projection."""
    members = [f"m{i:04}" for i in range(MEMBERS)]
    registered = [
        ev.MemberRegistered(member_id=m, display_name=f"Member {m}", region_prefecture="Hokkaido",
                            region_city=rng.choice(CITIES), locale="en", timezone="Asia/Tokyo",
                            interests=rng.sample(TAGS, rng.randint(3, 5)))
        for m in members
    ]
    community_events, joined_by = [], {}
    for c in range(COMMUNITIES):
        community_id = f"community-{c:03}"
        people = rng.sample(members, rng.randint(30, 200))
        joined_by[community_id] = people
        community_events.append(ev.CommunityCreated(
            community_id=community_id, created_by=people[0],
            details=types.CommunityDetails(name=f"Community {c}", region_prefecture="Hokkaido")))
        community_events += [ev.CommunityJoined(community_id=community_id, member_id=m) for m in people[1:]]
    attendance = []
    for n in range(MEETUPS):
        community_id = rng.choice(list(joined_by))
        meetup_id = str(uuid.UUID(int=rng.getrandbits(128)))
        start = NOW - timedelta(days=rng.randint(1, 700))
        details = meetup_types.MeetupDetails(
            title=f"Meetup {n}", community_id=community_id, organizer_ids=[joined_by[community_id][0]],
            start=_ts(start), end=_ts(start + timedelta(hours=3)), timezone="Asia/Tokyo")
        attendance.append(meetup_events.MeetupPublished(meetup_id=meetup_id, details=details))
        people = joined_by[community_id]
        attendance += [meetup_events.AttendeeCheckedIn(meetup_id=meetup_id, member_id=m)
                       for m in rng.sample(people, min(len(people), rng.randint(10, 40)))]
        attendance.append(meetup_events.MeetupEnded(meetup_id=meetup_id))
    pairs = set()
    while len(pairs) < MEMBERS * CONNECTIONS_EACH // 2:
        a, b = rng.sample(members, 2)
        pairs.add((min(a, b), max(a, b)))
    connections = [ev.ConnectionAccepted(requester_id=a, addressee_id=b, provenance=types.ConnectionProvenance(
        online=types.Online()), connected_at=_ts(NOW)) for a, b in sorted(pairs)]
    return {"directory": registered, "communities": community_events, "attendance": attendance,
            "relationships": connections}


async def seed(runtime, rng: random.Random) -> list[str]:
    """The region in the read models, and the viewers' registrations in the store."""
    events = region(rng)
    projections = {"directory": DirectoryProjection(), "communities": CommunitiesProjection(),
                   "attendance": AttendanceProjection(), "relationships": RelationshipsProjection()}
    for name, projection in projections.items():
        service = "events" if name == "attendance" else "members"
        batch = events[name]
        for i in range(0, len(batch), 2000):
            async with runtime.db.write() as conn:
                for message in batch[i:i + 2000]:
                    await projection.apply(conn, _consumed(message, service))
    viewers = rng.sample([e.member_id for e in events["directory"]], VIEWERS)
    by_id = {e.member_id: e for e in events["directory"]}
    for member_id in viewers:
        await runtime.store.append(f"member-{member_id}", "member", 0, [by_id[member_id]])
    return viewers


def _percentile(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


async def main() -> None:
    # The in-process service logs through structlog's defaults: keep the table readable.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    rng = random.Random(7)
    with temp_nats() as server, tempfile.TemporaryDirectory() as tmp:
        async with running_service(SPEC, nats_url=server.url, data_dir=Path(tmp)) as runtime:
            viewers = await seed(runtime, rng)
            async with channel_to(runtime) as channel:
                connections = connections_pb2_grpc.ConnectionsServiceStub(channel)
                members = members_pb2_grpc.MembersServiceStub(channel)
                ours, baseline, sizes = [], [], []
                asks = [viewers[i % len(viewers)] for i in range(ASKS)]
                for member_id in asks:  # warm-up: the aggregates in the cache, as for regular visitors
                    await members.GetMember(mpb.GetMemberRequest(member_id=member_id),
                                            metadata=bearer(member_id, "member"))
                for member_id in asks:
                    caller = bearer(member_id, "member")
                    start = time.perf_counter()
                    reply = await connections.ListSuggestions(rpb.ListSuggestionsRequest(), metadata=caller)
                    ours.append((time.perf_counter() - start) * 1000)
                    sizes.append(len(reply.suggestions))
                    start = time.perf_counter()
                    await members.GetMember(mpb.GetMemberRequest(member_id=member_id), metadata=caller)
                    baseline.append((time.perf_counter() - start) * 1000)
    if min(sizes) == 0:
        raise RuntimeError("a member of the region got no suggestions: the seed is wrong")
    for q in (50, 99):
        results.add("suggestions", f"ListSuggestions, {MEMBERS}-member region, p{q}", _percentile(ours, q),
                    _percentile(baseline, q), "ms", "GetMember", suggestions_min=min(sizes))
