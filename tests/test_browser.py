"""JupyterLab in a real browser: Debian's Chromium, driven by Playwright.

The tests start their own JupyterLab (from this Python, so its kernel has gleap_data) on a
temporary copy of the notebooks, open a notebook, Run All, wait for its charts, then move a
slider and check that both the chart and the sentence under it change.

Run only these:  python -m pytest tests/test_browser.py -m browser -o addopts="" -v
On failure, screenshots go to build/test-artifacts/ (see conftest.py).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from gleap_data.labels import label

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LAB_START_TIMEOUT = 120  # s
RUN_ALL_TIMEOUT = 240_000  # ms
CHANGE_TIMEOUT = 30_000  # ms


def _notebook_calling(call: str) -> Path:
    """The (first) notebook whose code calls ``call``; the tests follow the widget if it moves."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        cells = json.loads(path.read_text("utf-8"))["cells"]
        if any(call in "".join(c["source"]) for c in cells if c["cell_type"] == "code"):
            return path
    pytest.fail(f"no notebook in {NOTEBOOKS} calls {call}")


# ------------------------------------------------------------------ JupyterLab

@dataclass
class Lab:
    url: str
    token: str
    root: Path
    log: Path
    process: subprocess.Popen

    def api(self, path: str):
        with urllib.request.urlopen(f"{self.url}{path}?token={self.token}", timeout=10) as r:
            return json.load(r)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lab_settings(folder: Path) -> None:
    """No 'Jupyter news?' pop-up over the page; every cell kept in the page (no windowing);
    the notebook's kernel started without a 'Select Kernel' dialog."""
    settings = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
            {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings":
            {"windowingMode": "none", "autoStartDefaultKernel": True},
    }
    for name, value in settings.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """A JupyterLab of this Python on a copy of notebooks/, stopped at the end."""
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "repo"
    shutil.copytree(NOTEBOOKS, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    _lab_settings(tmp / "settings")
    for sub in ("config", "data", "runtime", "workspaces"):
        (tmp / sub).mkdir()
    env = {**os.environ,
           "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
           "JUPYTER_CONFIG_DIR": str(tmp / "config"),      # no user configuration,
           "JUPYTER_DATA_DIR": str(tmp / "data"),          # no user kernels: this Python's own
           "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "JUPYTER_PLATFORM_DIRS": "1",
           "PYTHONUNBUFFERED": "1"}
    env.pop("GLEAP_STATIC_WIDGETS", None)
    port, token = _free_port(), uuid.uuid4().hex
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}",
               "--ServerApp.port_retries=0", "--ServerApp.open_browser=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = tmp / "jupyterlab.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    lab = Lab(f"http://127.0.0.1:{port}", token, root, log, process)
    try:
        deadline = time.monotonic() + LAB_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                lab.api("/api/status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer in {LAB_START_TIMEOUT} s:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
        yield lab
    finally:
        process.terminate()  # the server shuts its kernels down
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        try:  # anything of this Lab still alive (a kernel), in its own process group
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


# ------------------------------------------------------------------ helpers

_CHART_SIGNATURE = """el => Array.from(el.querySelectorAll(
        '.cartesianlayer path, .shapelayer path, .barlayer path, .annotation-text'))
    .map(p => (p.getAttribute('d') || p.textContent || '') + '@' + (p.getAttribute('transform') || ''))
    .join('|')"""


_KERNEL_READY = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const name = panel && panel.querySelector('.jp-Toolbar-kernelName');
    const state = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
    return !!(name && state && name.innerText.trim() && !/No Kernel/i.test(name.innerText)
              && state.dataset.status === 'idle');
}"""


def _wait_kernel_ready(page, lab: "Lab", notebook: Path, timeout_s: float = RUN_ALL_TIMEOUT / 1000) -> None:
    """The notebook's kernel is attached (not 'No Kernel'), the page shows it idle, and the server
    agrees. (The indicator alone reads 'idle' before any kernel is attached.)"""
    deadline = time.monotonic() + timeout_s
    while True:
        _accept_kernel_dialog(page)
        sessions = [s for s in lab.api("/api/sessions") if s["path"].endswith(f"notebooks/{notebook.name}")]
        if (sessions and sessions[0]["kernel"]["execution_state"] == "idle"
                and page.evaluate(_KERNEL_READY)):
            return
        if time.monotonic() > deadline:
            pytest.fail(f"{notebook.name}: the kernel was not ready in {timeout_s:.0f} s (sessions: {sessions})")
        page.wait_for_timeout(500)


def _accept_kernel_dialog(page) -> None:
    """Should JupyterLab still ask which kernel to start, take the one it proposes."""
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    if dialog.count():
        dialog.locator(".jp-Dialog-button.jp-mod-accept").first.click()


def open_and_run_all(page, lab: Lab, notebook: Path) -> None:
    """Open the notebook, Run All, and wait until every code cell has run and the kernel is idle."""
    code_cells = sum(c["cell_type"] == "code" for c in json.loads(notebook.read_text("utf-8"))["cells"])
    page.goto(f"{lab.url}/lab/tree/notebooks/{notebook.name}?token={lab.token}")
    page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
    _wait_kernel_ready(page, lab, notebook)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator("li[data-command='runmenu:run-all']").click()
    done = """n => {
            const prompts = Array.from(document.querySelectorAll(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt'));
            return prompts.length === n && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }"""
    deadline = time.monotonic() + RUN_ALL_TIMEOUT / 1000
    while not page.evaluate(done, code_cells):
        _accept_kernel_dialog(page)
        if time.monotonic() > deadline:
            pytest.fail(f"{notebook.name}: Run All did not finish in {RUN_ALL_TIMEOUT / 1000:.0f} s")
        page.wait_for_timeout(500)
    _wait_kernel_ready(page, lab, notebook)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
    assert errors.count() == 0, f"{notebook.name}: a cell raised: {errors.first.inner_text()[:500]}"


def explorer(page, slider_label: str):
    """The output holding the widget whose slider has this label: (slider handle, chart, readout)."""
    slider = page.locator(".widget-slider", has=page.locator(".widget-label", has_text=slider_label))
    output = page.locator(".jp-OutputArea-output", has=slider).first
    output.scroll_into_view_if_needed(timeout=60_000)
    chart = output.locator(".js-plotly-plot").first
    _wait_chart_drawn(page, chart)
    readout = output.locator(".widget-html").last
    return output.locator(".widget-slider", has=page.locator(".widget-label", has_text=slider_label)) \
        .first.locator(".noUi-handle").first, chart, readout


def _wait_chart_drawn(page, chart, settle_ms: int = 1000) -> None:
    """Until the chart has drawn traces and stopped changing: a FigureWidget first draws empty
    axes, then its data."""
    chart.wait_for(timeout=60_000)
    page.wait_for_function("el => el.querySelectorAll('.cartesianlayer .trace, .barlayer .trace').length > 0",
                           arg=chart.element_handle(), timeout=60_000, polling=200)
    previous, deadline = None, time.monotonic() + 60
    while time.monotonic() < deadline:
        current = chart.evaluate(_CHART_SIGNATURE)
        if current == previous:
            return
        previous = current
        page.wait_for_timeout(settle_ms)
    pytest.fail("the chart kept changing for 60 s without anyone touching it")


def move_and_expect_change(page, handle, chart, readout, presses: int = 1) -> tuple[str, str]:
    chart_before = chart.evaluate(_CHART_SIGNATURE)
    text_before = readout.inner_text()
    assert chart_before and text_before.strip(), "chart or readout empty before moving the slider"
    handle.focus()
    for _ in range(presses):
        handle.press("ArrowRight")
    try:
        page.wait_for_function(
            f"([el, before]) => ({_CHART_SIGNATURE})(el) !== before",
            arg=[chart.element_handle(), chart_before], timeout=CHANGE_TIMEOUT, polling=100)
    except PlaywrightTimeoutError:
        pytest.fail(f"the chart did not change within {CHANGE_TIMEOUT / 1000:.0f} s of moving the slider")
    try:
        page.wait_for_function(
            "([el, before]) => el.innerText !== before",
            arg=[readout.element_handle(), text_before], timeout=CHANGE_TIMEOUT, polling=100)
    except PlaywrightTimeoutError:
        pytest.fail(f"the sentence under the chart did not change within {CHANGE_TIMEOUT / 1000:.0f} s: {text_before!r}")
    return text_before, readout.inner_text()


# ------------------------------------------------------------------ tests

def test_lab_kernel_is_this_python_with_gleap_data(jupyterlab):
    """The kernel Lab starts for the notebooks is the Python that has gleap_data installed."""
    specs = jupyterlab.api("/api/kernelspecs")
    spec = specs["kernelspecs"][specs["default"]]["spec"]
    assert specs["default"] == "python3"
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        kernel = json.loads(path.read_text("utf-8"))["metadata"]["kernelspec"]["name"]
        assert kernel == specs["default"], f"{path.name} asks for kernel {kernel!r}"
    executable = spec["argv"][0]
    if executable in ("python", f"python{sys.version_info[0]}", "python%d.%d" % sys.version_info[:2]):
        executable = sys.executable  # jupyter_client runs the server's own Python for these
    assert Path(executable).resolve() == Path(sys.executable).resolve()
    found = subprocess.run([executable, "-c", "import gleap_data; print(gleap_data.__file__)"],
                           capture_output=True, text=True, timeout=60)
    assert found.returncode == 0, found.stderr


def test_excess_deaths_slider_changes_chart_and_total(jupyterlab, page):
    notebook = _notebook_calling("excess_deaths_explorer(")
    open_and_run_all(page, jupyterlab, notebook)
    assert page.locator(".js-plotly-plot").count() >= 1
    handle, chart, readout = explorer(page, label("ex_under", "en"))
    assert "excess deaths" in readout.inner_text()
    before, after = move_and_expect_change(page, handle, chart, readout)
    assert before != after and "million" in after, (before, after)


def test_labour_slider_changes_chart_and_harvest(jupyterlab, page):
    notebook = _notebook_calling("labour_explorer(")
    open_and_run_all(page, jupyterlab, notebook)
    handle, chart, readout = explorer(page, label("lab_share", "en"))
    assert "harvest" in readout.inner_text()
    before, after = move_and_expect_change(page, handle, chart, readout, presses=5)
    assert before != after and "harvest" in after, (before, after)
