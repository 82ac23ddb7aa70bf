"""Email over SMTP (aiosmtplib): one multipart/alternative message per
delivery, plain text first and HTML second, with a Message-ID stable per
delivery (a resend after a timeout is recognisably the same message) and
one-click List-Unsubscribe headers (RFC 8058).

Connections to the relay are kept and reused (``SmtpPool``): a fan-out to
thousands of recipients would otherwise spend most of its time on TCP, EHLO,
STARTTLS and login. A connection that failed is closed, never reused; one that
sat idle too long is closed rather than trusted; a send on a reused
connection that finds it closed by the server is tried once more on a new one
(the same message, the same Message-ID).

The bytes of a message are composed (``Composer``): the ``email`` package lays
out each shape of message once — the emails of one fan-out differ only in
their To, Date, Message-ID, unsubscribe link and bodies — and each email's
own parts are put in place, byte for byte what the package would write.

Outcomes: SMTP 4xx replies, connection errors and timeouts are transient;
5xx replies permanent. A failed login is transient too: it is notify's
configuration, not the recipient, that is wrong, and the operator can fix it
before the retries run out. The server's reply text is never logged or kept:
it often repeats the address.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import io
import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from email.charset import BASE64, QP, Charset
from email.generator import BytesGenerator
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr, parseaddr
from enum import StrEnum

import aiosmtplib

from offkai_kit.clock import utc_now
from offkai_kit.telemetry import get_logger
from offkai_notify.adapters.limiter import HostLimiter
from offkai_notify.domain.masking import mask_email
from offkai_notify.domain.retry import CONNECTION, SENT, TIMEOUT, Outcome, Verdict, smtp_outcome

log = get_logger(__name__)

_ID_PART = re.compile(r"[A-Za-z0-9._-]{1,128}")


class SmtpSecurity(StrEnum):
    NONE = "none"
    STARTTLS = "starttls"
    TLS = "tls"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    security: SmtpSecurity = SmtpSecurity.STARTTLS
    username: str = ""
    password: str = field(default="", repr=False)
    timeout: float = 30.0
    # "offkai <noreply@offkai.example>"
    sender: str = "offkai <noreply@offkai.invalid>"
    # Idle connections kept for reuse, and how long one may sit idle before it
    # is closed instead (well under the 5 minutes RFC 5321 lets a server wait).
    pool_size: int = 16
    idle_seconds: float = 30.0


@dataclass(frozen=True)
class Email:
    to: str = field(repr=False)
    subject: str
    text: str
    html: str
    # From ``message_id_for``: the same for every attempt of one delivery.
    message_id: str
    # The one-click unsubscribe URL; empty for mail nobody unsubscribes from.
    unsubscribe_url: str = field(default="", repr=False)


def message_id_for(delivery_id: str, domain: str) -> str:
    """``<delivery_id@domain>``: stable per delivery."""
    if not _ID_PART.fullmatch(delivery_id) or not _ID_PART.fullmatch(domain):
        raise ValueError("delivery id and domain must be plain tokens")
    return f"<{delivery_id}@{domain}>"


def _header(value: str) -> str | Header:
    """ASCII as it is; anything else as RFC 2047 encoded words."""
    return value if value.isascii() else Header(value, "utf-8")


def build_message(email: Email, sender: str) -> MIMEMultipart:
    """The message, built with the ``email.mime`` classes: the same MIME as
    ``EmailMessage`` writes, several times cheaper to make, which a fan-out to
    thousands of recipients feels."""
    message = MIMEMultipart("alternative")
    message["From"] = _header(sender)
    message["To"] = email.to
    message["Subject"] = _header(email.subject)
    message["Date"] = format_datetime(utc_now())
    message["Message-ID"] = email.message_id
    # RFC 3834: automatic mail; vacation responders should stay quiet.
    message["Auto-Submitted"] = "auto-generated"
    if email.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.attach(MIMEText(email.text, "plain", "utf-8"))
    message.attach(MIMEText(email.html, "html", "utf-8"))
    return message


# Stand-ins for what differs between two emails of one shape (sender, subject,
# unsubscribe headers or not): plain tokens the generator copies as they are.
_STAND_IN = "@@offkai-"
_TO, _DATE, _MESSAGE_ID, _UNSUBSCRIBE, _TEXT, _HTML = (
    f"{_STAND_IN}{what}@@" for what in ("to", "date", "message-id", "unsubscribe", "text", "html"))
# What a header value may hold to be written as it is (or on a line of its own
# when long): no folding point, nothing to encode.
_PLAIN_VALUE = re.compile(r"[!-~]{1,900}")
_FOLD_AT = frozenset(" \t;,")
_FROM_LINE = re.compile(r"^From ", re.MULTILINE)


class Composer:
    """An email's bytes, as the ``email`` package writes ``build_message``'s
    message (compat32, LF line ends; aiosmtplib sends them with CRLF), made
    without its per-message work: each shape of message is laid out by the
    package once — its structure, boundary, encoded From and Subject — and each
    recipient's headers and base64 bodies are put in place. A message the
    shortcut does not fit (a non-ASCII or oddly long address) is built in full."""

    def __init__(self, sender: str, *, shapes: int = 64):
        self._sender = sender
        self._shapes: dict[tuple[str, bool, int], str] = {}
        self._max_shapes = shapes

    def compose(self, email: Email, date: datetime | None = None) -> bytes | MIMEMultipart:
        """The bytes to send, or the message itself when the shortcut does not fit."""
        own = [email.to, email.message_id] + ([f"<{email.unsubscribe_url}>"] if email.unsubscribe_url else [])
        if (_STAND_IN in email.subject
                or not all(_PLAIN_VALUE.fullmatch(value) and not _FOLD_AT.intersection(value)
                           and _STAND_IN not in value for value in own)):
            return build_message(email, self._sender)
        # The package encodes utf-8 bodies as its charset registry says (base64,
        # unless a library registered quoted-printable: Apprise does).
        charset = Charset("utf-8")
        if charset.body_encoding not in (BASE64, QP):
            return build_message(email, self._sender)
        shape = self._shape(email.subject, bool(email.unsubscribe_url), charset.body_encoding)
        when = format_datetime(date or utc_now())
        filled = (
            shape.replace(_TO, _header_value("To", email.to), 1)
            .replace(_DATE, when, 1)
            .replace(_MESSAGE_ID, _header_value("Message-ID", email.message_id), 1)
            .replace(_UNSUBSCRIBE, _header_value("List-Unsubscribe", f"<{email.unsubscribe_url}>"), 1)
            .replace(_TEXT, _body(charset, email.text), 1)
            .replace(_HTML, _body(charset, email.html), 1)
        )
        return filled.encode("ascii")

    def _shape(self, subject: str, unsubscribe: bool, encoding: int) -> str:
        key = (subject, unsubscribe, encoding)
        shape = self._shapes.get(key)
        if shape is None:
            message = build_message(Email(to=_TO, subject=subject, text="", html="", message_id=_MESSAGE_ID,
                                          unsubscribe_url=_UNSUBSCRIBE if unsubscribe else ""), self._sender)
            message.replace_header("Date", _DATE)
            if unsubscribe:
                message.replace_header("List-Unsubscribe", _UNSUBSCRIBE)
            text, html = message.get_payload()
            text.set_payload(_TEXT)
            html.set_payload(_HTML)
            buffer = io.BytesIO()
            BytesGenerator(buffer, policy=compat32).flatten(message)
            shape = buffer.getvalue().decode("ascii")
            if len(self._shapes) >= self._max_shapes:
                self._shapes.clear()
            self._shapes[key] = shape
        return shape


def _header_value(name: str, value: str) -> str:
    """What compat32 writes for a value with no folding point: on the header's
    line when it fits in 78 characters, else alone on the next."""
    return value if len(name) + 2 + len(value) <= 78 else f"\n {value}"


def _body(charset: Charset, text: str) -> str:
    """The body as ``MIMEText(text, _, "utf-8")`` encodes it and the generator
    writes it (compat32 escapes lines starting "From ")."""
    if not text:
        return ""
    if charset.body_encoding == BASE64:
        # What the package's base64 encoder makes (lines of 76), in one call.
        return base64.encodebytes(text.encode("utf-8")).decode("ascii")
    return _FROM_LINE.sub(">From ", charset.body_encode(text.encode("utf-8")))


class SmtpPool:
    """Connected, logged-in clients to the relay, reused one message at a
    time. At most ``pool_size`` idle ones are kept; how many are open at once
    is bounded by the callers (the per-host limiter)."""

    def __init__(self, settings: SmtpSettings):
        self._settings = settings
        self._idle: list[tuple[float, aiosmtplib.SMTP]] = []

    async def acquire(self) -> tuple[aiosmtplib.SMTP, bool]:
        """A client and whether it was reused (rather than just connected)."""
        now = time.monotonic()
        while self._idle:
            since, client = self._idle.pop()
            if client.is_connected and now - since < self._settings.idle_seconds:
                return client, True
            _close(client)
        return await self._connect(), False

    def release(self, client: aiosmtplib.SMTP) -> None:
        """Back to the pool after a send that left the session usable."""
        if client.is_connected and len(self._idle) < self._settings.pool_size:
            self._idle.append((time.monotonic(), client))
        else:
            _close(client)

    async def _connect(self) -> aiosmtplib.SMTP:
        s = self._settings
        client = aiosmtplib.SMTP(
            hostname=s.host,
            port=s.port,
            username=s.username or None,
            password=s.password or None,
            use_tls=s.security is SmtpSecurity.TLS,
            start_tls=True if s.security is SmtpSecurity.STARTTLS else False,
            timeout=s.timeout,
        )
        try:
            await client.connect()
        except BaseException:
            _close(client)
            raise
        return client

    async def aclose(self) -> None:
        idle, self._idle = self._idle, []
        for _, client in idle:
            with contextlib.suppress(aiosmtplib.SMTPException, OSError, asyncio.TimeoutError):
                await client.quit(timeout=1.0)
            _close(client)


def _close(client: aiosmtplib.SMTP) -> None:
    if client.is_connected:
        client.close()


class SmtpTransport:
    def __init__(self, settings: SmtpSettings, *, limiter: HostLimiter | None = None):
        self._settings = settings
        self._limiter = limiter
        self._pool = SmtpPool(settings)
        self._sender_address = parseaddr(settings.sender)[1] or settings.sender
        self._sender = settings.sender if "<" in settings.sender else formataddr(("offkai", settings.sender))
        self._composer = Composer(self._sender)

    async def send(self, email: Email) -> Outcome:
        message = self._composer.compose(email) if self._sender_address.isascii() else build_message(
            email, self._sender)
        if self._limiter is None:
            outcome = await self._send(message, email.to)
        else:
            # Every message goes through the one relay: its limits are the relay's.
            async with self._limiter.slot("smtp"):
                outcome = await self._send(message, email.to)
        masked = mask_email(email.to)
        if outcome.sent:
            log.info("email sent", to=masked, message_id=email.message_id)
        else:
            log.warning("email failed", to=masked, message_id=email.message_id,
                        outcome=outcome.verdict.value, code=outcome.code)
        return outcome

    async def _send(self, message: bytes | MIMEMultipart, to: str) -> Outcome:
        try:
            client, reused = await self._pool.acquire()
        except aiosmtplib.SMTPAuthenticationError:
            return Outcome(Verdict.TRANSIENT, "smtp_auth")
        except aiosmtplib.SMTPTimeoutError:
            return TIMEOUT
        except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPConnectError, OSError):
            return CONNECTION
        except aiosmtplib.SMTPException:
            # E.g. STARTTLS required but not offered: the setup, not the recipient.
            return Outcome(Verdict.TRANSIENT, "smtp_protocol")
        outcome = await self._send_on(client, message, to)
        if reused and outcome is CONNECTION:
            # The server closed the kept connection while it sat idle: once
            # more, on a new one.
            return await self._send(message, to)
        return outcome

    async def _send_on(self, client: aiosmtplib.SMTP, message: bytes | MIMEMultipart, to: str) -> Outcome:
        """One message on ``client``; back to the pool only if the session is
        still in a known state (sent, or refused and reset by aiosmtplib)."""
        try:
            if isinstance(message, bytes):
                # Composed: ASCII addresses, 7-bit content.
                await client.sendmail(self._sender_address, [to], message)
            else:
                await client.send_message(message, sender=self._sender_address, recipients=[to])
        except aiosmtplib.SMTPRecipientsRefused as e:
            self._pool.release(client)
            codes = [r.code for r in e.recipients]
            return smtp_outcome(max(codes)) if codes else Outcome(Verdict.PERMANENT, "smtp_refused")
        except aiosmtplib.SMTPServerDisconnected:
            _close(client)
            return CONNECTION
        except aiosmtplib.SMTPResponseException as e:
            if e.code == 421:
                # The server is closing the session.
                _close(client)
            else:
                self._pool.release(client)
            return smtp_outcome(e.code)
        except aiosmtplib.SMTPTimeoutError:
            _close(client)
            return TIMEOUT
        except (aiosmtplib.SMTPConnectError, OSError):
            _close(client)
            return CONNECTION
        except aiosmtplib.SMTPException:
            _close(client)
            return Outcome(Verdict.TRANSIENT, "smtp_protocol")
        except BaseException:
            # Cancelled mid-send: the session's state is unknown.
            _close(client)
            raise
        self._pool.release(client)
        return SENT

    async def aclose(self) -> None:
        await self._pool.aclose()
