"""What erasing a member means for the events service (MemberErased, from the
members service's stream):

- its own key for the member is destroyed (``offkai_kit.personal``), in the
  transaction applying the event: the RSVP answers and self-introductions
  sealed with it in every meetup's stream can no longer be read;
- the snapshots of the meetups the member took part in are deleted, since a
  snapshot keeps the meetup's state opened, and those meetups are dropped from
  the repository's cache; loaded again, the member's answers open empty;
- the member's entries in the key ring (other services' keys) are dropped.

The catalog projection calls this, because it knows which meetups the member
took part in, as of the same point of the stream: an RSVP published before the
erasure has been applied to the catalog by then. (The member's display name is
the member directory's to delete.)
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_events.domain import MEETUP, stream_id
from offkai_events.projections.catalog_tables import catalog_meetup_members
from offkai_kit.db import after_commit
from offkai_kit.eventstore.store import delete_snapshots
from offkai_kit.personal import KeyRing, PersonalData
from offkai_kit.repository import Repository


class MemberErasure:
    def __init__(self, personal: PersonalData, keyring: KeyRing, repository: Repository):
        self.personal = personal
        self.keyring = keyring
        self.repository = repository

    async def erase(self, conn: AsyncConnection, member_id: str) -> None:
        await self.personal.forget(conn, member_id)
        p = catalog_meetup_members.c
        meetups = (await conn.scalars(select(p.meetup_id).where(p.member_id == member_id))).all()
        await delete_snapshots(conn, [stream_id(m) for m in meetups])

        def forget_cached() -> None:
            # Once committed: a state loaded while the erasure was in flight still
            # held the key and must not stay cached.
            for meetup_id in meetups:
                self.repository.forget(MEETUP, stream_id(meetup_id))
            self.keyring.forget(member_id)

        after_commit(conn, forget_cached)
