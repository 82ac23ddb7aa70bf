"""Personal data, crypto-shredded: sealed in the stores and on the stream with a key
per (service, member), so destroying the key erases the data everywhere at once —
in every event already written and published, in every replay and rebuild.

Event payloads say what is personal with the options in
``proto/offkai/platform/v1/personal_data.proto``: a message names its data subject
(``data_subject``: the field holding the member id), and ``personal`` string fields in
it, or in messages nested in it, belong to that member (the nearest enclosing subject
wins). The domain never sees any of this: the command runner seals the events it
appends, the repository and the consumers open what they read.

- **Sealing** replaces each non-empty personal string with ``sealed:v1:<base64>``:
  AES-256-GCM under the member's key in the producing service, the member id as
  associated data. Empty strings stay empty.
- **Keys** are made by the service that seals with them, kept in its own database
  (``personal_keys``), and handed to other services through a JetStream key-value
  bucket (``OFFKAI_KEYS``, one entry per service and member, no history); the relay
  puts a new key there before it publishes any event sealed with it. A consumer that
  finds no entry (not even an erasure's purge marker) gets ``KeyNotYetKnown`` and tries
  the event again later, rather than reading it as erased.
- **Erasure** (``forget``) deletes the service's key in the same transaction as the
  erasure's other effects, and purges the bucket entry (the relay retries while NATS
  is away). A sealed field whose key is gone opens as the empty string.
- **Whole blobs** (``seal_blob``/``open_blob``): bytes that belong to several members
  at once — a command's stored answer naming them — sealed with each one's key in
  turn, so they open only while every one of those keys exists.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Protocol

from cachetools import LRUCache, TTLCache
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message
from sqlalchemy import Boolean, Column, LargeBinary, String, Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai.platform.v1 import personal_data_pb2 as options
from offkai_kit.db import Database, UtcDateTime, after_commit, in_chunks
from offkai_kit.eventstore import raw
from offkai_kit.eventstore.schema import metadata
from offkai_kit.telemetry import get_logger

log = get_logger(__name__)

SEALED = "sealed:v1:"
# Marks the plaintext of a sealed blob, so an empty blob and a lost one differ.
_BLOB = "blob:"
KEY_BUCKET = "OFFKAI_KEYS"
_NONCE = 12
# Keys cached per replica, each cache at most this many members (the least recently
# used are dropped and read again when needed): a key with its entry is a few hundred
# bytes, so about 3 MiB for a full cache, however many members a replica meets.
KEY_CACHE_SIZE = 10_000

# The two statements of the command path (lookup, keep), on the driver's connection.
_LOOKUP = "SELECT subject_id, key FROM personal_keys WHERE subject_id IN ({})"
_KEEP = "INSERT INTO personal_keys (subject_id, key, created_at, distributed) VALUES (?, ?, ?, ?)"

# Created by offkai_kit.eventstore.migrations (upgrade_kit_tables_v3).
personal_keys = Table(
    "personal_keys",
    metadata,
    Column("subject_id", String(200), primary_key=True),
    # NULL once erased: the row stays to say so (and that the bucket must forget it).
    Column("key", LargeBinary, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("erased_at", UtcDateTime, nullable=True),
    # The bucket holds this key (or has forgotten it, once erased).
    Column("distributed", Boolean, nullable=False),
)


def bucket_key(service: str, subject_id: str) -> str:
    """The bucket entry of a service's key for a member: the member id is hashed,
    as bucket keys allow few characters (and need not name anyone)."""
    return f"{service}.{hashlib.sha256(subject_id.encode()).hexdigest()[:40]}"


# -- which fields are personal -------------------------------------------------


_Plan = tuple[tuple[FieldDescriptor, object], ...] | None
_plans: dict[str, _Plan] = {}


def _plan(descriptor: Descriptor) -> _Plan:
    """The fields to visit in a message type: personal strings, and messages that
    contain some. None when there is nothing personal in it (the common case)."""
    name = descriptor.full_name
    if name in _plans:
        return _plans[name]
    _plans[name] = None  # recursive types: assume nothing while looking
    visit = []
    for field in descriptor.fields:
        if field.type == FieldDescriptor.TYPE_STRING and field.GetOptions().Extensions[options.personal]:
            visit.append((field, "text"))
        elif field.type == FieldDescriptor.TYPE_MESSAGE and not field.message_type.GetOptions().map_entry:
            if _plan(field.message_type) is not None:
                visit.append((field, "message"))
    plan = tuple(visit) or None
    _plans[name] = plan
    return plan


def has_personal_data(message: Message) -> bool:
    return _plan(message.DESCRIPTOR) is not None


def subjects_of(message: Message) -> set[str]:
    """The members whose personal data ``message`` carries (non-empty fields only)."""
    found: set[str] = set()
    _visit(message, "", lambda subject, value: (found.add(subject), value)[1])
    return found


def _visit(message: Message, subject: str, change: Callable[[str, str], str]) -> None:
    plan = _plan(message.DESCRIPTOR)
    if plan is None:
        return
    own = message.DESCRIPTOR.GetOptions().Extensions[options.data_subject]
    if own:
        subject = getattr(message, own) or subject
    for field, kind in plan:
        repeated = field.is_repeated
        if kind == "message":
            if repeated:
                for item in getattr(message, field.name):
                    _visit(item, subject, change)
            elif message.HasField(field.name):
                _visit(getattr(message, field.name), subject, change)
        elif repeated:
            values = getattr(message, field.name)
            values[:] = [change(subject, v) if v else v for v in values]
        else:
            value = getattr(message, field.name)
            if value:
                setattr(message, field.name, change(subject, value))


# -- sealing -----------------------------------------------------------------


def seal_text(key: bytes, subject: str, text: str) -> str:
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(key).encrypt(nonce, text.encode(), subject.encode())
    return SEALED + base64.urlsafe_b64encode(nonce + sealed).decode()


def open_text(key: bytes | None, subject: str, text: str) -> str:
    if not text.startswith(SEALED):
        return text
    if key is None:
        return ""  # erased
    try:
        raw = base64.urlsafe_b64decode(text[len(SEALED):])
        return AESGCM(key).decrypt(raw[:_NONCE], raw[_NONCE:], subject.encode()).decode()
    except Exception:  # not ours to read, or damaged: nothing personal leaks either way
        return ""


class KeyNotYetKnown(LookupError):
    """Another service's key is not in the bucket (yet): not the same as erased (a
    purged entry). A consumer meeting it hands the event back and tries again."""


class KeyRace(Exception):
    """A key ``PersonalData.keep`` was to store was made by a concurrent command."""


class Keys(Protocol):
    """Looks keys up by (service, member); None when there is none (erased)."""

    async def key(self, service: str, subject_id: str) -> bytes | None: ...


def _sealed_subjects(message: Message) -> set[str]:
    """The members whose sealed fields ``message`` carries (plain values need no key)."""
    found: set[str] = set()
    _visit(message, "", lambda subject, value: (found.add(subject) if value.startswith(SEALED) else None, value)[1])
    return found


async def open_message(message: Message, service: str, keys: Keys) -> Message:
    """A copy of ``message`` with its sealed fields opened (erased ones empty)."""
    if not has_personal_data(message):
        return message
    subjects = _sealed_subjects(message)
    if not subjects:
        return message
    found = {s: await keys.key(service, s) for s in subjects}
    opened = type(message)()
    opened.CopyFrom(message)
    _visit(opened, "", lambda subject, value: open_text(found.get(subject), subject, value))
    return opened


async def erased_within(conn: AsyncConnection, subject_id: str) -> bool:
    """Whether this service erased the member, as the caller's transaction sees it."""
    at = await conn.scalar(select(personal_keys.c.erased_at).where(personal_keys.c.subject_id == subject_id))
    return at is not None


class PersonalData(Keys):
    """One service's own keys: sealing what it appends, opening what it reads of its
    own events, forgetting on erasure. Other services' keys come from ``KeyRing``."""

    def __init__(self, db: Database, service: str, *, cache_size: int = KEY_CACHE_SIZE):
        self.db = db
        self.service = service
        # Member -> key (None: erased), the ``cache_size`` most recently used.
        self._cache: LRUCache[str, bytes | None] = LRUCache(maxsize=cache_size)
        self._wake: Callable[[], None] | None = None
        # Told of every erasure this replica learns of (the repository drops what it
        # opened with the key).
        self._erasure_listeners: list[Callable[[str], None]] = []
        self._erasures_seen_until: datetime | None = None

    def on_erasure(self, listener: Callable[[str], None]) -> None:
        self._erasure_listeners.append(listener)

    def _erased(self, subject_id: str) -> None:
        self._cache[subject_id] = None
        for listener in self._erasure_listeners:
            listener(subject_id)

    async def watch_erasures(self) -> int:
        """Learn the erasures other replicas made (every replica caches keys and
        opened states): called every few seconds; returns how many it found."""
        c = personal_keys.c
        query = select(c.subject_id, c.erased_at).where(c.erased_at.is_not(None))
        if self._erasures_seen_until is not None:
            query = query.where(c.erased_at >= self._erasures_seen_until)
        async with self.db.read() as conn:
            rows = (await conn.execute(query)).all()
        first_look = self._erasures_seen_until is None
        for row in rows:
            if not first_look:  # at start-up nothing is cached yet
                self._erased(row.subject_id)
            if self._erasures_seen_until is None or row.erased_at > self._erasures_seen_until:
                self._erasures_seen_until = row.erased_at
        if first_look and self._erasures_seen_until is None:
            self._erasures_seen_until = datetime.now(UTC)
        return 0 if first_look else len(rows)

    def on_new_key(self, wake: Callable[[], None]) -> None:
        """Called when a key needs distributing (the relay wakes up)."""
        self._wake = wake

    async def seal(self, message: Message, keys: dict[str, bytes | None] | None = None) -> Message:
        """A copy of ``message`` with its personal fields sealed; keys are made (and
        committed) first for members who have none yet. ``keys`` are what
        ``lookup`` just returned (a group of commands looks them up at once)."""
        if not has_personal_data(message):
            return message
        subjects = subjects_of(message)
        if "" in subjects:
            raise ValueError(f"{message.DESCRIPTOR.full_name} has personal data but names no data subject")
        keys = keys or {}
        found = {s: keys[s] if s in keys else await self._key_or_new(s) for s in subjects}
        sealed = type(message)()
        sealed.CopyFrom(message)

        def change(subject: str, value: str) -> str:
            key = found.get(subject)
            if key is None:
                # Erased members get nothing personal written about them again.
                return ""
            return seal_text(key, subject, value)

        _visit(sealed, "", change)
        return sealed

    async def key(self, service: str, subject_id: str) -> bytes | None:
        if service != self.service:
            raise ValueError(f"{self.service} holds only its own keys, not {service}'s")
        if subject_id in self._cache:
            return self._cache[subject_id]
        async with self.db.read() as conn:
            row = (await conn.execute(
                select(personal_keys.c.key).where(personal_keys.c.subject_id == subject_id))).first()
        key = row.key if row else None
        if row is not None:
            self._cache[subject_id] = key
        return key

    async def erased(self, subject_id: str) -> bool:
        """Whether this service erased the member (its key destroyed)."""
        async with self.db.read() as conn:
            return await erased_within(conn, subject_id)

    async def _key_or_new(self, subject_id: str) -> bytes | None:
        async with self.db.read() as conn:
            found, made = await self.lookup([subject_id], conn)
        if not made:
            return found[subject_id]
        try:
            async with self.db.write() as conn:
                await self.keep(conn, made)
        except KeyRace:
            return await self._key_or_new(subject_id)  # made by a concurrent command
        return made[subject_id]

    async def lookup(self, subjects: Sequence[str],
                     conn: AsyncConnection) -> tuple[dict[str, bytes | None], dict[str, bytes]]:
        """The members' keys as the database has them now (None: erased), with a
        fresh key for each member who has none yet; the fresh ones are also returned
        alone, for ``keep`` to store in the transaction that appends what they seal
        (so they commit no later than it, and the relay finds them first)."""
        wanted = sorted(set(subjects))
        if not wanted:
            return {}, {}
        # On the command path (every new member's first command): on the driver's
        # connection, as the event store's hot statements (offkai_kit.eventstore.raw).
        found: dict[str, bytes | None] = {}
        for chunk in in_chunks(wanted):
            found.update(await raw.fetch(conn, _LOOKUP.format(", ".join("?" * len(chunk))), chunk))
        made = {s: AESGCM.generate_key(bit_length=256) for s in wanted if s not in found}
        return found | made, made

    async def keep(self, conn: AsyncConnection, made: dict[str, bytes]) -> None:
        """Store the fresh keys ``lookup`` made, in the caller's transaction; once it
        commits they are cached and the relay is woken to distribute them.
        ``KeyRace`` if a concurrent command made one of them first (its
        transaction has then to be retried, and ``lookup`` finds that key)."""
        if not made:
            return
        now = raw.instant(conn, datetime.now(UTC))
        try:
            await raw.execute_many(conn, _KEEP, [(s, k, now, False) for s, k in made.items()])
        except Exception as exc:
            if raw.unique_violation(exc, "pk_personal_keys", "personal_keys.subject_id"):
                raise KeyRace(sorted(made)) from exc
            raise

        def kept() -> None:
            self._cache.update(made)
            if self._wake:
                self._wake()

        after_commit(conn, kept)

    async def seal_blob(self, subjects: Sequence[str], data: bytes,
                        keys: dict[str, bytes | None] | None = None) -> bytes:
        """``data`` sealed with each subject's key in turn (keys are made for those
        who have none; ``keys`` as for ``seal``); a subject erased already leaves
        nothing to open."""
        text = _BLOB + base64.urlsafe_b64encode(data).decode()
        keys = keys or {}
        for subject in subjects:
            key = keys[subject] if subject in keys else await self._key_or_new(subject)
            if key is None:
                text = ""
                break
            text = seal_text(key, subject, text)
        return json.dumps({"subjects": list(subjects), "sealed": text}).encode()

    async def open_blob(self, blob: bytes) -> bytes | None:
        """What ``seal_blob`` sealed; None once any of its subjects is erased."""
        found = json.loads(blob)
        text = found["sealed"]
        for subject in reversed(found["subjects"]):
            text = open_text(await self.key(self.service, subject), subject, text)
        if not text.startswith(_BLOB):
            return None
        return base64.urlsafe_b64decode(text[len(_BLOB):])

    async def forget(self, conn: AsyncConnection, subject_id: str) -> None:
        """Erase: destroy this service's key for the member, inside the caller's
        transaction. Idempotent; a member never seen gets a tombstone so that
        nothing personal about them is sealed (and readable) again."""
        now = datetime.now(UTC)
        done = await conn.execute(
            update(personal_keys).where(personal_keys.c.subject_id == subject_id)
            .values(key=None, erased_at=now, distributed=False)
        )
        if done.rowcount == 0:
            await conn.execute(personal_keys.insert().values(
                subject_id=subject_id, key=None, created_at=now, erased_at=now, distributed=False))

        def erased() -> None:
            # After the commit: a key read (and cached) while this transaction was
            # open must not outlive it; before it, a rollback would leave a lie.
            self._erased(subject_id)
            if self._wake:
                self._wake()

        after_commit(conn, erased)

    async def distribute(self, kv) -> int:
        """Put new keys into the bucket and purge erased ones; returns how many
        entries changed. The relay calls it before publishing events. The bucket
        calls go out together, and what they did is marked in one transaction."""
        c = personal_keys.c
        async with self.db.read() as conn:
            rows = (await conn.execute(
                select(c.subject_id, c.key).where(c.distributed.is_(False)).limit(1000))).all()
        if not rows:
            return 0
        outcomes = await asyncio.gather(*(
            kv.purge(bucket_key(self.service, row.subject_id)) if row.key is None
            else kv.put(bucket_key(self.service, row.subject_id), row.key)
            for row in rows
        ), return_exceptions=True)
        done = [row for row, outcome in zip(rows, outcomes, strict=True) if not isinstance(outcome, BaseException)]
        put = [{"subject": r.subject_id, "put": r.key} for r in done if r.key is not None]
        purged = [{"subject": r.subject_id} for r in done if r.key is None]
        if done:
            async with self.db.write() as conn:
                # Not a key erased (or one erased and made again) meanwhile: that goes next pass.
                if put:
                    await conn.execute(update(personal_keys).where(
                        c.subject_id == bindparam("subject"), c.key == bindparam("put")).values(distributed=True), put)
                if purged:
                    await conn.execute(update(personal_keys).where(
                        c.subject_id == bindparam("subject"), c.key.is_(None)).values(distributed=True), purged)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        return len(rows)

    async def redistribute(self) -> None:
        """The bucket was lost (a JetStream disaster): put every key again."""
        async with self.db.write() as conn:
            await conn.execute(update(personal_keys).values(distributed=False))
        if self._wake:
            self._wake()


class KeyRing(Keys):
    """Other services' keys, read from the bucket (this service's own from its
    database), cached; ``forget`` drops a member's entries after an erasure."""

    # Other services' keys are cached this long: an erasure there reaches every
    # replica here within it, even one that handles no MemberErased itself.
    TTL_SECONDS = 30.0

    def __init__(self, own: PersonalData, kv=None, *, now: Callable[[], float] = time.monotonic,
                 size: int = KEY_CACHE_SIZE):
        self.own = own
        self.kv = kv
        self.now = now
        # (service, member) -> key, each for TTL_SECONDS, the ``size`` most recent.
        self._cache: TTLCache[tuple[str, str], bytes] = TTLCache(maxsize=size, ttl=self.TTL_SECONDS,
                                                                 timer=lambda: self.now())

    def attach(self, kv) -> None:
        self.kv = kv

    async def key(self, service: str, subject_id: str) -> bytes | None:
        if service == self.own.service:
            return await self.own.key(service, subject_id)
        cached = self._cache.get((service, subject_id))
        if cached is not None:
            return cached
        key = None
        if self.kv is not None:
            from nats.js.errors import KeyNotFoundError

            try:
                entry = await self.kv.get(bucket_key(service, subject_id))
                key = entry.value or None
            except KeyNotFoundError as exc:
                if not exc.op:
                    # No purge marker: not erased, only not there yet (the producer's
                    # relay puts it soon) or the bucket was lost and is being refilled.
                    # Opening the data as erased would blank it for good: try again.
                    raise KeyNotYetKnown(f"{service}'s key for a member is not in the key bucket yet") from exc
                log.debug("key erased", service=service)  # purged: the member was erased
        if key is not None:
            self._cache[(service, subject_id)] = key
        else:
            self._cache.pop((service, subject_id), None)
        return key

    def forget(self, subject_id: str) -> None:
        for cached in [k for k in self._cache if k[1] == subject_id]:
            del self._cache[cached]


async def key_bucket(js, replicas: int = 1):
    """The bucket, created when missing."""
    from nats.js.api import KeyValueConfig, StorageType
    from nats.js.errors import BucketNotFoundError, NotFoundError

    try:
        return await js.key_value(KEY_BUCKET)
    except (BucketNotFoundError, NotFoundError):
        return await js.create_key_value(
            KeyValueConfig(bucket=KEY_BUCKET, history=1, storage=StorageType.FILE, replicas=replicas)
        )
