"""Chat services Apprise reaches (LINE, Telegram, Matrix, Teams workflows,
…), by the member's Apprise URL.

Apprise reports only success or failure, not why, so a failure is taken as
transient: retried with backoff and dead-lettered when the attempts run out.
A URL Apprise does not accept (any more) is permanent.

Apprise's own log lines carry the destination URL (see ``logs``); this module
logs the masked destination and the outcome instead.
"""

from __future__ import annotations

import apprise

from offkai_kit.telemetry import get_logger
from offkai_notify.adapters.limiter import HostLimiter
from offkai_notify.adapters.logs import keep_destinations_out_of_logs
from offkai_notify.domain.masking import destination_host, mask_address
from offkai_notify.domain.model import ChannelKind
from offkai_notify.domain.retry import SENT, Outcome, Verdict

log = get_logger(__name__)


class AppriseTransport:
    def __init__(self, *, limiter: HostLimiter | None = None):
        self._limiter = limiter
        keep_destinations_out_of_logs()

    async def send(self, url: str, title: str, body: str) -> Outcome:
        host = destination_host(ChannelKind.APPRISE, url)
        if self._limiter is None:
            outcome = await self._send(url, title, body)
        else:
            async with self._limiter.slot(host):
                outcome = await self._send(url, title, body)
        masked = mask_address(ChannelKind.APPRISE, url)
        if outcome.sent:
            log.info("chat message sent", destination=masked)
        else:
            log.warning("chat message failed", destination=masked, outcome=outcome.verdict.value, code=outcome.code)
        return outcome

    async def _send(self, url: str, title: str, body: str) -> Outcome:
        notifier = apprise.Apprise()
        if not notifier.add(url):
            return Outcome(Verdict.PERMANENT, "bad_url")
        try:
            delivered = await notifier.async_notify(body=body, title=title)
        except Exception:  # a plugin failing in any way fails this delivery, nothing more
            return Outcome(Verdict.TRANSIENT, "rejected")
        return SENT if delivered else Outcome(Verdict.TRANSIENT, "rejected")
