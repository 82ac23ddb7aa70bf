"""The fault suite's load: a client process that schedules and publishes meetups and
RSVPs to them through the events service's gRPC API, as real clients would.

``python -m tests.faults.load --targets HOST:PORT[,HOST:PORT] --out FILE [...]``

Each command is sent again with the SAME ``request_id`` (and ``x-correlation-id``
set to it) until it gets a definite answer: OK, or an error that says something
about the request rather than the infrastructure. Retryable answers
(UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, ...) make the worker try again, on the
next target when there are several. Every attempt and every definite answer is
written as one JSON line to ``--out``; the fault suite's checker reads them.

The client stops starting commands on SIGTERM (or after ``--seconds``), finishes
the ones it has begun, writes a summary line and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import time
from datetime import UTC, datetime, timedelta

import grpc

from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import meetups_pb2_grpc
from offkai.events.v1 import types_pb2 as types
from offkai_kit.testing.services import token
from tests.events.integration.support import details, frame, rsvp_details, ts

# Answers that say nothing about the request: the same request goes again.
RETRYABLE = {
    grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.ABORTED,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
    grpc.StatusCode.CANCELLED,
    # Never expected; retried so the books stay whole, and counted so rows fail on them.
    grpc.StatusCode.INTERNAL,
    grpc.StatusCode.UNKNOWN,
}
# The organizer the request builders name (tests/events/integration/support.py). The
# suite runs events without members, so no community roles reach it: the organizer
# schedules as an admin (admins may schedule any community's meetups).
ORGANIZER_ROLES = ("member", "organizer", "admin")
ORGANIZER = "org-aki"
ATTEMPT_TIMEOUT = 5.0
# A command still without a definite answer this long after the stop is abandoned
# (and reported): the service it needs did not come back.
FINISH_TIMEOUT = 60.0


class Client:
    def __init__(self, targets: list[str], out, *, poison_meetup: int = 0, stub=meetups_pb2_grpc.MeetupsServiceStub):
        self.channels = [grpc.aio.insecure_channel(t) for t in targets]
        self.stubs = [stub(c) for c in self.channels]
        self.targets = targets
        self.out = out
        self.poison_meetup = poison_meetup
        self.stop = asyncio.Event()
        self.abandoned = 0

    def write(self, record: dict) -> None:
        self.out.write(json.dumps(record, separators=(",", ":")) + "\n")
        self.out.flush()

    async def call(self, worker: int, method: str, request, caller: str, roles: tuple[str, ...]):
        """Send ``request`` until a definite answer; returns the reply, or None for a
        definite error (recorded)."""
        metadata = (("authorization", f"Bearer {token(caller, *roles)}"), ("x-correlation-id", request.request_id))
        target = worker % len(self.stubs)
        delay = 0.05
        attempts = 0
        give_up_at = None
        while True:
            attempts += 1
            started = time.time()
            try:
                reply = await getattr(self.stubs[target], method)(request, metadata=metadata, timeout=ATTEMPT_TIMEOUT)
                code, detail = grpc.StatusCode.OK, ""
            except grpc.aio.AioRpcError as exc:
                reply, code, detail = None, exc.code(), exc.details() or ""
            ended = time.time()
            self.write({"kind": "attempt", "rid": request.request_id, "method": method, "target": self.targets[target],
                        "code": code.name, "detail": detail[:300], "t0": started, "t1": ended})
            if code is grpc.StatusCode.OK:
                self.write({"kind": "ok", "rid": request.request_id, "method": method, "caller": caller,
                            "roles": list(roles), "request": request.SerializeToString().hex(),
                            "answer": reply.SerializeToString(deterministic=True).hex(), "attempts": attempts,
                            "t_ok": ended})
                return reply
            if code not in RETRYABLE:
                self.write({"kind": "definite_error", "rid": request.request_id, "method": method,
                            "code": code.name, "detail": detail[:300]})
                return None
            if self.stop.is_set():
                give_up_at = give_up_at or time.monotonic() + FINISH_TIMEOUT
                if time.monotonic() > give_up_at:
                    self.abandoned += 1
                    self.write({"kind": "abandoned", "rid": request.request_id, "method": method})
                    return None
            target = (target + 1) % len(self.stubs)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.5)

    async def worker(self, w: int, prefix: str, scenario: str, members: int, pause: float) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            rid = f"{prefix}-w{w}-m{n}"
            start = datetime.now(UTC)
            if scenario == "lottery":
                await self._lottery_meetup(w, rid, start, members, pause)
            else:
                await self._first_come_meetup(w, rid, start, members, pause, poison=self._poisoned(w, n))

    def _poisoned(self, w: int, n: int) -> bool:
        return w == 0 and n == self.poison_meetup

    async def _first_come_meetup(self, w: int, rid: str, now: datetime, members: int, pause: float, *, poison: bool):
        title = "Poison mini-off" if poison else "Rust mini-off in Shibuya"
        scheduled = await self.call(w, "ScheduleMeetup", pb.ScheduleMeetupRequest(
            request_id=f"{rid}-s", details=details(now + timedelta(days=30), title=title),
            frames=[frame("in-person", capacity=3)]), ORGANIZER, ORGANIZER_ROLES)
        if scheduled is None:
            return
        meetup_id = scheduled.meetup.meetup_id
        await self._pause(pause)
        if await self.call(w, "PublishMeetup", pb.PublishMeetupRequest(request_id=f"{rid}-p", meetup_id=meetup_id),
                           ORGANIZER, ORGANIZER_ROLES) is None:
            return
        for j in range(members):
            await self._pause(pause)
            member = f"{rid}-a{j}"
            await self.call(w, "RsvpToFrame", pb.RsvpToFrameRequest(
                request_id=f"{rid}-r{j}", meetup_id=meetup_id, frame_id="in-person", details=rsvp_details()),
                member, ("member",))
        await self._pause(pause)
        # The first one gives up its seat: the waitlist moves up.
        await self.call(w, "CancelRsvp", pb.CancelRsvpRequest(
            request_id=f"{rid}-c0", meetup_id=meetup_id, frame_id="in-person"), f"{rid}-a0", ("member",))
        await self._pause(pause)

    async def _lottery_meetup(self, w: int, rid: str, now: datetime, members: int, pause: float):
        # Drawn and over within seconds: the scheduler's timed steps run during the row.
        lottery = frame("lottery", capacity=2, mode=types.FRAME_MODE_LOTTERY, draw_at=ts(now + timedelta(seconds=3)))
        scheduled = await self.call(w, "ScheduleMeetup", pb.ScheduleMeetupRequest(
            request_id=f"{rid}-s", details=details(now + timedelta(seconds=4), now + timedelta(seconds=5),
                                                   title="Lottery mini-off"),
            frames=[lottery]), ORGANIZER, ORGANIZER_ROLES)
        if scheduled is None:
            return
        meetup_id = scheduled.meetup.meetup_id
        if await self.call(w, "PublishMeetup", pb.PublishMeetupRequest(request_id=f"{rid}-p", meetup_id=meetup_id),
                           ORGANIZER, ORGANIZER_ROLES) is None:
            return
        for j in range(members):
            await self._pause(pause)
            member = f"{rid}-a{j}"
            await self.call(w, "RsvpToFrame", pb.RsvpToFrameRequest(
                request_id=f"{rid}-r{j}", meetup_id=meetup_id, frame_id="lottery", details=rsvp_details()),
                member, ("member",))
        await self._pause(pause)

    async def _pause(self, seconds: float) -> None:
        if seconds:
            await asyncio.sleep(seconds)


async def main(args, out) -> None:
    loop = asyncio.get_running_loop()
    client = Client(args.targets.split(","), out, poison_meetup=args.poison_meetup)
    loop.add_signal_handler(signal.SIGTERM, client.stop.set)
    loop.call_later(args.seconds, client.stop.set)
    started = time.time()
    workers = [asyncio.create_task(client.worker(w, args.prefix, args.scenario, args.members, args.pause))
               for w in range(args.workers)]
    client.write({"kind": "started", "t": started})
    await asyncio.gather(*workers)
    client.write({"kind": "summary", "t0": started, "t1": time.time(), "abandoned": client.abandoned})
    for channel in client.channels:
        await channel.close()


def parse(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.faults.load")
    parser.add_argument("--targets", required=True, help="host:port of each replica, comma-separated")
    parser.add_argument("--out", required=True)
    parser.add_argument("--prefix", required=True, help="request ids start with it (unique per run)")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--members", type=int, default=5, help="RSVPs per meetup")
    parser.add_argument("--pause", type=float, default=0.03, help="seconds between a worker's commands")
    parser.add_argument("--seconds", type=float, default=120.0, help="stop by itself after this long")
    parser.add_argument("--scenario", choices=["first-come", "lottery"], default="first-come")
    parser.add_argument("--poison-meetup", type=int, default=0,
                        help="worker 0 titles its Nth meetup 'Poison mini-off' (the witness can refuse it)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    options = parse()
    with open(options.out, "a", encoding="utf-8") as out_file:
        asyncio.run(main(options, out_file))
