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
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from gleap_data.labels import label
from lab_server import Lab, start_lab, stop_lab

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LAB_START_TIMEOUT = 120  # s
RUN_ALL_TIMEOUT = 240_000  # ms
CHANGE_TIMEOUT = 30_000  # ms


def _rel(notebook: Path) -> str:
    """The notebook's path inside notebooks/ ("05_x.ipynb", or "pl/05_y.ipynb" for the Polish edition)."""
    return notebook.resolve().relative_to(NOTEBOOKS.resolve()).as_posix()


def _notebook_calling(call: str) -> Path:
    """The (first) notebook whose code calls ``call``; the tests follow the widget if it moves."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        cells = json.loads(path.read_text("utf-8"))["cells"]
        if any(call in "".join(c["source"]) for c in cells if c["cell_type"] == "code"):
            return path
    pytest.fail(f"no notebook in {NOTEBOOKS} calls {call}")


# ------------------------------------------------------------------ JupyterLab

@pytest.fixture(scope="session")
def jupyterlab(tmp_path_factory):
    """One JupyterLab of this Python on a copy of notebooks/, shared by every browser test and
    stopped at the end. Its application settings hold Binder's overrides.json."""
    try:
        lab = start_lab(tmp_path_factory.mktemp("lab"), NOTEBOOKS)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield lab
    finally:
        stop_lab(lab)


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
        sessions = [s for s in lab.api("/api/sessions") if s["path"].endswith(f"notebooks/{_rel(notebook)}")]
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
    lab.shut_down_kernels()
    # ?reset: a fresh workspace, so only this notebook is open (Lab is shared between tests)
    page.goto(f"{lab.url}/lab/tree/notebooks/{_rel(notebook)}?reset&token={lab.token}")
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
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
    """The output holding the explorer whose slider has this label: (slider, chart, readout)."""
    control = page.locator(".gleap-control", has=page.locator("label", has_text=slider_label))
    output = page.locator(".jp-OutputArea-output", has=control).first
    output.scroll_into_view_if_needed(timeout=60_000)
    chart = output.locator(".js-plotly-plot").first
    _wait_chart_drawn(page, chart)
    readout = output.locator(".gleap-readout").last
    return output.locator(".gleap-control", has=page.locator("label", has_text=slider_label)) \
        .first.locator("input[type=range]").first, chart, readout


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


#: The explorers whose sentence under the chart is read as a student reads it, in the parity test's
#: Run All of their lesson (each had a Run All of its own before: BENCHMARKS.md section 5): the
#: explorer's control label, a word the sentence holds before and after a move, the key presses.
READOUT_CHECKS = {
    "excess_deaths_explorer(": ("ex_under", "excess deaths", "million", 1),
    "labour_explorer(": ("lab_share", "harvest", "harvest", 5),
}


def _check_readout_follows_the_slider(page, call: str) -> None:
    """The explorer's slider (by its label) moves the chart and changes the sentence under it."""
    key, word_before, word_after, presses = READOUT_CHECKS[call]
    handle, chart, readout = explorer(page, label(key, "en"))
    assert word_before in readout.inner_text(), readout.inner_text()
    if call == "excess_deaths_explorer(":
        # plotly.js is the copy JupyterLab's plotly extension loaded, not one asked of the kernel
        assert page.evaluate("() => !!window.Plotly && window.__gleapPlotly === undefined")
    before, after = move_and_expect_change(page, handle, chart, readout, presses=presses)
    assert before != after and word_after in after, (before, after)


# ------------------------------------------------------------------ what the student sees = what Python built

from chart_parity import PAGE_CHARTS_JS, first_difference, kernel_chart  # noqa: E402

#: Every English lesson, and the Polish lessons with explorers (the issue asks for at least one).
ALL_NOTEBOOKS = sorted(NOTEBOOKS.glob("*.ipynb")) + [
    p for p in sorted((NOTEBOOKS / "pl").glob("*.ipynb"))
    if p.name[:2] in ("03", "05") and "gd.widgets." in p.read_text("utf-8")]
PARITY_TIMEOUT = 20  # s for the page to show what the kernel holds after a change

#: Runs in the notebook's own kernel (through a second client): the figures inside a widget, and
#: the values of its controls, as JSON.
_KERNEL_HELPERS = r'''
def __gleap_widget_state(model_id):
    import json
    import numpy as np
    from ipywidgets.widgets.widget import _instances
    from plotly.basewidget import BaseFigureWidget

    from gleap_data.widgets import _Explorer

    def plain(v):
        if isinstance(v, np.ndarray):
            return v.tolist()
        if isinstance(v, (list, tuple)):
            return [plain(e) for e in v]
        if isinstance(v, dict):
            return {k: plain(e) for k, e in v.items()}
        if isinstance(v, np.generic):
            return v.item()
        return v

    figures, controls = [], []
    def walk(w):
        if isinstance(w, _Explorer):  # an explorer drawn in the page: its kernel figure and state (its traits)
            figures.append(plain(w.figure.to_plotly_json()))
            controls.append(repr(sorted(w.state().items())))
            return
        if isinstance(w, BaseFigureWidget):
            figures.append(plain(w.to_plotly_json()))
            return
        for child in getattr(w, "children", ()) or ():
            walk(child)
        if not getattr(w, "children", None) and hasattr(w, "value"):
            controls.append(repr(w.value))
    walk(_instances[model_id])
    print(json.dumps({"figures": figures, "controls": controls}, default=str))
'''


class KernelProbe:
    """A second client of the notebook's kernel (the one the page runs), to read what Python holds."""

    def __init__(self, lab: Lab, notebook: Path):
        from jupyter_client import BlockingKernelClient

        sessions = [s for s in lab.api("/api/sessions") if s["path"].endswith(f"notebooks/{_rel(notebook)}")]
        assert sessions, f"{notebook.name}: no kernel session"
        connection = lab.runtime / f"kernel-{sessions[0]['kernel']['id']}.json"
        self.client = BlockingKernelClient(connection_file=str(connection))
        self.client.load_connection_file()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)
        self.run(_KERNEL_HELPERS)

    def run(self, code: str) -> str:
        out = []
        reply = self.client.execute_interactive(
            code, store_history=False, timeout=60,
            output_hook=lambda msg: out.append(msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None)
        assert reply["content"]["status"] == "ok", reply["content"]
        return "".join(out)

    def widget(self, model_id: str) -> dict:
        return json.loads(self.run(f"__gleap_widget_state({model_id!r})"))

    def close(self):
        self.client.stop_channels()


def _save_and_read(page, lab: Lab, notebook: Path) -> dict:
    """Save the notebook from the page and read it from disk: the outputs the kernel sent."""
    path = lab.root / "notebooks" / _rel(notebook)
    before = path.stat().st_mtime_ns
    page.locator(".lm-MenuBar-itemLabel", has_text="File").first.click()
    page.locator("li[data-command='docmanager:save']").first.click()
    deadline = time.monotonic() + 60
    while path.stat().st_mtime_ns == before:
        if time.monotonic() > deadline:
            pytest.fail(f"{notebook.name}: saving did not write the file in 60 s")
        page.wait_for_timeout(200)
    page.wait_for_timeout(500)
    return json.loads(path.read_text("utf-8"))


def _outputs(nb: dict) -> list[list[tuple[str, object]]]:
    """Per code cell, its charts in order: ("figure", dict) or ("widget", model_id)."""
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        items = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                items.append(("widget", data["application/vnd.jupyter.widget-view+json"]["model_id"]))
            elif "application/vnd.plotly.v1+json" in data:
                items.append(("figure", data["application/vnd.plotly.v1+json"]))
        cells.append(items)
    return cells


def _page_cells(page):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell")


def _expect_page_shows(page, notebook: Path, where, expected, what: str) -> None:
    """Poll until the charts under ``where`` (a locator) equal ``expected`` (kernel charts), or
    what ``expected()`` returns, asked again on every poll: a change the page sent may reach the
    kernel after the first look (a busy machine), and the page must then show the kernel's newest state."""
    deadline = time.monotonic() + PARITY_TIMEOUT
    while True:
        if callable(expected):
            now = expected()
        else:
            now = expected
        shown = where.evaluate(PAGE_CHARTS_JS)
        problem = (f"{len(shown)} charts in the page, {len(now)} in the kernel"
                   if len(shown) != len(now) else
                   next(filter(None, (first_difference(s, k) for s, k in zip(shown, now, strict=True))), None))
        if problem is None:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"{notebook.name}, {what}: {problem}", pytrace=False)
        page.wait_for_timeout(250)


def _wait_kernel_idle(lab: Lab, notebook: Path, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        sessions = [s for s in lab.api("/api/sessions") if s["path"].endswith(f"notebooks/{_rel(notebook)}")]
        if sessions and sessions[0]["kernel"]["execution_state"] == "idle":
            return
        time.sleep(0.1)


#: The controls of an explorer, in page order, each with how to operate it from the keyboard.
_CONTROLS_JS = r"""
(out) => {
  const found = [];
  out.querySelectorAll('.gleap-control').forEach(w => {
    const label = w.dataset.name, kind = w.dataset.kind;
    if (kind === 'slider') found.push({kind: 'gslider', label, index: 0});
    else if (kind === 'range') [0, 1].forEach(i => found.push({kind: 'gslider', label, index: i}));
    else if (kind === 'dropdown') found.push({kind: 'gdropdown', label, index: 0, options: w.querySelectorAll('option').length});
    else if (kind === 'toggle') w.querySelectorAll('button').forEach((b, i) => found.push({kind: 'gtoggle', label, index: i}));
    else if (kind === 'tags') found.push({kind: 'gtags', label, index: 0});
  });
  out.querySelectorAll('.widget-slider, .widget-dropdown, .widget-toggle-buttons, .widget-checkbox, .widget-select, .widget-tagsinput').forEach(w => {
    const label = (w.querySelector('.widget-label') || {}).textContent || '';
    if (w.classList.contains('widget-slider')) {
      w.querySelectorAll('.noUi-handle').forEach((h, i) => found.push({kind: 'slider', label, index: i}));
    } else if (w.classList.contains('widget-dropdown')) {
      found.push({kind: 'dropdown', label, index: 0, options: w.querySelectorAll('option').length});
    } else if (w.classList.contains('widget-tagsinput')) {
      found.push({kind: 'tags', label, index: 0});
    } else if (w.classList.contains('widget-select')) {
      found.push({kind: 'list', label, index: 0, options: w.querySelectorAll('option').length});
    } else if (w.classList.contains('widget-toggle-buttons')) {
      w.querySelectorAll('button').forEach((b, i) => found.push({kind: 'toggle', label, index: i}));
    } else {
      found.push({kind: 'checkbox', label, index: 0});
    }
  });
  return found;
}
"""


def _focusable(output, control: dict):
    """The element a keyboard user focuses to operate ``control``."""
    if control["kind"].startswith("g"):  # an explorer drawn in the page (gleap_data/explorer.js)
        box = output.locator(f".gleap-control[data-name='{control['label']}']").first
        return box.locator({"gslider": "input[type=range]", "gdropdown": "select", "gtoggle": "button",
                            "gtags": "input[type=text]"}[control["kind"]]).nth(control["index"])
    if control["kind"] == "slider":
        widget = output.locator(".widget-slider", has_text=control["label"]).first
        return widget.locator(".noUi-handle").nth(control["index"])
    if control["kind"] == "dropdown":
        return output.locator(".widget-dropdown", has_text=control["label"]).first.locator("select")
    if control["kind"] == "list":
        return output.locator(".widget-select", has_text=control["label"]).first.locator("select")
    if control["kind"] == "tags":
        return output.locator(".widget-tagsinput", has_text=control["label"]).first.locator("input")
    if control["kind"] == "toggle":
        return output.locator(".widget-toggle-buttons", has_text=control["label"]).first.locator("button").nth(control["index"])
    return output.locator(".widget-checkbox", has_text=control["label"]).first.locator("input")


def _key_presses(control: dict) -> list[tuple[str, ...]]:
    """Each slider both ways (and back), every dropdown option, every toggle button. A dropdown is
    opened with Alt+Down, moved with an arrow and chosen with Enter (what works in every Chromium;
    a bare arrow on a closed list only opens it in headless Chromium)."""
    if control["kind"] in ("slider", "gslider"):
        return [("ArrowRight",), ("ArrowLeft",), ("ArrowLeft",), ("ArrowRight",)]
    if control["kind"] in ("dropdown", "gdropdown"):
        n = control["options"]
        return [("Alt+ArrowDown", "ArrowDown", "Enter")] * (n - 1) + [("Alt+ArrowDown", "ArrowUp", "Enter")] * (n - 1)
    if control["kind"] in ("tags", "gtags"):  # type a name and press Enter; Backspace takes the last one off
        return [tuple("Hunan") + ("Enter",), ("Backspace",)]
    if control["kind"] == "list":  # a list box: the next option, the one after, then back
        return [("ArrowDown",), ("ArrowDown",), ("Shift+ArrowUp",), ("ArrowUp",)]
    return [("Space",)]


def _check_explorer(page, lab: Lab, probe: KernelProbe, notebook: Path, output, model_id: str) -> int:
    """Operate every control of one explorer from the keyboard; after each key the page must show
    what the kernel holds. Returns the number of comparisons made."""
    controls = output.evaluate(_CONTROLS_JS)
    assert controls, f"{notebook.name}: an explorer with no controls"
    # reached from the keyboard: Tab goes from each control to the next, in order (a slider's
    # editable readout is a stop of its own on the way)
    targets = [_focusable(output, c) for c in controls]
    targets[0].focus()
    focused = "el => el === document.activeElement || el.contains(document.activeElement)"
    for previous, control, target in zip(controls, controls[1:], targets[1:]):
        for _ in range(3):
            page.keyboard.press("Tab")
            assert output.evaluate(focused), (
                f"{notebook.name}: Tab from {previous['kind']} {previous['label']!r} leaves the explorer")
            if target.evaluate(focused):
                break
        else:
            pytest.fail(f"{notebook.name}: three Tabs from {previous['kind']} {previous['label']!r} do not reach "
                        f"{control['kind']} {control['label']!r}")
    checks = 0
    for control in controls:
        target = _focusable(output, control)
        moved = False
        for keys in _key_presses(control):
            key = "+".join(keys) if len(keys) == 1 else ", ".join(keys)
            before = probe.widget(model_id)["controls"]
            target.focus()
            for k in keys:
                page.keyboard.press(k)
            deadline = time.monotonic() + 3  # a key at the end of a slider changes nothing
            while probe.widget(model_id)["controls"] == before and time.monotonic() < deadline:
                page.wait_for_timeout(50)

            def kernel_now(before=before):
                nonlocal moved
                _wait_kernel_idle(lab, notebook)
                state = probe.widget(model_id)
                moved = moved or state["controls"] != before
                return [kernel_chart(f) for f in state["figures"]]

            _expect_page_shows(page, notebook, output, kernel_now,
                               f"after {key} on {control['kind']} {control['label']!r}")
            checks += 1
        # operable from the keyboard: some key on this control changed what Python holds
        assert moved or (control["kind"] in ("toggle", "gtoggle") and control["index"] == 0), (
            f"{notebook.name}: {_key_presses(control)} on {control['kind']} {control['label']!r} "
            "changed nothing in the kernel")
    return checks


@pytest.mark.parametrize("notebook", ALL_NOTEBOOKS, ids=lambda p: _rel(p).removesuffix(".ipynb"))
def test_every_chart_shows_what_the_kernel_built(jupyterlab, page, notebook):
    """Run All; every plotly chart in the page holds the kernel's x, y and text for every trace;
    then every control of every explorer is operated from the keyboard (each slider both ways,
    each dropdown option, each toggle button) and the comparison is made again after each key.
    In the same Run All: a lesson of NARROW_NOTEBOOKS must fit a school laptop (800 px, first),
    and the explorers of READOUT_CHECKS must change the sentence under their chart (before the
    keyboard checks)."""
    open_and_run_all(page, jupyterlab, notebook)
    # Binder's overrides.json (installed in this Lab) keeps the "Jupyter news?" pop-up away
    assert page.get_by_text("official Jupyter news").count() == 0, "the Jupyter news pop-up is shown"
    if notebook in NARROW_NOTEBOOKS:  # a school laptop, in this same Run All; then back to 1400 px
        _check_fits_a_school_laptop(page, notebook)
        page.set_viewport_size({"width": 1400, "height": 1000})
    expected_cells = _outputs(_save_and_read(page, jupyterlab, notebook))
    cells = _page_cells(page)
    assert cells.count() == len(expected_cells)
    probe = KernelProbe(jupyterlab, notebook)
    try:
        widgets = []
        for index, items in enumerate(expected_cells):
            if not items:
                continue
            cell = cells.nth(index)
            cell.scroll_into_view_if_needed()
            expected = []
            for kind, value in items:
                if kind == "figure":
                    expected.append(kernel_chart(value))
                else:
                    expected += [kernel_chart(f) for f in probe.widget(value)["figures"]]
                    widgets.append((index, value))
            _expect_page_shows(page, notebook, cell, expected, f"code cell {index + 1} after Run All")
        # the sentence under an explorer follows its slider, from the state Run All left (the keyboard
        # checks below end elsewhere: a toggle can leave the slider with nothing to move)
        for call in READOUT_CHECKS:
            if notebook == _notebook_calling(call):
                _check_readout_follows_the_slider(page, call)
        checks = 0
        for index, model_id in widgets:
            output = cells.nth(index).locator(".jp-OutputArea-output", has=page.locator(".js-plotly-plot")).first
            checks += _check_explorer(page, jupyterlab, probe, notebook, output, model_id)
        uses_widgets = any("gd.widgets." in "".join(c["source"]) for c in
                           json.loads(notebook.read_text("utf-8"))["cells"] if c["cell_type"] == "code")
        assert bool(widgets) == uses_widgets, f"{notebook.name}: explorers in the code but none found in the page"
        assert not widgets or checks >= len(widgets)
    finally:
        probe.close()


# ------------------------------------------------------------------ a school laptop

#: Lessons the walkthrough read at 800 px (05, and the Polish province tiles, ranking and explorer
#: of 07), and every other explorer in the Polish edition, whose words are the longest: the
#: employment explorer and the timeline (01), the labour explorer (03), the estimates (06).
NARROW_NOTEBOOKS = [NOTEBOOKS / "05_counting_the_dead.ipynb"] + [
    NOTEBOOKS / "pl" / name for name in ("01_praca_zamiast_kapitalu.ipynb", "03_komuny_i_zbiory.ipynb",
                                         "05_liczenie_zmarlych.ipynb", "06_szacunki_kto_liczy.ipynb",
                                         "07_gdzie_umierali_ludzie.ipynb")]


def _check_fits_a_school_laptop(page, notebook: Path) -> None:
    """JupyterLab at 800 x 1000 with the file browser open (a 368 px output area), on a notebook that
    has run: no explorer wider than its output or scrolled sideways, no control, label or readout
    cut, every table fitting or scrolling inside itself with its first column held and every column
    reachable, no chart title or source line past the chart's edge, no two chart labels over each
    other. The page is left at 800 px."""
    from narrow import NARROW_JS

    page.set_viewport_size({"width": 800, "height": 1000})
    files = page.locator(".jp-FileBrowser")
    if not files.is_visible():
        page.locator(".jp-SideBar.jp-mod-left [data-id='filebrowser']").click()
    files.wait_for(state="visible")
    page.wait_for_function("""() => Array.from(document.querySelectorAll('.gleap-explorer .js-plotly-plot'))
                                .every(gd => gd.querySelector('.main-svg'))""", timeout=60_000)
    page.wait_for_timeout(500)  # plotly's responsive resize
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    width = panel.evaluate("p => Math.max(...Array.from(p.querySelectorAll('.jp-OutputArea-output'), o => o.clientWidth))")
    assert 330 <= width <= 400, f"the output area is {width} px wide, not a school laptop's 368"
    # every cell laid out (JupyterLab renders cells out of view lazily)
    cells = panel.locator(".jp-Cell")
    for i in range(cells.count()):
        cells.nth(i).scroll_into_view_if_needed()
    problems = page.evaluate(NARROW_JS, [panel.element_handle(), ".jp-OutputArea-output"])
    shots = os.environ.get("GLEAP_NARROW_SHOTS")  # a folder: every output's screenshot, to look at
    if shots:
        folder = Path(shots) / _rel(notebook).removesuffix(".ipynb").replace("/", "_")
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / "page.png"))
        outputs = panel.locator(".jp-OutputArea-output")
        for i in range(outputs.count()):
            if outputs.nth(i).bounding_box() and outputs.nth(i).bounding_box()["height"] > 40:
                outputs.nth(i).scroll_into_view_if_needed()
                outputs.nth(i).screenshot(path=str(folder / f"output{i + 1:02d}.png"))
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} problems)"


#: The laptop lessons that the parity test does not Run All already (it checks the others).
LAPTOP_ONLY = [p for p in NARROW_NOTEBOOKS if p not in ALL_NOTEBOOKS]


@pytest.mark.parametrize("notebook", LAPTOP_ONLY, ids=lambda p: _rel(p).removesuffix(".ipynb"))
def test_lesson_fits_a_school_laptop(jupyterlab, browser, notebook):
    """After Run All at 1400 px, the lesson fits JupyterLab at 800 px (``_check_fits_a_school_laptop``).
    The lessons of NARROW_NOTEBOOKS that the parity test runs are checked there, in its Run All."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        open_and_run_all(page, jupyterlab, notebook)  # (at 800 px the toolbar hides the kernel's name it waits for)
        _check_fits_a_school_laptop(page, notebook)
    finally:
        context.close()
