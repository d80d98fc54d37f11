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


#: Fixtures built once per run and shared by many tests: a test that uses one runs on the worker
#: that holds it (pytest-xdist --dist loadgroup), and its cost says which lane it is in.
SHARED_FIXTURES = {
    # fixture: (xdist group, marker)
    "site": ("site", "slow"),               # tools/make_site.py: every lesson, both languages
    "jupyterlab": ("jupyterlab", None),     # one JupyterLab for every browser test (marked browser)
    "built": ("exercises", "slow"),         # otter assign of every English set
    "built_pl": ("exercises-pl", "slow"),   # and of every Polish one
    "dist": ("wheel", "release"),           # python -m build, twine check
    "core_env": ("wheel", "release"),       # a core-only venv with the wheel
}


def _lanes_and_groups(items) -> None:
    """Markers and xdist groups from what each test uses: a notebook's cells (nbval) share one
    kernel, so they stay together; so do the users of each shared fixture."""
    for item in items:
        group = None
        if type(item).__name__ == "IPyNbCell":  # nbval: one kernel per notebook
            group = "nb:" + Path(str(item.fspath)).relative_to(ROOT).as_posix()
        for fixture in getattr(item, "fixturenames", ()):
            if fixture in SHARED_FIXTURES:
                shared_group, marker = SHARED_FIXTURES[fixture]
                group = group or shared_group
                if marker:
                    item.add_marker(getattr(pytest.mark, marker))
        if group and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    _lanes_and_groups(items)
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
    return nb, [c for c in nb.cells if c.cell_type == "code" and 'check("q' in c.source]
