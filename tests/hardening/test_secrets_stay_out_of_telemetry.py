"""Secrets and contact data never reach logs, traces or error messages.

The flows run through the real services (members, events and notify on one
nats-server, at DEBUG; notify mailing a real SMTP server): members register with
recognisable names, self-introductions and handles, ask each other to connect with
notes, introduce each other, invite an email address (which notify emails);
an organizer schedules a meetup with a question, members RSVP with answers and check
in; then a few requests are refused on purpose with the same data in the bad fields.
Every log record of every logger (all levels) and every OpenTelemetry span (name,
attributes, events, status) is captured, and none may carry a sentinel or a bearer
token; nor may any error message or detail a caller got back.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from aiosmtpd.controller import Controller
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from offkai.events.v1 import meetups_pb2 as ev
from offkai.events.v1 import meetups_pb2_grpc
from offkai.events.v1 import types_pb2 as et
from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import introductions_pb2 as ipb
from offkai.members.v1 import invitations_pb2 as vpb
from offkai.members.v1 import members_pb2 as mpb
from offkai.members.v1 import types_pb2 as types
from offkai_kit.config import ServiceSettings
from offkai_kit.grpc.status import details_of
from offkai_kit.nats_server import NatsServer
from offkai_kit.ports import free_port
from offkai_kit.telemetry import setup_telemetry
from offkai_kit.testing.consumers import settled
from offkai_kit.testing.polling import eventually
from offkai_kit.testing.services import bearer, token
from offkai_services import service
from tests.events.integration.support import details, frame
from tests.hardening.members_world import ORGANIZER_ROLES, Stubs, create_community

# Recognisable in any case and encoding; each marks one kind of personal data.
SENTINELS = {
    "name": "Zq7-secret-name",
    "intro": "Zq7-secret-intro",
    "handle": "Zq7-secret-handle",
    "public handle": "zq7.secret.public",
    "connection note": "Zq7-secret-note",
    "introduction note": "Zq7-secret-introduction",
    "email": "zq7-secret-mail@example.org",
    "invitation note": "Zq7-secret-invite",
    "answer": "Zq7-secret-answer",
    "rsvp intro": "Zq7-secret-rsvp",
}


class Captured(logging.Handler):
    """Every record, rendered as offkai renders it and raw (message, args, extras)."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        offkai = next((h for h in logging.getLogger().handlers if h.get_name() == "offkai"), None)
        try:
            rendered = offkai.format(record) if offkai else ""
        except Exception:
            rendered = ""
        self.lines.append(f"{record.name} {record.levelname} {rendered} {record.msg!r} {record.args!r} "
                          f"{record.exc_text or ''} {vars(record)!r}")


@pytest.fixture(scope="module")
def captured(tmp_path_factory):
    from tests.hardening.services import services_in_a_thread

    base = tmp_path_factory.mktemp("scan")
    spans = InMemorySpanExporter()
    setup_telemetry("scan", ServiceSettings(log_level="DEBUG"), span_exporter=spans)
    handler = Captured()
    root = logging.getLogger()
    before = root.level
    root.addHandler(handler)
    server = NatsServer(base / "jetstream", log_file=base / "nats.log")
    server.start()
    mail = Mailbox()
    smtp = Controller(mail, hostname="127.0.0.1", port=free_port())
    # The test's SMTP server logs the conversation it has: that is the
    # receiver's log, not offkai's, so it is muted here.
    server_log = logging.getLogger("mail.log")
    server_log.disabled = True
    smtp.start()
    refusals: list[str] = []
    tokens: list[str] = []
    try:
        infos = [service("members"), service("events"), service("notify")]
        with services_in_a_thread(infos, server.url, base, log_level="DEBUG", smtp_host="127.0.0.1",
                                  smtp_port=smtp.port, smtp_security="none",
                                  notify_sender_poll_seconds=0.1) as stack:
            root.setLevel(logging.DEBUG)
            _drive(stack, refusals, tokens)
            for running in stack.services.values():
                running.run(settled(*running.runtime.runners.values()))
            # The invitation emailed to the invitee, through notify's sender.
            stack.services["notify"].run(eventually(mail.received_for(SENTINELS["email"]), timeout=30,
                                                    what="notify emailed the invitation"))
        yield handler.lines, spans.get_finished_spans(), refusals, tokens, mail
    finally:
        spans.shutdown()  # stays attached to the process's provider: stop it keeping spans
        root.removeHandler(handler)
        root.setLevel(before)
        smtp.stop()
        server_log.disabled = False
        server.kill()


class Mailbox:
    """An SMTP server's handler (aiosmtpd, on a thread of its own): keeps each
    message's recipients."""

    def __init__(self):
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted"

    def received_for(self, address: str):
        async def check() -> bool:
            return any(address in rcpts for rcpts in self.recipients)
        return check


def _as(member_id: str, tokens: list[str], *roles: str):
    minted = token(member_id, *(roles or ("member",)))
    tokens.append(minted)
    return (("authorization", f"Bearer {minted}"),)


def _drive(stack, refusals: list[str], tokens: list[str]) -> None:
    s = SENTINELS
    members, events = stack.services["members"], stack.services["events"]
    with grpc.insecure_channel(members.address) as channel, grpc.insecure_channel(events.address) as ech:
        api = Stubs.on(channel)
        meetups = meetups_pb2_grpc.MeetupsServiceStub(ech)
        ayumi, kenji, hana, org = "ayumi", "kenji", "hana", "org-aki"
        for who in (ayumi, kenji, hana, org):
            api.members.RegisterMember(mpb.RegisterMemberRequest(
                request_id=_rid(), display_name=f"{s['name']} {who}", region_prefecture="Tokyo",
                self_introduction=types.SelfIntroduction(what_i_do=s["intro"], hobbies=s["intro"]),
                interests=["rust"]), metadata=_as(who, tokens))
        api.members.AddHandle(mpb.AddHandleRequest(
            request_id=_rid(), kind=types.HANDLE_KIND_LINE, value=s["handle"],
            visibility=types.HANDLE_VISIBILITY_CONNECTIONS), metadata=_as(ayumi, tokens))
        api.members.AddHandle(mpb.AddHandleRequest(
            request_id=_rid(), kind=types.HANDLE_KIND_FACEBOOK, value=s["public handle"],
            visibility=types.HANDLE_VISIBILITY_EVERYONE), metadata=_as(ayumi, tokens))
        for other in (kenji, hana):
            api.connections.RequestConnection(rpb.RequestConnectionRequest(
                request_id=_rid(), other_member_id=other, note=s["connection note"]), metadata=_as(ayumi, tokens))
            api.connections.AcceptConnection(rpb.AcceptConnectionRequest(
                request_id=_rid(), other_member_id=ayumi), metadata=_as(other, tokens))
        api.members.GetMember(mpb.GetMemberRequest(member_id=ayumi), metadata=_as(kenji, tokens))
        api.introductions.MakeIntroduction(ipb.MakeIntroductionRequest(
            request_id=_rid(), first_member_id=kenji, second_member_id=hana, note=s["introduction note"]),
            metadata=_as(ayumi, tokens))
        create_community(api, "rust-tokyo", org)
        api.invitations.SendInvitation(vpb.SendInvitationRequest(
            request_id=_rid(), target_kind=types.INVITATION_TARGET_KIND_COMMUNITY, target_id="rust-tokyo",
            invitee_email=s["email"], note=s["invitation note"]), metadata=_as(org, tokens, *ORGANIZER_ROLES))

        # The events service learns from the stream that org-aki organizes rust-tokyo.
        start = datetime.now(UTC) + timedelta(minutes=30)
        meetup_details = details(start)

        def schedule():
            try:
                return meetups.ScheduleMeetup(ev.ScheduleMeetupRequest(
                    request_id=_rid(), details=meetup_details, frames=[frame(capacity=5)]),
                    metadata=_as(org, tokens, *ORGANIZER_ROLES))
            except grpc.RpcError as error:
                if error.code() != grpc.StatusCode.PERMISSION_DENIED:
                    raise
                return None

        scheduled = events.run(eventually(_async(schedule), what="events knows org-aki organizes rust-tokyo"))
        meetup_id = scheduled.meetup.meetup_id
        meetups.PublishMeetup(ev.PublishMeetupRequest(request_id=_rid(), meetup_id=meetup_id),
                              metadata=_as(org, tokens, *ORGANIZER_ROLES))
        rsvp = et.RsvpDetails(self_introduction=et.SelfIntroduction(what_i_do=s["rsvp intro"]),
                              answers=[et.Answer(question_id="q-level", answer=s["answer"])])
        for who in (ayumi, kenji):
            meetups.RsvpToFrame(ev.RsvpToFrameRequest(request_id=_rid(), meetup_id=meetup_id, frame_id="in-person",
                                                      details=rsvp), metadata=_as(who, tokens))
        meetups.ListAttendees(ev.ListAttendeesRequest(meetup_id=meetup_id, frame_id="in-person"),
                              metadata=_as(org, tokens, *ORGANIZER_ROLES))

        # Refused on purpose, the personal data in the fields that are wrong.
        refused = [
            lambda: api.members.RegisterMember(mpb.RegisterMemberRequest(
                request_id=_rid(), display_name=f"{s['name']}\n", region_prefecture=s["intro"] * 40),
                metadata=_as("newcomer", tokens)),
            lambda: api.members.AddHandle(mpb.AddHandleRequest(
                request_id=_rid(), kind=types.HANDLE_KIND_LINE, value=f"{s['handle']}\x00" * 30),
                metadata=_as(ayumi, tokens)),
            lambda: api.invitations.SendInvitation(vpb.SendInvitationRequest(
                request_id=_rid(), target_kind=types.INVITATION_TARGET_KIND_COMMUNITY, target_id="rust-tokyo",
                invitee_email=s["email"].replace("@", "@@"), note=s["invitation note"]),
                metadata=_as(org, tokens, *ORGANIZER_ROLES)),
            lambda: api.invitations.SendInvitation(vpb.SendInvitationRequest(
                request_id=_rid(), target_kind=types.INVITATION_TARGET_KIND_COMMUNITY, target_id="rust-tokyo",
                invitee_email=s["email"], note=s["invitation note"] * 100), metadata=_as(kenji, tokens)),
            lambda: api.connections.RequestConnection(rpb.RequestConnectionRequest(
                request_id=_rid(), other_member_id=kenji, note=s["connection note"] * 100),
                metadata=_as(hana, tokens)),
            lambda: meetups.RsvpToFrame(ev.RsvpToFrameRequest(
                request_id=_rid(), meetup_id=meetup_id, frame_id="in-person",
                details=et.RsvpDetails(answers=[et.Answer(question_id="nope", answer=s["answer"])])),
                metadata=_as(hana, tokens)),
            lambda: api.members.GetMember(mpb.GetMemberRequest(member_id=ayumi),
                                          metadata=(("authorization", f"Bearer {tokens[0]}x"),)),
        ]
        for call in refused:
            try:
                call()
            except grpc.RpcError as error:
                refusals.append(f"{error.code()} {error.details()} {[str(d) for d in details_of(error)]}")
            else:
                refusals.append(f"accepted #{len(refusals)}")


def _async(call):
    async def attempt():
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(None, call)

    return attempt


def _rid() -> str:
    return str(uuid.uuid4())


def _found(text: str) -> list[str]:
    folded = text.casefold()
    return [kind for kind, value in SENTINELS.items() if value.casefold() in folded]


def test_the_flows_ran(captured):
    lines, spans, refusals, tokens, mail = captured
    assert [SENTINELS["email"]] in mail.recipients, "notify emailed the invited address"
    assert all(not r.startswith("accepted") for r in refusals), refusals
    assert len(lines) > 100 and len(spans) > 50, "the capture saw the services at work"
    assert any(" DEBUG " in line for line in lines), "DEBUG records were captured"


def test_no_log_record_carries_personal_data_or_tokens(captured):
    lines, _, _, tokens, _ = captured
    leaks = [(kinds, line[:300]) for line in lines if (kinds := _found(line))]
    assert not leaks, leaks[:5]
    with_tokens = [line[:300] for line in lines if any(t in line or t.split(".")[2] in line for t in tokens)]
    assert not with_tokens, with_tokens[:3]


def test_no_span_carries_personal_data_or_tokens(captured):
    _, spans, _, tokens, _ = captured
    leaks = []
    for span in spans:
        text = " ".join([span.name, repr(dict(span.attributes or {})), span.status.description or "",
                         *(f"{e.name} {dict(e.attributes or {})!r}" for e in span.events)])
        if kinds := _found(text):
            leaks.append((kinds, span.name, text[:300]))
        if any(t.split(".")[2] in text for t in tokens):
            leaks.append(("token", span.name, text[:300]))
    assert not leaks, leaks[:5]


def test_no_error_message_echoes_personal_data(captured):
    _, _, refusals, _, _ = captured
    leaks = [(kinds, text[:300]) for text in refusals if (kinds := _found(text))]
    assert not leaks, leaks


def test_bearer_scheme_itself_is_recognised(captured):
    """The token check above looks for each token's signature: make sure it could
    match (a check that can never fail proves nothing)."""
    _, _, _, tokens, _ = captured
    assert tokens and all(len(t.split(".")) == 3 for t in tokens)
    assert bearer("x")[0][1].startswith("Bearer ")
