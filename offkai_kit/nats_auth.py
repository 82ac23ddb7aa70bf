"""Who may do what on NATS: one user per service, allowed exactly what the kit does.

A service publishes its own events (``offkai.<service>.>``), makes and inspects the
shared stream, creates, reads, pulls from, acks and deletes its own durable consumers
(``<service>_<projection>``), and runs the stream audit's ephemeral, headers-only
consumer on its own subjects. In the personal-data key bucket (``offkai_kit.personal``)
it makes the bucket, writes and purges only its own keys (``$KV.<bucket>.<service>.>``)
and reads anyone's (its consumers open other services' sealed fields). It receives replies only on its own inbox prefix
(``_INBOX.<service>``, which ``offkai_kit.stream.connect`` sets), so it cannot read
another service's replies or pulled messages. Its processes wake one another on
``offkai_wake.<service>`` (an API process tells its worker that it committed events or
queued work: ``offkai_kit.outbox``, ``Runtime.waker``), a plain NATS subject outside
the stream.

NATS subject wildcards are whole tokens, so "every consumer named ``members_*``" cannot
be written; the durable names are listed (``offkai_services``), and the audit's
randomly named consumer is allowed by wildcard on the consumer-name token while the
other services' durables are denied by name.

``server_config`` renders a nats-server configuration (JSON, which the server's
format accepts) with these users; the local stack runs it, and the Helm chart's
bundled NATS renders the same permissions (``tests/deploy`` checks they agree).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from offkai_kit.personal import KEY_BUCKET

INBOX = "_INBOX"
# An unrestricted user for operators (the `nats` CLI, tests that inspect the stream).
ADMIN_USER = "admin"


def inbox_prefix(service: str) -> str:
    return f"{INBOX}.{service}"


def wake_subject(service: str) -> str:
    """Where ``service``'s API processes tell its worker to look now (its relay:
    events committed; its tasks: work queued): core NATS, not on the stream (whose
    subjects are ``offkai.>``)."""
    return f"offkai_wake.{service}"


def service_permissions(
    service: str, durables: Mapping[str, Iterable[str]], stream: str = "OFFKAI"
) -> dict[str, Any]:
    """nats-server ``permissions`` for ``service``. ``durables`` maps every service to
    the durable consumer names it owns (its own are allowed, the others' denied)."""
    api = "$JS.API.CONSUMER"
    own = sorted(durables.get(service, ()))
    others = sorted(d for name, names in durables.items() if name != service for d in names)
    allow = [
        f"offkai.{service}.>",
        wake_subject(service),
        f"$JS.API.STREAM.INFO.{stream}",
        f"$JS.API.STREAM.CREATE.{stream}",
        f"$JS.API.STREAM.UPDATE.{stream}",
    ]
    for durable in own:
        allow += [
            # nats-py creates a durable with several filter subjects on the legacy
            # subject; the newer one (with or without a filter token) is allowed too.
            f"{api}.DURABLE.CREATE.{stream}.{durable}",
            f"{api}.CREATE.{stream}.{durable}",
            f"{api}.CREATE.{stream}.{durable}.>",
            f"{api}.INFO.{stream}.{durable}",
            f"{api}.DELETE.{stream}.{durable}",
            f"{api}.MSG.NEXT.{stream}.{durable}",
            f"$JS.ACK.{stream}.{durable}.>",
        ]
    # The stream audit: an ephemeral consumer (a random name) filtered on this
    # service's own subjects, read with info and fetch; it acks nothing.
    allow += [
        f"{api}.CREATE.{stream}.*.offkai.{service}.>",
        f"{api}.INFO.{stream}.*",
        f"{api}.MSG.NEXT.{stream}.*",
    ]
    # The key bucket: a stream of its own (KV_<bucket>); gets go through the stream's
    # message API (or direct get, should the bucket allow it); puts and purges are
    # publishes on the key's subject, so a service writes only its own keys.
    kv = f"KV_{KEY_BUCKET}"
    allow += [
        f"$JS.API.STREAM.INFO.{kv}",
        f"$JS.API.STREAM.CREATE.{kv}",
        f"$JS.API.STREAM.MSG.GET.{kv}",
        f"$JS.API.DIRECT.GET.{kv}.$KV.{KEY_BUCKET}.>",
        f"$KV.{KEY_BUCKET}.{service}.>",
    ]
    deny = []
    for durable in others:
        deny += [
            f"{api}.CREATE.{stream}.{durable}.>",
            f"{api}.INFO.{stream}.{durable}",
            f"{api}.MSG.NEXT.{stream}.{durable}",
        ]
    publish: dict[str, list[str]] = {"allow": allow}
    if deny:
        publish["deny"] = deny
    return {"publish": publish, "subscribe": {"allow": [f"{inbox_prefix(service)}.>", wake_subject(service)]}}


def generate_password() -> str:
    return secrets.token_urlsafe(32)


def server_config(
    passwords: Mapping[str, str],
    durables: Mapping[str, Iterable[str]],
    *,
    stream: str = "OFFKAI",
    admin_password: str | None = None,
) -> str:
    """A nats-server configuration (JSON) with one user per service in ``passwords``
    (named after the service) and, given its password, the unrestricted admin user.
    Listen address, ports and the JetStream store are left to the command line."""
    users = [
        {"user": name, "password": password, "permissions": service_permissions(name, durables, stream)}
        for name, password in sorted(passwords.items())
    ]
    if admin_password:
        users.append({"user": ADMIN_USER, "password": admin_password})
    return json.dumps({"authorization": {"users": users}}, indent=2) + "\n"
