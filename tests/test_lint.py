"""Lint: ruff (pyflakes rules, pyproject.toml [tool.ruff]) over the repository's Python, and mypy
over the package (pyproject.toml [tool.mypy])."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _ruff(*args) -> subprocess.CompletedProcess:
    ruff = BIN / "ruff"
    assert ruff.exists(), f"{ruff} missing: install the test extra (make install-test)"
    return subprocess.run([ruff, "check", "--no-cache", "--output-format", "concise", *(args or ["."])], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _mypy(*args) -> subprocess.CompletedProcess:
    # incremental (mypy's cache, .mypy_cache/): the second run reuses what the first read of numpy's
    # and the package's types (about 30 s at a load of 10 on 2 cores, against 2 s)
    return subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


CHECKERS = {"ruff": _ruff, "mypy": _mypy}
#: Per checker: a file with one planted error, and what the checker must say about it.
PLANTED = {"ruff": ("import os\n", "F401"),
           "mypy": ("from gleap_data.display import number\n\nn: int = number(1.5)\n", "Incompatible types in assignment")}


@pytest.mark.parametrize("checker", CHECKERS)
def test_the_checker_finds_nothing(checker):
    """ruff over the repository's Python; mypy over the package (files and settings: pyproject.toml)."""
    done = CHECKERS[checker]()
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("checker", CHECKERS)
def test_the_checker_finds_a_planted_error(checker, tmp_path):
    source, finding = PLANTED[checker]
    bad = tmp_path / "bad.py"
    bad.write_text(source)
    done = CHECKERS[checker](str(bad))
    assert done.returncode == 1 and finding in done.stdout, done.stdout + done.stderr
