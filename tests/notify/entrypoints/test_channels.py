"""ChannelsService over gRPC: registering, verifying by the code that arrives
by email, masked addresses, errors with field details, idempotent retries."""

from __future__ import annotations

import grpc

from offkai.notify.v1 import channels_pb2 as ch
from offkai.notify.v1 import types_pb2 as types
from tests.notify.entrypoints.support import (
    ADMIN,
    code_in,
    failure,
    mails_to,
    member,
    request_id,
    verified_email,
    violations,
)

AYUMI = member("ayumi")
ADDRESS = "ayumi.tanaka@example.com"


def register(kind=types.CHANNEL_KIND_EMAIL, address=ADDRESS, **fields) -> ch.RegisterChannelRequest:
    return ch.RegisterChannelRequest(request_id=fields.pop("request_id", None) or request_id(), kind=kind,
                                     address=address, **fields)


async def test_an_email_channel_is_sent_a_code_and_verified_with_it(api, smtp_server):
    registered = await api.channels.RegisterChannel(register(label="Home"), metadata=AYUMI)
    channel = registered.channel
    assert channel.status == types.CHANNEL_STATUS_PENDING_VERIFICATION
    assert channel.masked_address == "a…@example.com" and ADDRESS.encode() not in registered.SerializeToString()

    (mail,) = await mails_to(smtp_server, ADDRESS)
    code = code_in(mail)
    wrong = "000000" if code != "000000" else "111111"
    refused = await api.channels.VerifyChannel(
        ch.VerifyChannelRequest(request_id=request_id(), channel_id=channel.channel_id, code=wrong), metadata=AYUMI)
    assert (refused.verified, refused.attempts_left) == (False, 4)
    verified = await api.channels.VerifyChannel(
        ch.VerifyChannelRequest(request_id=request_id(), channel_id=channel.channel_id, code=code), metadata=AYUMI)
    assert verified.verified and verified.channel.status == types.CHANNEL_STATUS_ACTIVE
    assert verified.channel.HasField("verified_at")

    listed = await api.channels.ListChannels(ch.ListChannelsRequest(), metadata=AYUMI)
    assert [(c.channel_id, c.label, c.masked_address) for c in listed.channels] == [
        (channel.channel_id, "Home", "a…@example.com")]


async def test_a_new_code_replaces_the_old_one(api, smtp_server, clock, service):
    channel_id = (await api.channels.RegisterChannel(register(), metadata=AYUMI)).channel.channel_id
    (first,) = await mails_to(smtp_server, ADDRESS)
    too_soon = await failure(api.channels.ResendVerificationCode(
        ch.ResendVerificationCodeRequest(request_id=request_id(), channel_id=channel_id), metadata=AYUMI))
    assert too_soon.code() == grpc.StatusCode.FAILED_PRECONDITION

    from datetime import timedelta

    clock.set(clock() + timedelta(minutes=2))
    resent = await api.channels.ResendVerificationCode(
        ch.ResendVerificationCodeRequest(request_id=request_id(), channel_id=channel_id), metadata=AYUMI)
    assert resent.HasField("code_expires_at")
    _, second = await mails_to(smtp_server, ADDRESS, count=2)
    if code_in(first) != code_in(second):
        stale = await api.channels.VerifyChannel(ch.VerifyChannelRequest(
            request_id=request_id(), channel_id=channel_id, code=code_in(first)), metadata=AYUMI)
        assert not stale.verified
    fresh = await api.channels.VerifyChannel(ch.VerifyChannelRequest(
        request_id=request_id(), channel_id=channel_id, code=code_in(second)), metadata=AYUMI)
    assert fresh.verified


async def test_a_retried_registration_answers_the_same_and_sends_one_code(api, smtp_server, service):
    retry_id = request_id()
    first = await api.channels.RegisterChannel(register(request_id=retry_id), metadata=AYUMI)
    again = await api.channels.RegisterChannel(register(request_id=retry_id), metadata=AYUMI)
    assert first == again
    await mails_to(smtp_server, ADDRESS)
    listed = await api.channels.ListChannels(ch.ListChannelsRequest(), metadata=AYUMI)
    assert len(listed.channels) == 1


async def test_a_webhook_gets_its_signing_secret_once_and_is_active_at_once(api, http_server):
    url = http_server.url("/hooks/ayumi-secret-path-0123456789")
    registered = await api.channels.RegisterChannel(register(types.CHANNEL_KIND_WEBHOOK, url), metadata=AYUMI)
    assert registered.channel.status == types.CHANNEL_STATUS_ACTIVE
    assert len(registered.signing_secret) >= 32
    assert "secret-path" not in registered.channel.masked_address
    listed = await api.channels.ListChannels(ch.ListChannelsRequest(), metadata=AYUMI)
    assert registered.signing_secret.encode() not in listed.SerializeToString()
    assert url.encode() not in listed.SerializeToString()


async def test_bad_input_names_every_bad_field_and_writes_nothing(api):
    error = await failure(api.channels.RegisterChannel(
        register(types.CHANNEL_KIND_UNSPECIFIED, "x", label="a\nb"), metadata=AYUMI))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(violations(error)) == {"kind", "label"}
    error = await failure(api.channels.RegisterChannel(register(address="not-an-address"), metadata=AYUMI))
    assert set(violations(error)) == {"address"}
    error = await failure(api.channels.RegisterChannel(
        register(types.CHANNEL_KIND_SLACK, "https://example.com/hook"), metadata=AYUMI))
    assert "Slack" in violations(error)["address"]
    missing = await failure(api.channels.RegisterChannel(
        ch.RegisterChannelRequest(kind=types.CHANNEL_KIND_EMAIL, address=ADDRESS), metadata=AYUMI))
    assert set(violations(missing)) == {"request_id"}
    assert not (await api.channels.ListChannels(ch.ListChannelsRequest(), metadata=AYUMI)).channels


async def test_a_member_manages_only_their_own_channels(api, smtp_server):
    channel_id = await verified_email(api, smtp_server, "ayumi", ADDRESS)
    ben = member("ben")
    for call in (
        api.channels.ListChannels(ch.ListChannelsRequest(member_id="ayumi"), metadata=ben),
        api.channels.RemoveChannel(ch.RemoveChannelRequest(request_id=request_id(), member_id="ayumi",
                                                           channel_id=channel_id), metadata=ben),
        api.channels.RegisterChannel(register(member_id="ayumi", address="ben@example.com"), metadata=ben),
    ):
        assert (await failure(call)).code() == grpc.StatusCode.PERMISSION_DENIED
    unknown = await failure(api.channels.RemoveChannel(
        ch.RemoveChannelRequest(request_id=request_id(), channel_id="ch-nope"), metadata=AYUMI))
    assert unknown.code() == grpc.StatusCode.NOT_FOUND
    assert (await api.channels.ListChannels(ch.ListChannelsRequest(member_id="ayumi"), metadata=ADMIN)).channels

    await api.channels.RemoveChannel(ch.RemoveChannelRequest(request_id=request_id(), channel_id=channel_id),
                                     metadata=AYUMI)
    assert not (await api.channels.ListChannels(ch.ListChannelsRequest(), metadata=AYUMI)).channels


async def test_calls_need_a_token(api):
    error = await failure(api.channels.ListChannels(ch.ListChannelsRequest()))
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_addresses_and_secrets_are_not_logged(api, smtp_server, http_server, app_logs):
    url = http_server.url("/hooks/T0SECRET/B0SECRET/xyzzy-token-abcdef")
    registered = await api.channels.RegisterChannel(register(types.CHANNEL_KIND_WEBHOOK, url), metadata=AYUMI)
    await verified_email(api, smtp_server, "ayumi", ADDRESS)
    logs = app_logs()
    assert "rpc finished" in logs, "the log capture works"
    for secret in (ADDRESS, "T0SECRET", "xyzzy-token", registered.signing_secret):
        assert secret not in logs
