"""The soak's client process: one of several, each running a realistic mix against
the services through their gRPC APIs, as members and organizers would.

``python -m bench.soak_load --role meetups|people --targets HOST:PORT[,...] --out FILE --prefix P``

- ``meetups``: an organizer schedules and publishes a meetup starting within the
  hour (check-in is open), members browse and search the catalog, RSVP to its
  three-seat frame, the first cancels (the waitlist moves up), the organizer checks
  the seated members in, and looks at the meetup again;
- ``people``: members register, look at their profile, connect (request and
  accept), and introduce two of their connections to each other; in each
  worker's first two rounds the introducer turns notify's "near me" on (so every
  meetup published in Tokyo is announced to a few members).

With ``--notify``, every member above first subscribes to notify (an email channel,
verified with the code read from the sink's mail folder ``--sinks``, and a webhook
to the receiver ``--webhook-url``), so what the RSVPs, publications and connections
make notify send reaches them; those calls are recorded in ``<out>.notify.jsonl``
(``notify_records``), apart from the records the services' checker reads.

Commands go through the fault suite's client (``tests.faults.load.Client``): every
one is sent again with the same ``request_id`` until it gets a definite answer, and
every attempt and answer is a JSON line in ``--out`` that the checker reads. Reads
are retried the same way and written as ``{"kind": "read", ...}`` lines.

Commands whose rules read another service's or a read model's view (an
introduction needs both connections in the relationships read model) may meet a
view that is not there yet; they are sent again with the same ``request_id`` while
the answer is FAILED_PRECONDITION, for up to ``VIEW_WAIT_SECONDS``.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc

from bench import soak_notify
from offkai.events.v1 import meetups_pb2 as pb
from offkai.members.v1 import connections_pb2 as conn_pb
from offkai.members.v1 import connections_pb2_grpc, introductions_pb2_grpc, members_pb2_grpc
from offkai.members.v1 import introductions_pb2 as intro_pb
from offkai.members.v1 import members_pb2 as mem_pb
from offkai_kit.testing.services import bearer
from tests.events.integration.support import details, frame, rsvp_details
from tests.faults.load import ORGANIZER, ORGANIZER_ROLES, RETRYABLE, Client

MEMBER = ("member",)
SEATS = 3
VIEW_WAIT_SECONDS = 20.0
# The first rounds of each people worker: their introducer turns "near me" on.
NEAR_ME_ROUNDS = 2
READ_TIMEOUT = 5.0


class MembersStub:
    """The members service's APIs the mix uses, as one stub (``Client`` calls methods by name)."""

    def __init__(self, channel: grpc.aio.Channel):
        self._stubs = (members_pb2_grpc.MembersServiceStub(channel),
                       connections_pb2_grpc.ConnectionsServiceStub(channel),
                       introductions_pb2_grpc.IntroductionsServiceStub(channel))

    def __getattr__(self, method: str):
        for stub in self._stubs:
            if hasattr(stub, method):
                return getattr(stub, method)
        raise AttributeError(method)


class Mix(Client):
    """``Client`` plus reads and commands that wait for a view to catch up."""

    def __init__(self, *args, **kwargs):
        self.definite: dict[str, str] = {}  # request id -> the code of its last definite error
        super().__init__(*args, **kwargs)
        # notify's replicas (a Mix of their own, writing to its own file), the sink's
        # mail folder and the webhook receiver's URL; None when notify is not in the run.
        self.notify: Mix | None = None
        self.inbox: soak_notify.Inbox | None = None
        self.webhook_url = ""

    async def read(self, worker: int, method: str, request, caller: str, roles: tuple[str, ...] = MEMBER):
        target = worker % len(self.stubs)
        while True:
            started = time.time()
            try:
                reply = await getattr(self.stubs[target], method)(
                    request, metadata=bearer(caller, *roles), timeout=READ_TIMEOUT)
                code = grpc.StatusCode.OK
            except grpc.aio.AioRpcError as exc:
                reply, code = None, exc.code()
            self.write({"kind": "read", "method": method, "code": code.name, "t0": started, "t1": time.time()})
            if code is grpc.StatusCode.OK or code not in RETRYABLE or self.stop.is_set():
                return reply
            target = (target + 1) % len(self.stubs)
            await asyncio.sleep(0.1)

    async def call_when_seen(self, worker: int, method: str, request, caller: str, roles: tuple[str, ...] = MEMBER):
        """``call``, again with the same request id while the answer is FAILED_PRECONDITION
        (the view the rule reads is behind); the last answer stands."""
        give_up = time.monotonic() + VIEW_WAIT_SECONDS
        while True:
            reply = await self.call(worker, method, request, caller, roles)
            if reply is not None or time.monotonic() > give_up or self.stop.is_set():
                return reply
            last = self.last_definite(request.request_id)
            if last != grpc.StatusCode.FAILED_PRECONDITION.name:
                return None
            await asyncio.sleep(0.5)

    def last_definite(self, rid: str) -> str | None:
        return self.definite.get(rid)

    def write(self, record: dict) -> None:
        if record["kind"] == "definite_error":
            self.definite[record["rid"]] = record["code"]
        super().write(record)


async def meetups(client: Mix, w: int, rid: str) -> None:
    """A meetup's life up to its check-ins; ``rid`` is ``<prefix>-w<w>-m<n>`` (the
    fault suite's checker recognises the requests by it)."""
    now = datetime.now(UTC)
    scheduled = await client.call(w, "ScheduleMeetup", pb.ScheduleMeetupRequest(
        request_id=f"{rid}-s", details=details(now + timedelta(hours=1)), frames=[frame("in-person", capacity=SEATS)]),
        ORGANIZER, ORGANIZER_ROLES)
    if scheduled is None:
        return
    meetup_id = scheduled.meetup.meetup_id
    if await client.call(w, "PublishMeetup", pb.PublishMeetupRequest(request_id=f"{rid}-p", meetup_id=meetup_id),
                         ORGANIZER, ORGANIZER_ROLES) is None:
        return
    attendees = [f"{rid}-a{j}" for j in range(SEATS + 1)]
    # Each attendee subscribes to notify first: what the RSVPs below make it send reaches them.
    await asyncio.gather(*(subscribed(client, w, f"{rid}-a{j}", member) for j, member in enumerate(attendees)))
    for member in attendees:
        await client.read(w, "ListMeetups", pb.ListMeetupsRequest(prefecture="Tokyo", query="Rust", page_size=20),
                          member)
        await client.read(w, "GetMeetup", pb.GetMeetupRequest(meetup_id=meetup_id), member)
        await client.call(w, "RsvpToFrame", pb.RsvpToFrameRequest(
            request_id=f"{rid}-r{member[-1]}", meetup_id=meetup_id, frame_id="in-person", details=rsvp_details()),
            member, MEMBER)
    # The first gives up the seat; the waitlisted one moves up.
    await client.call(w, "CancelRsvp", pb.CancelRsvpRequest(
        request_id=f"{rid}-c0", meetup_id=meetup_id, frame_id="in-person"), attendees[0], MEMBER)
    for member in attendees[1:]:
        await client.call(w, "CheckIn", pb.CheckInRequest(
            request_id=f"{rid}-k{member[-1]}", meetup_id=meetup_id, member_id=member), ORGANIZER, ORGANIZER_ROLES)
    await notify_fan_out(client, w, rid, meetup_id)
    await client.read(w, "GetMeetup", pb.GetMeetupRequest(meetup_id=meetup_id), ORGANIZER, ORGANIZER_ROLES)


async def subscribed(client: Mix, w: int, rid: str, member: str) -> None:
    if client.notify is not None:
        await soak_notify.subscribe(client.notify, client.inbox, client.webhook_url, w, rid, member)


async def notify_fan_out(client: Mix, w: int, rid: str, meetup_id: str) -> None:
    """What the meetup's life made notify send is notify's doing (its triggers read
    the stream); the attendees subscribed before they RSVPed (``subscribe``). Here
    nothing more: an organizer's broadcast is not in the mix yet."""


async def people(client: Mix, w: int, rid: str) -> None:
    """Three members register; the first connects with the two others and introduces
    them to each other; each looks at their profile and connections."""
    trio = [f"{rid}-p{j}" for j in range(3)]
    for j, member in enumerate(trio):
        await client.call(w, "RegisterMember", mem_pb.RegisterMemberRequest(
            request_id=f"{rid}-g{j}", display_name=f"Soak member {member[-12:]}", region_prefecture="Tokyo",
            region_city="Shibuya", interests=["rust", "board games"]), member, MEMBER)
        await client.read(w, "GetMember", mem_pb.GetMemberRequest(member_id=member), member)
        await subscribed(client, w, f"{rid}-g{j}", member)
    if client.notify is not None and rid.endswith(tuple(f"-m{n}" for n in range(1, NEAR_ME_ROUNDS + 1))):
        # A few hear of every meetup published in their region (so the announcements' fan-out stays bounded).
        await soak_notify.near_me(client.notify, w, f"{rid}-g0", trio[0])
    introducer, first, second = trio
    for j, other in enumerate((first, second), start=1):
        await client.call_when_seen(w, "RequestConnection", conn_pb.RequestConnectionRequest(
            request_id=f"{rid}-q{j}", other_member_id=other, note="Nice to meet you"), introducer)
        await client.call_when_seen(w, "AcceptConnection", conn_pb.AcceptConnectionRequest(
            request_id=f"{rid}-y{j}", other_member_id=introducer), other)
    await client.read(w, "ListConnections", conn_pb.ListConnectionsRequest(), introducer)
    await client.call_when_seen(w, "MakeIntroduction", intro_pb.MakeIntroductionRequest(
        request_id=f"{rid}-i", first_member_id=first, second_member_id=second, note="You both like Rust"),
        introducer)


def notify_records(out: str | Path) -> Path:
    """Where a client writes its notify calls: beside ``out``, apart from the records
    the services' checker reads."""
    return Path(out).with_suffix(".notify.jsonl")


ROLES = {"meetups": (meetups, None), "people": (people, MembersStub)}


async def worker(client: Mix, w: int, prefix: str, role: str, pause: float) -> None:
    run, _ = ROLES[role]
    n = 0
    while not client.stop.is_set():
        n += 1
        await run(client, w, f"{prefix}-w{w}-m{n}")
        await asyncio.sleep(pause)


async def main(args, out, notify_out) -> None:
    loop = asyncio.get_running_loop()
    _, stub = ROLES[args.role]
    client = Mix(args.targets.split(","), out, **({"stub": stub} if stub else {}))
    if args.notify:
        client.notify = Mix(args.notify.split(","), notify_out, stub=soak_notify.NotifyStub)
        client.notify.stop = client.stop
        client.inbox = soak_notify.Inbox(Path(args.sinks) / "mail")
        client.webhook_url = args.webhook_url
    loop.add_signal_handler(signal.SIGTERM, client.stop.set)
    loop.call_later(args.seconds, client.stop.set)
    started = time.time()
    client.write({"kind": "started", "t": started})
    await asyncio.gather(*(worker(client, w, args.prefix, args.role, args.pause) for w in range(args.workers)))
    client.write({"kind": "summary", "t0": started, "t1": time.time(), "abandoned": client.abandoned})
    for channel in client.channels + (client.notify.channels if client.notify else []):
        await channel.close()


def parse(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.soak_load")
    parser.add_argument("--role", choices=sorted(ROLES), required=True)
    parser.add_argument("--targets", required=True, help="host:port of each replica, comma-separated")
    parser.add_argument("--out", required=True)
    parser.add_argument("--prefix", required=True, help="request ids start with it (8 hex digits, unique per run)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between a worker's rounds")
    parser.add_argument("--seconds", type=float, default=3600.0, help="stop by itself after this long")
    parser.add_argument("--notify", default="", help="host:port of each notify replica; members subscribe to it")
    parser.add_argument("--sinks", default="", help="the notify sinks' folder (codes arrive in its mail/)")
    parser.add_argument("--webhook-url", default="", help="the webhook receiver; each member posts to <url><id>")
    return parser.parse_args(argv)


if __name__ == "__main__":
    options = parse()
    with (open(options.out, "a", encoding="utf-8") as out_file,
          open(notify_records(options.out), "a", encoding="utf-8") as notify_file):
        asyncio.run(main(options, out_file, notify_file))
