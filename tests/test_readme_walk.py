"""The README's walk ("Calling it") stays true: its shell examples run, as written,
against a live local stack (started as `make run` starts it, on free ports in a
temporary data folder), and every command succeeds — today and on any later day,
since the examples compute their dates."""

from __future__ import annotations

import asyncio
import datetime
import os
import re
import subprocess
from pathlib import Path

import pytest
from icalendar import Calendar

from offkai_cli.stack import LocalStack

ROOT = Path(__file__).resolve().parent.parent


def walk_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = re.search(r"^## Calling it\n(.*?)^## ", readme, re.S | re.M)
    assert section, "README.md lost its 'Calling it' section"
    blocks = re.findall(r"^```sh\n(.*?)^```", section.group(1), re.S | re.M)
    assert blocks, "the 'Calling it' section has no sh examples"
    return blocks


@pytest.fixture
async def stack(tmp_path):
    stack = LocalStack(tmp_path / "data")
    await stack.start()
    yield stack
    stack.stop()


async def test_the_readme_walk_runs_as_written(stack, tmp_path):
    started = datetime.datetime.now(datetime.UTC)
    # The README is read from the repository root: `.venv/bin/offkai`, and the
    # default data folder `.offkai` — here the temporary stack's.
    cwd = tmp_path / "checkout"
    cwd.mkdir()
    (cwd / ".venv").symlink_to(ROOT / ".venv")
    (cwd / ".offkai").symlink_to(stack.data_dir)
    out = tmp_path / "tmp"
    out.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OFFKAI_")}
    env["TMPDIR"] = str(out)
    for block in walk_blocks():
        # -e: the first failing command stops the walk; -x names it in the output.
        result = await asyncio.to_thread(subprocess.run, ["bash", "-euo", "pipefail", "-x", "-c", block],
                                         cwd=cwd, env=env, capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, f"the README walk failed:\n{result.stderr[-4000:]}\n{result.stdout[-2000:]}"
    assert sorted(p.name for p in cwd.iterdir()) == [".offkai", ".venv"], "the walk wrote into the checkout"
    calendar = (out / "meetup.ics").read_text()
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert "Rust mini-off in Shibuya" in calendar
    # The walk's meetup starts an hour after it is scheduled, on Tokyo's clock.
    (event,) = Calendar.from_ical(calendar).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Asia/Tokyo"
    assert abs(start - (started + datetime.timedelta(hours=1))) < datetime.timedelta(minutes=10), calendar
