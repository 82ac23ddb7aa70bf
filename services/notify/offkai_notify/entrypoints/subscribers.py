"""Running a command on a member's subscriber aggregate, shared by the
channel and preference handlers. An erased member has no channels and no
choices any more (their addresses are sealed with a destroyed key), and
nothing new is recorded about them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from google.protobuf.message import Message
from sqlalchemy.ext.asyncio import AsyncConnection

from offkai_kit.commands import CommandRunner
from offkai_kit.errors import FailedPrecondition
from offkai_kit.personal import PersonalData
from offkai_kit.repository import Repository
from offkai_notify.domain import SUBSCRIBER, stream_id
from offkai_notify.domain.state import INITIAL, SubscriberState

Alongside = Callable[[AsyncConnection, list[Message]], Awaitable[None]]


class Subscribers:
    def __init__(self, commands: CommandRunner, repository: Repository, personal: PersonalData | None = None):
        self.commands = commands
        self.repository = repository
        self.personal = personal

    async def _erased(self, member_id: str) -> bool:
        return self.personal is not None and await self.personal.erased(member_id)

    async def run(
        self,
        method: str,
        request: Message,
        member_id: str,
        command: object,
        respond: Callable[[SubscriberState], Message],
        *,
        alongside: Alongside | None = None,
        answer_of: Sequence[str] = (),
    ) -> Message:
        if await self._erased(member_id):
            raise FailedPrecondition(f"member {member_id} was erased")
        return await self.commands.execute(
            SUBSCRIBER, stream_id(member_id), command, respond,
            method=method, request=request, request_id=request.request_id,
            alongside=alongside, answer_of=answer_of,
        )

    async def state(self, member_id: str) -> SubscriberState:
        if await self._erased(member_id):
            return INITIAL
        return (await self.repository.load(SUBSCRIBER, stream_id(member_id))).state
