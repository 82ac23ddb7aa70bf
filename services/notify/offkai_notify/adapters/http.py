"""One HTTP POST to a webhook, classified: shared by the generic webhook,
Slack and Discord transports.

The response body is never read — a receiver could send megabytes, and its
text is not ours to log — only the status and Retry-After. Redirects are not
followed: a webhook that moved is a permanent failure to fix, not a hop to
an address nobody validated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

import httpx

from offkai_kit.clock import utc_now
from offkai_kit.telemetry import get_logger
from offkai_notify.adapters.limiter import HostLimiter
from offkai_notify.domain.masking import mask_url
from offkai_notify.domain.retry import CONNECTION, TIMEOUT, Outcome, Verdict, http_outcome

log = get_logger(__name__)

USER_AGENT = "offkai-notify/1"
DEFAULT_TIMEOUT = 10.0


def new_client(timeout: float = DEFAULT_TIMEOUT) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
        # Pool per host; the limiter decides how many run at once.
        limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
    )


async def post(
    client: httpx.AsyncClient,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    limiter: HostLimiter | None,
    host: str,
    now: Callable[[], datetime] = utc_now,
) -> Outcome:
    masked = mask_url(url)
    try:
        if limiter is None:
            outcome = await _post(client, url, body, headers, now)
        else:
            async with limiter.slot(host):
                outcome = await _post(client, url, body, headers, now)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        # Before TransportError, of which UnsupportedProtocol is one.
        outcome = Outcome(Verdict.PERMANENT, "bad_url")
    except httpx.TimeoutException:
        outcome = TIMEOUT
    except httpx.HTTPError:
        # Connection refused or reset, TLS failures, protocol errors: the
        # exception names the URL, so only its kind is kept.
        outcome = CONNECTION
    if limiter is not None and outcome.retry_after is not None:
        limiter.hold_off(host, outcome.retry_after.total_seconds())
    if outcome.sent:
        log.info("webhook delivered", destination=masked)
    else:
        log.warning("webhook failed", destination=masked, outcome=outcome.verdict.value, code=outcome.code)
    return outcome


async def _post(client, url, body, headers, now) -> Outcome:
    async with client.stream("POST", url, content=body, headers=dict(headers)) as response:
        return http_outcome(response.status_code, response.headers.get("retry-after"), now())
