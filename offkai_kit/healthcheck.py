"""Ask a running service for its gRPC health, from the command line:

    python -m offkai_kit.healthcheck HOST:PORT [--service NAME] [--wait SECONDS]

Exits 0 once the service reports SERVING, 1 if it does not within ``--wait`` (0: ask
once). ``--service`` is the health service name (empty: the whole server), e.g.
``offkai.events.v1.MeetupsService``. The Helm chart's ``helm test`` pods run it with
the image's own Python; anything that needs a probe without grpc_health_probe can.
"""

from __future__ import annotations

import argparse
import sys
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc


def check(address: str, service: str = "", timeout: float = 5.0) -> str:
    """The serving status's name, or why there is none (``UNAVAILABLE`` …)."""
    with grpc.insecure_channel(address) as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=service), timeout=timeout)
        except grpc.RpcError as exc:
            return exc.code().name
    return health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m offkai_kit.healthcheck", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("address", help="host:port of the gRPC server")
    parser.add_argument("--service", default="", help='health service name (default "": the whole server)')
    parser.add_argument("--wait", type=float, default=0.0, help="keep asking this many seconds (default: once)")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per attempt")
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.wait
    shown = f"{args.address} {args.service or '(server)'}"
    while True:
        status = check(args.address, args.service, args.timeout)
        if status == "SERVING":
            print(f"{shown}: SERVING")
            return 0
        if time.monotonic() >= deadline:
            print(f"{shown}: {status}", file=sys.stderr)
            return 1
        time.sleep(1.0)


if __name__ == "__main__":
    sys.exit(main())
