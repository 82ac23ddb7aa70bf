"""Email over a real SMTP server (aiosmtpd, in-process): what arrives, and
how each failure is classified."""

from __future__ import annotations

import email
import email.policy
import socket

from offkai_notify import bootstrap
from offkai_notify.adapters.smtp import Email, SmtpSecurity, SmtpSettings, SmtpTransport, message_id_for
from offkai_notify.config import NotifySettings
from offkai_notify.domain.retry import Verdict
from tests.notify.integration.servers import DroppingSMTP, HangingUpSMTP, SmtpHandler, start_smtp

TO = "ayumi.tanaka@example.com"


def transport(port: int, **settings) -> SmtpTransport:
    return SmtpTransport(SmtpSettings(host="127.0.0.1", port=port, security=SmtpSecurity.NONE, timeout=5,
                                      sender="offkai <noreply@offkai.test>", **settings))


def message(**overrides) -> Email:
    fields = dict(to=TO, subject="参加が確定しました：Rust & <Go>", text="プレーンテキスト\nPlain text",
                  html="<p>HTML の本文 &amp; body</p>", message_id=message_id_for("d-7f3a", "offkai.test"),
                  unsubscribe_url="https://offkai.example/unsubscribe?token=v1.abc.def")
    return Email(**{**fields, **overrides})


async def test_a_message_arrives_with_its_headers_and_both_parts(smtp_server):
    outcome = await transport(smtp_server.port).send(message())
    assert outcome.verdict is Verdict.SENT
    (envelope,) = smtp_server.handler.envelopes
    assert envelope.mail_from == "noreply@offkai.test" and envelope.rcpt_tos == [TO]
    received = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert received["Message-ID"] == "<d-7f3a@offkai.test>"
    assert received["Subject"] == "参加が確定しました：Rust & <Go>"
    assert received["To"] == TO and "noreply@offkai.test" in received["From"]
    assert received["List-Unsubscribe"] == "<https://offkai.example/unsubscribe?token=v1.abc.def>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received["Auto-Submitted"] == "auto-generated"
    assert received.get_content_type() == "multipart/alternative"
    text, html = received.get_payload()
    assert text.get_content_type() == "text/plain" and "プレーンテキスト" in text.get_content()
    assert html.get_content_type() == "text/html" and "HTML の本文 &amp; body" in html.get_content()


async def test_every_attempt_of_a_delivery_has_the_same_message_id(smtp_server):
    sender = transport(smtp_server.port)
    await sender.send(message())
    await sender.send(message())
    ids = {email.message_from_bytes(e.original_content)["Message-ID"] for e in smtp_server.handler.envelopes}
    assert ids == {"<d-7f3a@offkai.test>"}


async def test_a_message_without_an_unsubscribe_link_has_no_list_headers(smtp_server):
    await transport(smtp_server.port).send(message(unsubscribe_url=""))
    received = email.message_from_bytes(smtp_server.handler.envelopes[0].original_content)
    assert received["List-Unsubscribe"] is None


async def test_421_is_transient(smtp_server):
    smtp_server.handler.data_reply = "421 4.3.2 Service not available, try later"
    outcome = await transport(smtp_server.port).send(message())
    assert (outcome.verdict, outcome.code) == (Verdict.TRANSIENT, "smtp_421")


async def test_a_refused_recipient_550_is_permanent_and_its_address_is_not_kept(smtp_server, app_logs):
    smtp_server.handler.refuse_rcpt[TO] = f"550 5.1.1 <{TO}>: Recipient address rejected"
    outcome = await transport(smtp_server.port).send(message())
    assert (outcome.verdict, outcome.code) == (Verdict.PERMANENT, "smtp_550")
    assert TO not in repr(outcome)
    logged = app_logs()
    assert "email failed" in logged and TO not in logged and "a…@example.com" in logged


async def test_a_connection_dropped_mid_data_is_transient():
    server = await start_smtp(SmtpHandler(), DroppingSMTP)
    try:
        outcome = await transport(server.port).send(message())
    finally:
        server.server.close()
    assert (outcome.verdict, outcome.code) == (Verdict.TRANSIENT, "connection")
    assert server.handler.envelopes == []


async def test_nobody_listening_is_transient():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    outcome = await transport(port).send(message())
    assert (outcome.verdict, outcome.code) == (Verdict.TRANSIENT, "connection")


async def test_messages_one_after_another_share_one_connection(smtp_server):
    sender = transport(smtp_server.port)
    try:
        outcomes = [await sender.send(message(message_id=message_id_for(f"d-{n}", "offkai.test"))) for n in range(3)]
    finally:
        await sender.aclose()
    assert {o.verdict for o in outcomes} == {Verdict.SENT}
    assert len(smtp_server.handler.envelopes) == 3 and len(set(smtp_server.handler.peers)) == 1


async def test_the_pool_size_comes_from_the_settings_and_zero_keeps_none(smtp_server, monkeypatch):
    monkeypatch.setenv("OFFKAI_SMTP_POOL_SIZE", "0")
    settings = NotifySettings(smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_security="none",
                              smtp_from="offkai <noreply@offkai.test>")
    sender = bootstrap.transports(settings)
    try:
        for n in range(2):
            outcome = await sender.smtp.send(message(message_id=message_id_for(f"d-{n}", "offkai.test")))
            assert outcome.verdict is Verdict.SENT
    finally:
        await sender.aclose()
    assert len(set(smtp_server.handler.peers)) == 2, "a new connection per email"


async def test_a_refused_recipient_leaves_the_connection_usable_for_the_next(smtp_server):
    smtp_server.handler.refuse_rcpt["gone@example.com"] = "550 5.1.1 no such user"
    sender = transport(smtp_server.port)
    try:
        refused = await sender.send(message(to="gone@example.com"))
        sent = await sender.send(message())
    finally:
        await sender.aclose()
    assert (refused.verdict, sent.verdict) == (Verdict.PERMANENT, Verdict.SENT)
    (envelope,) = smtp_server.handler.envelopes
    assert envelope.rcpt_tos == [TO]


async def test_a_connection_idle_too_long_is_replaced(smtp_server):
    sender = transport(smtp_server.port, idle_seconds=0)
    try:
        await sender.send(message())
        await sender.send(message())
    finally:
        await sender.aclose()
    assert len(set(smtp_server.handler.peers)) == 2


async def test_a_kept_connection_the_server_closed_is_replaced_and_the_message_sent_once():
    HangingUpSMTP.sessions.clear()
    server = await start_smtp(SmtpHandler(), HangingUpSMTP)
    sender = transport(server.port)
    try:
        assert (await sender.send(message())).verdict is Verdict.SENT
        HangingUpSMTP.sessions[0].transport.close()
        outcome = await sender.send(message(message_id=message_id_for("d-2", "offkai.test")))
    finally:
        await sender.aclose()
        server.server.close()
    assert outcome.verdict is Verdict.SENT
    ids = [email.message_from_bytes(e.original_content)["Message-ID"] for e in server.handler.envelopes]
    assert ids == ["<d-7f3a@offkai.test>", "<d-2@offkai.test>"]
    assert len(set(server.handler.peers)) == 2
