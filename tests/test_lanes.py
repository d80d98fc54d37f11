"""The lanes (Makefile): `make check` leaves out what is marked slow, release or browser; `make test`
runs everything, on every core (pytest-xdist). Each test file runs on one worker (--dist loadfile):
a notebook's cells under nbval share one kernel, and each fixture built once per run is used by one
test file only, so no worker builds it a second time."""
from __future__ import annotations

import ast
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED_FIXTURES

ROOT = Path(__file__).resolve().parents[1]


def _plan(target: str) -> list[str]:
    """The pytest command `make <target>` runs (with a stand-in venv that make sees as installed)."""
    done = subprocess.run(["make", "--no-print-directory", "-n", target, "CHROMIUM=/bin/sh"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    lines = [l for l in re.split(r"[;\n]", done.stdout) if "-m pytest" in l]
    assert lines, done.stdout
    command = shlex.split(lines[0].strip())
    return command[command.index("pytest") + 1:]


def test_make_test_runs_everything_and_make_check_leaves_out_only_the_slow_lanes():
    test, check = _plan("test"), _plan("check")
    assert "-m" not in test and "-k" not in test and "--deselect" not in " ".join(test), test
    assert check[check.index("-m") + 1] == "not slow and not release and not browser", check
    for command in (test, check):
        assert "-n" in command and command[command.index("--dist") + 1] == "loadfile", command
        assert "--no-loadscope-reorder" in command, command  # the order below, not xdist's by item count


def test_the_heaviest_files_are_handed_out_first():
    """pytest-xdist gives out files in collection order (--no-loadscope-reorder): the site, the browser,
    the Binder rehearsals and the exercise sets come first, so no long file starts last."""
    from conftest import HEAVIEST_FIRST

    # test_site.py and test_browser.py both hold tests of pytest-playwright's session-scoped [chromium]
    # parameter, which pytest's own reordering groups across files: each file must still go out whole,
    # in its place (before, the site's browser tests followed test_browser.py's, and test_site.py went
    # out second: its worker waited minutes for the site build)
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           "tests/test_analysis.py", "tests/test_lanes.py", "tests/test_site.py",
                           "tests/test_binder.py", "tests/test_browser.py"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    files = []
    for line in done.stdout.splitlines():
        name = line.split("::")[0].rsplit("/", 1)[-1]
        if "::" in line and (not files or files[-1] != name):
            files.append(name)
    assert files == ["test_browser.py", "test_binder.py", "test_site.py", "test_analysis.py", "test_lanes.py"], \
        files
    assert all((ROOT / "tests" / name).exists() for name in HEAVIEST_FIRST), HEAVIEST_FIRST


def test_every_shared_fixture_is_used_by_one_test_file():
    users: dict[str, set[str]] = {name: set() for name in SHARED_FIXTURES}
    for path in (ROOT / "tests").glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                for arg in node.args.args:
                    if arg.arg in users:
                        users[arg.arg].add(path.name)
    assert all(len(files) == 1 for files in users.values()), users


def test_a_failed_background_site_build_fails_the_site_tests_with_its_output(tmp_path):
    """The site is built in the background (conftest.py, `_site_build_started_early`); the `site`
    fixture waits for its exit status and fails with the end of its output when it is not 0, and
    fails when no build was started at all."""
    from conftest import wait_for_site

    with pytest.raises(AssertionError, match="never started"):
        wait_for_site(tmp_path)
    (tmp_path / "claimed").touch()
    (tmp_path / "build.log").write_text("Traceback ...\nCellExecutionError: lesson 03, cell 4\n")
    (tmp_path / "rc").write_text("2")
    with pytest.raises(AssertionError, match=r"failed \(2\)(.|\n)*CellExecutionError: lesson 03"):
        wait_for_site(tmp_path)
    (tmp_path / "rc").write_text("0")
    assert wait_for_site(tmp_path) == tmp_path / "site"


@pytest.mark.slow  # starts two pytest-xdist workers and a kernel
def test_a_notebooks_cells_share_one_kernel_on_several_workers(tmp_path):
    """Run as `make test` distributes tests (two workers), a notebook whose later cells need its
    first cell's name passes: all its cells ran in one kernel, on one worker."""
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": "first = 1" if i == 0 else f"assert first == 1; {i}"} for i in range(8)]
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                      "language": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "cells.ipynb").write_text(json.dumps(nb))
    options = _plan("test")
    options[options.index("-n") + 1] = "2"
    done = subprocess.run([sys.executable, "-m", "pytest", *options, "-p", "no:cacheprovider", "-p", "no:randomly",
                           "--nbval-lax", "--nbval-current-env", "-q", "-o", "addopts=", "cells.ipynb"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "8 passed" in done.stdout, done.stdout[-3000:] + done.stderr[-2000:]


def test_benchmarks_md_holds_the_test_suite_figures():
    """The hand-measured test-suite section (benchmarks/test-suite.md) is in BENCHMARKS.md as
    benchmarks/report.py writes it, with a load average beside the figures."""
    section = (ROOT / "benchmarks" / "test-suite.md").read_text("utf-8")
    assert section in (ROOT / "BENCHMARKS.md").read_text("utf-8")
    assert "make check" in section and "Load average" in section


def test_make_bench_keeps_every_hand_written_section_of_benchmarks_md():
    """`make bench` rewrites BENCHMARKS.md: every top-level section in it is either written by
    benchmarks/report.py or kept by it (OTHER_SECTIONS, by the heading's start), and the explorer
    timings taken by hand are copied from their own file, so no measurement is lost on the next run."""
    import re

    from benchmarks.report import EXPLORERS_BY_HAND, OTHER_SECTIONS, TEST_SUITE, keep_other_sections

    page = (ROOT / "BENCHMARKS.md").read_text("utf-8")
    assert EXPLORERS_BY_HAND.read_text("utf-8") in page
    source = "".join(p.read_text("utf-8") for p in (ROOT / "benchmarks" / "report.py", TEST_SUITE, EXPLORERS_BY_HAND))
    for heading in re.findall(r"^## .+$", page, re.M):
        kept = any(heading.startswith(h) for h in OTHER_SECTIONS)
        assert kept or heading in source, f"make bench would drop {heading!r}"
        if kept:
            assert heading in keep_other_sections("# B\n", ROOT / "BENCHMARKS.md"), heading


def test_ci_runs_the_lowest_versions_job_in_its_own_venv():
    """The floors in pyproject.toml are tested: a CI job runs `make lowest`, which resolves the lowest
    versions gleap's requirements allow into a venv of its own (never the active one: uv run as
    `python -m uv` would otherwise install into the interpreter that started it) and runs the tests."""
    import yaml

    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))["jobs"]
    runs = {name: " ".join(step.get("run", "") for step in job["steps"]) for name, job in jobs.items()}
    assert any("make lowest" in run for run in runs.values()), runs
    plan = subprocess.run(["make", "--no-print-directory", "-n", "lowest", "UV=uv"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    install = next(l for l in plan.splitlines() if "pip install" in l)
    assert "--resolution lowest-direct" in install and "--python build/lowest-venv/bin/python" in install, install
    assert "[widgets,exercises,tools]" in install, install  # the extras whose floors the tests use
    pytest_line = next(l for l in plan.splitlines() if "-m pytest" in l)
    assert pytest_line.startswith("build/lowest-venv/bin/python "), pytest_line
    assert all(f in pytest_line for f in ("tests/test_package.py", "tests/test_student_runtime.py",
                                          "tests/test_analysis.py", "--doctest-modules")), pytest_line


def test_test_files_leave_sys_path_to_pytests_pythonpath():
    """tools/ and tests/ are importable through `pythonpath` in pyproject.toml, not through
    sys.path edits in each test file (a subprocess's own code string may still set its path)."""
    import tomllib

    ini = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"]["ini_options"]
    assert {"tools", "tests"} <= set(ini["pythonpath"]), ini["pythonpath"]
    assert "no:cacheprovider" not in ini["addopts"], "keep pytest's cache: --lf, --ff and --sw need it"
    edits = [f"{path.name}:{node.lineno}" for path in sorted((ROOT / "tests").glob("*.py"))
             for node in ast.walk(ast.parse(path.read_text("utf-8")))
             if isinstance(node, ast.Attribute) and node.attr in ("insert", "append")
             and isinstance(node.value, ast.Attribute) and node.value.attr == "path"
             and isinstance(node.value.value, ast.Name) and node.value.value.id == "sys"]
    assert not edits, f"sys.path edited in {edits}: pyproject.toml's pythonpath already has tools/ and tests/"
