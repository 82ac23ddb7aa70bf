"""Callers, request ids, error inspection, and getting a verified email
channel the way a member does: register, read the code from the mail, verify."""

from __future__ import annotations

import email
import email.policy
import itertools
import re

import grpc
import pytest

from offkai.notify.v1 import channels_pb2 as ch
from offkai.notify.v1 import types_pb2 as types
from offkai_kit.grpc.status import details_of
from offkai_kit.testing.polling import eventually
from offkai_kit.testing.services import bearer

ADMIN = bearer("admin-1", "admin")
_ids = itertools.count(1)


def request_id() -> str:
    return f"req-{next(_ids)}"


def member(member_id: str):
    return bearer(member_id, "member")


async def failure(call) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    return caught.value


def violations(error: grpc.aio.AioRpcError) -> dict[str, str]:
    """Field → description of the error's BadRequest / PreconditionFailure details."""
    found = {}
    for detail in details_of(error):
        for v in getattr(detail, "field_violations", []):
            found[v.field] = v.description
        for v in getattr(detail, "violations", []):
            found[v.subject] = v.description
    return found


async def mails_to(smtp_server, address: str, count: int = 1, timeout: float = 10.0) -> list:
    async def arrived() -> list:
        found = [email.message_from_bytes(e.original_content, policy=email.policy.default)
                 for e in smtp_server.handler.envelopes if address in e.rcpt_tos]
        return found if len(found) >= count else []

    return await eventually(arrived, timeout=timeout, what=f"{count} mail(s) to {address}")


def code_in(mail) -> str:
    text = mail.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"\b(\d{6})\b", text)[1]


async def verified_email(api, smtp_server, member_id: str, address: str) -> str:
    registered = await api.channels.RegisterChannel(ch.RegisterChannelRequest(
        request_id=request_id(), kind=types.CHANNEL_KIND_EMAIL, address=address), metadata=member(member_id))
    channel_id = registered.channel.channel_id
    (mail,) = await mails_to(smtp_server, address)
    await api.channels.VerifyChannel(ch.VerifyChannelRequest(
        request_id=request_id(), channel_id=channel_id, code=code_in(mail)), metadata=member(member_id))
    return channel_id
