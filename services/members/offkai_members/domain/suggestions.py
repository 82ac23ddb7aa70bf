"""Suggestions: people a member may want to connect with, each with reasons.

A pure ranking over plain data the query layer gathers (co-attendance from
members' projection of check-ins, mutual connections, communities, regions,
interests). The order:

1. people the member met at meetups (both checked in), most meetups first;
2. people near them: the same city (and prefecture), then the same prefecture;
3. anyone else with something in common.

Within a tier: meetups together, then mutual connections, then shared
communities, then shared interests, most first; ties by member id, so the
order is total and a keyset cursor over ``Suggestion.rank`` pages it stably.
Left out: the member, their connections, anyone with a pending request
either way, anyone blocked either way, and candidates with no reason at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from functools import lru_cache

from offkai_members.domain.model import MeetupRef
from offkai_members.domain.validate import normalize_tag

MAX_NAMES = 3


class ReasonKind(StrEnum):
    MET_AT = "met_at"
    SAME_CITY = "same_city"
    SAME_PREFECTURE = "same_prefecture"
    MUTUAL_CONNECTIONS = "mutual_connections"
    SHARED_COMMUNITIES = "shared_communities"
    SHARED_INTERESTS = "shared_interests"


class Tier(IntEnum):
    MET = 0
    SAME_CITY = 1
    SAME_PREFECTURE = 2
    OTHER = 3


@dataclass(frozen=True)
class Viewer:
    """The member the suggestions are for."""

    member_id: str
    region_prefecture: str = ""
    region_city: str = ""
    interests: tuple[str, ...] = ()
    # Community id -> name, of the communities the member joined.
    communities: Mapping[str, str] = field(default_factory=dict)
    connections: frozenset[str] = frozenset()
    # Pending requests either way.
    pending: frozenset[str] = frozenset()
    # Blocks either way.
    blocked: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Candidate:
    member_id: str
    display_name: str = ""
    region_prefecture: str = ""
    region_city: str = ""
    # Meetups both checked in at.
    met_at: tuple[MeetupRef, ...] = ()
    mutual_connections: int = 0
    community_ids: frozenset[str] = frozenset()
    interests: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    count: int
    # What is shared (meetup titles newest first, community names, interests,
    # the city or prefecture); at most three.
    names: tuple[str, ...] = ()

    def text(self, locale: str = "en") -> str:
        return (_JA if locale == "ja" else _EN)[self.kind](self)


@dataclass(frozen=True)
class Suggestion:
    member_id: str
    display_name: str
    tier: Tier
    # Strongest first.
    reasons: tuple[Reason, ...]
    # The sort key: ascending is best first; a cursor can hold it.
    rank: tuple


def region_key(text: str) -> str:
    """How regions compare: trimmed, case-folded (a query layer matching regions
    in a store uses the same key)."""
    return text.strip().casefold()


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and region_key(a) == region_key(b)


# Tags repeat across thousands of candidates: normalise each once.
_norm = lru_cache(maxsize=8192)(normalize_tag)


@dataclass(frozen=True)
class _Shared:
    """What a candidate has in common with the viewer."""

    same_prefecture: bool
    same_city: bool
    communities: list[str]
    interests: list[str]


def _shared(viewer: Viewer, c: Candidate) -> _Shared:
    same_prefecture = _same(viewer.region_prefecture, c.region_prefecture)
    same_city = same_prefecture and _same(viewer.region_city, c.region_city)
    communities = sorted(viewer.communities[i] for i in c.community_ids if i in viewer.communities)
    theirs = {_norm(t) for t in c.interests}
    interests = [t for t in viewer.interests if _norm(t) in theirs]
    return _Shared(same_prefecture, same_city, communities, interests)


def _tier_and_rank(c: Candidate, shared: _Shared) -> tuple[Tier, tuple] | None:
    """The candidate's tier and sort key; None when they have nothing in common."""
    if c.met_at:
        tier = Tier.MET
    elif shared.same_city:
        tier = Tier.SAME_CITY
    elif shared.same_prefecture:
        tier = Tier.SAME_PREFECTURE
    elif c.mutual_connections > 0 or shared.communities or shared.interests:
        tier = Tier.OTHER
    else:
        return None
    rank = (
        int(tier), -len(c.met_at), -c.mutual_connections, -len(shared.communities), -len(shared.interests),
        c.member_id,
    )
    return tier, rank


def rank_of(viewer: Viewer, c: Candidate) -> tuple | None:
    """``c``'s sort key as ``suggest`` ranks it, without building its reasons: cheap
    enough to order thousands of candidates and build reasons for a page only.
    None when there is nothing in common. Exclusions are the caller's."""
    ranked = _tier_and_rank(c, _shared(viewer, c))
    return ranked[1] if ranked else None


def _evaluate(viewer: Viewer, c: Candidate) -> Suggestion | None:
    shared = _shared(viewer, c)
    ranked = _tier_and_rank(c, shared)
    if ranked is None:
        return None
    tier, rank = ranked
    newest_first = sorted(c.met_at, key=lambda m: (m.start is not None, m.start), reverse=True)
    reasons: list[Reason] = []
    if c.met_at:
        reasons.append(Reason(ReasonKind.MET_AT, len(c.met_at), tuple(m.title for m in newest_first[:MAX_NAMES])))
    if shared.same_city:
        reasons.append(Reason(ReasonKind.SAME_CITY, 1, (c.region_city.strip(),)))
    elif shared.same_prefecture:
        reasons.append(Reason(ReasonKind.SAME_PREFECTURE, 1, (c.region_prefecture.strip(),)))
    if c.mutual_connections > 0:
        reasons.append(Reason(ReasonKind.MUTUAL_CONNECTIONS, c.mutual_connections))
    if shared.communities:
        communities = shared.communities
        reasons.append(Reason(ReasonKind.SHARED_COMMUNITIES, len(communities), tuple(communities[:MAX_NAMES])))
    if shared.interests:
        interests = shared.interests
        reasons.append(Reason(ReasonKind.SHARED_INTERESTS, len(interests), tuple(interests[:MAX_NAMES])))
    return Suggestion(c.member_id, c.display_name, tier, tuple(reasons), rank)


def suggest(viewer: Viewer, candidates: Iterable[Candidate], limit: int | None = None) -> list[Suggestion]:
    """Candidates worth suggesting to ``viewer``, best first."""
    excluded = viewer.connections | viewer.pending | viewer.blocked | {viewer.member_id}
    found = {}
    for candidate in candidates:
        if candidate.member_id in excluded or candidate.member_id in found:
            continue
        suggestion = _evaluate(viewer, candidate)
        if suggestion is not None:
            found[candidate.member_id] = suggestion
    ranked = sorted(found.values(), key=lambda s: s.rank)
    return ranked if limit is None else ranked[:limit]


# -- words -----------------------------------------------------------------------


def _list_en(names: Sequence[str], count: int) -> str:
    shown = list(names)
    more = count - len(shown)
    if more > 0:
        return f"{', '.join(shown)} and {more} more"
    if len(shown) == 1:
        return shown[0]
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def _list_ja(names: Sequence[str], count: int, quote: bool = False) -> str:
    shown = [f"「{n}」" for n in names] if quote else list(names)
    joined = "".join(shown) if quote else "、".join(shown)
    more = count - len(names)
    return f"{joined}ほか{more}件" if more > 0 else joined


def _met_en(r: Reason) -> str:
    if r.count == 1:
        return f"met at {r.names[0]}"
    return f"met at {r.names[0]} and {r.count - 1} other meetup{'s' if r.count > 2 else ''}"


def _met_ja(r: Reason) -> str:
    if r.count == 1:
        return f"{r.names[0]}で会いました"
    return f"{r.names[0]}など{r.count}回のオフ会で会いました"


_EN = {
    ReasonKind.MET_AT: _met_en,
    ReasonKind.SAME_CITY: lambda r: f"also lives in {r.names[0]}",
    ReasonKind.SAME_PREFECTURE: lambda r: f"also lives in {r.names[0]}",
    ReasonKind.MUTUAL_CONNECTIONS: lambda r: f"{r.count} mutual connection{'s' if r.count != 1 else ''}",
    ReasonKind.SHARED_COMMUNITIES: lambda r: f"also in {_list_en(r.names, r.count)}",
    ReasonKind.SHARED_INTERESTS: lambda r: f"also into {_list_en(r.names, r.count)}",
}

_JA = {
    ReasonKind.MET_AT: _met_ja,
    ReasonKind.SAME_CITY: lambda r: f"同じ{r.names[0]}在住",
    ReasonKind.SAME_PREFECTURE: lambda r: f"同じ{r.names[0]}在住",
    ReasonKind.MUTUAL_CONNECTIONS: lambda r: f"共通のつながり{r.count}人",
    ReasonKind.SHARED_COMMUNITIES: lambda r: f"{_list_ja(r.names, r.count, quote=True)}のメンバー",
    ReasonKind.SHARED_INTERESTS: lambda r: f"共通の興味: {_list_ja(r.names, r.count)}",
}
