"""One local stack per data folder.

Two stacks on one folder would run two nats-servers on one JetStream store and two
sets of services on the same SQLite files. ``StackLock`` holds an exclusive
``flock`` on ``<data>/stack.lock``: the kernel drops it when the last process
holding it ends, so a crash leaves no stale lock behind. The stack's children
(nats-server, the services) inherit it, so the folder stays locked while any of
them still runs — also while they shut down after their supervisor was killed.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path

LOCK_FILE = "stack.lock"


class StackLocked(Exception):
    """Another stack holds the data folder; the message says how to reach it."""


class StackLock:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / LOCK_FILE
        self.fd: int | None = None

    def acquire(self, *, wait_for_leftovers: float = 30.0) -> None:
        """Take the lock or raise ``StackLocked``. When the holder's supervisor is
        gone but its children still hold the lock (they are shutting down), wait up
        to ``wait_for_leftovers`` seconds for them."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + wait_for_leftovers
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = self._holder()
                supervisor = holder.get("pid")
                if _alive(supervisor) or time.monotonic() > deadline:
                    os.close(fd)
                    raise StackLocked(self._refusal(holder, supervised=_alive(supervisor))) from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid()}).encode())
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # the lock goes with the last descriptor
            self.fd = None

    def _holder(self) -> dict:
        try:
            return json.loads(self.path.read_text() or "{}")
        except (OSError, ValueError):
            return {}

    def _refusal(self, holder: dict, *, supervised: bool) -> str:
        data_dir = self.path.parent
        if supervised:
            head = f"offkai: a local stack is already running on {data_dir} (pid {holder['pid']})."
        else:
            head = (f"offkai: processes of an earlier stack on {data_dir} are still running although "
                    f"their supervisor (pid {holder.get('pid', '?')}) is gone; stop them (see "
                    f"`ps -ef | grep {data_dir}`) and start again.")
        lines = [head]
        ports_file = data_dir / "ports.json"
        if supervised and ports_file.exists():
            ports = json.loads(ports_file.read_text())
            lines += [f"  {name:<8} {'nats://' if name == 'nats' else 'grpc  '}127.0.0.1:{port}"
                      for name, port in ports.items()]
            lines += [
                f"Use it: `offkai --data-dir {data_dir} status` (`.venv/bin/offkai status` for .offkai);",
                "stop it with Ctrl-C in its terminal, or run another one on another folder "
                "(`make run DATA=<folder>` / `offkai --data-dir <folder> dev`).",
            ]
        return "\n".join(lines)


def _alive(pid) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
