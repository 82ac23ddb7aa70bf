"""Running a command against an aggregate: load, decide, append — idempotently.

``CommandRunner.execute(decider, stream_id, command, respond, ...)`` is what every
mutating RPC of every service goes through:

1. a request already answered (same caller, method and ``request_id``) returns the
   stored first answer and appends nothing (``offkai_kit.idempotency``);
2. otherwise the aggregate is loaded (``offkai_kit.repository``), the domain's pure
   ``decider.decide(state, command, now)`` produces events, and the events, the
   answer and maybe a new snapshot are committed in one transaction;
3. a concurrent append to the same stream makes the store refuse ours; the whole
   load-decide-append is then retried on the fresh state, a few times, before the
   caller gets ABORTED.

A handler that keeps something outside the stream because of a command (a value
that must not be published, say) passes ``alongside``: it runs in the append's
transaction with the events just decided, so it commits exactly when they do and
never for a refused command or a retry answered from the stored first answer.

An answer that carries members' personal data (a profile, RSVP answers) names
them in ``answer_of``: it is then stored sealed with their keys, so erasing any
of them erases the stored answer too (a retry then gets FAILED_PRECONDITION).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TypeVar

from google.protobuf.message import Message
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit import context
from offkai_kit.clock import Clock, utc_now
from offkai_kit.decider import Decider
from offkai_kit.errors import Conflict
from offkai_kit.eventstore.store import EventStore, Snapshot, WrongExpectedVersion
from offkai_kit.idempotency import (
    CommandResult,
    CommandResults,
    DuplicateRequest,
    check_request_id,
    fingerprint,
    request_key,
)
from offkai_kit.personal import PersonalData, has_personal_data, subjects_of
from offkai_kit.repository import Loaded, Repository

S = TypeVar("S")

# More writes for a command's transaction, given the events it decided (not sealed).
Alongside = Callable[[AsyncConnection, Sequence[Message]], Awaitable[None]]


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
    """Runs commands on aggregates.

    Commands on one stream queue on a lock in this process, so a rush on one
    aggregate (200 RSVPs to one meetup) appends one after another instead of racing
    optimistic appends that mostly lose and retry; across replicas the store's
    expected-version check still decides.
    """

    def __init__(
        self,
        store: EventStore,
        repository: Repository,
        results: CommandResults,
        *,
        clock: Clock = utc_now,
        attempts: int = 5,
        personal: PersonalData | None = None,
    ):
        self.store = store
        self.repository = repository
        self.results = results
        self.clock = clock
        self.attempts = attempts
        # Seals the personal fields of appended events (the state keeps them open).
        self.personal = personal
        self._locks = StreamLocks()

    async def execute(
        self,
        decider: Decider[S],
        stream_id: str,
        command: object,
        respond: Callable[[S], Message],
        *,
        method: str,
        request: Message,
        request_id: str,
        alongside: Alongside | None = None,
        answer_of: Sequence[str] = (),
    ) -> Message:
        """Decide ``command`` on the stream and answer ``respond(state after)``;
        ``alongside(conn, events)`` writes in the same transaction, and the answer
        is stored sealed for the members ``answer_of`` names (see above)."""
        check_request_id(request_id)
        ctx = context.current()
        caller = ctx.principal.member_id if ctx.principal else ""
        key = request_key(caller, method, request_id)
        async with self._locks.hold(stream_id):
            for attempt in range(self.attempts):
                stored = await self.results.find(key, request)
                if stored is not None:
                    return stored
                loaded = await self.repository.load(decider, stream_id)
                # The clock is read on each attempt: a retried decision judges its own time.
                new_events = list(decider.decide(loaded.state, command, self.clock()))
                state = decider.fold(loaded.state, new_events)
                response = respond(state)
                stored = [await self.personal.seal(e) for e in new_events] if self.personal else new_events
                sealed = None
                if answer_of and self.personal is not None:
                    sealed = await self.personal.seal_blob(answer_of, response.SerializeToString(deterministic=True))
                try:
                    await self.store.append(
                        stream_id,
                        decider.stream_type,
                        loaded.version,
                        stored,
                        snapshot=_snapshot_due(decider, stream_id, loaded.version, len(new_events), state),
                        within=_within(CommandResult(key, method, fingerprint(request), response, sealed),
                                       alongside, new_events),
                    )
                except DuplicateRequest:
                    continue  # a concurrent retry of this very request won; return its answer
                except WrongExpectedVersion:
                    # Someone else changed the stream: decide again on the fresh state.
                    await asyncio.sleep(random.uniform(0, 0.005 * (attempt + 1)))
                    continue
                self.repository.remember(decider, stream_id, Loaded(state, loaded.version + len(new_events)))
                self.repository.opened_with(
                    decider, stream_id, {s for e in new_events if has_personal_data(e) for s in subjects_of(e)}
                )
                return response
            stored = await self.results.find(key, request)
            if stored is not None:
                return stored
        raise Conflict(f"{stream_id} is changing too fast; retry the request")


def _within(result: CommandResult, alongside: Alongside | None, new_events: list[Message]):
    """The append's extra work: the answer first (a duplicate request stops there),
    then the handler's own writes."""

    async def run(conn: AsyncConnection) -> None:
        await result.record(conn)
        if alongside is not None:
            await alongside(conn, new_events)

    return run


def _snapshot_due(decider: Decider[S], stream_id: str, before: int, added: int, state: S) -> Snapshot | None:
    if decider.snapshot is None or added == 0:
        return None
    after = before + added
    if after // decider.snapshot_every == before // decider.snapshot_every:
        return None
    return Snapshot(stream_id, after, decider.snapshot_schema, decider.snapshot(state))
