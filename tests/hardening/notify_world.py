"""A member's corner of the notify service for the hardening tests: a Slack
channel (active at once, no mail needed) and a pending email channel, made through
the API; a meetup ``organizer`` organizes (a draft, or published with ``member``
holding a seat), put on the stream as the events service would and awaited in
notify's projections."""

from __future__ import annotations

import uuid
from functools import cached_property

import grpc

from offkai_kit.testing.services import bearer

SLACK = "https://hooks.slack.com/services/T0000/B0000/{}"


class NotifyCell:
    """``member`` (m-1) with ``slack`` (active) and ``email`` (pending) channels, each
    made on first use."""

    def __init__(self, channel: grpc.Channel, running=None):
        self.channel = channel
        self.running = running  # tests.hardening.services.Running: the notify service
        s = uuid.uuid4().hex[:8]
        self.s = s
        self.member, self.another = f"m-1-{s}", f"m-2-{s}"
        self.organizer, self.other_org = f"org-aki-{s}", f"org-ben-{s}"

    def _register(self, kind: str, address: str) -> str:
        from offkai.notify.v1 import channels_pb2 as ch
        from offkai.notify.v1 import channels_pb2_grpc
        from offkai.notify.v1 import types_pb2 as types

        api = channels_pb2_grpc.ChannelsServiceStub(self.channel)
        return api.RegisterChannel(ch.RegisterChannelRequest(
            request_id=str(uuid.uuid4()), kind=getattr(types, kind), address=address),
            metadata=bearer(self.member, "member")).channel.channel_id

    @cached_property
    def slack(self) -> str:
        return self._register("CHANNEL_KIND_SLACK", SLACK.format(self.s))

    @cached_property
    def email(self) -> str:
        return self._register("CHANNEL_KIND_EMAIL", f"m1-{self.s}@example.org")

    def _meetup(self, *, published: bool) -> str:
        from datetime import UTC, datetime, timedelta

        from tests.notify.triggers import Meetup, Stream, caught_up, details

        runtime = self.running.runtime
        meetup_id = f"{'published' if published else 'draft'}-{self.s}"
        meetup = Meetup(Stream(runtime), meetup_id, details(
            datetime.now(UTC) + timedelta(days=20), community=f"rust-tokyo-{self.s}", organizers=(self.organizer,)))

        async def put() -> None:
            await meetup.schedule()
            if published:
                await meetup.publish()
                await meetup.confirm(self.member)
            await caught_up(runtime)

        self.running.run(put())
        return meetup_id

    @cached_property
    def draft(self) -> str:
        return self._meetup(published=False)

    @cached_property
    def published(self) -> str:
        return self._meetup(published=True)

    def callers(self) -> dict[str, tuple]:
        return {"another": bearer(self.another, "member"), "member": bearer(self.member, "member"),
                "other_org": bearer(self.other_org, "member", "organizer"),
                "organizer": bearer(self.organizer, "member", "organizer"),
                "admin": bearer(f"admin-{self.s}", "admin"), "service": bearer(f"svc-{self.s}", "service")}
