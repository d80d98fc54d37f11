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


def _mypy(*args) -> subprocess.CompletedProcess:
    # incremental (mypy's cache, .mypy_cache/): the second run reuses what the first read of numpy's
    # and the package's types (about 30 s at a load of 10 on 2 cores, against 2 s)
    return subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def test_mypy_passes_on_the_package():
    done = _mypy()  # files and settings: pyproject.toml [tool.mypy]
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_does_find_a_type_error(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from gleap_data.display import number\n\nn: int = number(1.5)\n")
    done = _mypy(str(bad))
    assert done.returncode == 1 and "Incompatible types in assignment" in done.stdout, done.stdout + done.stderr
