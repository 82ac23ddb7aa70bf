"""Each trigger of the stream plans the right deliveries: the right members,
on their channels that take the category (their choice or the kind's
default), keyed by the triggering event — fed through a real nats-server
into SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from offkai.events.v1 import events_pb2 as events_ev
from offkai.members.v1 import events_pb2 as members_ev
from offkai.members.v1 import types_pb2 as members_pb
from offkai.notify.v1 import types_pb2 as notify_pb
from offkai_kit.testing.clock import SettableClock
from tests.notify.triggers import (
    DAY,
    HOUR,
    Meetup,
    Stream,
    caught_up,
    details,
    messages_of,
    queued,
    renderable,
    ts,
    who,
    wiring,
)

# Tokyo, Monday 2026-03-02 12:00 (UTC+9, no daylight saving).
NOON = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


async def test_a_published_meetup_reaches_its_community_followers_and_members_near_it(start):
    async with start(wiring(), clock=SettableClock(NOON)) as runtime:
        s = Stream(runtime)
        for m, prefecture in (("aki", "Tokyo"), ("ben", "Tokyo"), ("cho", "Osaka"), ("dai", "Tokyo"),
                              ("eri", "Osaka"), ("fumi", "Tokyo"), ("gin", "Tokyo"), ("hana", "Tokyo")):
            await s.member(m, prefecture=prefecture)
            await s.email(m, f"mail-{m}", verified=m != "gin")
        # Chat channels get no announcements by default; ben chose them for his.
        await s.channel("ben", "hook-ben")
        await s.prefer("ben", "hook-ben", notify_pb.CATEGORY_ANNOUNCEMENTS, True)
        await s.channel("cho", "hook-cho")
        await s.prefer("hana", "mail-hana", notify_pb.CATEGORY_ANNOUNCEMENTS, False)
        for m in ("dai", "eri"):
            await s.near_me(m)
        await s.community("rust-tokyo", "aki", members=("ben", "hana"), followers=("cho", "gin"))
        await caught_up(runtime)  # who is who, as the planners will read it
        meetup = Meetup(s, "m-1", details(NOON + 10 * DAY, organizers=("aki",)))
        await meetup.schedule()
        published = await meetup.publish()
        await caught_up(runtime)

        found = await queued(runtime, trigger="meetup_published")
        # aki organizes it; gin's email is unverified; eri lives in Osaka; fumi
        # did not opt in to "near me"; hana turned announcements off.
        assert who(found) == [("ben", "hook-ben"), ("ben", "mail-ben"), ("cho", "mail-cho"), ("dai", "mail-dai")]
        assert {q.key for q in found} == {published}
        assert not any(q.urgent for q in found)
        assert all(q.not_before == NOON for q in found), "nobody's quiet hours"
        audiences = {m: json.loads(text)["fields"]["audience"] for m, text in (await messages_of(
            runtime, "meetup_published")).items()}
        assert audiences == {"ben": "community", "cho": "follower", "dai": "near_me"}
        assert await renderable(runtime) == 4


async def test_a_seat_released_unconfirmed_is_told_and_one_given_up_is_not(start):
    async with start(wiring(), clock=SettableClock(NOON)) as runtime:
        s = Stream(runtime)
        for m in ("ben", "cho"):
            await s.member(m)
            await s.channel(m, f"hook-{m}")
        await caught_up(runtime)
        meetup = Meetup(s, "m-3", details(NOON + 10 * DAY))
        await meetup.schedule()
        await meetup.publish()
        for m in ("ben", "cho"):
            await meetup.confirm(m)
        lapsed = await meetup.event(events_ev.SeatReleased(
            meetup_id="m-3", frame_id="in-person", member_id="ben", meetup=meetup.summary, frame_name="In person",
            reason=events_ev.SEAT_RELEASE_REASON_UNCONFIRMED))
        await meetup.event(events_ev.SeatReleased(
            meetup_id="m-3", frame_id="in-person", member_id="cho", meetup=meetup.summary, frame_name="In person",
            reason=events_ev.SEAT_RELEASE_REASON_RELEASED))
        await caught_up(runtime)

        told = await queued(runtime, trigger="rsvp_cancelled")
        assert [(q.member_id, q.key) for q in told] == [("ben", lapsed)], "cho released it herself"
        fields = json.loads((await messages_of(runtime, "rsvp_cancelled"))["ben"])["fields"]
        assert (fields["unconfirmed"], fields["by_organizer"]) == (True, False)
        assert await renderable(runtime) == 3


async def test_rsvp_and_meetup_changes_reach_the_member_they_concern(start):
    async with start(wiring(), clock=SettableClock(NOON)) as runtime:
        s = Stream(runtime)
        people = ("ben", "cho", "dai", "eri", "fumi", "gin")
        for m in people:
            await s.member(m)
            await s.channel(m, f"hook-{m}")  # chat: RSVP changes on by default
        await caught_up(runtime)
        meetup = Meetup(s, "m-2", details(NOON + 10 * DAY))
        await meetup.schedule()
        await meetup.publish()
        keys = {}
        keys["ben"] = await meetup.confirm("ben")
        keys["cho"] = await meetup.waitlist("cho", 2)
        keys["dai"] = await meetup.promote("dai", confirm_by=NOON + 2 * DAY)
        keys["eri"] = await meetup.cancel_rsvp("eri", by="org-aki")
        lottery = await meetup.event(events_ev.LotteryDrawn(
            meetup_id="m-2", frame_id="in-person", applicant_ids=["fumi", "gin"], winner_ids=["fumi"],
            waitlisted_ids=["gin"], meetup=meetup.summary, frame_name="In person"))
        seats = await meetup.event(events_ev.SeatConfirmationRequested(
            meetup_id="m-2", member_ids=["ben"], release_at=ts(NOON + 9 * DAY), meetup=meetup.summary))
        await caught_up(runtime)

        def one(found, member):
            assert [q.member_id for q in found] == [member], found
            return found[0]

        assert one(await queued(runtime, trigger="rsvp_confirmed"), "ben").key == keys["ben"]
        assert one(await queued(runtime, trigger="rsvp_waitlisted"), "cho").key == keys["cho"]
        assert json.loads((await messages_of(runtime, "rsvp_waitlisted"))["cho"])["fields"]["position"] == 2
        promoted = one(await queued(runtime, trigger="waitlist_promoted"), "dai")
        assert promoted.urgent, "a seat to confirm by a deadline goes through quiet hours"
        cancelled = json.loads((await messages_of(runtime, "rsvp_cancelled"))["eri"])
        assert cancelled["fields"]["by_organizer"] is True
        assert one(await queued(runtime, trigger="lottery_won"), "fumi").key == lottery
        assert one(await queued(runtime, trigger="lottery_lost"), "gin").key == lottery
        assert json.loads((await messages_of(runtime, "lottery_lost"))["gin"])["fields"]["waitlist_position"] == 1
        asked = one(await queued(runtime, trigger="seat_confirmation_requested"), "ben")
        assert asked.key == seats and asked.urgent

        # The organizer moves it: those with a place hear what changed.
        moved = await meetup.move(NOON + 12 * DAY, affected=("ben", "cho", "dai", "fumi", "gin"))
        await caught_up(runtime)
        # …and then calls it off less than a day before: urgent.
        runtime.clock.set(NOON + 12 * DAY - 3 * HOUR)
        called_off = await meetup.cancel(affected=("ben", "dai"))
        await caught_up(runtime)
        updated = await queued(runtime, trigger="meetup_updated")
        assert sorted(q.member_id for q in updated) == ["ben", "cho", "dai", "fumi", "gin"]
        assert {q.key for q in updated} == {moved}
        change = json.loads((await messages_of(runtime, "meetup_updated"))["ben"])["fields"]
        assert change["changes"] == ["time"]
        assert change["previous_start"].startswith("2026-03-12T03:00:00")
        gone = await queued(runtime, trigger="meetup_cancelled")
        assert [(q.member_id, q.key, q.urgent) for q in gone] == [("ben", called_off, True), ("dai", called_off, True)]
        assert await renderable(runtime) == 14, "every message planned renders, in ja and en"


async def test_connection_introduction_and_invitation_reach_the_members_they_concern(start):
    async with start(wiring(), clock=SettableClock(NOON)) as runtime:
        s = Stream(runtime)
        for m in ("ayu", "ben", "cho"):
            await s.member(m)
            await s.email(m, f"mail-{m}")
        await caught_up(runtime)

        def card(m):
            return members_pb.MemberCard(member_id=m, display_name=m.title(), locale="ja", timezone="Asia/Tokyo")

        requested = await s.members_event("relationship", "relationship-ayu-ben", members_ev.ConnectionRequested(
            requester_id="ayu", addressee_id="ben", requester=card("ayu"), addressee=card("ben"), note="hi!"))
        accepted = await s.members_event("relationship", "relationship-ayu-ben", members_ev.ConnectionAccepted(
            requester_id="ayu", addressee_id="ben", requester=card("ayu"), addressee=card("ben")))
        await s.members_event("relationship", "relationship-ayu-ben", members_ev.ConnectionDeclined(
            requester_id="ayu", addressee_id="ben"))
        introduced = await s.members_event("introduction", "introduction-i1", members_ev.IntroductionMade(
            introduction_id="i1", introducer_id="cho", first_member_id="ayu", second_member_id="ben",
            introducer=card("cho"), first_member=card("ayu"), second_member=card("ben"), note="you both love Rust"))
        invited = await s.members_event("invitation", "invitation-v1", members_ev.InvitationSent(
            invitation_id="v1", inviter_id="ayu", inviter=card("ayu"), invitee_member_id="cho", invitee=card("cho"),
            target=members_pb.InvitationTarget(kind=members_pb.INVITATION_TARGET_KIND_MEETUP, target_id="m-9",
                                               title="Rust mini-off", start=ts(NOON + DAY), timezone="Asia/Tokyo")))
        emailed = await s.members_event("invitation", "invitation-v2", members_ev.InvitationSent(
            invitation_id="v2", inviter_id="ayu", inviter=card("ayu"), invitee_email="someone@example.org",
            target=members_pb.InvitationTarget(kind=members_pb.INVITATION_TARGET_KIND_MEETUP, target_id="m-9",
                                               title="Rust mini-off", start=ts(NOON + DAY), timezone="Asia/Tokyo")))
        await caught_up(runtime)

        everything = await queued(runtime)
        assert sorted((q.trigger, q.member_id, q.key) for q in everything) == sorted([
            ("connection_requested", "ben", requested),
            ("connection_accepted", "ayu", accepted),
            ("introduction_made", "ayu", introduced),
            ("introduction_made", "ben", introduced),
            ("invitation_received", "cho", invited),
            ("invitation_emailed", "", emailed),
        ]), "a decline tells nobody; an emailed invitation goes to its address, no member's"
        made = {m: json.loads(t)["fields"] for m, t in (await messages_of(runtime, "introduction_made")).items()}
        assert made["ayu"]["introduced_name"] == "Ben" and made["ben"]["introduced_name"] == "Ayu"
        assert await renderable(runtime) == 6


async def test_an_invitation_to_a_community_reaches_each_active_channel_of_the_invitee(start):
    async with start(wiring(), clock=SettableClock(NOON)) as runtime:
        s = Stream(runtime)
        for m in ("ayu", "dai"):
            await s.member(m)
        await s.email("dai", "mail-dai")
        await s.email("dai", "mail2-dai", verified=False)
        # Chat channels take no connections by default; dai chose them for this one.
        await s.channel("dai", "hook-dai")
        await s.prefer("dai", "hook-dai", notify_pb.CATEGORY_CONNECTIONS, True)
        await s.channel("dai", "hook2-dai")
        await s.community("rust-tokyo", "ayu")
        await caught_up(runtime)

        invited = await s.members_event("invitation", "invitation-v3", members_ev.InvitationSent(
            invitation_id="v3", inviter_id="ayu",
            inviter=members_pb.MemberCard(member_id="ayu", display_name="Ayu"),
            invitee_member_id="dai", invitee=members_pb.MemberCard(member_id="dai", display_name="Dai"),
            target=members_pb.InvitationTarget(kind=members_pb.INVITATION_TARGET_KIND_COMMUNITY,
                                               target_id="rust-tokyo", title="Rust Tokyo (as sent)"),
            note="We meet monthly!"))
        await caught_up(runtime)

        found = await queued(runtime, trigger="invitation_received")
        # The unverified email and the chat channel left at its default hear nothing.
        assert who(found) == [("dai", "hook-dai"), ("dai", "mail-dai")]
        assert {q.key for q in found} == {invited}
        assert not any(q.urgent for q in found)
        fields = json.loads((await messages_of(runtime, "invitation_received"))["dai"])["fields"]
        assert fields["community"] == {"community_id": "rust-tokyo", "name": "Rust-Tokyo"}, \
            "the name as notify's communities projection has it"
        assert fields["meetup"] is None and fields["note"] == "We meet monthly!"
        assert await renderable(runtime) == 2


async def test_a_redelivered_or_replayed_event_plans_nothing_new(start):
    async with start(wiring(), clock=SettableClock(NOON)) as runtime:
        s = Stream(runtime)
        for m in ("ben", "cho"):
            await s.member(m)
            await s.email(m, f"mail-{m}")
        await s.community("rust-tokyo", "aki", members=("ben", "cho"))
        await caught_up(runtime)
        meetup = Meetup(s, "m-3", details(NOON + 10 * DAY))
        await meetup.schedule()
        await meetup.publish()
        await meetup.confirm("ben")
        await meetup.waitlist("cho", 1)
        await caught_up(runtime)
        before = await queued(runtime)
        assert len(before) == 4

        await s.redeliver_all()
        await caught_up(runtime)
        assert await queued(runtime) == before, "the kit's tracking skips what was applied"

        # A rebuild applies every event again: the queue keeps one delivery per
        # (event, member, channel).
        for name in ("meetups", "subscriptions", "communities", "recipients"):
            await runtime.runners[name].rebuild(force=True)
        await caught_up(runtime)
        assert await queued(runtime) == before


async def test_an_old_event_replayed_plans_nothing(start):
    """A rebuild long after the fact must not send last month's news to a
    channel registered since."""
    clock = SettableClock(NOON)
    async with start(wiring(), clock=clock) as runtime:
        s = Stream(runtime)
        await s.member("ben")
        meetup = Meetup(s, "m-4", details(NOON + 40 * DAY))
        await meetup.schedule()
        await meetup.publish()
        await meetup.confirm("ben")
        await caught_up(runtime)
        clock.set(NOON + 30 * DAY)
        await s.email("ben", "mail-ben")
        await runtime.runners["meetups"].rebuild(force=True)
        await caught_up(runtime)
        assert await queued(runtime) == []


async def test_quiet_hours_hold_a_non_urgent_message_to_their_end_and_let_an_urgent_one_through(start):
    # 23:30 in Tokyo.
    late = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
    async with start(wiring(), clock=SettableClock(late)) as runtime:
        s = Stream(runtime)
        for m in ("ben", "cho"):
            await s.member(m)
            await s.channel(m, f"hook-{m}")
        await s.quiet_hours("ben", "22:00", "07:00", "Asia/Tokyo")
        # cho sleeps on New York time: 09:30 there, not quiet.
        await s.quiet_hours("cho", "22:00", "07:00", "America/New_York")
        await caught_up(runtime)
        meetup = Meetup(s, "m-5", details(late + 5 * DAY))
        await meetup.schedule()
        await meetup.publish()
        await meetup.confirm("ben")
        await meetup.confirm("cho")
        await meetup.event(events_ev.SeatConfirmationRequested(
            meetup_id="m-5", member_ids=["ben"], release_at=ts(late + 2 * DAY), meetup=meetup.summary))
        await caught_up(runtime)
        confirmed = {q.member_id: q for q in await queued(runtime, trigger="rsvp_confirmed")}
        assert confirmed["ben"].not_before == datetime(2026, 3, 2, 22, 0, tzinfo=UTC), "07:00 in Tokyo"
        assert confirmed["cho"].not_before == late
        [urgent] = await queued(runtime, trigger="seat_confirmation_requested")
        assert urgent.urgent and urgent.not_before == late


async def test_an_erased_member_is_dropped_from_every_read_model_and_the_queue(start):
    async with start(wiring(), clock=SettableClock(NOON)) as runtime:
        s = Stream(runtime)
        for m in ("ben", "cho"):
            await s.member(m)
            await s.email(m, f"mail-{m}")
            await s.quiet_hours(m, "22:00", "07:00", "Asia/Tokyo")
        await s.community("rust-tokyo", "aki", members=("ben",), followers=("cho",))
        await caught_up(runtime)
        meetup = Meetup(s, "m-6", details(NOON + 10 * DAY))
        await meetup.schedule()
        await meetup.publish()
        await meetup.confirm("ben")
        await meetup.confirm("cho")
        await caught_up(runtime)
        assert {q.member_id for q in await queued(runtime)} == {"ben", "cho"}

        await s.erase("cho")
        await caught_up(runtime)
        from sqlalchemy import select

        from offkai_notify.projections import tables
        from offkai_notify.projections.recipients import recipients
        from offkai_notify.scheduling.tables import reminders

        async with runtime.db.read() as conn:
            for table in (*tables.metadata.tables.values(), recipients, reminders):
                if "member_id" in table.c:
                    left = (await conn.scalars(select(table.c.member_id).where(table.c.member_id == "cho"))).all()
                    assert left == [], table.name
        assert {q.member_id for q in await queued(runtime)} == {"ben"}, "what waited for cho is dropped"
