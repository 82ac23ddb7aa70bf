"""The first answer to each idempotent command, keyed by (caller, method, request_id).

The command runner looks an answer up before running a command, and records the
answer in the same transaction that appends the command's events
(``EventStore.append(..., within=...)``): either both are committed or neither, so a
retry finds either the first answer or nothing at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from google.protobuf.message import Message
from sqlalchemy import Column, LargeBinary, String, Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit import validation
from offkai_kit.db import Database, UtcDateTime, in_chunks
from offkai_kit.errors import FailedPrecondition, InvalidArgument, Violations
from offkai_kit.eventstore import raw
from offkai_kit.eventstore.records import decode_payload
from offkai_kit.eventstore.schema import metadata
from offkai_kit.personal import PersonalData

# Created by offkai_kit.eventstore.migrations (create_kit_tables_v1).
command_results = Table(
    "command_results",
    metadata,
    Column("request_key", String(64), primary_key=True),
    Column("method", String(200), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("response_type", String(255), nullable=False),
    Column("response", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)


class DuplicateRequest(Exception):
    """The request key was recorded by a concurrent attempt of the same command."""


def request_key(caller: str, method: str, request_id: str) -> str:
    return hashlib.sha256(f"{caller}\0{method}\0{request_id}".encode()).hexdigest()


def fingerprint(request: Message) -> str:
    return hashlib.sha256(request.SerializeToString(deterministic=True)).hexdigest()


def check_request_id(request_id: str) -> None:
    """The rule of offkai_kit.validation.request_id, raised as INVALID_ARGUMENT."""
    v = Violations()
    validation.request_id(request_id, "request_id", v)
    v.raise_if_any()


# ``response_type`` of an answer stored sealed (``offkai_kit.personal.seal_blob``): it
# names members whose personal data it carries, and dies with any of their keys.
SEALED_ANSWER = "sealed:"


class ErasedAnswer(FailedPrecondition):
    """The first answer held personal data of a member erased since."""


@dataclass(frozen=True)
class CommandResult:
    request_key: str
    method: str
    fingerprint: str
    response: Message
    # The answer as ``PersonalData.seal_blob`` sealed it, when it carries personal data.
    sealed: bytes | None = None

    async def record(self, conn: AsyncConnection) -> None:
        """Store the answer inside the caller's transaction; ``DuplicateRequest``
        when a concurrent attempt of the same request stored one first (the
        transaction is then rolled back whole, so no savepoint is needed)."""
        await record_all(conn, [self])

    def _params(self, created_at) -> tuple:
        return (
            self.request_key,
            self.method,
            self.fingerprint,
            (SEALED_ANSWER if self.sealed is not None else "") + self.response.DESCRIPTOR.full_name,
            self.sealed if self.sealed is not None else self.response.SerializeToString(deterministic=True),
            created_at,
        )


_INSERT = ("INSERT INTO command_results (request_key, method, fingerprint, response_type, response, created_at) "
           "VALUES (?, ?, ?, ?, ?, ?)")
_FIND = "SELECT request_key, fingerprint, response_type, response FROM command_results WHERE request_key IN "


async def record_all(conn: AsyncConnection, results: Sequence[CommandResult]) -> None:
    """``CommandResult.record`` for several answers in one statement."""
    try:
        await raw.execute_many(conn, *insert_of(conn, results))
    except Exception as exc:
        if is_duplicate(exc):
            raise DuplicateRequest(", ".join(r.request_key for r in results)) from exc
        raise


def insert_of(conn: AsyncConnection, results: Sequence[CommandResult]) -> tuple[str, list[tuple]]:
    """The insert that records ``results`` (SQL and rows), for a caller that makes
    it together with others (``EventStore.append_in(also=...)``); ``is_duplicate``
    then tells what it raises for a request recorded first by a concurrent attempt."""
    now = raw.instant(conn, datetime.now(UTC))
    return _INSERT, [r._params(now) for r in results]


def is_duplicate(exc: BaseException) -> bool:
    """Whether the driver's ``exc`` says a request key is recorded already."""
    return raw.unique_violation(exc, "pk_command_results", "command_results.request_key")


class _Stored(NamedTuple):
    request_key: str
    fingerprint: str
    response_type: str
    response: bytes


class CommandResults:
    def __init__(self, db: Database, personal: PersonalData | None = None):
        self.db = db
        # Opens answers stored sealed.
        self.personal = personal

    async def find(self, key: str, request: Message) -> Message | None:
        """The first answer stored under ``key``, or None. The same key with a
        different request body is the caller reusing an id: INVALID_ARGUMENT."""
        async with self.db.read() as conn:
            row = (await conn.execute(select(command_results).where(command_results.c.request_key == key))).first()
        return None if row is None else await self._answer(row, request)

    async def find_many(self, requests: dict[str, Message], *,
                        conn: AsyncConnection | None = None) -> dict[str, Message | Exception]:
        """``find`` for several keys in one query (in ``conn``'s transaction if
        given): the answer, or the error ``find`` would raise, for each key that has
        one stored."""
        if conn is None:
            async with self.db.read() as conn:
                return await self.find_many(requests, conn=conn)
        rows = []
        for chunk in in_chunks(list(requests)):
            rows += await raw.fetch(conn, *self.query(chunk))
        return await self.answers(rows, requests)

    @staticmethod
    def query(keys: Sequence[str]) -> tuple[str, Sequence[str]]:
        """``find_many``'s query for these keys (at most ``IN_CHUNK``), for
        ``raw.fetch_together``; ``answers`` makes its rows what ``find_many`` returns."""
        return _FIND + f"({', '.join('?' for _ in keys)})", list(keys)

    async def answers(self, rows: Sequence, requests: dict[str, Message]) -> dict[str, Message | Exception]:
        rows = [_Stored(r[0], r[1], r[2], bytes(r[3])) for r in rows]
        found: dict[str, Message | Exception] = {}
        for row in rows:
            try:
                found[row.request_key] = await self._answer(row, requests[row.request_key])
            except (InvalidArgument, FailedPrecondition) as exc:
                found[row.request_key] = exc
        return found

    async def _answer(self, row, request: Message) -> Message:
        if row.fingerprint != fingerprint(request):
            raise InvalidArgument.field("request_id", "was already used for a different request; use a new request_id")
        if not row.response_type.startswith(SEALED_ANSWER):
            return decode_payload(row.response_type, row.response)
        opened = await self.personal.open_blob(row.response) if self.personal is not None else None
        if opened is None:
            raise ErasedAnswer("this request was answered, but the answer held personal data that has since been "
                               "erased; nothing was done again")
        return decode_payload(row.response_type.removeprefix(SEALED_ANSWER), opened)
