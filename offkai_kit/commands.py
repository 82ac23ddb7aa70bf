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

Commands on one stream are committed in groups (see ``CommandRunner``): the stored
answers and the aggregate are read in one transaction, each command is decided on
the state the ones before it left, and their events and answers are appended in
one; every caller still gets its own answer or its own error, after the commit.

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
import contextvars
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from google.protobuf.message import Message
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit import context
from offkai_kit.clock import Clock, utc_now
from offkai_kit.db import IN_CHUNK
from offkai_kit.decider import Decider
from offkai_kit.errors import Conflict
from offkai_kit.eventstore import raw
from offkai_kit.eventstore.store import EventStore, Origin, Snapshot, WrongExpectedVersion
from offkai_kit.idempotency import (
    CommandResult,
    CommandResults,
    DuplicateRequest,
    check_request_id,
    fingerprint,
    insert_of,
    is_duplicate,
    request_key,
)
from offkai_kit.personal import KeyRace, PersonalData, has_personal_data, subjects_of
from offkai_kit.repository import Loaded, Repository

S = TypeVar("S")

# Events of a stream's tail read with the stored answers, at most (see _decide_and_append).
_TAIL_TOGETHER = 64

# More writes for a command's transaction, given the events it decided (not sealed).
Alongside = Callable[[AsyncConnection, Sequence[Message]], Awaitable[None]]


@dataclass(eq=False)
class _Job:
    """One ``execute`` call waiting for its stream's turn."""

    decider: Decider
    stream_id: str
    command: object
    respond: Callable
    method: str
    request: Message
    key: str
    alongside: Alongside | None
    answer_of: Sequence[str]
    origin: Origin
    answer: asyncio.Future
    # The caller's context (principal, request ids): decide, respond and alongside run in it.
    context: contextvars.Context

    @property
    def waiting(self) -> bool:
        return not self.answer.done()  # done: answered, or its caller gave up

    def fail(self, exc: BaseException) -> None:
        if self.waiting:
            self.answer.set_exception(exc)

    def succeed(self, response: Message) -> None:
        if self.waiting:
            self.answer.set_result(response)


@dataclass(eq=False)
class _Decided:
    job: _Job
    events: list[Message]
    sealed: list[Message]
    response: Message
    sealed_answer: bytes | None


class _HookFailed(Exception):
    """A command's own part of a group commit (its ``alongside``) raised."""

    def __init__(self, job: _Job, error: BaseException):
        super().__init__(repr(error))
        self.job, self.error = job, error


class CommandRunner:
    """Runs commands on aggregates, with group commit per stream.

    Commands on one stream queue in this process. Whatever queued while the
    previous transaction was running goes as one group: its stored answers are
    looked up in one query, the aggregate is loaded once, each command is decided
    in arrival order on the state the ones before it left (a refused command
    answers its own error and leaves the state as it was), and all their events
    and answers are appended in one transaction; each caller gets its answer once
    it has committed. A rush on one aggregate (200 RSVPs to one meetup) thus costs a
    few transactions instead of 200 racing ones; across replicas the store's
    expected-version check still decides, and a group that lost is decided again.
    """

    # Commands decided together at most: bounds one transaction's size.
    max_group = 256

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
        self._queues: dict[str, list[_Job]] = {}
        self._drainers: set[asyncio.Task] = set()

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
        job = _Job(decider, stream_id, command, respond, method, request, request_key(caller, method, request_id),
                   alongside, tuple(answer_of), Origin.current(), asyncio.get_running_loop().create_future(),
                   contextvars.copy_context())
        queue = self._queues.get(stream_id)
        if queue is None:
            queue = self._queues[stream_id] = []
            drainer = asyncio.create_task(self._drain(stream_id, queue))
            self._drainers.add(drainer)
            drainer.add_done_callback(self._drainers.discard)
        queue.append(job)
        return await job.answer

    async def _drain(self, stream_id: str, queue: list[_Job]) -> None:
        """Run the stream's queue, a group at a time, until it is empty."""
        try:
            while queue:
                group, keys = [], set()
                for job in list(queue):
                    if len(group) == self.max_group:
                        break
                    # One decider per group; a second attempt of one request waits
                    # for the next group, which finds the first one's answer.
                    if job.key in keys or (group and job.decider is not group[0].decider):
                        continue
                    queue.remove(job)
                    if job.waiting:
                        group.append(job)
                        keys.add(job.key)
                if group:
                    await self._run_abandonable(group)
        finally:
            del self._queues[stream_id]
            for job in queue:  # only if cancelled (the runtime stopping)
                job.fail(Conflict(f"{stream_id}: the service is stopping; retry the request"))

    async def _run_abandonable(self, group: list[_Job]) -> None:
        """Run the group; should every caller in it give up (their deadlines passed,
        say, while the database hangs), stop working for them, as a lone command's
        cancellation would, so the stream's queue moves on."""
        work = asyncio.create_task(self._run_group(group))

        def abandon(_answer) -> None:
            # Only callers giving up stop the work: answers the work itself gave (a
            # replay's stored answer, say) arrive while it still holds a connection,
            # and cancelling that connection's release costs the pool the connection.
            if not work.done() and all(job.answer.cancelled() for job in group):
                work.cancel()

        for job in group:
            job.answer.add_done_callback(abandon)
        try:
            await work
        except asyncio.CancelledError:
            if asyncio.current_task().cancelling():
                raise  # the runner itself is stopping
        except Exception as exc:
            for job in group:
                job.fail(exc)
        finally:
            if not work.done():
                work.cancel()
            for job in group:
                job.answer.remove_done_callback(abandon)
                if job.waiting and work.cancelled():
                    job.answer.cancel()

    async def _run_group(self, group: list[_Job]) -> None:
        decider, stream_id = group[0].decider, group[0].stream_id
        for attempt in range(self.attempts):
            group = [job for job in group if job.waiting]
            if not group:
                return
            # The stored answers, the aggregate, the decision and the append in one
            # write transaction: one connection and commit per group, and on SQLite
            # (writers queue before BEGIN IMMEDIATE) nothing can change in between.
            try:
                async with self.store.db.write() as conn:
                    done = await self._decide_and_append(decider, stream_id, group, conn)
            except DuplicateRequest:
                continue  # a concurrent attempt of one of these requests won; return its answer
            except (WrongExpectedVersion, KeyRace):
                # Someone else changed the stream (or made a member's key): decide
                # again on the fresh state.
                await asyncio.sleep(random.uniform(0, 0.005 * (attempt + 1)))
                continue
            except _HookFailed as failed:
                # That command's own writes failed: it answers the error, the rest go again.
                failed.job.fail(failed.error)
                continue
            if done is None:
                return
            decided, state, version = done
            self.repository.remember(decider, stream_id, Loaded(state, version))
            if self.personal is not None or self.repository.personal is not None:  # else nothing to erase
                self.repository.opened_with(decider, stream_id, {
                    s for d in decided for e in d.events if has_personal_data(e) for s in subjects_of(e)})
            for d in decided:
                d.job.succeed(d.response)
            return
        async with self.store.db.read() as conn:
            stored = await self._stored(group, conn)
        for job, answer in zip(group, stored, strict=True):
            job.succeed(answer) if isinstance(answer, Message) else job.fail(
                answer or Conflict(f"{stream_id} is changing too fast; retry the request"))

    async def _decide_and_append(
        self, decider: Decider[S], stream_id: str, group: list[_Job], conn: AsyncConnection
    ) -> tuple[list[_Decided], S, int] | None:
        """One attempt of the group in the write transaction ``conn``: what was
        decided, the state after it and its version; None if nothing was left to
        append (every command answered already, or refused)."""
        start = self.repository.start(decider, stream_id)
        requests = {job.key: job.request for job in group}
        if start is not None and len(requests) <= IN_CHUNK:
            # The stored answers and the stream's tail in one query (one round
            # trip on PostgreSQL); a long tail's rest on its own (a long array of
            # records costs PostgreSQL more than the trip it saves).
            stored, tail = await raw.fetch_together(conn, [
                self.results.query(list(requests)), self.store.tail_query(stream_id, start[1], _TAIL_TOGETHER)])
            found = await self.results.answers(stored, requests)
            group = self._answer_stored(group, [found.get(job.key) for job in group])
            if not group:
                return None
            events = self.store.tail_of(tail)
            if len(events) == _TAIL_TOGETHER:
                events += await self.store.load(stream_id, after_version=events[-1].version, conn=conn)
            loaded = await self.repository.fold(decider, stream_id, *start, events)
        else:
            group = await self._unanswered(group, conn)
            if not group:
                return None
            loaded = await self.repository.load(decider, stream_id, conn=conn)
        keys, made = {}, {}
        if self.personal is not None:
            keys, made = await self.personal.lookup([s for job in group for s in job.answer_of], conn)
        decided, state = await self._decide(decider, loaded.state, group, keys, made, conn)
        if not decided:
            return None
        added = sum(len(d.events) for d in decided)
        answers = [CommandResult(d.job.key, d.job.method, fingerprint(d.job.request), d.response, d.sealed_answer)
                   for d in decided]
        try:
            await self.store.append_in(
                conn,
                stream_id,
                decider.stream_type,
                loaded.version,
                [e for d in decided for e in d.sealed],
                snapshot=_snapshot_due(decider, stream_id, loaded.version, added, state),
                within=_within(decided, self._new_keys(decided, made)),
                origins=[d.job.origin for d in decided for _ in d.events],
                also=[insert_of(conn, answers)],  # the answers, with the events
            )
        except Exception as exc:
            if is_duplicate(exc):
                raise DuplicateRequest(", ".join(a.request_key for a in answers)) from exc
            raise
        return decided, state, loaded.version + added

    async def _stored(self, group: list[_Job], conn: AsyncConnection) -> list[Message | Exception | None]:
        found = await self.results.find_many({job.key: job.request for job in group}, conn=conn)
        return [found.get(job.key) for job in group]

    async def _unanswered(self, group: list[_Job], conn: AsyncConnection) -> list[_Job]:
        """Answer the commands whose first answer is stored; the rest still to run."""
        return self._answer_stored(group, await self._stored(group, conn))

    @staticmethod
    def _answer_stored(group: list[_Job], answers: list[Message | Exception | None]) -> list[_Job]:
        rest = []
        for job, stored in zip(group, answers, strict=True):
            if stored is None:
                rest.append(job)
            elif isinstance(stored, Exception):
                job.fail(stored)
            else:
                job.succeed(stored)
        return rest

    def _new_keys(self, decided: list[_Decided], made: dict[str, bytes]) -> Callable | None:
        """Storing the fresh keys the decided commands' answers were sealed with."""
        if self.personal is None:
            return None
        used = {s for d in decided for s in d.job.answer_of}
        used |= {s for d in decided for e in d.events if has_personal_data(e) for s in subjects_of(e)}
        needed = {s: key for s, key in made.items() if s in used}
        if not needed or self.personal is None:
            return None
        personal = self.personal
        return lambda conn: personal.keep(conn, needed)

    async def _decide(self, decider: Decider[S], state: S, group: list[_Job], keys: dict[str, bytes | None],
                      made: dict[str, bytes], conn: AsyncConnection) -> tuple[list[_Decided], S]:
        """Each command on the state the ones before it left; a refused one (the
        domain raised) answers its error and changes nothing. ``keys``: the
        members' keys looked up (or ``made``) for the group; those of members its
        events name besides are looked up (or made) in ``conn`` as they come, so
        no key is committed on a transaction of its own while this one is open."""
        # The clock is read on each attempt: a retried decision judges its own time.
        now = self.clock()
        decided = []
        for job in group:
            try:
                new_events = list(job.context.run(decider.decide, state, job.command, now))
                after = decider.fold(state, new_events)
                response = job.context.run(job.respond, after)
                sealed, sealed_answer = new_events, None
                if self.personal is not None:
                    missing = {s for e in new_events if has_personal_data(e) for s in subjects_of(e)} - keys.keys()
                    missing.discard("")  # seal refuses such an event
                    if missing:
                        found, fresh = await self.personal.lookup(sorted(missing), conn)
                        keys.update(found)
                        made.update(fresh)
                    sealed = [await self.personal.seal(e, keys) for e in new_events]
                    if job.answer_of:
                        sealed_answer = await self.personal.seal_blob(
                            job.answer_of, response.SerializeToString(deterministic=True), keys)
            except Exception as exc:
                job.fail(exc)
                continue
            decided.append(_Decided(job, new_events, sealed, response, sealed_answer))
            state = after
        return decided, state


def _within(decided: list[_Decided], keep_keys: Callable | None):
    """The append's extra work, after the events and the answers went in (a
    duplicate request stops the whole group there): the members' keys made for
    it, then command by command the handler's own writes."""

    async def run(conn: AsyncConnection) -> None:
        if keep_keys is not None:
            await keep_keys(conn)
        for d in decided:
            job = d.job
            if job.alongside is not None:
                try:
                    await asyncio.create_task(job.alongside(conn, d.events), context=job.context)
                except Exception as exc:
                    raise _HookFailed(job, exc) from exc

    return run


def _snapshot_due(decider: Decider[S], stream_id: str, before: int, added: int, state: S) -> Snapshot | None:
    if decider.snapshot is None or added == 0:
        return None
    after = before + added
    if after // decider.snapshot_every == before // decider.snapshot_every:
        return None
    return Snapshot(stream_id, after, decider.snapshot_schema, decider.snapshot(state))
