"""Fixtures and hooks for the delivery tests (browser, Binder, static site).

Browser tests (marker ``browser``) need Debian's Chromium at /usr/bin/chromium (or $CHROMIUM):
- without it they are skipped, with the reason said, on a workstation;
- without it they FAIL when the environment variable CI is set: no browser test is skipped in CI.
On failure a screenshot (and the page's HTML) goes into build/test-artifacts/.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "build" / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: Flags that let Chromium run headless, as root, on a machine with no internet.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def chromium_present() -> bool:
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


#: Fixtures built once per run and shared by many tests, and the lane (marker) their users are in.
#: On several cores (`make test`: pytest-xdist with --dist loadfile) each test file runs on one
#: worker, so each of these is built once: every fixture here is used by one test file only
#: (tests/test_lanes.py checks that), and a notebook's cells (nbval: one kernel) stay together.
SHARED_FIXTURES = {
    "site": "slow",         # tools/make_site.py: every lesson, both languages (tests/test_site.py)
    "jupyterlab": None,     # one JupyterLab for every browser test (tests/test_browser.py, marked browser)
    "built": "slow",        # otter assign of every English set (tests/test_exercises.py)
    "built_pl": "slow",     # and of every Polish one (tests/test_exercises_pl.py)
    "dist": "release",      # python -m build, twine check (tests/test_wheel.py)
    "core_env": "release",  # a core-only venv with the wheel (tests/test_wheel.py)
}


#: Test files by what they cost in `make test`, the heaviest first (BENCHMARKS.md section 5: Run All in
#: JupyterLab, the Binder rehearsals, the assigned exercise sets, the site's checks).
#: pytest-xdist (--dist loadfile --no-loadscope-reorder) hands whole files to the workers in
#: collection order, so these start first and the many small files fill in behind them: no long
#: file is left running alone at the end (xdist's default order, by number of items, put the
#: 6-item Binder file near the end). Every other file keeps its place. test_site.py comes after
#: three long files, not first: its site is built in the background from the run's start
#: (`_site_build_started_early`), and a worker that took the file first would only wait for it.
HEAVIEST_FIRST = ["test_browser.py", "test_binder.py", "test_exercises.py", "test_site.py",
                  "test_exercises_pl.py", "test_benchmarks.py", "test_wheel.py"]


def _cost_rank(item) -> int:
    name = item.path.name
    return HEAVIEST_FIRST.index(name) if name in HEAVIEST_FIRST else len(HEAVIEST_FIRST)


def _lane(item) -> None:
    """The lane of a test that uses a shared fixture: its marker (slow, release)."""
    for fixture in getattr(item, "fixturenames", ()):
        marker = SHARED_FIXTURES.get(fixture)
        if marker:
            item.add_marker(getattr(pytest.mark, marker))


def _heaviest_first(items: list, collected: dict) -> None:
    """Each file's items together, the files in HEAVIEST_FIRST's order, then every other file in the
    order it was collected (``collected``: file -> its place). Stable: a file's items (a notebook's
    cells) keep their order."""
    items.sort(key=lambda item: (_cost_rank(item), collected.get(item.path, len(collected))))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # before every other plugin: the lanes' markers, which -m then deselects by
    collected = {}
    for item in items:
        _lane(item)
        collected.setdefault(item.path, len(collected))
    yield
    # after every other plugin, pytest's own fixture reordering among them: it groups the items of a
    # session-scoped parameter across files (pytest-playwright's [chromium]), which had put the site's
    # browser tests right after tests/test_browser.py, so that test_site.py went out second and its
    # worker waited minutes for the site build doing nothing (BENCHMARKS.md section 5, 2026-12-08)
    _heaviest_first(items, collected)
    if chromium_present() or _in_ci():
        return  # in CI a missing Chromium fails in the `browser_type_launch_args` fixture
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not found: browser tests need Debian's Chromium "
                                   "(apt-get install chromium); they are never skipped in CI")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config):
    if chromium_present():
        return f"browser tests: {CHROMIUM}"
    return (f"browser tests: {CHROMIUM} NOT FOUND: "
            + ("they will FAIL (CI is set)" if _in_ci() else "they will be SKIPPED"))


# ------------------------------------------------------------------ the site, built once per run, in the background

def site_build_folder(tmp_path_factory) -> Path:
    """The folder of this run's site build, the same for every pytest-xdist worker (a worker's
    basetemp is <the run's basetemp>/popen-gwN): the site in site/, the build's output in build.log,
    its exit status in rc once it has ended."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "site-build"


def _site_wanted(session) -> bool:
    return not os.environ.get("GLEAP_TEST_BUILT_SITE") and any(
        "site" in getattr(item, "fixturenames", ()) for item in session.items)


@pytest.fixture(scope="session", autouse=True)
def _site_build_started_early(request, tmp_path_factory):
    """tools/make_site.py (both languages, every lesson executed, the PDFs printed: 4-5 minutes of
    the run, most of it one process) starts in the background when the first worker starts its first
    test, if any test of the run uses the `site` fixture (tests/test_site.py). The other tests run
    meanwhile; the `site` fixture waits for the build and fails with its output if it failed. Before,
    the first site test built it in the foreground, and its worker did nothing else for minutes.
    One build per run: the worker that creates the folder's `claimed` file starts it; the others
    only wait for it. It is the same command, in the same checkout, as before."""
    if not _site_wanted(request.session):
        yield
        return
    folder = site_build_folder(tmp_path_factory)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(folder / "claimed", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:  # another worker started it
        yield
        return
    log = open(folder / "build.log", "w")
    # at the tests' own CPU priority: the site's tests wait for it, and test_site.py is one worker's
    # whole file (minutes) that cannot start before the build ends. At nice 10 (2026-12-08 00:00 to
    # 02:00) it got only what two busy workers left: 556 s at a load of 8-14 on 2 cores, and the worker
    # given test_site.py waited for it. What gives way instead is the Binder rehearsal's installs and
    # notebooks (LOWER_PRIORITY), which nothing waits for with a short timeout.
    proc = subprocess.Popen([sys.executable, str(ROOT / "tools" / "make_site.py"), "--out", str(folder / "site")],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def note_the_end():
        try:
            rc = proc.wait(timeout=SITE_BUILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = f"killed after {SITE_BUILD_TIMEOUT_S} s"
        log.close()
        (folder / "rc.tmp").write_text(str(rc))
        os.replace(folder / "rc.tmp", folder / "rc")

    waiter = threading.Thread(target=note_the_end, daemon=True)
    waiter.start()
    yield
    if request.session.shouldstop or request.session.shouldfail:  # -x, Ctrl-C: nobody will read it
        proc.kill()
    waiter.join()  # another worker's site tests may still wait for it


SITE_BUILD_TIMEOUT_S = 1800
#: A command prefix for long work in a test that nothing waits for with a short timeout (the Binder
#: rehearsal's pip installs and notebooks): the site build, which the site's tests wait for, and the
#: browser tests get the cores first.
LOWER_PRIORITY = ["nice", "-n", "10"] if shutil.which("nice") else []


def wait_for_site(folder: Path) -> Path:
    """The site built in the background into ``folder`` (`_site_build_started_early`), once it is
    built; an AssertionError with the end of the build's output if it failed."""
    import time

    assert (folder / "claimed").exists(), "the site build was never started (no test of the run uses `site`?)"
    deadline = time.monotonic() + SITE_BUILD_TIMEOUT_S + 60
    while not (folder / "rc").exists():
        assert time.monotonic() < deadline, f"the site build did not end in {SITE_BUILD_TIMEOUT_S} s"
        time.sleep(1)
    rc = (folder / "rc").read_text()
    assert rc == "0", f"tools/make_site.py failed ({rc}):\n{(folder / 'build.log').read_text(errors='replace')[-8000:]}"
    return folder / "site"


# ------------------------------------------------------------------ pytest-playwright settings

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a browser downloaded by Playwright."""
    if not chromium_present():
        pytest.fail(f"{CHROMIUM} not found, and CI is set: browser tests must run in CI. "
                    "Install it with `apt-get install chromium` (.ci/run does).", pytrace=False)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
            "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


# ------------------------------------------------------------------ artifacts on failure

def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    page = getattr(item, "funcargs", {}).get("page")
    lab = getattr(item, "funcargs", {}).get("jupyterlab")
    if page is None and lab is None:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / _artifact_name(item.nodeid)
    saved = []
    if page is not None:
        try:
            page.screenshot(path=f"{stem}.png", full_page=True, timeout=30_000)
            saved.append(f"{stem}.png")
            Path(f"{stem}.html").write_text(page.content(), "utf-8")
            saved.append(f"{stem}.html")
        except Exception as exc:  # the page may be gone; the report still matters more
            saved.append(f"(no screenshot: {exc})")
    if lab is not None and getattr(lab, "log", None) and Path(lab.log).exists():
        shutil.copy(lab.log, f"{stem}.jupyterlab.log")
        saved.append(f"{stem}.jupyterlab.log")
    report.sections.append(("artifacts", "\n".join(saved)))


def run_student_copy(folder, name: str, tmp_path):
    """Execute an unanswered student copy from a folder holding nothing but the notebook (raises on
    any error) and return it with its check cells (``check("q...")``)."""
    import shutil

    import nbclient
    import nbformat

    shutil.copy(folder / f"{name}.ipynb", tmp_path)
    nb = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb, _checks(nb)


#: How long a test waits for another worker's run of the same student copy (`student_copy_run_once`).
RUN_ONCE_WAIT_S = 900


def _checks(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code" and 'check("q' in c.source]


def student_copy_run_once(folder, name: str, tmp_path_factory):
    """`run_student_copy`, once per run for each copy, whichever worker asks first (issue 24: each
    notebook executed once per run). The first test that asks runs it, from a folder holding nothing
    but the notebook; every other test of the run, on any pytest-xdist worker, gets its own copy of
    that executed notebook (and fails with the same error when the run failed). Each test still makes
    its own checks of the outputs. Today: a Polish student copy's checks speak Polish
    (tests/test_exercises_pl.py) and no English reaches its outputs (tests/test_polish_outputs.py)."""
    import hashlib
    import time

    import nbformat

    source = Path(folder) / f"{name}.ipynb"
    base = tmp_path_factory.getbasetemp()
    runs = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "student-copy-runs"
    runs.mkdir(parents=True, exist_ok=True)
    key = f"{name}-{hashlib.sha256(str(source.resolve()).encode() + source.read_bytes()).hexdigest()[:16]}"
    done, failed = runs / f"{key}.ipynb", runs / f"{key}.error"
    try:
        os.close(os.open(runs / f"{key}.claimed", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:  # another test runs it, or ran it: wait for its result
        deadline = time.monotonic() + RUN_ONCE_WAIT_S
        while not (done.exists() or failed.exists()):
            assert time.monotonic() < deadline, f"{source.name}: another test's run did not end in {RUN_ONCE_WAIT_S} s"
            time.sleep(0.5)
        assert not failed.exists(), failed.read_text("utf-8")
        nb = nbformat.read(done, as_version=4)
        return nb, _checks(nb)
    try:
        nb, checks = run_student_copy(Path(folder), name, tmp_path_factory.mktemp(f"run-{name}"))
    except BaseException as exc:
        (runs / f"{key}.error.tmp").write_text(f"{source.name} failed when run alone: {exc!r}"[-20000:], "utf-8")
        os.replace(runs / f"{key}.error.tmp", failed)
        raise
    nbformat.write(nb, runs / f"{key}.ipynb.tmp")
    os.replace(runs / f"{key}.ipynb.tmp", done)
    return nb, checks
