"""One client process of the RSVP rush (``bench.rush``): ``python -m bench.rush_client
JSON`` runs RSVPs against a server and prints one JSON line with what it saw.

Closed loop (``concurrency`` callers, each sending its next RSVP when the last is
answered, for ``seconds``) measures throughput; open loop (``rate`` RSVPs per second
sent on a fixed schedule, whatever the answers do) measures latency at a given load,
timed from the scheduled send, so a stalled server is not hidden by callers that
wait for it."""

from __future__ import annotations

import asyncio
import json
import sys
import time

import grpc

from offkai.events.v1 import meetups_pb2 as pb
from offkai.events.v1 import meetups_pb2_grpc
from offkai_kit.testing.services import bearer


async def run(spec: dict) -> dict:
    meetups, tag = spec["meetups"], spec["tag"]
    latencies: list[float] = []
    errors: dict[str, int] = {}
    # Tokens are minted before the clock starts: signing costs the client, not the server.
    members = [f"{tag}-{i}" for i in range(spec["members"])]
    tokens = [bearer(m, "member") for m in members]
    async with grpc.aio.insecure_channel(spec["target"]) as channel:
        api = meetups_pb2_grpc.MeetupsServiceStub(channel)
        await channel.channel_ready()

        async def rsvp(n: int, scheduled: float) -> None:
            request = pb.RsvpToFrameRequest(request_id=f"{tag}-{n}", meetup_id=meetups[n % len(meetups)],
                                            frame_id="main")
            try:
                await api.RsvpToFrame(request, metadata=tokens[n % len(tokens)], timeout=30)
            except grpc.aio.AioRpcError as exc:
                errors[exc.code().name] = errors.get(exc.code().name, 0) + 1
                return
            latencies.append(time.perf_counter() - scheduled)

        start = time.perf_counter()
        deadline = start + spec["seconds"]
        if spec.get("rate"):
            interval, tasks, n = 1 / spec["rate"], [], 0
            while (at := start + n * interval) < deadline:
                await asyncio.sleep(max(0.0, at - time.perf_counter()))
                tasks.append(asyncio.create_task(rsvp(n, at)))
                n += 1
            await asyncio.gather(*tasks)
        else:
            counter = iter(range(10**9))

            async def caller() -> None:
                while time.perf_counter() < deadline:
                    await rsvp(next(counter), time.perf_counter())

            await asyncio.gather(*(caller() for _ in range(spec["concurrency"])))
        elapsed = time.perf_counter() - start
    return {"ok": len(latencies), "errors": errors, "seconds": elapsed, "latencies": latencies}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(run(json.loads(sys.argv[1])))))
