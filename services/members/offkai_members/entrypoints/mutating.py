"""What every mutating RPC of the members service shares: running a command on
its aggregate through the kit's ``CommandRunner`` (idempotent by caller, RPC
name and ``request_id``; retried on concurrency conflicts; nothing written when
decide refuses). An answer that shows members' personal data names them
(``answer_of``): the kit stores it sealed with their keys, so a retry after one
of them was erased gets nothing personal back."""

from __future__ import annotations

from collections.abc import Callable

from google.protobuf.message import Message

from offkai_kit.commands import Alongside, CommandRunner
from offkai_kit.decider import Decider


class Mutating:
    def __init__(self, commands: CommandRunner):
        self.commands = commands

    async def run(
        self,
        method: str,
        request: Message,
        decider: Decider,
        stream_id: str,
        command: object,
        respond: Callable[[object], Message],
        alongside: Alongside | None = None,
        answer_of: tuple[str, ...] = (),
    ) -> Message:
        return await self.commands.execute(
            decider,
            stream_id,
            command,
            respond,
            method=method,
            request=request,
            request_id=request.request_id,
            alongside=alongside,
            answer_of=tuple(dict.fromkeys(m for m in answer_of if m)),
        )
