"""The soak: the system under a realistic mix and a fault every 30 s, for minutes.

``python -m bench soak --minutes N [--postgres] [--keep REPLICA] [--out FILE] [--png FILE]``

Real processes, built with the fault suite's harness (``tests.faults.support``): a
nats-server, two replicas of the events service (with the suite's witness
projection, which writes one row per application so that an event applied twice
shows), one replica of the members service on its own database, two replicas of
the notify service on a third database, mailing and posting to the local stack's
sinks (``offkai_notify.devsinks``: an SMTP server and a webhook receiver keeping
every message as a file), and three client processes (``bench.soak_load``: two run
meetups — schedule, publish, browse, search, RSVP, cancel, check in — and one runs
people — register, profile, connect, introduce; every member first registers an
email and a webhook channel with notify and verifies the email with the code that
arrives at the sink, ``bench.soak_notify``). Every 30 s the next fault of the
rotation: SIGKILL nats-server (back 2 s later on its store), SIGSTOP it for 8 s,
SIGKILL a service replica (each in turn) and start it again, and on PostgreSQL
terminate every backend of the services' databases.

At the end the clients stop, everything must catch up, and the counts must hold:
the fault suite's checker for the events service (every command answered OK is in
the store, every stored event is on the stream once, the outbox is empty, every
projection applied every event once — the witness —, retries answer as the first
time and append nothing), the same for the members service, every projection of
the three services (each durable consumer's subjects say which streams feed it) at
the head of every one of those streams, with nothing parked and no dead letter; no
notify delivery due, retrying or claimed; and every delivery notify recorded as
sent arrived at the sinks, each once by its Message-ID / Idempotency-Key (a repeat
only where a notify replica was SIGKILLed between a send and its record).
The resident memory of every service process (and of nats-server) is sampled every
2 s and reported as a curve (PNG) and as numbers per process life.

Not in ``make test`` and not in ``python -m bench``: it takes minutes and loads the
machine; the report lands in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nats
from sqlalchemy import func, select

from bench.soak_load import notify_records
from bench.soak_notify import Sinks, check_deliveries, notify_failures, unfinished
from offkai_kit.auth import generate_secret
from offkai_kit.consumer.tracking import dead_letters, projection_parked, projection_positions
from offkai_kit.db import Database
from offkai_kit.eventstore.schema import events
from offkai_kit.memwatch import rss_kib
from offkai_kit.testing.databases import create_postgres_database, drop_postgres_database, postgres_unreachable_reason
from offkai_services import service
from tests.faults.invariants import CLIENT_REQUEST, check, check_retries, stream_messages
from tests.faults.support import Load, LoadResults, Replica, World
from tests.faults.test_database_faults import terminate_backends

FAULT_EVERY_SECONDS = 30.0
SAMPLE_EVERY_SECONDS = 2.0
# After the clients stop, everything must have caught up within this.
SETTLE_SECONDS = 60.0
# The production defaults for what decides when an event becomes a dead letter
# (the fault suite's shorter ones would dead-letter events during an 8 s stall).
SOAK_ENV = {"OFFKAI_CONSUMER_MAX_ATTEMPTS": "6", "OFFKAI_CONSUMER_BACKOFF_SECONDS": "[1, 2, 5, 15, 30]",
            "OFFKAI_STREAM_AUDIT_INTERVAL_SECONDS": "30"}
# notify: a SIGKILLed sender's claims lapse in 45 s (not 5 min), and a transient
# failure is tried again within seconds, so the soak can wait for every delivery.
# Not shorter: a sender does not extend its claims during a round, and a round
# that outlasts them (15 s did, on a loaded machine) is sent again by the other
# replica (docs/reliability.md, the soak's results).
NOTIFY_ENV = {"OFFKAI_NOTIFY_SENDER_CLAIM_SECONDS": "45", "OFFKAI_NOTIFY_RETRY_BASE_SECONDS": "2",
              "OFFKAI_NOTIFY_RETRY_MAX_SECONDS": "10"}
SUBJECT = re.compile(r"^offkai\.([a-z_]+)\.([a-z_]+)\.>$")


class SoakLoad(Load):
    module = "bench.soak_load"
    defaults = {"workers": 2, "pause": 0.2, "seconds": 3600}


@dataclass
class System:
    world: World
    members_url: str
    notify_url: str
    events: list[Replica] = field(default_factory=list)
    members: Replica | None = None
    notify: list[Replica] = field(default_factory=list)
    loads: dict[str, SoakLoad] = field(default_factory=dict)
    members_db: Database | None = None
    notify_db: Database | None = None
    sinks: Sinks | None = None

    @property
    def replicas(self) -> list[Replica]:
        return [*self.events, self.members, *self.notify]

    @property
    def databases(self) -> dict[str, Database]:
        return {"events": self.world.db, "members": self.members_db, "notify": self.notify_db}

    async def start(self) -> None:
        world = self.world
        self.events = [world.replica(f"events-{x}", **SOAK_ENV) for x in "ab"]
        self.members = world.replica("members-1", module="offkai_members", database_url=self.members_url, **SOAK_ENV)
        self.members_db = Database(self.members_url)
        self.sinks = await Sinks(world.root / "sinks", world.root / "logs" / "sinks.log").start()
        self.notify = self.notify_replicas()
        for replica in self.replicas:  # one at a time: the first started holds the leases
            await replica.started()
        subscribe = {"notify": ",".join(r.address for r in self.notify), "sinks": str(self.sinks.directory),
                     "webhook_url": self.sinks.webhook_url}
        for name, role, targets in (("meetups-1", "meetups", self.events), ("meetups-2", "meetups", self.events[::-1]),
                                    ("people-1", "people", [self.members])):
            self.loads[name] = SoakLoad(world.root / f"{name}.jsonl", [t.address for t in targets],
                                        {"role": role, **subscribe}).start()
            world.loads.append(self.loads[name])

    def notify_replicas(self) -> list[Replica]:
        """Two notify replicas on one database (as events), mailing and posting to the
        local stack's sinks, sharing one secret key (a code made by one verifies on
        the other); their deliveries are checked against what arrived
        (``bench.soak_notify.check_deliveries``)."""
        self.notify_db = Database(self.notify_url)
        env = {**SOAK_ENV, **NOTIFY_ENV, **self.sinks.env(generate_secret())}
        return [self.world.replica(f"notify-{x}", module="offkai_notify", database_url=self.notify_url, **env)
                for x in "ab"]

    async def close(self) -> None:
        for db in (self.members_db, self.notify_db):
            if db is not None:
                await db.dispose()
        await self.world.close()
        if self.sinks is not None:
            self.sinks.stop()


# -- faults -------------------------------------------------------------------------


class Faults:
    """The rotation; each call injects the next fault and waits until it is over."""

    def __init__(self, system: System, postgres: bool, keep: tuple[str, ...] = ()):
        self.system = system
        # Replicas never killed: their memory is sampled over the whole run.
        self.keep = keep
        self.kinds = [self.nats_killed, self.nats_stopped, self.replica_killed]
        if postgres:
            self.kinds.append(self.backends_terminated)
        self.turn = 0
        self.replica_turn = 0
        self.log: list[dict] = []

    async def next(self) -> None:
        fault = self.kinds[self.turn % len(self.kinds)]
        self.turn += 1
        started = time.time()
        detail = await fault()
        self.log.append({"fault": fault.__name__, "t0": started, "t1": time.time(), "detail": detail})
        print(f"  {time.strftime('%H:%M:%S')} {fault.__name__}: {detail}", flush=True)

    async def nats_killed(self) -> str:
        nats_server = self.system.world.nats
        nats_server.kill()
        await asyncio.sleep(2)
        nats_server.start()
        return "SIGKILL, started again on its store 2 s later"

    async def nats_stopped(self) -> str:
        nats_server = self.system.world.nats
        nats_server.suspend()
        await asyncio.sleep(8)
        nats_server.resume()
        return "SIGSTOP for 8 s, then SIGCONT"

    async def replica_killed(self) -> str:
        victims = [r for r in self.system.replicas if r.name not in self.keep]
        replica = victims[self.replica_turn % len(victims)]
        self.replica_turn += 1
        replica.kill()
        down = time.time()
        crashes = await restarted(replica)
        again = f" (it exited at start-up {crashes}x and was started again, as an orchestrator does)" if crashes else ""
        return f"SIGKILL {replica.name}, serving again after {time.time() - down:.1f} s{again}"

    async def backends_terminated(self) -> str:
        counts = [await terminate_backends(url) for url in (self.system.world.database_url, self.system.members_url)]
        return f"pg_terminate_backend: {counts[0]} events and {counts[1]} members connections"


async def restarted(replica: Replica, tries: int = 3) -> int:
    """Start ``replica`` until it serves, as an orchestrator restarts a crashed pod
    (a nats-server just back from a fault has failed a start-up's JetStream call);
    returns how many starts exited first."""
    for crashes in range(tries):
        try:
            await replica.started()
            return crashes
        except RuntimeError:
            if crashes == tries - 1:
                raise
    return tries


# -- resident memory ------------------------------------------------------------------


async def sample_memory(system: System, samples: list[dict], stop: asyncio.Event) -> None:
    while not stop.is_set():
        now = time.time()
        load1 = os.getloadavg()[0]
        processes = [(r.name, r.pid if r.running else None) for r in system.replicas]
        processes.append(("nats-server", system.world.nats.pid))
        for name, pid in processes:
            rss = rss_kib(pid) if pid else None
            if rss is not None:
                samples.append({"t": now, "process": name, "pid": pid, "rss_kib": rss, "load1": load1})
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SAMPLE_EVERY_SECONDS)


def memory_summary(samples: list[dict], since: float) -> list[dict]:
    """Per process life (name, pid): first, last, peak RSS and the slope of a
    least-squares line over its second half (MiB per minute)."""
    lives: dict[tuple[str, int], list[dict]] = {}
    for s in samples:
        lives.setdefault((s["process"], s["pid"]), []).append(s)
    rows = []
    for (name, pid), points in lives.items():
        half = points[len(points) // 2:]
        slope = _slope([(p["t"] - since) / 60 for p in half], [p["rss_kib"] / 1024 for p in half])
        rows.append({"process": name, "pid": pid, "from_s": round(points[0]["t"] - since),
                     "to_s": round(points[-1]["t"] - since), "first_mib": round(points[0]["rss_kib"] / 1024, 1),
                     "last_mib": round(points[-1]["rss_kib"] / 1024, 1),
                     "peak_mib": round(max(p["rss_kib"] for p in points) / 1024, 1),
                     "second_half_slope_mib_per_min": round(slope, 2)})
    return rows


def _slope(xs: list[float], ys: list[float]) -> float:
    if len(xs) < 2:
        return 0.0
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0


def plot_memory(samples: list[dict], faults: list[dict], since: float, path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(10, 5))
    for name in sorted({s["process"] for s in samples}):
        points = [s for s in samples if s["process"] == name]
        # One line per process, broken where it was killed (a new pid).
        xs, ys, pid = [], [], points[0]["pid"]
        for p in points:
            if p["pid"] != pid:
                xs.append(float("nan"))
                ys.append(float("nan"))
                pid = p["pid"]
            xs.append((p["t"] - since) / 60)
            ys.append(p["rss_kib"] / 1024)
        axes.plot(xs, ys, label=name)
    for fault in faults:
        axes.axvline((fault["t0"] - since) / 60, color="grey", alpha=0.3, linewidth=1)
        axes.text((fault["t0"] - since) / 60, axes.get_ylim()[1] * 0.98, fault["fault"].replace("_", " "),
                  rotation=90, fontsize=7, va="top", color="grey")
    axes.set_xlabel("minutes into the soak (grey: a fault injected)")
    axes.set_ylabel("resident memory (MiB)")
    axes.set_title(title)
    axes.legend(loc="lower right", fontsize=8)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    pyplot.close(figure)


# -- the checks beyond the fault suite's -----------------------------------------------


async def feeds(system: System) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """For each service and each of its projections: the (producing service, stream
    type) pairs its durable consumer's subjects name."""
    wanted = {"events": (*service("events").projections, "fault_witness"), "members": service("members").projections,
              "notify": service("notify").projections}
    found: dict[str, dict[str, list[tuple[str, str]]]] = {name: {} for name in wanted}
    nc = await nats.connect(system.world.nats.url)
    try:
        js = nc.jetstream()
        for consumer in await js.consumers_info("OFFKAI"):
            name = consumer.config.durable_name or ""
            owner, _, projection = name.partition("_")
            if owner in wanted and projection in wanted[owner]:
                subjects = consumer.config.filter_subjects or [consumer.config.filter_subject]
                found[owner][projection] = [SUBJECT.match(s).groups() for s in subjects if s and SUBJECT.match(s)]
    finally:
        await nc.close()
    missing = {(o, p) for o, names in wanted.items() for p in names if p not in found[o]}
    assert not missing, f"no durable consumer for {sorted(missing)}"
    return found


async def heads_by_type(db: Database) -> dict[str, dict[str, int]]:
    e = events.c
    async with db.read() as conn:
        rows = (await conn.execute(select(e.stream_type, e.stream_id, func.max(e.version))
                                   .group_by(e.stream_type, e.stream_id))).all()
    found: dict[str, dict[str, int]] = {}
    for stream_type, stream_id, version in rows:
        found.setdefault(stream_type, {})[stream_id] = version
    return found


async def lagging(system: System, fed: dict) -> list[str]:
    """Everything not caught up: events not yet published, projections behind the
    heads of the streams that feed them, parked events, open dead letters."""
    heads = {name: await heads_by_type(db) for name, db in system.databases.items()}
    behind = []
    p, dl = projection_positions.c, dead_letters.c
    for owner, db in system.databases.items():
        async with db.read() as conn:
            unpublished = await conn.scalar(select(func.count()).select_from(events).where(
                events.c.published_at.is_(None)))
            if unpublished:
                behind.append(f"{owner}: {unpublished} events unpublished")
            for projection, sources in fed[owner].items():
                want = {s: v for producer, kind in sources for s, v in heads[producer].get(kind, {}).items()}
                have = dict((await conn.execute(select(p.stream_id, p.version).where(p.projection == projection))).all())
                short = sum(v - have.get(s, 0) for s, v in want.items() if have.get(s, 0) < v)
                extra = sorted(s for s in have if s not in want or have[s] > want[s])
                if short:
                    behind.append(f"{owner}.{projection} lacks {short} events")
                if extra:
                    behind.append(f"{owner}.{projection} is ahead of the store for {extra[:3]}")
            waiting = await conn.scalar(select(func.count()).select_from(projection_parked))
            if waiting:
                behind.append(f"{owner}: {waiting} parked")
            letters = (await conn.execute(select(dl.projection, dl.error).where(dl.resolved_at.is_(None)))).all()
            if letters:
                behind.append(f"{owner}: dead letters {[(r.projection, r.error[:80]) for r in letters[:3]]}")
    return behind + await unfinished(system.notify_db, datetime.now(UTC))


async def settled(system: System, fed: dict) -> float:
    started = time.time()
    behind: list[str] = []
    while time.time() < started + SETTLE_SECONDS:
        try:
            behind = await lagging(system, fed)
        except Exception as exc:  # noqa: BLE001 — a database still coming back
            behind = [repr(exc)]
        if not behind:
            return time.time() - started
        await asyncio.sleep(0.25)
    raise AssertionError(f"not caught up {SETTLE_SECONDS} s after the clients stopped: {behind}")


async def check_members(system: System, results: LoadResults) -> dict:
    """The fault suite's write-path counts, for the members service."""
    e = events.c
    async with system.members_db.read() as conn:
        stored = (await conn.execute(select(e.event_id, e.correlation_id, e.published_at))).all()
    by_correlation = Counter(r.correlation_id for r in stored)
    ok = {r["rid"] for r in results.ok}
    lost = [rid for rid in ok if not by_correlation[rid]]
    assert not lost, f"{len(lost)} members commands answered OK have no events, e.g. {lost[:5]}"
    strays = {c for c in by_correlation if c and CLIENT_REQUEST.match(c) and c not in ok}
    assert not strays, f"members events of commands never answered OK: {sorted(strays)[:5]}"
    on_stream = await stream_messages(system.world, "offkai.members.>")
    copies = Counter(envelope.event_id for _, envelope in on_stream)
    doubled = [i for i, n in copies.items() if n > 1]
    assert not doubled, f"{len(doubled)} members events on the stream more than once"
    ids = {r.event_id for r in stored}
    assert ids == set(copies), (f"stream and store differ: {len(ids - set(copies))} stored not on the stream, "
                                f"{len(set(copies) - ids)} on the stream not stored")
    bad = {c: n for c, n in results.codes().items() if c in ("INTERNAL", "UNKNOWN")}
    assert not bad, f"members attempts answered {bad}"
    return {"commands": len(ok), "events": len(stored), "on_stream": len(on_stream)}


def notify_calls(system: System) -> dict:
    """What the members asked of notify: calls answered OK by method, definite errors,
    and codes that never arrived."""
    found: Counter = Counter()
    for load in system.loads.values():
        path = notify_records(load.out)
        for line in path.read_text().splitlines() if path.exists() else ():
            record = json.loads(line)
            if record["kind"] in ("ok", "definite_error"):
                found[f"{record['method']} {record.get('code', 'OK')}"] += 1
            elif record["kind"] == "code_missing":
                found["code never arrived"] += 1
    return dict(found)


def reads(path: Path) -> Counter:
    found: Counter = Counter()
    for line in path.read_text().splitlines():
        if '"kind":"read"' in line:
            record = json.loads(line)
            found[record["code"]] += 1
    return found


# -- the run ------------------------------------------------------------------------


async def soak(minutes: float, root: Path, events_url: str | None, members_url: str, notify_url: str,
               postgres: bool, keep: tuple[str, ...] = (), memory: dict | None = None) -> dict:
    """``memory`` (if given) holds the samples, the fault log and the start as they
    are taken, so that a run whose checks fail still draws its curve."""
    system = System(World.create(root, events_url), members_url, notify_url)
    samples: list[dict] = []
    stop_sampling = asyncio.Event()
    try:
        await system.start()
        since = time.time()
        sampler = asyncio.create_task(sample_memory(system, samples, stop_sampling))
        faults = Faults(system, postgres, keep)
        if memory is not None:
            memory.update(samples=samples, faults=faults.log, since=since)
        ends = since + minutes * 60
        print(f"soak: {minutes} min on {'PostgreSQL' if postgres else 'SQLite'}, a fault every "
              f"{FAULT_EVERY_SECONDS:.0f} s; load average {os.getloadavg()[0]:.2f}", flush=True)
        while time.time() + FAULT_EVERY_SECONDS < ends:
            await asyncio.sleep(max(0.0, since + FAULT_EVERY_SECONDS * (faults.turn + 1) - time.time()))
            await faults.next()
        await asyncio.sleep(max(0.0, ends - time.time()))
        results = {}
        for name, load in system.loads.items():
            results[name] = await load.stop()
        stopped = time.time()
        fed = await feeds(system)
        settle = await settled(system, fed)
        stop_sampling.set()
        await sampler
        events_results = LoadResults.merged(results["meetups-1"], results["meetups-2"])
        events_counts = await check(system.world, events_results, definite_errors_allowed=True)
        await check_retries(system.world, system.events[0], events_results)
        members_counts = await check_members(system, results["people-1"])
        kills = [f["t0"] for f in faults.log if f["fault"] == "replica_killed" and "notify-" in f["detail"]]
        notify_counts = await check_deliveries(system.notify_db, system.sinks, kills,
                                               float(NOTIFY_ENV["OFFKAI_NOTIFY_SENDER_CLAIM_SECONDS"]))
        notify_counts["members"] = notify_calls(system)
        # Reported with everything else (the memory curve too); main() fails after.
        notify_counts["failures"] = notify_failures(notify_counts)
        read_codes = sum((reads(load.out) for load in system.loads.values()), Counter())
        attempts = Counter(a["code"] for r in results.values() for a in r.attempts)
        definite = Counter(f"{e['method']} {e['code']}" for r in results.values() for e in r.definite_errors)
        return {
            "minutes": minutes, "database": "postgresql" if postgres else "sqlite",
            "faults": faults.log, "settled_after_s": round(settle, 2),
            "events": events_counts, "members": members_counts, "notify": notify_counts,
            "ok_commands": sum(len(r.ok) for r in results.values()), "reads": dict(read_codes),
            "attempts": dict(attempts), "definite_errors": dict(definite),
            "commands_per_s": round(sum(len(r.ok) for r in results.values()) / (stopped - since), 1),
            "projections": {owner: sorted(names) for owner, names in fed.items()},
            "memory": memory_summary(samples, since), "samples": samples, "since": since,
            "load1": [s["load1"] for s in samples if s["process"] == "nats-server"],
        }
    finally:
        stop_sampling.set()
        await system.close()


def print_report(report: dict) -> None:
    print(f"\nsoak {report['minutes']} min on {report['database']}: {len(report['faults'])} faults, "
          f"{report['ok_commands']} commands OK ({report['commands_per_s']}/s), reads {report['reads']}")
    print(f"  attempts by answer {report['attempts']}; definite errors {report['definite_errors'] or 'none'}")
    print(f"  events: {report['events']}; members: {report['members']}")
    print(f"  notify: {report['notify']}")
    held = "every invariant held" if not report["notify"]["failures"] else f"BUT {report['notify']['failures']}"
    print(f"  caught up {report['settled_after_s']} s after the clients stopped; {held}")
    load1 = report["load1"]
    if load1:
        print(f"  machine load average (1 min) during the soak: min {min(load1):.1f}, "
              f"median {sorted(load1)[len(load1) // 2]:.1f}, max {max(load1):.1f}")
    print(f"  {'process':<12} {'pid':>7} {'from s':>7} {'to s':>6} {'first MiB':>10} {'last MiB':>9} "
          f"{'peak MiB':>9} {'slope MiB/min (2nd half)':>25}")
    for row in report["memory"]:
        print(f"  {row['process']:<12} {row['pid']:>7} {row['from_s']:>7} {row['to_s']:>6} {row['first_mib']:>10} "
              f"{row['last_mib']:>9} {row['peak_mib']:>9} {row['second_half_slope_mib_per_min']:>25}")


async def run(args, memory: dict | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="offkai-soak-") as tmp:
        root = Path(tmp)
        if not args.postgres:
            return await soak(args.minutes, root, None, f"sqlite+aiosqlite:///{root / 'data' / 'members.db'}",
                              f"sqlite+aiosqlite:///{root / 'data' / 'notify.db'}", False, tuple(args.keep),
                              memory)
        reason = await postgres_unreachable_reason()
        if reason:
            raise SystemExit(f"PostgreSQL is not reachable: {reason}")
        urls = [await create_postgres_database() for _ in range(3)]
        try:
            return await soak(args.minutes, root, *urls, True, tuple(args.keep), memory)
        finally:
            for url in urls:
                await drop_postgres_database(url)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--postgres", action="store_true", help="both services on PostgreSQL (127.0.0.1:5432)")
    parser.add_argument("--keep", action="append", default=[], choices=["events-a", "events-b", "members-1", "notify-a", "notify-b"],
                        help="never SIGKILL this replica, so its memory covers the whole run (repeatable)")
    parser.add_argument("--out", type=Path, help="write the report (JSON) here")
    parser.add_argument("--png", type=Path, help="draw the resident memory curve here")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    memory: dict = {}
    try:
        report = asyncio.run(run(args, memory))
    except BaseException:
        if memory.get("samples"):  # the curve of a run whose checks failed, too
            for row in memory_summary(memory["samples"], memory["since"]):
                print(f"  memory: {row}")
            if args.png:
                plot_memory(memory["samples"], memory["faults"], memory["since"], args.png,
                            f"offkai soak, {args.minutes:g} min: resident memory (the checks failed)")
        raise
    print_report(report)
    if args.png:
        plot_memory(report["samples"], report["faults"], report["since"], args.png,
                    f"offkai soak, {report['minutes']:g} min on {report['database']}: resident memory")
        print(f"  memory curve: {args.png}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1))
    if report["notify"]["failures"]:
        raise SystemExit(f"notify: {report['notify']['failures']}")

