"""Loading aggregates: the latest snapshot plus the events after it, folded.

Readers (query handlers, schedulers, projections that need an aggregate's current
state) and the command runner load through one ``Repository``. Recently used
aggregates stay in memory (states are immutable, so sharing them is safe): a load
then reads only the events appended since — by this process or any other replica —
so a meetup with thousands of RSVPs loads about as fast as a new one. A cold load
starts from the latest snapshot.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit.decider import Decider
from offkai_kit.eventstore.records import RecordedEvent
from offkai_kit.eventstore.store import EventStore
from offkai_kit.personal import PersonalData, has_personal_data, open_message, subjects_of

S = TypeVar("S")


@dataclass(frozen=True)
class Loaded(Generic[S]):
    state: S
    version: int


class Repository:
    def __init__(self, store: EventStore, *, cache_size: int = 512, personal: PersonalData | None = None):
        self.store = store
        # Opens the sealed personal fields of this service's own events.
        self.personal = personal
        # The members whose keys opened each cached aggregate: an erasure drops them.
        self._opened_with: dict[tuple[str, str], set[str]] = {}
        if personal is not None:
            personal.on_erasure(self.forget_subject)
        self._cache: OrderedDict[tuple[str, str], Loaded] = OrderedDict()
        self._cache_size = cache_size

    async def load(self, decider: Decider[S], stream_id: str, *, conn: AsyncConnection | None = None) -> Loaded[S]:
        """The aggregate as of now: always reads the stream's tail (in ``conn``'s
        transaction if given, else in one of its own)."""
        if conn is None:
            async with self.store.db.read() as conn:
                return await self.load(decider, stream_id, conn=conn)
        key = (decider.stream_type, stream_id)
        cached = self._cache.get(key)
        if cached is not None:
            state, version = cached.state, cached.version
        else:
            state, version = decider.initial, 0
            if decider.restore is not None:
                snap = await self.store.load_snapshot(stream_id, decider.snapshot_schema, conn=conn)
                if snap is not None:
                    state, version = decider.restore(snap.state), snap.version
        tail = await self.store.load(stream_id, after_version=version, conn=conn)
        return await self._fold(decider, stream_id, state, version, tail)

    def start(self, decider: Decider[S], stream_id: str) -> tuple[S, int] | None:
        """Where ``load`` would start reading the stream: its cached state and
        version, or the initial state; None if it would read a snapshot first.
        With the tail read elsewhere (``EventStore.tail_query``), ``fold`` finishes
        the load."""
        cached = self._cache.get((decider.stream_type, stream_id))
        if cached is not None:
            return cached.state, cached.version
        return None if decider.restore is not None else (decider.initial, 0)

    async def fold(self, decider: Decider[S], stream_id: str, state: S, version: int,
                   tail: Sequence[RecordedEvent]) -> Loaded[S]:
        """``load``'s end: the events after ``start`` folded in (and the result cached)."""
        return await self._fold(decider, stream_id, state, version, tail)

    async def load_many(
        self, decider: Decider[S], stream_ids: Sequence[str], *, conn: AsyncConnection | None = None
    ) -> dict[str, Loaded[S]]:
        """``load`` for many aggregates in one transaction and a few queries rather
        than one per aggregate: the versions of all, then the new events of those
        that changed since they were cached (or were not). A cold aggregate with
        snapshots is loaded on its own."""
        if conn is None:
            async with self.store.db.read() as conn:
                return await self.load_many(decider, stream_ids, conn=conn)
        loaded: dict[str, Loaded[S]] = {}
        versions = await self.store.versions(conn, stream_ids)
        behind: dict[str, tuple[S, int]] = {}
        for stream_id in dict.fromkeys(stream_ids):
            cached = self._cache.get((decider.stream_type, stream_id))
            if cached is not None and cached.version >= versions.get(stream_id, 0):
                loaded[stream_id] = cached
                self._cache.move_to_end((decider.stream_type, stream_id))
            elif cached is not None:
                behind[stream_id] = (cached.state, cached.version)
            elif decider.restore is not None:
                loaded[stream_id] = await self.load(decider, stream_id, conn=conn)
            else:
                behind[stream_id] = (decider.initial, 0)
        tails = await self.store.load_many(conn, {stream_id: version for stream_id, (_, version) in behind.items()})
        for stream_id, (state, version) in behind.items():
            loaded[stream_id] = await self._fold(decider, stream_id, state, version, tails[stream_id])
        return loaded

    async def _fold(
        self, decider: Decider[S], stream_id: str, state: S, version: int, tail: Sequence[RecordedEvent]
    ) -> Loaded[S]:
        key = (decider.stream_type, stream_id)
        subjects: set[str] = set()
        for event in tail:
            message = event.message()
            if self.personal is not None and has_personal_data(message):
                subjects |= subjects_of(message)
                message = await open_message(message, self.personal.service, self.personal)
            state = decider.evolve(state, message)
            version = event.version
        if subjects:
            self._opened_with.setdefault(key, set()).update(subjects)
        loaded = Loaded(state, version)
        self.remember(decider, stream_id, loaded)
        return loaded

    def remember(self, decider: Decider[S], stream_id: str, loaded: Loaded[S]) -> None:
        """Keep ``loaded`` (e.g. the state a command just appended) unless a newer
        version is cached already."""
        if not loaded.version:
            return  # nothing there yet: not worth a slot
        key = (decider.stream_type, stream_id)
        current = self._cache.get(key)
        if current is None or current.version <= loaded.version:
            self._cache[key] = loaded
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            evicted, _ = self._cache.popitem(last=False)
            self._opened_with.pop(evicted, None)

    def opened_with(self, decider: Decider[S], stream_id: str, subjects: set[str]) -> None:
        """Note that the cached state of this aggregate holds these members' data
        (a command's own events, which the runner keeps open)."""
        key = (decider.stream_type, stream_id)
        if subjects and key in self._cache:  # nothing kept for what is not cached (a bounded map)
            self._opened_with.setdefault(key, set()).update(subjects)

    def forget(self, decider: Decider[S], stream_id: str) -> None:
        """Drop a cached aggregate (e.g. one that held an erased member's data)."""
        self._cache.pop((decider.stream_type, stream_id), None)
        self._opened_with.pop((decider.stream_type, stream_id), None)

    def forget_all(self) -> None:
        self._cache.clear()
        self._opened_with.clear()

    def forget_subject(self, subject_id: str) -> None:
        """Drop every cached aggregate opened with this member's key (erased)."""
        for key in [k for k, subjects in self._opened_with.items() if subject_id in subjects]:
            self._cache.pop(key, None)
            del self._opened_with[key]
