"""What erasing a member means for notify (MemberErased, from the members
service's stream), beyond each projection deleting its own rows about them:

- notify's own key for the member is destroyed (``offkai_kit.personal``) in
  the transaction applying the event: the channel addresses, labels and
  webhook secrets sealed with it in the subscriber stream can no longer be
  read, here or in any replay;
- the subscriber's snapshots are deleted and the aggregate dropped from the
  repository's cache once committed, with the member's entries in the key ring;
- the deliveries still to send to them (and their dead letters) are dropped,
  and those sent keep ids only (``delivery.queue.forget_member``);
- their reminders and their digest are not sent.

The recipients projection calls this: it follows the member streams and holds
what is needed to write to the member at all.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit.db import after_commit
from offkai_kit.eventstore.store import delete_snapshots
from offkai_kit.personal import KeyRing, PersonalData
from offkai_kit.repository import Repository
from offkai_notify.delivery.queue import forget_member
from offkai_notify.domain import SUBSCRIBER, stream_id
from offkai_notify.scheduling.tables import digests, reminders


class MemberErasure:
    def __init__(self, personal: PersonalData | None, keyring: KeyRing | None, repository: Repository | None):
        self.personal = personal
        self.keyring = keyring
        self.repository = repository

    async def erase(self, conn: AsyncConnection, member_id: str) -> None:
        if self.personal is not None:
            await self.personal.forget(conn, member_id)
        await delete_snapshots(conn, [stream_id(member_id)])
        await forget_member(conn, member_id)
        for table in (reminders, digests):
            await conn.execute(delete(table).where(table.c.member_id == member_id))

        def forget_cached() -> None:
            if self.repository is not None:
                self.repository.forget(SUBSCRIBER, stream_id(member_id))
            if self.keyring is not None:
                self.keyring.forget(member_id)

        after_commit(conn, forget_cached)
