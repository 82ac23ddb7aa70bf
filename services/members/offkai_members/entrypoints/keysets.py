"""Keyset paging for the members service's lists, on the kit's page tokens
(``offkai_kit.paging``): a token holds the sort key of the last item served and
is bound to the list and filters it was issued for, so items added or removed
between pages neither repeat nor shift others out of view.

Most lists are newest first on (a time, an id); a few are by (a text, an id).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, or_

from offkai_kit import paging


def newest_first_after(time_column, id_column, position: tuple[datetime, str] | None) -> list[ColumnElement]:
    """The WHERE clause for the rows after ``position`` in (time, id) descending order."""
    if position is None:
        return []
    at, ident = position
    return [or_(time_column < at, and_(time_column == at, id_column < ident))]


def ascending_after(columns: Sequence, position: Sequence | None) -> list[ColumnElement]:
    """The rows after ``position`` in ascending order of ``columns`` (a tuple compare,
    spelt out so it works on both backends)."""
    if position is None:
        return []
    clauses, equal = [], []
    for column, value in zip(columns, position, strict=True):
        clauses.append(and_(*equal, column > value))
        equal.append(column == value)
    return [or_(*clauses)]


def time_token(at: datetime, ident: str, scope) -> str:
    return paging.encode({"at": at.astimezone(UTC).isoformat(), "id": ident}, scope=scope)


def parse_time(position: dict) -> tuple[datetime, str]:
    at, ident = datetime.fromisoformat(position["at"]), position["id"]
    if at.tzinfo is None or not isinstance(ident, str):
        raise ValueError("not a position")
    return at.astimezone(UTC), ident


def time_position(token: str, scope) -> tuple[datetime, str] | None:
    return paging.decode(token, scope=scope, parse=parse_time)


def key_token(key: Sequence, scope) -> str:
    return paging.encode({"key": list(key)}, scope=scope)


def key_position(token: str, scope, types: Sequence[type]) -> tuple | None:
    """A position of plain values (texts, numbers) of the given types."""

    def parse(position: dict) -> tuple:
        key = position["key"]
        if not isinstance(key, list) or len(key) != len(types):
            raise ValueError("not a position")
        for value, kind in zip(key, types, strict=True):
            if type(value) is not kind:
                raise ValueError("not a position")
        return tuple(key)

    return paging.decode(token, scope=scope, parse=parse)
