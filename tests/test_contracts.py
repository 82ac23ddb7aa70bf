"""The proto tree is the contract: buf lint is clean and gen/ matches proto/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_generated_code_is_fresh():
    result = subprocess.run([sys.executable, "tools/genproto.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_buf_lint_is_clean():
    buf = ROOT / "node_modules" / ".bin" / "buf"
    assert buf.exists(), "buf is missing: `make install` (npm ci) installs it"
    result = subprocess.run([str(buf), "lint"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_stale_generated_code_is_detected(tmp_path):
    """The check itself can fail: a changed proto makes gen/ stale."""
    import shutil

    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "proto", copy / "proto")
    shutil.copytree(ROOT / "gen", copy / "gen")
    shutil.copytree(ROOT / "tools", copy / "tools")
    members = copy / "proto" / "offkai" / "members" / "v1" / "members.proto"
    members.write_text(members.read_text() + "\nmessage AddedForTheTest {}\n")
    result = subprocess.run([sys.executable, "tools/genproto.py", "--check"], cwd=copy,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "stale: members_pb2.py" in result.stdout
