"""Email over SMTP (aiosmtplib): one multipart/alternative message per
delivery, plain text first and HTML second, with a Message-ID stable per
delivery (a resend after a timeout is recognisably the same message) and
one-click List-Unsubscribe headers (RFC 8058).

Outcomes: SMTP 4xx replies, connection errors and timeouts are transient;
5xx replies permanent. A failed login is transient too: it is notify's
configuration, not the recipient, that is wrong, and the operator can fix it
before the retries run out. The server's reply text is never logged or kept:
it often repeats the address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import EmailMessage
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


def build_message(email: Email, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Date"] = format_datetime(utc_now())
    message["Message-ID"] = email.message_id
    # RFC 3834: automatic mail; vacation responders should stay quiet.
    message["Auto-Submitted"] = "auto-generated"
    if email.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(email.text, subtype="plain", charset="utf-8")
    message.add_alternative(email.html, subtype="html", charset="utf-8")
    return message


class SmtpTransport:
    def __init__(self, settings: SmtpSettings, *, limiter: HostLimiter | None = None):
        self._settings = settings
        self._limiter = limiter
        self._sender_address = parseaddr(settings.sender)[1] or settings.sender
        self._sender = settings.sender if "<" in settings.sender else formataddr(("offkai", settings.sender))

    async def send(self, email: Email) -> Outcome:
        message = build_message(email, self._sender)
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

    async def _send(self, message: EmailMessage, to: str) -> Outcome:
        s = self._settings
        try:
            await aiosmtplib.send(
                message,
                sender=self._sender_address,
                recipients=[to],
                hostname=s.host,
                port=s.port,
                username=s.username or None,
                password=s.password or None,
                use_tls=s.security is SmtpSecurity.TLS,
                start_tls=True if s.security is SmtpSecurity.STARTTLS else False,
                timeout=s.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as e:
            codes = [r.code for r in e.recipients]
            return smtp_outcome(max(codes)) if codes else Outcome(Verdict.PERMANENT, "smtp_refused")
        except aiosmtplib.SMTPAuthenticationError:
            return Outcome(Verdict.TRANSIENT, "smtp_auth")
        except aiosmtplib.SMTPResponseException as e:
            return smtp_outcome(e.code)
        except aiosmtplib.SMTPTimeoutError:
            return TIMEOUT
        except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPConnectError, OSError):
            return CONNECTION
        except aiosmtplib.SMTPException:
            # E.g. STARTTLS required but not offered: the setup, not the recipient.
            return Outcome(Verdict.TRANSIENT, "smtp_protocol")
        return SENT
