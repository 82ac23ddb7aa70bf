"""Running a command against an aggregate: load, decide, append — idempotently.

``CommandRunner.execute`` is what every mutating RPC of every service goes through:

1. a request already answered (same caller, method and ``request_id``) returns the
   stored first answer and appends nothing;
2. otherwise the aggregate is loaded (latest snapshot plus the events after it), the
   pure ``decide`` function produces events, and the events, the answer and maybe a
   new snapshot are committed in one transaction;
3. a concurrent append to the same stream makes the store refuse ours; the whole
   load-decide-append is then retried on the fresh state, a few times, before the
   caller gets ABORTED.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import random
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from google.protobuf.message import Message

from offkai_kit import context
from offkai_kit.decider import Decider
from offkai_kit.errors import Conflict, InvalidArgument
from offkai_kit.eventstore.records import decode_payload
from offkai_kit.eventstore.store import (
    CommandResult,
    DuplicateRequest,
    EventStore,
    Snapshot,
    WrongExpectedVersion,
)

S = TypeVar("S")
MAX_REQUEST_ID = 128


@dataclass(frozen=True)
class Loaded(Generic[S]):
    state: S
    version: int


def request_key(caller: str, method: str, request_id: str) -> str:
    return hashlib.sha256(f"{caller}\0{method}\0{request_id}".encode()).hexdigest()


def check_request_id(request_id: str) -> None:
    if not request_id:
        raise InvalidArgument.field("request_id", "is required: a client-chosen id that makes retries safe")
    if len(request_id) > MAX_REQUEST_ID:
        raise InvalidArgument.field("request_id", f"must be at most {MAX_REQUEST_ID} characters")


class StreamLocks:
    """One asyncio lock per stream, dropped when nobody holds or awaits it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (None, 0))
        lock = lock or asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


class CommandRunner:
    """Loads aggregates and runs commands on them.

    Commands on one stream queue on a lock in this process, so a rush on one
    aggregate (200 RSVPs to one meetup) appends one after another instead of racing
    optimistic appends that mostly lose and retry; across replicas the store's
    expected-version check still decides.

    Recently used aggregates are kept in memory (states are immutable, so sharing
    them is safe): a load then reads only the events appended since — by this
    process or any other replica — so a meetup with thousands of RSVPs loads about
    as fast as a new one. A cold load starts from the latest snapshot.
    """

    def __init__(self, store: EventStore, *, attempts: int = 5, cache_size: int = 512):
        self.store = store
        self.attempts = attempts
        self._cache: OrderedDict[tuple[str, str], Loaded] = OrderedDict()
        self._cache_size = cache_size
        self._locks = StreamLocks()

    async def load(self, decider: Decider[S], stream_id: str) -> Loaded[S]:
        key = (decider.stream_type, stream_id)
        cached = self._cache.get(key)
        if cached is not None:
            state, version = cached.state, cached.version
        else:
            state, version = decider.initial, 0
            if decider.restore is not None:
                snap = await self.store.load_snapshot(stream_id, decider.snapshot_schema)
                if snap is not None:
                    state, version = decider.restore(snap.state), snap.version
        tail = await self.store.load(stream_id, after_version=version)
        for event in tail:
            state = decider.evolve(state, event.message())
            version = event.version
        loaded = Loaded(state, version)
        self._remember(key, loaded)
        return loaded

    def _remember(self, key: tuple[str, str], loaded: Loaded) -> None:
        if not loaded.version:
            return  # nothing there yet: not worth a slot
        current = self._cache.get(key)
        if current is None or current.version <= loaded.version:
            self._cache[key] = loaded
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def execute(
        self,
        decider: Decider[S],
        stream_id: str,
        decide: Callable[[S], Sequence[Message]],
        respond: Callable[[S], Message],
        *,
        method: str,
        request: Message,
        request_id: str,
    ) -> Message:
        check_request_id(request_id)
        async with self._locks.hold(stream_id):
            return await self._execute(decider, stream_id, decide, respond, method, request, request_id)

    async def _execute(self, decider, stream_id, decide, respond, method, request, request_id) -> Message:
        ctx = context.current()
        caller = ctx.principal.member_id if ctx.principal else ""
        key = request_key(caller, method, request_id)
        fingerprint = hashlib.sha256(request.SerializeToString(deterministic=True)).hexdigest()
        for attempt in range(self.attempts):
            stored = await self.store.stored_result(key)
            if stored is not None:
                return self._replay(stored, fingerprint)
            loaded = await self.load(decider, stream_id)
            new_events = list(decide(loaded.state))
            state = decider.fold(loaded.state, new_events)
            response = respond(state)
            try:
                await self.store.append(
                    stream_id,
                    decider.stream_type,
                    loaded.version,
                    new_events,
                    result=CommandResult(key, method, fingerprint, response),
                    snapshot=self._snapshot_due(decider, stream_id, loaded.version, len(new_events), state),
                )
                self._remember((decider.stream_type, stream_id), Loaded(state, loaded.version + len(new_events)))
                return response
            except DuplicateRequest:
                continue  # a concurrent retry of this very request won; return its answer
            except WrongExpectedVersion:
                # Someone else changed the stream: decide again on the fresh state.
                await asyncio.sleep(random.uniform(0, 0.005 * (attempt + 1)))
        stored = await self.store.stored_result(key)
        if stored is not None:
            return self._replay(stored, fingerprint)
        raise Conflict(f"{stream_id} is changing too fast; retry the request")

    @staticmethod
    def _replay(stored, fingerprint: str) -> Message:
        if stored.fingerprint != fingerprint:
            raise InvalidArgument.field(
                "request_id", "was already used for a different request; use a new request_id"
            )
        return decode_payload(stored.response_type, stored.response)

    @staticmethod
    def _snapshot_due(decider: Decider[S], stream_id: str, before: int, added: int, state: S):
        if decider.snapshot is None or added == 0:
            return None
        after = before + added
        if after // decider.snapshot_every == before // decider.snapshot_every:
            return None
        return Snapshot(stream_id, after, decider.snapshot_schema, decider.snapshot(state))
