"""A command runner on a database, composed as the service runtime composes it, for
tests (and benchmarks) that drive commands without a gRPC server."""

from __future__ import annotations

from offkai_kit.clock import Clock, utc_now
from offkai_kit.commands import CommandRunner
from offkai_kit.db import Database
from offkai_kit.eventstore import EventStore
from offkai_kit.idempotency import CommandResults
from offkai_kit.repository import Repository


def command_runner(db: Database, *, clock: Clock = utc_now, attempts: int = 5) -> CommandRunner:
    """A runner with its own store and repository (an empty cache: a fresh process)."""
    store = EventStore(db)
    return CommandRunner(store, Repository(store), CommandResults(db), clock=clock, attempts=attempts)
