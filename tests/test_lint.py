"""Lint: ruff (pyflakes rules, pyproject.toml [tool.ruff]) over the repository's Python."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _ruff(*args) -> subprocess.CompletedProcess:
    ruff = BIN / "ruff"
    assert ruff.exists(), f"{ruff} missing: install the test extra (make install-test)"
    return subprocess.run([ruff, "check", "--no-cache", "--output-format", "concise", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_ruff_finds_nothing():
    done = _ruff(".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_does_find_an_unused_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n")
    done = _ruff(str(bad))
    assert done.returncode == 1 and "F401" in done.stdout, done.stdout + done.stderr
