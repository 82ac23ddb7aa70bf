"""notify in the soak: the members' side (``subscribe``, run by the load clients)
and the soak's side (the local sinks as a process, and the check that what notify
recorded as sent arrived once).

The sinks are the local stack's (``offkai_notify.devsinks``): an SMTP server and a
webhook receiver that keep every message as a file. A load client reads the mail
folder for a verification code, as a member reads their inbox; the check reads both
folders for every ``Message-ID`` and ``Idempotency-Key`` (the delivery id).
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import grpc
from sqlalchemy import func, select

from offkai.notify.v1 import channels_pb2 as ch
from offkai.notify.v1 import channels_pb2_grpc, preferences_pb2_grpc
from offkai.notify.v1 import preferences_pb2 as pref
from offkai.notify.v1 import types_pb2 as types
from offkai_kit.db import Database
from offkai_kit.ports import free_port, port_is_free
from offkai_notify.delivery.tables import Status, deliveries

# How long a member waits for their verification code to arrive.
CODE_WAIT_SECONDS = 60.0
MEMBER = ("member",)
_headers = email.parser.BytesHeaderParser(policy=email.policy.default)
_mail = email.parser.BytesParser(policy=email.policy.default)
MESSAGE_ID = re.compile(r"<([0-9a-f]{32})@")


def address_of(member: str) -> str:
    return f"{member}@soak.example.com"


class NotifyStub:
    """notify's channels and preferences APIs as one stub (``Client`` calls methods by name)."""

    def __init__(self, channel: grpc.aio.Channel):
        self._stubs = (channels_pb2_grpc.ChannelsServiceStub(channel),
                       preferences_pb2_grpc.PreferencesServiceStub(channel))

    def __getattr__(self, method: str):
        for stub in self._stubs:
            if hasattr(stub, method):
                return getattr(stub, method)
        raise AttributeError(method)


class Inbox:
    """The mail the SMTP sink kept, read as it arrives: each file's headers once."""

    def __init__(self, mail_dir: Path):
        self.mail_dir = mail_dir
        self.seen: set[str] = set()
        self.to: dict[str, list[Path]] = {}

    def _scan(self) -> None:
        for name in sorted(os.listdir(self.mail_dir)):
            if name.endswith(".eml") and name not in self.seen:
                path = self.mail_dir / name
                with open(path, "rb") as raw:
                    to = str(_headers.parse(raw).get("To", "")).lower()
                if to:  # else the sink is still writing it: read it again next time
                    self.seen.add(name)
                    self.to.setdefault(to, []).append(path)

    async def code_for(self, address: str, stop: asyncio.Event) -> str | None:
        """The 6-digit code in the first mail to ``address`` (a pending channel gets
        nothing else), or None after ``CODE_WAIT_SECONDS``."""
        give_up = time.monotonic() + CODE_WAIT_SECONDS
        while time.monotonic() < give_up:
            self._scan()
            for path in self.to.get(address.lower(), []):
                text = _mail.parsebytes(path.read_bytes()).get_body(preferencelist=("plain",)).get_content()
                found = re.search(r"\b(\d{6})\b", text)
                if found:
                    return found[1]
            await asyncio.sleep(0.3)
        return None


async def subscribe(notify, inbox: Inbox, webhook_url: str, w: int, rid: str, member: str) -> None:
    """A member registers an email and a webhook channel with notify and verifies the
    email with the code that arrives at the sink (``notify`` is a ``Mix`` on notify's
    replicas; its records go to its own file, not the services' checker's)."""
    address = address_of(member)
    registered = await notify.call(w, "RegisterChannel", ch.RegisterChannelRequest(
        request_id=f"{rid}-ne", kind=types.CHANNEL_KIND_EMAIL, address=address, label="mail"), member, MEMBER)
    await notify.call(w, "RegisterChannel", ch.RegisterChannelRequest(
        request_id=f"{rid}-nw", kind=types.CHANNEL_KIND_WEBHOOK, address=f"{webhook_url}{member}", label="hook"),
        member, MEMBER)
    if registered is None:
        return
    code = await inbox.code_for(address, notify.stop)
    if code is None:
        notify.write({"kind": "code_missing", "member": member, "t": time.time()})
        return
    await notify.call(w, "VerifyChannel", ch.VerifyChannelRequest(
        request_id=f"{rid}-nv", channel_id=registered.channel.channel_id, code=code), member, MEMBER)


async def near_me(notify, w: int, rid: str, member: str) -> None:
    """Announcements of meetups in the member's region (Tokyo, as every soak meetup)."""
    await notify.call(w, "SetNearMe", pref.SetNearMeRequest(request_id=f"{rid}-nn", enabled=True), member, MEMBER)


# -- the soak's side ---------------------------------------------------------------------


class Sinks:
    """``python -m offkai_notify.devsinks`` as a child process on free ports."""

    def __init__(self, directory: Path, log: Path):
        self.directory = directory
        self.smtp_port, self.webhook_port = free_port(), free_port()
        self.log = log
        self.proc: subprocess.Popen | None = None

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.webhook_port}/"

    def launch(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "offkai_notify.devsinks", "--dir", str(self.directory),
                 "--smtp-port", str(self.smtp_port), "--webhook-port", str(self.webhook_port)],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    async def start(self) -> Sinks:
        self.launch()
        for _ in range(600):
            if self.proc.poll() is not None:
                raise RuntimeError(f"the sinks exited: {self.log.read_text()[-2000:]}")
            if not port_is_free(self.smtp_port) and not port_is_free(self.webhook_port):
                return self
            await asyncio.sleep(0.05)
        raise TimeoutError("the sinks did not listen")

    def env(self, keys: str) -> dict[str, str]:
        """notify's settings for these sinks (the local stack's, ``offkai_cli.stack``)."""
        return {"OFFKAI_SMTP_HOST": "127.0.0.1", "OFFKAI_SMTP_PORT": str(self.smtp_port),
                "OFFKAI_SMTP_SECURITY": "none", "OFFKAI_SMTP_FROM": "offkai <noreply@offkai.localhost>",
                "OFFKAI_NOTIFY_LOCAL_DESTINATIONS": "true", "OFFKAI_NOTIFY_SECRET_KEYS": keys}

    def arrivals(self) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
        """When each delivery id arrived (the sink's file names carry the time): by
        Message-ID (mail) and by Idempotency-Key (posts)."""
        mail: dict[str, list[float]] = {}
        posts: dict[str, list[float]] = {}
        for path in (self.directory / "mail").glob("*.eml"):
            with open(path, "rb") as raw:
                found = MESSAGE_ID.search(str(_headers.parse(raw).get("Message-ID", "")))
            mail.setdefault(found[1] if found else f"?{path.name}", []).append(_received(path))
        for path in (self.directory / "webhooks").glob("*.json"):
            headers = {k.lower(): v for k, v in json.loads(path.read_text())["headers"].items()}
            posts.setdefault(headers.get("idempotency-key", f"?{path.name}"), []).append(_received(path))
        return mail, posts

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


async def unfinished(db: Database, now) -> list[str]:
    """Deliveries not final once the system is quiet: due ones, retrying ones, live claims."""
    d = deliveries.c
    async with db.read() as conn:
        due = await conn.scalar(select(func.count()).select_from(deliveries).where(
            d.status.in_([Status.QUEUED, Status.RETRYING]), d.next_attempt_at <= now))
        claimed = await conn.scalar(select(func.count()).select_from(deliveries).where(
            d.claimed_until.is_not(None), d.claimed_until > now, d.status.in_([Status.QUEUED, Status.RETRYING])))
    return [f"notify: {n} deliveries {what}" for n, what in ((due, "due"), (claimed, "claimed")) if n]


def _received(path: Path) -> float:
    return datetime.strptime(path.name.split("-")[0], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC).timestamp()


async def check_deliveries(db: Database, sinks: Sinks, kills: list[float], claim_seconds: float) -> dict:
    """What notify recorded against what arrived at the sinks, by delivery id.

    Must hold: every delivery recorded as sent arrived; nothing is due, retrying or
    claimed once the system is quiet (``unfinished``). An id that arrived twice, or
    arrived without being recorded as sent, is a send repeated after its sender was
    SIGKILLed between sending and recording (docs/notify.md: at least once across
    crashes, with the same Message-ID / Idempotency-Key): allowed only when a notify
    replica was killed within ``claim_seconds`` after the first arrival; the rest
    are ``unexplained``."""
    d = deliveries.c
    async with db.read() as conn:
        rows = (await conn.execute(select(d.delivery_id, d.status, d.channel_kind, d.trigger,
                                          d.failure_code))).all()
    mail, posts = sinks.arrivals()
    arrived = {**mail, **posts}
    by_id = {r.delivery_id: r for r in rows}
    sent = {i for i, r in by_id.items() if r.status == Status.SENT}

    def after_a_kill(times: list[float]) -> bool:
        return any(min(times) <= k <= min(times) + claim_seconds for k in kills)

    missing = sorted(i for i in sent if i not in arrived)
    twice = {i: len(t) for i, t in arrived.items() if len(t) > 1}
    unrecorded = {i: (by_id[i].status if i in by_id else "unknown") for i in arrived if i not in sent}
    unexplained = sorted(i for i in {*twice, *unrecorded} if not after_a_kill(arrived[i]))
    return {
        "deliveries": len(rows), "by_status": dict(Counter(r.status for r in rows)),
        "sent_by_kind": dict(Counter(by_id[i].channel_kind for i in sent)),
        "sent_by_trigger": dict(Counter(by_id[i].trigger for i in sent)),
        "cancelled_by_reason": dict(Counter(r.failure_code for r in rows if r.status == Status.CANCELLED)),
        "dead_letters_by_reason": dict(Counter(r.failure_code for r in rows if r.status == Status.FAILED)),
        "mails_arrived": sum(map(len, mail.values())), "posts_arrived": sum(map(len, posts.values())),
        "sent_not_arrived": len(missing), "arrived_twice": len(twice),
        "arrived_not_recorded_sent": dict(Counter(unrecorded.values())),
        "repeats_after_a_kill": len({*twice, *unrecorded}) - len(unexplained),
        "unexplained": unexplained[:10], "unexplained_count": len(unexplained), "missing": missing[:10],
    }


def notify_failures(counts: dict) -> list[str]:
    failures = []
    if counts["sent_not_arrived"]:
        failures.append(f"{counts['sent_not_arrived']} deliveries recorded sent never arrived: {counts['missing']}")
    if counts["unexplained_count"]:
        failures.append(f"{counts['unexplained_count']} deliveries arrived twice or unrecorded with no kill to "
                        f"explain it: {counts['unexplained']}")
    return failures
