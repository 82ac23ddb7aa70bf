"""The meetup's RSVPs by (frame, member): a persistent map that a snapshot
restores without building its RSVPs.

``RsvpMap`` is two layers: the RSVPs of the snapshot the state was restored
from (``RsvpRows``: columns, in ticket order, read by position), and the
RSVPs changed or added since, in a persistent hash map (``immutables.Map``, a
HAMT: a change makes a new map sharing all but a few nodes with the old one, in
O(log n)). Restoring a big meetup then costs a parse and one dict of keys, not
an object per RSVP; an RSVP of the snapshot becomes an ``Rsvp`` the first time
it is read (and its details only when they are read, see ``state.EncodedDetails``).

Both layers are immutable from the outside: ``with_rsvps`` returns a new map
and leaves the old one as it was, so every state folded before stays valid
(the repository's cache and a command group decided again after a lost race
keep older states). ``RsvpRows`` memoizes the ``Rsvp`` it builds for a row:
the same row always gives an equal record, so sharing that memo is safe.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import immutables

if TYPE_CHECKING:
    from offkai_events.domain.state import Rsvp

Key = tuple[str, str]
NO_CHANGES: immutables.Map = immutables.Map()


class RsvpRows:
    """A snapshot's RSVPs, one row each in ticket order: each row's frame (an
    index into ``frame_ids``) and member, and ``make(row)`` that builds the
    ``Rsvp`` of a row from ``source`` (the snapshot codec's columns, which it
    also copies rows from). No object per row is made up front: a big
    meetup's restore allocates a dict per frame, not a key per RSVP."""

    __slots__ = ("frame_ids", "row_frames", "members", "positions", "source", "_make", "_made")

    def __init__(self, frame_ids: Sequence[str], row_frames: Sequence[int], members: Sequence[str],
                 make: Callable[[int], Rsvp], source: object = None) -> None:
        self.frame_ids = frame_ids
        self.row_frames = row_frames
        self.members = members
        self.source = source
        self._make = make
        self._made: dict[int, Rsvp] = {}
        # frame id -> member id -> row
        self.positions: dict[str, dict[str, int]] = {}
        if len(set(row_frames)) <= 1:
            if members:
                self.positions[frame_ids[row_frames[0]]] = dict(zip(members, range(len(members)), strict=True))
        else:
            by_frame = [self.positions.setdefault(frame_id, {}) for frame_id in frame_ids]
            for row, (frame, member) in enumerate(zip(row_frames, members, strict=True)):
                by_frame[frame][member] = row

    def __len__(self) -> int:
        return len(self.members)

    def row_of(self, key: Key) -> int | None:
        found = self.positions.get(key[0])
        return None if found is None else found.get(key[1])

    def key(self, row: int) -> Key:
        return self.frame_ids[self.row_frames[row]], self.members[row]

    def keys(self) -> Iterator[Key]:
        frame_ids = self.frame_ids
        return ((frame_ids[f], m) for f, m in zip(self.row_frames, self.members, strict=True))

    def rsvp(self, row: int) -> Rsvp:
        made = self._made.get(row)
        if made is None:
            made = self._made[row] = self._make(row)
        return made


class RsvpMap(Mapping):
    __slots__ = ("_rows", "_changed", "_len")

    def __init__(self, rows: RsvpRows | None = None, changed: immutables.Map = NO_CHANGES,
                 length: int | None = None) -> None:
        self._rows = rows
        self._changed = changed
        self._len = (len(rows) if rows is not None else 0) + len(changed) if length is None else length

    # -- reading -----------------------------------------------------------

    def get(self, key: Key, default=None):
        found = self._changed.get(key)
        if found is not None:
            return found
        rows = self._rows
        if rows is not None:
            row = rows.row_of(key)
            if row is not None:
                return rows.rsvp(row)
        return default

    def __getitem__(self, key: Key) -> Rsvp:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._changed or (self._rows is not None and self._rows.row_of(key) is not None)

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Key]:
        changed = self._changed
        yield from changed.keys()
        if self._rows is not None:
            yield from (key for key in self._rows.keys() if key not in changed)

    def __repr__(self) -> str:
        return f"RsvpMap({dict(self)!r})"

    # -- for the snapshot codec ---------------------------------------------

    @property
    def rows(self) -> RsvpRows | None:
        """The snapshot rows under this map (None if it was never restored)."""
        return self._rows

    def is_changed(self, key: Key) -> bool:
        """Whether the RSVP of ``key`` was put in since the snapshot."""
        return key in self._changed

    def changed(self) -> Iterable[Rsvp]:
        return self._changed.values()

    # -- changing ----------------------------------------------------------

    def with_rsvps(self, rsvps: Iterable[Rsvp]) -> RsvpMap:
        """A new map with these RSVPs put in (new, or replacing the one of the
        same frame and member); this one is left as it was."""
        length = self._len
        with self._changed.mutate() as changed:
            for r in rsvps:
                key = (r.frame_id, r.member_id)
                if key not in changed and (self._rows is None or self._rows.row_of(key) is None):
                    length += 1
                changed[key] = r
            return RsvpMap(self._rows, changed.finish(), length)


EMPTY_RSVPS = RsvpMap()
