"""The transports a delivery can go out by, behind one ``send``: email over
the SMTP relay, the signed generic webhook, Slack, Discord and Apprise —
sharing one per-host limiter.

What goes out: email gets the subject, plain text and HTML with a Message-ID
made from the delivery id (the same on every retry) and, when the message
has a category, one-click unsubscribe headers; the generic webhook a JSON
document with the delivery id as its idempotency key; chat the chat-sized
text.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from offkai_notify.adapters import http
from offkai_notify.adapters.apprise_chat import AppriseTransport
from offkai_notify.adapters.limiter import HostLimiter
from offkai_notify.adapters.smtp import Email, SmtpSettings, SmtpTransport, message_id_for
from offkai_notify.adapters.webhooks import DiscordTransport, SlackTransport, WebhookPost, WebhookTransport
from offkai_notify.domain.model import ChannelKind
from offkai_notify.domain.retry import Outcome
from offkai_notify.domain.state import Channel
from offkai_notify.render import Rendered

WEBHOOK_VERSION = 1

# What each kind of channel carries of a rendered message (``render``'s parts).
PARTS: dict[ChannelKind, frozenset[str]] = {
    ChannelKind.EMAIL: frozenset({"subject", "html", "text"}),
    ChannelKind.WEBHOOK: frozenset({"subject", "text", "chat"}),
    ChannelKind.SLACK: frozenset({"chat"}),
    ChannelKind.DISCORD: frozenset({"chat"}),
    ChannelKind.APPRISE: frozenset({"subject", "chat"}),
}


@dataclass(frozen=True)
class Outgoing:
    """One rendered delivery, ready for its channel."""

    delivery_id: str
    trigger: str
    category: str
    locale: str
    rendered: Rendered
    unsubscribe_url: str = ""


class Transports:
    def __init__(
        self,
        smtp: SmtpSettings,
        *,
        limiter: HostLimiter,
        message_id_domain: str,
        webhook_timeout: float = http.DEFAULT_TIMEOUT,
    ):
        self.limiter = limiter
        self.message_id_domain = message_id_domain
        self._client: httpx.AsyncClient = http.new_client(webhook_timeout)
        self.smtp = SmtpTransport(smtp, limiter=limiter)
        self.webhook = WebhookTransport(self._client, limiter=limiter)
        self.slack = SlackTransport(self._client, limiter=limiter)
        self.discord = DiscordTransport(self._client, limiter=limiter)
        self.apprise = AppriseTransport(limiter=limiter)

    async def send(self, channel: Channel, out: Outgoing) -> Outcome:
        r = out.rendered
        match channel.kind:
            case ChannelKind.EMAIL:
                return await self.smtp.send(Email(
                    to=channel.address, subject=r.subject, text=r.text, html=r.html,
                    message_id=message_id_for(out.delivery_id, self.message_id_domain),
                    unsubscribe_url=out.unsubscribe_url,
                ))
            case ChannelKind.WEBHOOK:
                return await self.webhook.send(WebhookPost(
                    url=channel.address, payload=webhook_payload(out), idempotency_key=out.delivery_id,
                    signing_secret=channel.signing_secret,
                ))
            case ChannelKind.SLACK:
                return await self.slack.send(channel.address, r.chat)
            case ChannelKind.DISCORD:
                return await self.discord.send(channel.address, r.chat)
            case ChannelKind.APPRISE:
                return await self.apprise.send(channel.address, r.subject, r.chat)
        raise ValueError(f"no transport for {channel.kind}")

    async def aclose(self) -> None:
        await self.smtp.aclose()
        await self._client.aclose()


def webhook_payload(out: Outgoing) -> dict:
    """The generic webhook's JSON: what the delivery says, in the recipient's
    language, plain text only."""
    return {
        "version": WEBHOOK_VERSION,
        "delivery_id": out.delivery_id,
        "trigger": out.trigger,
        "category": out.category,
        "locale": out.locale,
        "subject": out.rendered.subject,
        "text": out.rendered.text,
        "chat": out.rendered.chat,
    }
