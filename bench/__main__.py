"""Run every benchmark: ``python -m bench`` (``make bench``); ``python -m bench rush
eventstore`` runs some. The rows go to docs/benchmarks.json and docs/benchmarks.png.
The long ones run on their own: ``python -m bench soak --minutes N`` (bench/soak.py)
and ``python -m bench replicas`` (bench/replicas.py)."""

import asyncio
import importlib
import logging
import sys

from bench import results

ALL = ("rush", "eventstore", "kit", "propagation", "meetup_load", "meetup_decide", "rsvp_rush", "suggestions",
       "notify_fanout", "tracing")


async def main(names: list[str]) -> None:
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        await module.main()


if sys.argv[1:2] == ["soak"]:
    from bench import soak

    soak.main(sys.argv[2:])
elif sys.argv[1:2] == ["replicas"]:
    from bench import replicas

    replicas.main(sys.argv[2:])
else:
    logging.disable(logging.WARNING)
    chosen = sys.argv[1:] or list(ALL)
    asyncio.run(main(chosen))
    results.write("benchmarks" if not sys.argv[1:] else "benchmarks-" + "-".join(chosen))
