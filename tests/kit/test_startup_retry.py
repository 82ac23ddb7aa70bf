"""Start-up asks JetStream again while it recovers (a restarted server answered a
consumer creation with a 500 "meta.inf.tmp: no such file" in the soak, and the replica
died); other errors and a server that never recovers still end the start."""

from __future__ import annotations

import pytest
from nats.js.errors import BadRequestError, ServerError

from offkai_kit.service import _while_jetstream_recovers


async def test_a_recovering_server_is_asked_again_until_it_answers():
    calls = []

    async def step():
        calls.append(1)
        if len(calls) < 3:
            raise ServerError(code=500, description="meta.inf.tmp: no such file or directory")
        return "made"

    assert await _while_jetstream_recovers(step, "the consumer") == "made"
    assert len(calls) == 3


async def test_a_refusal_is_not_asked_again():
    calls = []

    async def step():
        calls.append(1)
        raise BadRequestError(code=400, description="consumer config invalid")

    with pytest.raises(BadRequestError):
        await _while_jetstream_recovers(step, "the consumer")
    assert len(calls) == 1


async def test_a_server_that_never_recovers_ends_the_start():
    async def step():
        raise ServerError(code=500, description="still recovering")

    with pytest.raises(ServerError):
        await _while_jetstream_recovers(step, "the stream", give_up_after=0.5)
