"""An invitation to an email address (the members service's InvitationSent
with ``invitee_email``) is emailed there by notify, as ``bootstrap`` composes
it: through the connections projection, the queue and the sender, to a real
SMTP server — once, in the inviter's language, with the inviter's note and
the claim link; never again to an address that used the email's own link to
stop them; and not at all when the inviter is erased before it went out, with
nothing of the address left in notify's tables."""

from __future__ import annotations

import contextlib
import email
import email.policy
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import grpc
import pytest
from sqlalchemy import inspect, select

from offkai.members.v1 import events_pb2 as members_ev
from offkai.members.v1 import types_pb2 as members_pb
from offkai.notify.v1 import deliveries_pb2 as dpb
from offkai.notify.v1 import deliveries_pb2_grpc, preferences_pb2, preferences_pb2_grpc
from offkai.notify.v1 import types_pb2 as notify_pb
from offkai_kit.clock import utc_now
from offkai_kit.testing.polling import eventually
from offkai_kit.testing.services import bearer, channel_to, running_service
from offkai_notify.bootstrap import SPEC, sender
from offkai_notify.delivery.tables import NO_MEMBER, Status, deliveries, delivery_addresses, invitation_opt_outs
from offkai_notify.domain.invitation_addresses import address_hash
from tests.notify.triggers import Stream, caught_up, queued, service, ts, wiring

APP = "https://offkai.example.org"
FRIEND = "friend.of.ayu@example.org"
NOTE = "Aki and I go every month. 一緒に行こう!"


@contextlib.asynccontextmanager
async def notify(nats_server, database_url, tmp_path, smtp_port: int, **settings):
    """The whole notify service (SPEC: the sender, the API with its public
    UnsubscribeWithToken), mailing the test's SMTP server."""
    async with running_service(
        SPEC, nats_url=nats_server.url, data_dir=tmp_path / "notify", database_url=database_url,
        consumer_backoff_seconds=[0.1, 0.2, 0.5], smtp_host="127.0.0.1", smtp_port=smtp_port,
        smtp_security="none", smtp_from="offkai <noreply@offkai.test>", notify_app_url=APP,
        notify_sender_poll_seconds=0.05, **settings,
    ) as runtime:
        yield runtime


def received(server, count: int):
    """An async check: the server has ``count`` messages."""
    async def check():
        return len(server.handler.envelopes) >= count
    return check


def mail_of(server) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(e.original_content, policy=email.policy.default)
            for e in server.handler.envelopes]


def text_of(mail) -> str:
    return mail.get_body(("plain",)).get_content()


def card(member_id: str, name: str) -> members_pb.MemberCard:
    return members_pb.MemberCard(member_id=member_id, display_name=name)


def to_meetup(start: datetime) -> members_pb.InvitationTarget:
    return members_pb.InvitationTarget(kind=members_pb.INVITATION_TARGET_KIND_MEETUP, target_id="m-42",
                                       title="Rust mini-off", start=ts(start), timezone="Asia/Tokyo")


async def invite(s: Stream, invitation_id: str, inviter: str, name: str, address: str, target,
                 note: str = NOTE) -> str:
    return await s.members_event("invitation", f"invitation-{invitation_id}", members_ev.InvitationSent(
        invitation_id=invitation_id, inviter_id=inviter, inviter=card(inviter, name), invitee_email=address,
        target=target, note=note, sent_at=ts(s.runtime.clock())))


async def test_an_invitation_reaches_the_address_once_in_the_inviters_language(
        nats_server, database_url, tmp_path, smtp_server):
    async with notify(nats_server, database_url, tmp_path, smtp_server.port) as runtime:
        s = Stream(runtime)
        await s.member("ayu", locale="en", timezone="Europe/London")
        await s.member("cho", locale="ja")
        await s.community("rust-tokyo", "cho")
        await caught_up(runtime)
        # 10:00 UTC is 19:00 in Tokyo, the meetup's own zone.
        start = (datetime.now(UTC) + timedelta(days=9)).replace(hour=10, minute=0, second=0, microsecond=0)
        to_meetup_event = await invite(s, "inv-en-7c1f", "ayu", "Ayu", FRIEND, to_meetup(start))
        to_community = await invite(s, "inv-ja-3b9e", "cho", "Cho", "someone.else@example.org",
                                    members_pb.InvitationTarget(kind=members_pb.INVITATION_TARGET_KIND_COMMUNITY,
                                                                target_id="rust-tokyo", title="Rust Tokyo"),
                                    note="毎月やってます")

        await eventually(received(smtp_server, 2), timeout=20, what="both invitations at the SMTP server")
        by_to = {envelope.rcpt_tos[0]: mail for envelope, mail in zip(smtp_server.handler.envelopes,
                                                                      mail_of(smtp_server), strict=True)}
        assert set(by_to) == {FRIEND, "someone.else@example.org"}

        english = by_to[FRIEND]
        body = text_of(english)
        assert english["Subject"] == "Ayu invites you: Rust mini-off"
        assert NOTE in body and "Ayu thinks you would enjoy Rust mini-off" in body
        assert "7:00 PM" in body and "Japan" in body, "the meetup's local time"
        assert f"{APP}/invitations/inv-en-7c1f" in body, "the claim link"
        assert f"{APP}/invitations/inv-en-7c1f" in english.get_body(("html",)).get_content()
        opt_out = re.search(r"Never email me invitations from offkai again: (\S+)", body).group(1)
        assert opt_out.startswith(f"{APP}/unsubscribe?token=")
        assert "".join(str(english["List-Unsubscribe"]).split()) == f"<{opt_out}>"
        assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert FRIEND not in opt_out and "friend" not in opt_out

        japanese = by_to["someone.else@example.org"]
        assert japanese["Subject"] == "Choさんからのお誘い：コミュニティ「Rust-Tokyo」"
        body = text_of(japanese)
        assert "毎月やってます" in body and f"{APP}/invitations/inv-ja-3b9e" in body
        assert "今後 offkai からお誘いのメールを受け取らない" in body

        async def sent_and_forgotten():
            async with runtime.db.read() as conn:
                statuses = (await conn.execute(select(deliveries.c.status, deliveries.c.masked_destination)
                                               .where(deliveries.c.member_id == NO_MEMBER))).all()
                addresses = (await conn.execute(select(delivery_addresses))).all()
            return statuses == [(Status.SENT.value, None)] * 2 and addresses == []

        assert await eventually(sent_and_forgotten, what="both sent, their addresses gone")

        # The events again (a producer's retry, a healed stream): nothing new is planned or sent.
        await s.redeliver_all()
        await caught_up(runtime)
        assert len(await queued(runtime, trigger="invitation_emailed")) == 2
        assert len(smtp_server.handler.envelopes) == 2

        # Visible to admins by its event's counts and its id; no member's own.
        async with channel_to(runtime) as channel:
            api = deliveries_pb2_grpc.DeliveriesServiceStub(channel)
            counts = await api.GetDeliveryCounts(dpb.GetDeliveryCountsRequest(
                triggering_event_id=to_meetup_event), metadata=bearer("root", "admin"))
            assert [(c.status, c.count) for c in counts.counts] == [(notify_pb.DELIVERY_STATUS_SENT, 1)]
            async with runtime.db.read() as conn:
                delivery_id = await conn.scalar(select(deliveries.c.delivery_id)
                                                .where(deliveries.c.key == to_community))
            seen = await api.GetDelivery(dpb.GetDeliveryRequest(delivery_id=delivery_id),
                                         metadata=bearer("root", "admin"))
            assert (seen.delivery.trigger, seen.delivery.member_id, seen.delivery.channel_kind,
                    seen.delivery.masked_destination) == (
                notify_pb.TRIGGER_INVITATION_EMAILED, "", notify_pb.CHANNEL_KIND_EMAIL, "")
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await api.GetDelivery(dpb.GetDeliveryRequest(delivery_id=delivery_id), metadata=bearer("cho"))
            assert refused.value.code() is grpc.StatusCode.NOT_FOUND


async def test_an_address_that_used_the_link_gets_no_more_invitations(
        nats_server, database_url, tmp_path, smtp_server):
    async with notify(nats_server, database_url, tmp_path, smtp_server.port) as runtime:
        s = Stream(runtime)
        await s.member("ayu", locale="en")
        await s.member("ben", locale="ja")
        await caught_up(runtime)
        start = datetime.now(UTC) + timedelta(days=9)
        await invite(s, "inv-1", "ayu", "Ayu", FRIEND, to_meetup(start))
        await eventually(received(smtp_server, 1), timeout=20, what="the first invitation")
        link = re.search(r"Never email me invitations from offkai again: (\S+)",
                         text_of(mail_of(smtp_server)[0])).group(1)
        [token] = parse_qs(urlsplit(link).query)["token"]

        async with channel_to(runtime) as channel:
            preferences = preferences_pb2_grpc.PreferencesServiceStub(channel)
            # No login: the link's token is the authority. Twice is harmless.
            for request_id in ("click-1", "click-2"):
                answer = await preferences.UnsubscribeWithToken(
                    preferences_pb2.UnsubscribeWithTokenRequest(request_id=request_id, token=token))
                assert answer.invitation_emails_stopped and not answer.masked_address and not answer.category
        async with runtime.db.read() as conn:
            assert (await conn.scalars(select(invitation_opt_outs.c.address_hash))).all() == [address_hash(FRIEND)]

        # Another inviter, another spelling of the same address: nothing is planned.
        again = await invite(s, "inv-2", "ben", "Ben", "  Friend.Of.Ayu@EXAMPLE.org", to_meetup(start))
        other = await invite(s, "inv-3", "ben", "Ben", "another@example.org", to_meetup(start))
        await caught_up(runtime)
        assert await queued(runtime, key=again) == []
        assert len(await queued(runtime, key=other)) == 1, "other addresses still hear of theirs"
        await eventually(received(smtp_server, 2), timeout=20, what="the other address's invitation")
        assert [e.rcpt_tos for e in smtp_server.handler.envelopes] == [[FRIEND], ["another@example.org"]]


async def test_an_inviter_erased_before_the_email_went_out_sends_nothing_and_leaves_no_address(
        nats_server, database_url, tmp_path, smtp_server):
    # The read models without the sender: what is planned waits, so the erasure comes first.
    async with service(nats_server.url, database_url, tmp_path / "notify", wiring(), utc_now,
                       smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_security="none",
                       notify_app_url=APP) as runtime:
        s = Stream(runtime)
        await s.member("ayu", locale="en")
        await caught_up(runtime)
        invited = await invite(s, "inv-9", "ayu", "Ayu", FRIEND, to_meetup(datetime.now(UTC) + timedelta(days=9)))
        await caught_up(runtime)
        assert len(await queued(runtime, key=invited)) == 1
        async with runtime.db.read() as conn:
            assert (await conn.scalars(select(delivery_addresses.c.address))).all() == [FRIEND]

        await s.erase("ayu")
        await caught_up(runtime)
        assert await queued(runtime, key=invited) == []
        assert await _rows_mentioning(runtime, FRIEND) == []

        # A sender starting now finds nothing to send.
        late = sender(runtime, (b"opt-out-key",))
        assert await late.send_due() == 0
        await late.transports.aclose()
        assert smtp_server.handler.envelopes == []

        # Nor does an invitation of theirs applied only now: the invitation's
        # stream and the member's are two aggregates, applied in either order
        # (and members seals the address with the inviter's key: this test's
        # stream carries it in clear, as if the key had not gone yet).
        late_one = await invite(s, "inv-10", "ayu", "Ayu", FRIEND, to_meetup(datetime.now(UTC) + timedelta(days=9)))
        await caught_up(runtime)
        assert await queued(runtime, key=late_one) == []
        assert await _rows_mentioning(runtime, FRIEND) == []


async def _rows_mentioning(runtime, text: str) -> list[str]:
    """Every table of notify's database, every row: which mention ``text``
    (in any text or binary column)."""
    def names(sync_conn):
        return inspect(sync_conn).get_table_names()

    found = []
    async with runtime.db.read() as conn:
        for table in await conn.run_sync(names):
            rows = (await conn.exec_driver_sql(f'SELECT * FROM "{table}"')).all()
            for row in rows:
                for value in row:
                    if isinstance(value, bytes | memoryview) and text.encode() in bytes(value):
                        found.append(table)
                    elif isinstance(value, str) and text.lower() in value.lower():
                        found.append(table)
    return found
