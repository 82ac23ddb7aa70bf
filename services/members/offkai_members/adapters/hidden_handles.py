"""The values of handles whose visibility is not EVERYONE: never on the stream,
kept here, in a table of the members service alone, sealed with the member's key.

The member aggregate knows such a handle's kind and visibility (from its events)
but not its value. The command handlers write the value in the same transaction
as the handle's event (the kit's ``alongside`` hook), so the table and the stream
never disagree; the query side opens values only for viewers the handle's
visibility allows. Sealing with the member's key (``offkai_kit.personal``) means
erasure destroys them with everything else, and the rows are deleted then too.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Column, MetaData, String, Table, Text, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit.db import Database, upsert
from offkai_kit.personal import PersonalData, open_text, seal_text

metadata = MetaData()

hidden_handle_values = Table(
    "hidden_handle_values",
    metadata,
    Column("member_id", String(64), primary_key=True),
    Column("handle_id", String(64), primary_key=True),
    # offkai_kit.personal's "sealed:v1:…" text, bound to the member id.
    Column("sealed_value", Text, nullable=False),
)


class HiddenHandles:
    def __init__(self, db: Database, personal: PersonalData):
        self.db = db
        self.personal = personal

    async def key_of(self, member_id: str) -> bytes | None:
        """The member's key, looked up before a command's transaction (a registered
        member always has one: their display name is sealed with it)."""
        return await self.personal.key(self.personal.service, member_id)

    @staticmethod
    async def put(conn: AsyncConnection, key: bytes | None, member_id: str, handle_id: str, value: str) -> None:
        if key is None:
            raise RuntimeError(f"member '{member_id}' has no key: a hidden handle value would be kept in the clear")
        sealed = seal_text(key, member_id, value)
        await upsert(
            conn, hidden_handle_values, {"member_id": member_id, "handle_id": handle_id}, {"sealed_value": sealed}
        )

    @staticmethod
    async def remove(conn: AsyncConnection, member_id: str, handle_id: str) -> None:
        h = hidden_handle_values.c
        await conn.execute(delete(hidden_handle_values).where(h.member_id == member_id, h.handle_id == handle_id))

    @staticmethod
    async def forget_member(conn: AsyncConnection, member_id: str) -> None:
        await conn.execute(delete(hidden_handle_values).where(hidden_handle_values.c.member_id == member_id))

    async def values(self, member_id: str, handle_ids: Iterable[str] | None = None) -> dict[str, str]:
        """The opened values of the member's hidden handles named (those the
        caller decided the viewer may see; None: all of them). Values of an
        erased member open as ""."""
        h = hidden_handle_values.c
        where = [h.member_id == member_id]
        if handle_ids is not None:
            wanted = list(handle_ids)
            if not wanted:
                return {}
            where.append(h.handle_id.in_(wanted))
        async with self.db.read() as conn:
            rows = (await conn.execute(select(h.handle_id, h.sealed_value).where(*where))).all()
        if not rows:
            return {}
        key = await self.key_of(member_id)
        return {r.handle_id: open_text(key, member_id, r.sealed_value) for r in rows}
