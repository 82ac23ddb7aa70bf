"""One local stack per data folder: ``offkai dev`` (``make run``) refuses to start a
second one on a folder in use, says how to reach the running one and leaves its
ports.json alone; a stack whose supervisor was SIGKILLed leaves no lock behind (its
children end with it), so the next start works. Real ``offkai dev`` processes."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import pytest

from offkai_cli.lock import StackLock, StackLocked

READY = "offkai is running."


def offkai(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "offkai_cli", "--data-dir", str(data), *args]


async def start_dev(data: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *offkai(data, "dev"), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )


async def until_running(proc: asyncio.subprocess.Process, timeout: float = 90.0) -> str:
    """The supervisor's output up to its banner; fails if it exits first."""
    seen: list[str] = []

    async def read() -> str:
        while True:
            line = await proc.stdout.readline()
            if not line:
                raise AssertionError("offkai dev exited before it was running:\n" + "".join(seen))
            seen.append(line.decode())
            if READY in seen[-1]:
                return "".join(seen)

    return await asyncio.wait_for(read(), timeout)


def nats_servers_on(store: Path) -> list[int]:
    """Pids of nats-server processes using ``store`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv and argv[0].endswith(b"nats-server") and str(store).encode() in argv:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="children end with their supervisor on Linux")
async def test_one_stack_per_data_folder_and_no_stale_lock_after_a_crash(tmp_path):
    data = tmp_path / "data"
    first = await start_dev(data)
    try:
        await until_running(first)
        ports_before = (data / "ports.json").read_bytes()

        second = await asyncio.create_subprocess_exec(
            *offkai(data, "dev"), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            out, err = await asyncio.wait_for(second.communicate(), 30)
        finally:
            if second.returncode is None:
                second.kill()
                await second.wait()
        refusal = err.decode()
        assert second.returncode == 1, out.decode() + refusal
        assert READY not in out.decode()
        assert "already running" in refusal and str(data) in refusal
        for name, port in json.loads(ports_before).items():
            assert f"{name}" in refusal and f"127.0.0.1:{port}" in refusal, f"the refusal does not show {name}"
        assert "status" in refusal, "the refusal says how to look at the running stack"
        assert (data / "ports.json").read_bytes() == ports_before

        # The first one is untouched: it still answers.
        status = await asyncio.create_subprocess_exec(*offkai(data, "status"), stdout=asyncio.subprocess.PIPE)
        report, _ = await asyncio.wait_for(status.communicate(), 30)
        assert status.returncode == 0, report.decode()
        assert report.decode().count("SERVING") == 3
    finally:
        # A crash of the supervisor: no chance to clean anything up.
        first.send_signal(signal.SIGKILL)
        await first.wait()

    third = await start_dev(data)
    try:
        await until_running(third)
        assert len(nats_servers_on(data / "jetstream")) == 1, "the crashed stack's NATS is gone"
    finally:
        third.send_signal(signal.SIGINT)
        await asyncio.wait_for(third.wait(), 60)
    assert third.returncode == 0
    assert nats_servers_on(data / "jetstream") == []


def test_the_lock_is_held_until_released(tmp_path):
    first, second = StackLock(tmp_path), StackLock(tmp_path)
    first.acquire()
    try:
        with pytest.raises(StackLocked, match="already running"):
            second.acquire()
    finally:
        first.release()
    second.acquire()
    assert json.loads((tmp_path / "stack.lock").read_text()) == {"pid": os.getpid()}
    second.release()
