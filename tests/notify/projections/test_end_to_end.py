"""Both halves of notify together, as ``bootstrap`` composes them: a member
registers a webhook channel through the API, RSVPs (the events service's
RsvpConfirmed, on the stream), and their confirmation arrives at a real HTTP
server — once, even when the event comes again."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select

from offkai.notify.v1 import channels_pb2 as ch
from offkai.notify.v1 import channels_pb2_grpc
from offkai.notify.v1 import types_pb2 as notify_pb
from offkai_kit.testing.polling import eventually
from offkai_kit.testing.services import bearer, channel_to
from offkai_notify.bootstrap import wire
from offkai_notify.projections.tables import subscriber_channels
from tests.notify.triggers import DAY, Meetup, Stream, caught_up, details, queued


async def test_an_rsvp_confirmation_reaches_the_members_webhook_once(start, http_server):
    async with start(wire, notify_local_destinations=True) as runtime:
        s = Stream(runtime)
        await s.member("ayumi", locale="en")
        async with channel_to(runtime) as channel:
            registered = await channels_pb2_grpc.ChannelsServiceStub(channel).RegisterChannel(
                ch.RegisterChannelRequest(request_id="r-1", kind=notify_pb.CHANNEL_KIND_WEBHOOK,
                                          address=http_server.url("/ayumi")),
                metadata=bearer("ayumi", "member"))
        assert registered.channel.status == notify_pb.CHANNEL_STATUS_ACTIVE

        async def channel_known():
            # Through the outbox relay, the stream and the subscriptions projection.
            c = subscriber_channels.c
            async with runtime.db.read() as conn:
                return await conn.scalar(select(c.status).where(c.channel_id == registered.channel.channel_id))

        assert await eventually(channel_known, what="the channel in the subscriptions projection") == "active"

        meetup = Meetup(s, "m-e2e", details(datetime.now(UTC) + 10 * DAY, title="Rust mini-off"))
        await meetup.schedule()
        await meetup.publish()
        await meetup.confirm("ayumi")

        async def arrived():
            return [r for r in http_server.received if r.path == "/ayumi"] or None

        [post] = await eventually(arrived, timeout=20, what="the confirmation at the webhook")
        assert post.method == "POST" and "Rust mini-off" in json.dumps(json.loads(post.body), ensure_ascii=False)

        await s.redeliver_all()
        await caught_up(runtime)
        [delivery] = await queued(runtime, trigger="rsvp_confirmed")
        assert delivery.member_id == "ayumi"
        assert len([r for r in http_server.received if r.path == "/ayumi"]) == 1
