"""offkai command line.

  offkai dev                 run NATS and the three services locally (make run)
  offkai token               print a development token (--ttl 30s, 15m, 2h, 7d; default 12h)
  offkai call SVC METHOD J   call an RPC with a JSON request (- reads it from stdin), e.g.
                             offkai call members RegisterMember '{"request_id":"r1","display_name":"Ayumi"}'
  offkai status              health and projection status of each running service

Calls run as the member given by --member (default dev-admin) with --roles.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import signal
import sys
from pathlib import Path

import grpc

from offkai_cli.calls import call
from offkai_cli.durations import parse_duration
from offkai_cli.lock import StackLocked
from offkai_cli.stack import DEV_TOKEN_TTL_SECONDS, LocalStack
from offkai_services import SERVICE_NAMES

DEFAULT_DATA = Path(".offkai")


def _stack(args) -> LocalStack:
    return LocalStack(args.data_dir)


def _address(args, service: str) -> str:
    ports_file = Path(args.data_dir) / "ports.json"
    if not ports_file.exists():
        raise SystemExit(f"offkai: no local stack in {args.data_dir}; start one with `make run`")
    return f"127.0.0.1:{json.loads(ports_file.read_text())[service]}"


async def _dev(args) -> int:
    stack = _stack(args)
    try:
        stack.claim()
    except StackLocked as locked:
        print(locked, file=sys.stderr)
        return 1
    print(f"offkai: starting NATS and {', '.join(SERVICE_NAMES)} (data in {stack.data_dir}) …", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stack.start()
    token = stack.token()
    print(_banner(stack, token), flush=True)
    while not stop.is_set():
        for name, svc in stack.services.items():
            if svc.proc.poll() is not None:
                print(f"offkai: {name} exited with {svc.proc.returncode}; stopping.\n{svc.log_tail()}")
                stop.set()
        try:
            await asyncio.wait_for(stop.wait(), timeout=1.0)
        except TimeoutError:
            pass
    print("\noffkai: stopping …", flush=True)
    codes = stack.stop()
    print("offkai: stopped " + ", ".join(f"{n} ({c})" for n, c in codes.items()))
    return 0 if all(c == 0 for c in codes.values()) else 1


def _banner(stack: LocalStack, token: str) -> str:
    rows = [f"  {name:<8} grpc  {svc.address}" for name, svc in stack.services.items()]
    members = stack.services["members"].address
    return "\n".join([
        "",
        "offkai is running.",
        f"  nats     {stack.nats.url}  (JetStream, store in {stack.nats.store_dir}; "
        f"one user per service, passwords in {stack.data_dir / 'nats-users.json'})",
        *rows,
        f"  logs     {stack.data_dir / 'logs'}",
        f"  mail     what notify sends lands in {stack.sinks_dir / 'mail'} (.eml + .html)",
        f"  webhooks register {stack.webhook_sink_url} as a webhook channel; posts land in "
        f"{stack.sinks_dir / 'webhooks'} (.json)",
        "",
        "Development token (admin + organizer + member, 12 h):",
        f"  {token}",
        "",
        "Try it:",
        "  .venv/bin/offkai call members RegisterMember "
        "'{\"request_id\":\"r1\",\"display_name\":\"Ayumi\"}'",
        f"  grpcurl -plaintext -H \"authorization: Bearer $(.venv/bin/offkai token)\" {members} list",
        "",
        "Ctrl-C stops everything.",
    ])


async def _status(args) -> int:
    stack = _stack(args)
    token = stack.token()
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    failed = 0
    for service in SERVICE_NAMES:
        address = _address(args, service)
        try:
            async with grpc.aio.insecure_channel(address) as channel:
                health = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=2)
                state = health_pb2.HealthCheckResponse.ServingStatus.Name(health.status)
        except grpc.aio.AioRpcError as exc:
            state, failed = f"unreachable ({exc.code().name})", failed + 1
        print(f"{service:<8} {address:<22} {state}")
        if state == "SERVING":
            reply = await call(address, token, service, "GetProjectionStatus", "{}")
            for p in reply[0].get("projections", []):
                print(f"         projection {p['projection']}: checkpoint {p.get('checkpoint', 0)}, "
                      f"pending {p.get('pending', 0)}, dead letters {p.get('dead_letters', 0)}")
    return 1 if failed else 0


async def _call(args) -> int:
    token = args.token or _stack(args).token(args.member, args.roles.split(","))
    request = sys.stdin.read() if args.request == "-" else args.request
    try:
        replies = await call(_address(args, args.service), token, args.service, args.method, request)
    except grpc.aio.AioRpcError as exc:
        print(f"{exc.code().name}: {exc.details()}", file=sys.stderr)
        return 1
    for reply in replies:
        if args.field:
            value = _field(reply, args.field)
            if value is None:
                print(f"offkai: the reply has no field {args.field!r}", file=sys.stderr)
                return 1
            print(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
            continue
        if args.bytes:
            # A bytes field (e.g. an .ics export) written out as it is, not base64 in JSON.
            if args.bytes not in reply:
                print(f"offkai: the reply has no field {args.bytes!r}; it has {sorted(reply)}", file=sys.stderr)
                return 1
            sys.stdout.buffer.write(base64.b64decode(reply[args.bytes]))
            continue
        print(json.dumps(reply, ensure_ascii=False, indent=2))
    return 0


def _field(reply: dict, path: str):
    """The value at a dotted path of a JSON reply (``meetup.meetup_id``), or None."""
    value = reply
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="offkai", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="local stack data folder (default .offkai)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("dev", help="run NATS and the three services until Ctrl-C")
    token = sub.add_parser("token", help="print a development token")
    sub.add_parser("status", help="health and projections of the running services")
    called = sub.add_parser("call", help="call an RPC with a JSON request")
    called.add_argument("service", choices=SERVICE_NAMES)
    called.add_argument("method", help="e.g. RegisterMember or MembersService.RegisterMember")
    called.add_argument("request", nargs="?", default="{}", help="the request as JSON; - reads it from stdin")
    called.add_argument("--token", help="bearer token (default: a development token)")
    shown = called.add_mutually_exclusive_group()
    shown.add_argument("--bytes", metavar="FIELD", help="write this bytes field of the reply raw, e.g. --bytes ics")
    shown.add_argument("--field", metavar="PATH", help="print only this field of the reply, e.g. --field meetup.meetup_id")
    token.add_argument("--ttl", type=parse_duration, default=DEV_TOKEN_TTL_SECONDS,
                       help="how long the token is valid: 30s, 15m, 2h, 7d or seconds (default 12h)")
    for p in (token, called):
        p.add_argument("--member", default="dev-admin", help="member id (token subject)")
        p.add_argument("--roles", default="member,organizer,admin", help="comma-separated roles")
    args = parser.parse_args(argv)
    if args.command == "token":
        print(_stack(args).token(args.member, args.roles.split(","), ttl_seconds=args.ttl))
        return
    runner = {"dev": _dev, "status": _status, "call": _call}[args.command]
    sys.exit(asyncio.run(runner(args)))


if __name__ == "__main__":
    main()
