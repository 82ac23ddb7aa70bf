"""Composes the notify service: the one place its parts meet the kit's runtime.

``SPEC`` is what ``python -m offkai_notify`` runs; ``wire(runtime)`` adds:

- the read models fed from the stream, which are also the triggers —
  recipients (which carries out members' erasure here), subscriptions,
  communities, meetups (with RSVPs: it plans the meetup and RSVP messages and
  keeps the reminders) and connections (the members' relationship messages);
- the scheduler, which sends reminders and weekly digests when they come due;
- the sender (the delivery queue's loop, on the transports made from the
  settings);
- the API: ChannelsService, PreferencesService (its UnsubscribeWithToken needs
  no login), DeliveriesService and BroadcastsService.

Nothing connects at import time.
"""

from __future__ import annotations

from datetime import timedelta

from offkai.notify.v1 import broadcasts_pb2_grpc, channels_pb2_grpc, deliveries_pb2_grpc, preferences_pb2_grpc
from offkai_kit.service import Runtime, ServiceSpec
from offkai_notify.adapters.limiter import HostLimiter
from offkai_notify.adapters.smtp import SmtpSettings
from offkai_notify.config import NotifySettings
from offkai_notify.delivery.sender import MAX_HOLD, LinkSettings, Sender, policy_of
from offkai_notify.delivery.transports import Transports
from offkai_notify.entrypoints.broadcasts import BroadcastsServicer
from offkai_notify.entrypoints.channels import Channels
from offkai_notify.entrypoints.deliveries import Deliveries
from offkai_notify.entrypoints.grpc import (
    UNSUBSCRIBE_WITH_TOKEN,
    ChannelsServicer,
    DeliveriesServicer,
    PreferencesServicer,
)
from offkai_notify.entrypoints.preferences import Preferences
from offkai_notify.entrypoints.subscribers import Subscribers
from offkai_notify.keys import secret_keys
from offkai_notify.projections.communities import Communities
from offkai_notify.projections.connections import Connections
from offkai_notify.projections.erasure import MemberErasure
from offkai_notify.projections.meetups import Meetups
from offkai_notify.projections.recipients import Recipients
from offkai_notify.projections.subscriptions import Subscriptions
from offkai_notify.scheduling.scheduler import Scheduler
from offkai_services import ROLES, service


def transports(s: NotifySettings) -> Transports:
    smtp = SmtpSettings(
        host=s.smtp_host, port=s.smtp_port, security=s.resolved_smtp_security, username=s.smtp_username,
        password=s.smtp_password.get_secret_value() if s.smtp_password else "",
        timeout=s.smtp_timeout_seconds, sender=s.smtp_from,
        pool_size=s.smtp_pool_size, idle_seconds=s.smtp_idle_seconds,
    )
    limiter = HostLimiter(concurrency=s.notify_host_concurrency, rate_per_second=s.notify_host_rate_per_second,
                          burst=s.notify_host_burst)
    return Transports(smtp, limiter=limiter, message_id_domain=s.notify_message_id_domain,
                      webhook_timeout=s.notify_webhook_timeout_seconds)


def sender(runtime: Runtime, keys: tuple[bytes, ...]) -> Sender:
    s: NotifySettings = runtime.settings
    return Sender(
        runtime.db, runtime.repository, runtime.store, transports(s), LinkSettings(s.notify_app_url, keys),
        owner=runtime.instance, clock=runtime.clock,
        policy=policy_of(s.notify_max_attempts, s.notify_retry_base_seconds, s.notify_retry_max_seconds),
        batch_size=s.notify_sender_batch_size, claim_for=timedelta(seconds=s.notify_sender_claim_seconds),
        poll_seconds=s.notify_sender_poll_seconds, concurrency=s.notify_sender_concurrency,
        send_budget=timedelta(seconds=max(s.smtp_timeout_seconds, s.notify_webhook_timeout_seconds) + MAX_HOLD),
    )


def wire(runtime: Runtime) -> None:
    s: NotifySettings = runtime.settings
    keys = secret_keys(s.notify_secret_keys.get_secret_value() if s.notify_secret_keys else "")
    erasure = MemberErasure(runtime.personal, runtime.keyring, runtime.repository)
    delivery = sender(runtime, keys)
    runtime.add_task(delivery.run)
    # What the API queues wakes the sender where it runs (the worker, when split).
    wake = runtime.waker(delivery.wake)
    # The triggers queue deliveries and wake the sender once they are committed.
    runtime.add_projection(Recipients(erasure))
    runtime.add_projection(Subscriptions())
    runtime.add_projection(Communities())
    runtime.add_projection(Meetups(runtime.clock, delivery.wake))
    runtime.add_projection(Connections(runtime.clock, delivery.wake))
    scheduler = Scheduler(runtime.db, runtime.instance, clock=runtime.clock, wake=delivery.wake,
                          tick_seconds=s.scheduler_tick_seconds)  # OFFKAI_SCHEDULER_TICK_SECONDS
    runtime.add_task(scheduler.run)
    subscribers = Subscribers(runtime.commands, runtime.repository, runtime.personal)
    channels = Channels(subscribers, keys, local_destinations=s.notify_local_destinations, wake=wake)
    preferences = Preferences(subscribers, runtime.db, keys, runtime.clock)
    deliveries = Deliveries(runtime.db, runtime.store, runtime.commands.results, runtime.clock, wake=wake)
    runtime.add_servicer(channels_pb2_grpc.add_ChannelsServiceServicer_to_server, ChannelsServicer(channels))
    runtime.add_servicer(preferences_pb2_grpc.add_PreferencesServiceServicer_to_server,
                         PreferencesServicer(preferences))
    runtime.add_servicer(deliveries_pb2_grpc.add_DeliveriesServiceServicer_to_server, DeliveriesServicer(deliveries))
    runtime.add_servicer(broadcasts_pb2_grpc.add_BroadcastsServiceServicer_to_server,
                         BroadcastsServicer(runtime.commands, runtime.db, runtime.clock, wake))


SPEC = ServiceSpec(
    name="notify",
    settings=NotifySettings,
    migrations="offkai_notify.migrations",
    health_services=list(service("notify").grpc_services),
    wire=wire,
    roles=ROLES,
    public_methods=frozenset({UNSUBSCRIBE_WITH_TOKEN}),
)
