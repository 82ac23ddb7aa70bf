"""The follow-ups' trigger projection on its own (a real database, events applied
as the runner applies them): which steps it writes, whatever order the streams
deliver their sides in — an invitation and its invitee coming in, an erasure
and what the member had, including what slipped in after it."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy import select

from offkai.events.v1 import events_pb2 as meetup_events
from offkai.members.v1 import events_pb2 as ev
from offkai.members.v1 import types_pb2 as types
from offkai.platform.v1.envelope_pb2 import Envelope
from offkai_kit.consumer import ConsumedEvent
from offkai_kit.db import Database
from offkai_kit.migrate import upgrade
from offkai_members.scheduling.follow_up_tables import follow_up_steps
from offkai_members.scheduling.triggers import FollowUpTriggers, step_id

T0 = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)


def _ts(at: datetime) -> Timestamp:
    out = Timestamp()
    out.FromDatetime(at)
    return out


@pytest.fixture
async def db(sqlite_url):
    database = Database(sqlite_url)
    await upgrade(database, "offkai_members.migrations")
    yield database
    await database.dispose()


async def apply(db: Database, *messages, at: datetime = T0) -> None:
    projection = FollowUpTriggers()
    async with db.write() as conn:
        for message in messages:
            envelope = Envelope(event_id=str(uuid.uuid4()), version=1, correlation_id="c")
            envelope.occurred_at.FromDatetime(at)
            await projection.apply(conn, ConsumedEvent(envelope, message, "", 0, 1))


async def steps(db: Database) -> list[tuple[str, dict]]:
    async with db.read() as conn:
        rows = (await conn.execute(select(follow_up_steps.c.kind, follow_up_steps.c.args))).all()
    drop = {"correlation_id", "causation_id"}
    found = [(r.kind, {k: v for k, v in json.loads(r.args).items() if k not in drop}) for r in rows]
    return sorted(found, key=lambda step: (step[0], sorted(step[1].items())))


def sent(invitation_id: str, at: datetime, **invitee) -> ev.InvitationSent:
    return ev.InvitationSent(
        invitation_id=invitation_id, inviter_id="aki", sent_at=_ts(at),
        target=types.InvitationTarget(kind=types.INVITATION_TARGET_KIND_MEETUP, target_id="m-1"), **invitee,
    )


def rsvped(member_id: str, at: datetime) -> meetup_events.RsvpConfirmed:
    return meetup_events.RsvpConfirmed(meetup_id="m-1", member_id=member_id, frame_id="main",
                                       confirmed_at=_ts(at))


ACCEPT = ("record_invitation_accepted", {"invitation_id": "inv-1", "member_id": "hana", "outcome": "rsvped"})


async def test_an_emailed_invitation_is_accepted_by_a_claim_then_an_rsvp(db):
    await apply(db, sent("inv-1", T0, invitee_email="hana@example.com"))
    await apply(db, ev.InvitationClaimed(invitation_id="inv-1", member_id="hana"))
    assert await steps(db) == []
    await apply(db, rsvped("hana", T0 + timedelta(hours=1)), at=T0 + timedelta(hours=1))
    assert await steps(db) == [ACCEPT]


async def test_or_by_an_rsvp_then_the_claim(db):
    await apply(db, sent("inv-1", T0, invitee_email="hana@example.com"))
    await apply(db, rsvped("hana", T0 + timedelta(hours=1)), at=T0 + timedelta(hours=1))
    assert await steps(db) == []
    await apply(db, ev.InvitationClaimed(invitation_id="inv-1", member_id="hana"))
    assert await steps(db) == [ACCEPT]


async def test_an_rsvp_before_the_invitation_was_sent_did_not_come_of_it(db):
    await apply(db, rsvped("hana", T0 - timedelta(days=1)), at=T0 - timedelta(days=1))
    await apply(db, sent("inv-1", T0, invitee_member_id="hana"))
    assert await steps(db) == []
    # Coming in again after it (say after cancelling) does.
    await apply(db, rsvped("hana", T0 + timedelta(hours=1)), at=T0 + timedelta(hours=1))
    assert await steps(db) == [ACCEPT]


async def test_an_erasure_ends_everything_the_member_had_and_whatever_slips_in_after(db):
    await apply(
        db,
        ev.ConnectionAccepted(requester_id="ayumi", addressee_id="kenji"),
        ev.ConnectionRequested(requester_id="mika", addressee_id="ayumi"),
        ev.CommunityCreated(community_id="rust-sapporo", created_by="ayumi"),
        ev.IntroductionMade(introduction_id="i-1", introducer_id="aki", first_member_id="ayumi",
                            second_member_id="ben"),
        ev.MemberErased(member_id="ayumi"),
    )
    assert await steps(db) == [
        ("decline_introduction", {"introduction_id": "i-1", "member_id": "ayumi"}),
        ("forget_erased_member", {"member_id": "ayumi", "other_id": "kenji"}),
        ("forget_erased_member", {"member_id": "ayumi", "other_id": "mika"}),
        ("leave_community", {"community_id": "rust-sapporo", "member_id": "ayumi"}),
    ]
    # A request accepted in a race with the erasure arrives after it: ended too.
    await apply(db, ev.ConnectionAccepted(requester_id="chie", addressee_id="ayumi"))
    assert ("forget_erased_member", {"member_id": "ayumi", "other_id": "chie"}) in await steps(db)


async def test_a_step_has_the_same_id_wherever_it_is_written():
    args = {"invitation_id": "inv-1", "member_id": "hana", "outcome": "rsvped"}
    assert step_id("record_invitation_accepted", "e-1", args) == step_id(
        "record_invitation_accepted", "e-1", dict(reversed(list(args.items()))))
    assert step_id("record_invitation_accepted", "e-1", args) != step_id("record_invitation_accepted", "e-2", args)
    assert len(step_id("x", "e", {})) == 64
