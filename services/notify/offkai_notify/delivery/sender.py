"""The sender: takes due deliveries off the queue and sends them.

Each round claims up to ``batch_size`` due deliveries (see ``claims``), and
for each one, at send time:

1. reads the member's channel from their subscriber aggregate (through the
   Repository): a removed channel, an email channel still pending
   verification (it receives only its verification code), or a category the
   member turned off since → CANCELLED, with the reason as its code;
2. renders the message in the recipient's language and time zone (the
   member's chosen locale, else their profile's from the ``recipients``
   projection, else Japanese; their profile's zone, else Asia/Tokyo) — once
   per locale, zone and channel kind in a round, with each recipient's name
   and unsubscribe link filled in (``render.Renderings``);
3. waits for its destination host's turn (per-host concurrency and rate,
   ``HostLimiter``) — or, when the host asked for a pause longer than
   ``MAX_HOLD`` (a 429's Retry-After), puts it back until then without
   counting an attempt;
4. sends it, and classifies the outcome: SENT; RETRYING at the retry
   policy's next time (exponential backoff with jitter, never before a
   Retry-After); or FAILED — a dead letter — when permanent or out of
   attempts.

A delivery to a non-member (an invitation emailed to an address,
``tables.NO_MEMBER``) has no subscriber: its address, language and zone are
read from ``delivery_addresses`` instead; an address that opted out of
invitation emails since (``invitation_opt_outs``) or is gone (the inviter
erased) → CANCELLED (``opted_out``, ``address_forgotten``). It carries the
link that stops invitation emails to the address in place of the category's
unsubscribe link; its address goes once it is sent or cancelled, and its row
never shows a masked destination.

The outcomes of a round are written as they come (each write takes what
arrived while the one before ran), each with its
``NotificationSent`` / ``NotificationFailed`` event on stream
``delivery-<id>`` (ids, kinds and counts only), which the outbox relay
publishes.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from offkai.notify.v1 import events_pb2 as ev
from offkai.notify.v1 import types_pb2 as pb
from offkai_kit.clock import Clock, utc_now
from offkai_kit.db import Database
from offkai_kit.eventstore import EventStore
from offkai_kit.repository import Repository
from offkai_kit.telemetry import get_logger
from offkai_notify.delivery import claims
from offkai_notify.delivery.claims import Claimed, Result
from offkai_notify.delivery.codec import decode
from offkai_notify.delivery.tables import NO_MEMBER, Status, delivery_addresses, invitation_opt_outs
from offkai_notify.delivery.transports import PARTS, Outgoing, Transports
from offkai_notify.domain import SUBSCRIBER
from offkai_notify.domain import stream_id as subscriber_stream
from offkai_notify.domain.convert import enum_to_pb, timestamp
from offkai_notify.domain.invitation_addresses import address_hash
from offkai_notify.domain.masking import destination_host, mask_address
from offkai_notify.domain.model import Category, ChannelKind, ChannelStatus, Trigger
from offkai_notify.domain.retry import Outcome, RetryPolicy, Verdict
from offkai_notify.domain.state import Channel, SubscriberState
from offkai_notify.projections.recipients import recipients
from offkai_notify.render import DEFAULT_TIMEZONE, Renderings, locale_of
from offkai_notify.render.messages import Links, Recipient
from offkai_notify.unsubscribe import make_opt_out_token, make_token, unsubscribe_url

log = get_logger(__name__)

# A host that asked for a longer pause than this is not waited for in
# memory: its deliveries go back to the queue until the pause is over.
MAX_HOLD = 5.0


@dataclass(frozen=True)
class LinkSettings:
    # The web app: <app_url>/meetups/<id>, <app_url>/settings/notifications,
    # <app_url>/invitations/<invitation_id> (an emailed invitation's claim link).
    app_url: str
    # Signing keys of unsubscribe links (the first signs).
    unsubscribe_keys: tuple[bytes, ...]

    def links(self, member_id: str, channel: Channel, category: Category | None, now: datetime) -> Links:
        preferences = f"{self.app_url}/settings/notifications"
        if channel.kind is not ChannelKind.EMAIL or category is None or not self.unsubscribe_keys:
            return Links(app_url=self.app_url, preferences_url=preferences)
        token = make_token(self.unsubscribe_keys, member_id, channel.channel_id, category, now)
        return Links(app_url=self.app_url, unsubscribe_url=unsubscribe_url(f"{self.app_url}/unsubscribe", token),
                     preferences_url=preferences)

    def for_address(self, hashed: str, now: datetime) -> Links:
        """A non-member's: no preferences page; the unsubscribe page with a
        token that stops invitation emails to the address of ``hashed``."""
        token = make_opt_out_token(self.unsubscribe_keys, hashed, now)
        return Links(app_url=self.app_url, unsubscribe_url=unsubscribe_url(f"{self.app_url}/unsubscribe", token))


class Sender:
    def __init__(
        self,
        db: Database,
        repository: Repository,
        store: EventStore,
        transports: Transports,
        links: LinkSettings,
        *,
        owner: str,
        clock: Clock = utc_now,
        policy: RetryPolicy = RetryPolicy(),
        batch_size: int = 200,
        claim_for: timedelta = timedelta(minutes=5),
        poll_seconds: float = 1.0,
        concurrency: int = 64,
        workers: int = 2,
        jitter: Callable[[], float] = random.random,
        send_budget: timedelta = timedelta(seconds=60),
    ):
        self.db = db
        self.repository = repository
        self.store = store
        self.transports = transports
        self.link_settings = links
        self.owner = owner
        self.clock = clock
        self.policy = policy
        self.batch_size = batch_size
        self.claim_for = claim_for
        # How long one send may take (transport timeout and the host's pause): a send
        # is started only while the claim outlasts it, so a claim never lapses
        # mid-send and no other replica takes the row while it is on the wire.
        self.send_budget = min(send_budget, claim_for / 2)
        self.poll_seconds = poll_seconds
        self.workers = workers
        self._sends = asyncio.Semaphore(concurrency)
        self._jitter = jitter
        self._woken = asyncio.Event()

    def wake(self) -> None:
        """Something was queued: look now rather than at the next poll."""
        self._woken.set()

    async def run(self, stop: asyncio.Event) -> None:
        try:
            await asyncio.gather(*(self._work(stop) for _ in range(self.workers)))
        finally:
            with contextlib.suppress(Exception):
                async with self.db.write() as conn:
                    await claims.release(conn, self.owner)

    async def _work(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                handled = await self.send_due()
            except Exception as exc:  # the database away, say: try again at the next poll
                log.warning("sending round failed", error=repr(exc))
                handled = 0
            if handled:
                continue
            self._woken.clear()
            waits = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._woken.wait())]
            try:
                await asyncio.wait(waits, timeout=self.poll_seconds, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for w in waits:
                    w.cancel()

    async def send_due(self) -> int:
        """One round: claim what is due, send it, write down the outcomes.
        Returns how many deliveries it handled."""
        now = self.clock()
        async with self.db.write() as conn:
            claimed = await claims.claim(conn, self.owner, now, now + self.claim_for, self.batch_size)
        if not claimed:
            return 0
        try:
            members = {c.member_id for c in claimed if c.member_id != NO_MEMBER}
            addresses, opted_out = await self._addresses([c.delivery_id for c in claimed if c.member_id == NO_MEMBER])
            profiles = await self._recipients(members)
            # All in one read, not one per member: a round's sends must not each hold a connection.
            loaded = await self.repository.load_many(SUBSCRIBER, [subscriber_stream(m) for m in members])
            subscribers = {m: loaded[subscriber_stream(m)].state for m in members}
            # Each message rendered once per locale, zone and channel kind in the round.
            renderings = Renderings()
            outcomes = _Outcomes(self)

            async def attempt(c: Claimed) -> None:
                if c.member_id == NO_MEMBER:
                    address = addresses.get(c.delivery_id)
                    outcomes.add(await self._attempt_address(
                        c, address, address is not None and address_hash(address.address) in opted_out, renderings))
                else:
                    outcomes.add(await self._attempt(c, subscribers[c.member_id], profiles.get(c.member_id),
                                                     renderings))

            try:
                await asyncio.gather(*(attempt(c) for c in claimed))
            finally:
                await outcomes.written()
        except Exception:
            # The database went away mid-round, say: what is not written is due again at once.
            with contextlib.suppress(Exception):
                async with self.db.write() as conn:
                    await claims.release(conn, self.owner, [c.delivery_id for c in claimed])
            raise
        return len(claimed)

    async def _addresses(self, delivery_ids: list[str]) -> tuple[dict, set[str]]:
        """The addresses of deliveries to non-members, and which of them opted out."""
        if not delivery_ids:
            return {}, set()
        a = delivery_addresses.c
        async with self.db.read() as conn:
            found = {row.delivery_id: row for row in await conn.execute(
                select(delivery_addresses).where(a.delivery_id.in_(delivery_ids)))}
            hashes = {address_hash(row.address) for row in found.values()}
            opted_out = set(await conn.scalars(select(invitation_opt_outs.c.address_hash).where(
                invitation_opt_outs.c.address_hash.in_(hashes))) if hashes else [])
        return found, opted_out

    async def _recipients(self, member_ids: set[str]) -> dict:
        async with self.db.read() as conn:
            rows = await conn.execute(select(recipients).where(recipients.c.member_id.in_(member_ids)))
            return {row.member_id: row for row in rows}

    async def _attempt(self, claimed: Claimed, subscriber: SubscriberState, profile,
                       renderings: Renderings) -> Result:
        try:
            return await self._try(claimed, subscriber, profile, renderings)
        except Exception as exc:
            # A message that cannot be read or rendered will not get better by
            # itself: a dead letter to replay after the fix.
            log.exception("delivery could not be attempted", delivery_id=claimed.delivery_id, error=repr(exc))
            channel = subscriber.channel(claimed.channel_id)
            if channel is None:
                return self._cancelled(claimed, None, "channel_removed")
            category = Category(claimed.category) if claimed.category else None
            return self._judged(claimed, channel, Trigger(claimed.trigger), category,
                                Outcome(Verdict.PERMANENT, "internal"))

    async def _try(self, claimed: Claimed, subscriber: SubscriberState, profile, renderings: Renderings) -> Result:
        trigger = Trigger(claimed.trigger)
        category = Category(claimed.category) if claimed.category else None
        channel = subscriber.channel(claimed.channel_id)
        reason = _not_sendable(subscriber, channel, trigger, category)
        if reason:
            return self._cancelled(claimed, channel, reason)
        recipient = _recipient(claimed.member_id, subscriber, profile)
        links = self.link_settings.links(claimed.member_id, channel, category, self.clock())
        return await self._send(claimed, channel, trigger, category, recipient, links, renderings)

    async def _attempt_address(self, claimed: Claimed, address, opted_out: bool, renderings: Renderings) -> Result:
        try:
            return await self._try_address(claimed, address, opted_out, renderings)
        except Exception as exc:
            # The error's kind only, no traceback: its text could quote the address.
            log.error("delivery could not be attempted", delivery_id=claimed.delivery_id,
                      error=type(exc).__name__)
            return self._judged(claimed, _address_channel("", self.clock()), Trigger(claimed.trigger), None,
                                Outcome(Verdict.PERMANENT, "internal"))

    async def _try_address(self, claimed: Claimed, address, opted_out: bool, renderings: Renderings) -> Result:
        """A delivery to a non-member: to the address kept with it."""
        if address is None:
            return self._cancelled(claimed, None, "address_forgotten")
        if opted_out:
            return self._cancelled(claimed, None, "opted_out")
        if not self.link_settings.unsubscribe_keys:
            # Never without its link to stop further invitations.
            return self._cancelled(claimed, None, "no_opt_out_link")
        now = self.clock()
        recipient = Recipient(member_id=NO_MEMBER, display_name="",
                              locale=locale_of(address.locale, ""),
                              timezone=address.timezone or DEFAULT_TIMEZONE)
        links = self.link_settings.for_address(address_hash(address.address), now)
        return await self._send(claimed, _address_channel(address.address, now), Trigger(claimed.trigger), None,
                                recipient, links, renderings)

    async def _send(self, claimed: Claimed, channel: Channel, trigger: Trigger, category: Category | None,
                    recipient: Recipient, links: Links, renderings: Renderings) -> Result:
        host = destination_host(channel.kind, channel.address)
        wait = self.transports.limiter.ready_in(host)
        if wait > MAX_HOLD:
            # The host asked for a pause: back to the queue until it is over.
            return Result(claimed.delivery_id, claimed.status, claimed.attempts,
                          next_attempt_at=self.clock() + timedelta(seconds=wait))
        out = Outgoing(
            delivery_id=claimed.delivery_id, trigger=trigger.value, category=category.value if category else "",
            locale=recipient.locale,
            rendered=renderings.render(claimed.message, lambda: decode(claimed.message), recipient, links,
                                       PARTS[channel.kind]),
            unsubscribe_url=links.unsubscribe_url,
        )
        async with self._sends:
            if claimed.claimed_until is not None and self.clock() + self.send_budget > claimed.claimed_until:
                # The round ran long: the claim could lapse mid-send and another replica
                # take the row. Back to the queue, due at once, not attempted.
                return Result(claimed.delivery_id, claimed.status, claimed.attempts, next_attempt_at=self.clock())
            outcome = await self.transports.send(channel, out)
        return self._judged(claimed, channel, trigger, category, outcome)

    def _cancelled(self, claimed: Claimed, channel: Channel | None, reason: str) -> Result:
        to_address = claimed.member_id == NO_MEMBER
        return Result(
            claimed.delivery_id, Status.CANCELLED, claimed.attempts,
            channel_kind=ChannelKind.EMAIL.value if to_address else channel.kind.value if channel else None,
            masked_destination=_masked(claimed, channel),
            failure_code=reason, failed_at=self.clock(), keep_message=False, forget_address=to_address,
        )

    def _judged(
        self, claimed: Claimed, channel: Channel, trigger: Trigger, category: Category | None, outcome: Outcome
    ) -> Result:
        now = self.clock()
        attempts = claimed.attempts + 1
        seen = {"channel_kind": channel.kind.value, "masked_destination": _masked(claimed, channel)}
        common = dict(
            delivery_id=claimed.delivery_id, triggering_event_id=claimed.key, trigger=enum_to_pb(trigger),
            category=enum_to_pb(category), member_id=claimed.member_id, channel_id=claimed.channel_id,
            channel_kind=enum_to_pb(channel.kind), attempts=attempts,
        )
        if outcome.sent:
            return Result(claimed.delivery_id, Status.SENT, attempts, sent_at=now, keep_message=False,
                          event=ev.NotificationSent(**common, sent_at=timestamp(now)),
                          forget_address=claimed.member_id == NO_MEMBER, **seen)
        failure = dict(failure_class=outcome.verdict.value, failure_code=outcome.code or outcome.verdict.value,
                       failed_at=now)
        retry_at = self.policy.next_attempt_at(outcome, attempts, now, self._jitter())
        if retry_at is not None:
            return Result(claimed.delivery_id, Status.RETRYING, attempts, next_attempt_at=retry_at, **seen, **failure)
        failure_pb = pb.DeliveryFailure(
            failure_class=pb.FAILURE_CLASS_TRANSIENT if outcome.verdict is Verdict.TRANSIENT
            else pb.FAILURE_CLASS_PERMANENT,
            code=failure["failure_code"], failed_at=timestamp(now),
        )
        return Result(claimed.delivery_id, Status.FAILED, attempts, **seen, **failure,
                      event=ev.NotificationFailed(**common, failure=failure_pb))


class _Outcomes:
    """A round's outcomes, written as they come rather than once the whole round is
    over: each write takes what arrived while the one before ran. A delivery's row is
    then held only for its own send and the write after it — a slow send elsewhere in
    the round cannot keep a sent row claimed until its claim lapses and another
    replica sends it again."""

    def __init__(self, sender: Sender):
        self._sender = sender
        self._waiting: list[Result] = []
        self._writer: asyncio.Task | None = None

    def add(self, result: Result) -> None:
        self._waiting.append(result)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())

    async def _write(self) -> None:
        sender = self._sender
        while self._waiting:
            batch, self._waiting = self._waiting, []
            async with sender.db.write() as conn:
                await claims.record(conn, sender.store, sender.owner, batch)

    async def written(self) -> None:
        """Wait for every outcome added to be written; raises what a write raised."""
        while self._writer is not None:
            writer = self._writer
            await writer
            if writer is self._writer and not self._waiting:
                return


def _address_channel(address: str, now: datetime) -> Channel:
    """A non-member's address, as the transports take a destination."""
    return Channel(channel_id=NO_MEMBER, kind=ChannelKind.EMAIL, address=address, label="",
                   status=ChannelStatus.ACTIVE, registered_at=now)


def _masked(claimed: Claimed, channel: Channel | None) -> str | None:
    """What the row shows of the destination: a member's channel masked; a
    non-member's address not at all."""
    if channel is None or claimed.member_id == NO_MEMBER:
        return None
    return mask_address(channel.kind, channel.address)


def _not_sendable(
    subscriber: SubscriberState, channel: Channel | None, trigger: Trigger, category: Category | None
) -> str:
    """Why this delivery must not go out now, or ""."""
    if channel is None:
        return "channel_removed"
    if trigger is Trigger.EMAIL_VERIFICATION:
        return "" if not channel.active else "channel_verified"
    if not channel.active:
        return "channel_unverified"
    if category is not None and not subscriber.wants(category, channel.channel_id):
        return "unsubscribed"
    return ""


def _recipient(member_id: str, subscriber: SubscriberState, profile) -> Recipient:
    return Recipient(
        member_id=member_id,
        display_name=profile.display_name if profile is not None else "",
        locale=locale_of(subscriber.locale, profile.locale if profile is not None else ""),
        timezone=(profile.timezone if profile is not None else "") or DEFAULT_TIMEZONE,
    )


def policy_of(max_attempts: int, base_seconds: float, max_seconds: float) -> RetryPolicy:
    return RetryPolicy(base_delay=timedelta(seconds=base_seconds), max_delay=timedelta(seconds=max_seconds),
                       max_attempts=max_attempts)


__all__: Sequence[str] = ("LinkSettings", "Sender", "policy_of")
