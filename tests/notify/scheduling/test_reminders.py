"""Reminders and digests, sent by the scheduler from the database on the
service's clock (a SettableClock): on time after a restart, moved with the
meetup, dropped when it is cancelled or the seat is gone, once with two
replicas; the weekly digest in the member's local Monday morning."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from offkai_kit.testing.clock import SettableClock
from offkai_kit.testing.polling import eventually
from offkai_notify.scheduling.tables import reminders
from tests.notify.triggers import DAY, HOUR, Meetup, Stream, caught_up, details, messages_of, queued, renderable, wiring

# Tokyo, Monday 2026-03-02 12:00 (UTC+9).
NOON = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
START = NOON + 5 * DAY
MINUTE = timedelta(minutes=1)


async def _reminder_rows(runtime) -> list[tuple[str, str, datetime]]:
    from sqlalchemy import select

    r = reminders.c
    async with runtime.db.read() as conn:
        rows = await conn.execute(select(r.member_id, r.offset_key, r.due_at).order_by(r.member_id, r.due_at))
        return [tuple(row) for row in rows]


async def _setup(runtime, members=("ben",), start=START, offsets=()) -> Meetup:
    s = Stream(runtime)
    for m in members:
        await s.member(m)
        await s.channel(m, f"hook-{m}")
    await caught_up(runtime)
    d = details(start)
    for offset in offsets:
        d.reminder_offsets.add().FromTimedelta(offset)
    meetup = Meetup(s, "m-r", d)
    await meetup.schedule()
    await meetup.publish()
    for m in members:
        await meetup.confirm(m, "party" if m == "party-only" else "in-person")
    await caught_up(runtime)
    return meetup


async def ticked(*schedulers, passes: int = 3) -> None:
    """Wait until each scheduler has made a few more passes (the one holding
    the lease) or tried to (the other)."""
    marks = [s.passes + s.standby_passes for s in schedulers]

    async def done():
        return all(s.passes + s.standby_passes >= m + passes for s, m in zip(schedulers, marks, strict=True))

    await eventually(done, what="more scheduler passes")


async def _reminded(runtime, count: int):
    async def enough():
        found = await queued(runtime, trigger="reminder")
        return found if len(found) >= count else None

    return await eventually(enough, what=f"{count} reminders queued")


async def test_a_reminder_due_while_notify_was_down_is_sent_after_the_restart(start):
    clock = SettableClock(NOON)
    async with start(wiring(), clock=clock) as runtime:  # no scheduler: it only keeps the rows
        await _setup(runtime, members=("ben", "party-only"))
        assert await _reminder_rows(runtime) == [
            ("ben", "P1D", START - DAY), ("ben", "PT1H", START - HOUR),
            ("party-only", "P1D", START - DAY), ("party-only", "PT1H", START - HOUR),
        ]
    clock.set(START - DAY + 10 * MINUTE)  # the day-before reminders fell due while it was down
    schedulers = []
    async with start(wiring(schedulers=schedulers), clock=clock) as runtime:
        found = await _reminded(runtime, 2)
        assert sorted((q.member_id, q.key) for q in found) == [
            ("ben", "reminder:m-r:ben:P1D"), ("party-only", "reminder:m-r:party-only:P1D")]
        assert all(q.not_before == clock() for q in found)
        text = await messages_of(runtime, "reminder")
        ben, party = json.loads(text["ben"])["fields"], json.loads(text["party-only"])["fields"]
        assert ben["pre_meeting"]["join_url"] == "https://meet.example.org/pre"
        assert ben["meetup"]["online_url"] == "https://meet.example.org/rust"
        assert ben["checklist"][0]["name"] == "rustup"
        assert ben["access"]["stations"][0]["exit"] == "Hachiko"
        assert party["pre_meeting"] is None and party["meetup"]["online_url"] == "", "after-party only"
        assert party["access"]["stations"][0]["station"] == "Shibuya"
        assert await renderable(runtime) == 4, "their two RSVP confirmations and two reminders"
        # The hour-before reminders wait for their time.
        await ticked(*schedulers)
        assert len(await queued(runtime, trigger="reminder")) == 2
        clock.set(START - HOUR)
        await _reminded(runtime, 4)
        assert await _reminder_rows(runtime) == []


async def test_a_reminder_moves_with_the_meetup(start):
    clock = SettableClock(NOON)
    schedulers = []
    async with start(wiring(schedulers=schedulers), clock=clock) as runtime:
        meetup = await _setup(runtime)
        later = START + 2 * DAY
        await meetup.move(later, affected=("ben",))
        await caught_up(runtime)
        assert await _reminder_rows(runtime) == [("ben", "P1D", later - DAY), ("ben", "PT1H", later - HOUR)]
        clock.set(START - DAY + MINUTE)  # when it would have been due
        await ticked(*schedulers)
        assert await queued(runtime, trigger="reminder") == []
        clock.set(later - DAY)
        [sent] = await _reminded(runtime, 1)
        assert sent.key == "reminder:m-r:ben:P1D"


async def test_the_organizers_offsets_plan_the_reminders_and_changing_them_moves_them(start):
    clock = SettableClock(NOON)
    schedulers = []
    async with start(wiring(schedulers=schedulers), clock=clock) as runtime:
        meetup = await _setup(runtime, offsets=(3 * DAY, 90 * MINUTE))
        assert await _reminder_rows(runtime) == [("ben", "P3D", START - 3 * DAY), ("ben", "PT1H30M", START - 90 * MINUTE)]
        await meetup.set_reminder_offsets([2 * DAY, 10 * MINUTE], affected=("ben",))
        await caught_up(runtime)
        assert await _reminder_rows(runtime) == [("ben", "P2D", START - 2 * DAY), ("ben", "PT10M", START - 10 * MINUTE)]
        assert await queued(runtime, trigger="meetup_updated") == [], "members are not told of new offsets"
        clock.set(START - 3 * DAY + MINUTE)  # when the old first reminder would have been due
        await ticked(*schedulers)
        assert await queued(runtime, trigger="reminder") == []
        clock.set(START - 2 * DAY)
        [sent] = await _reminded(runtime, 1)
        assert sent.key == "reminder:m-r:ben:P2D"
        # Back to the defaults: a day and an hour before, the passed two days not again.
        await meetup.set_reminder_offsets([], affected=("ben",))
        await caught_up(runtime)
        assert await _reminder_rows(runtime) == [("ben", "P1D", START - DAY), ("ben", "PT1H", START - HOUR)]


async def test_a_reminder_is_dropped_when_the_meetup_is_cancelled_or_the_seat_is_gone(start):
    clock = SettableClock(NOON)
    schedulers = []
    async with start(wiring(schedulers=schedulers), clock=clock) as runtime:
        meetup = await _setup(runtime, members=("ben", "cho"))
        await meetup.cancel_rsvp("cho")
        await caught_up(runtime)
        assert [m for m, _, _ in await _reminder_rows(runtime)] == ["ben", "ben"]
        await meetup.cancel(affected=("ben",))
        await caught_up(runtime)
        assert await _reminder_rows(runtime) == []
        clock.set(START - HOUR)
        await ticked(*schedulers)
        assert await queued(runtime, trigger="reminder") == []


async def test_quiet_hours_hold_a_reminder_only_while_they_end_before_the_meetup(start):
    early = datetime(2026, 3, 7, 22, 30, tzinfo=UTC)  # Sunday 07:30 in Tokyo
    clock = SettableClock(NOON)
    schedulers = []
    async with start(wiring(schedulers=schedulers), clock=clock) as runtime:
        meetup = await _setup(runtime, members=("ben", "cho"), start=early)
        s = meetup.stream
        await s.quiet_hours("ben", "22:00", "08:00", "Asia/Tokyo")  # asleep until after the start
        await s.quiet_hours("cho", "22:00", "07:00", "Asia/Tokyo")  # up half an hour before it
        await caught_up(runtime)
        clock.set(early - HOUR)  # 06:30 in Tokyo: quiet for both
        found = {q.member_id: q for q in await _reminded(runtime, 2)}
        assert found["ben"].not_before == early - HOUR, "held to 08:00 it would come after the start"
        assert found["cho"].not_before == early - 30 * MINUTE, "held to 07:00, before the start"
        assert not found["ben"].urgent and not found["cho"].urgent


async def test_two_replicas_plan_each_reminder_once(start):
    members = tuple(f"member-{i:02d}" for i in range(20))
    one, two = SettableClock(NOON), SettableClock(NOON)
    schedulers = []
    async with start(wiring(schedulers=schedulers), "replica-1", clock=one) as first:
        async with start(wiring(schedulers=schedulers), "replica-2", clock=two) as second:
            await _setup(first, members=members)
            await caught_up(second)
            for clock in (one, two):
                clock.set(START - HOUR)
            found = await _reminded(first, 40)
            await ticked(*schedulers)
            assert len(await queued(second, trigger="reminder")) == 40
            assert sorted(q.key for q in found) == sorted(
                f"reminder:m-r:{m}:{offset}" for m in members for offset in ("P1D", "PT1H"))
            # One replica held the lease and handled every row; the other none.
            assert sorted(s.reminders_handled for s in schedulers) == [0, 40]


async def test_the_weekly_digest_goes_out_in_the_members_local_monday_morning(start):
    # Sunday 2026-03-08 23:00 UTC: Monday 08:00 in Tokyo, Sunday evening in Berlin.
    monday_tokyo = datetime(2026, 3, 8, 23, 0, tzinfo=UTC)
    clock = SettableClock(monday_tokyo - 7 * DAY + HOUR)
    schedulers = []
    async with start(wiring(schedulers=schedulers), clock=clock) as runtime:
        s = Stream(runtime)
        await s.member("ayu", prefecture="Tokyo")
        await s.email("ayu", "mail-ayu")
        await s.member("ben", prefecture="Tokyo", timezone="Europe/Berlin")
        await s.email("ben", "mail-ben")
        await s.member("cho", prefecture="Osaka")
        await s.email("cho", "mail-cho")
        await caught_up(runtime)
        soon = Meetup(s, "m-soon", details(monday_tokyo + 3 * DAY))
        far = Meetup(s, "m-far", details(monday_tokyo + 20 * DAY))
        for m in (soon, far):
            await m.schedule()
            await m.publish()
        await caught_up(runtime)

        clock.set(monday_tokyo - MINUTE)
        await ticked(*schedulers)
        assert await queued(runtime, trigger="weekly_digest") == []
        clock.set(monday_tokyo)

        async def sent():
            return await queued(runtime, trigger="weekly_digest") or None

        [digest] = await eventually(sent, what="ayu's digest")
        assert (digest.member_id, digest.key) == ("ayu", "digest:ayu:2026-W11")
        listed = json.loads((await messages_of(runtime, "weekly_digest"))["ayu"])["fields"]
        assert [m["meetup_id"] for m in listed["meetups"]] == ["m-soon"]
        # Monday 08:00 in Berlin; cho's region has nothing coming up.
        clock.set(datetime(2026, 3, 9, 7, 0, tzinfo=UTC))

        async def both():
            found = await queued(runtime, trigger="weekly_digest")
            return found if len(found) == 2 else None

        found = await eventually(both, what="ben's digest")
        assert sorted(q.member_id for q in found) == ["ayu", "ben"]
        assert await renderable(runtime) == 2
