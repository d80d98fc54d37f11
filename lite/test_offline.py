"""The JupyterLite edition in a real browser, offline: `make lite-test` (not part of `make test`;
lite/README.md, "Tests", says why).

Serves build/lite on 127.0.0.1, drives Debian's Chromium with Playwright, and aborts every request
that does not go to 127.0.0.1 (counted: the test fails on any). Opens lesson 05, runs every cell in
the page's Python, checks the explorer's chart against what the package computes here (same
control values), moves the under-registration slider from the keyboard, and checks again.

Also a benchmark (BENCHMARKS.md, "JupyterLite"): time to the first chart with a fresh browser
profile (cold) and again with the same profile (warm: the browser's cache), and the site's size.
    .venv/bin/python lite/test_offline.py --bench [--site build/lite]
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from chart_parity import PAGE_CHARTS_JS, first_difference, kernel_chart  # noqa: E402

SITE = ROOT / "build" / "lite"
LESSON = "notebooks/05_counting_the_dead.ipynb"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
KERNEL_TIMEOUT = 600  # s: Python starting in the page, on a busy 2-core machine
RUN_TIMEOUT = 600  # s: lesson 05 (seen: about 20 s after the kernel is ready, load average 3-8)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


@contextmanager
def serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


class Visit:
    """One browser context on the site, every request off 127.0.0.1 aborted and recorded."""

    def __init__(self, context, base: str):
        self.base, self.context = base, context
        self.blocked: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)
        self.page = context.pages[0] if context.pages else context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        if url.startswith((self.base + "/", "data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def open_and_run(self, notebook: str) -> dict:
        """Open the notebook, wait for the kernel, Run All; seconds from opening to each stage."""
        page, t0 = self.page, time.monotonic()
        page.goto(f"{self.base}/lab/index.html?path={notebook}")
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=120_000)
        deadline = time.monotonic() + KERNEL_TIMEOUT
        while not page.evaluate("""() => {
                const s = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
                const n = document.querySelector('.jp-NotebookPanel .jp-Toolbar-kernelName');
                return !!(s && n && s.dataset.status === 'idle' && /Pyodide/.test(n.innerText)); }"""):
            dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
            if dialog.count():
                dialog.locator(".jp-Dialog-button.jp-mod-accept").first.click()
            assert time.monotonic() < deadline, f"the page's Python did not start in {KERNEL_TIMEOUT} s"
            page.wait_for_timeout(500)
        times = {"kernel_ready_s": time.monotonic() - t0}
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator("li[data-command='runmenu:run-all']").click()
        page.wait_for_function("() => document.querySelector('.jp-NotebookPanel .js-plotly-plot .trace')",
                               timeout=RUN_TIMEOUT * 1000, polling=250)
        times["first_chart_s"] = time.monotonic() - t0
        cells = json.loads((SITE / "files" / notebook).read_text("utf-8"))["cells"]
        code = sum(c["cell_type"] == "code" for c in cells)
        done = """n => { const p = Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt'));
                         return p.length === n && p.every(x => /\\[\\d+\\]/.test(x.textContent)); }"""
        deadline = time.monotonic() + RUN_TIMEOUT
        while not page.evaluate(done, code):
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
            assert errors.count() == 0, f"{notebook}: a cell raised in the page:\n{errors.first.inner_text()[:2000]}"
            assert time.monotonic() < deadline, f"{notebook}: Run All did not finish in {RUN_TIMEOUT} s"
            page.wait_for_timeout(1000)
        times["all_cells_s"] = time.monotonic() - t0
        return times


@contextmanager
def chromium(user_data_dir: Path | None = None):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        options = dict(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                       viewport={"width": 1400, "height": 1000})
        if user_data_dir is None:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            try:
                yield context
            finally:
                browser.close()
        else:
            context = p.chromium.launch_persistent_context(str(user_data_dir), **options)
            try:
                yield context
            finally:
                context.close()


# ------------------------------------------------------------------ the test

def _explorer_state(output) -> dict:
    """The page's control positions, as the page holds them (an option's index, a range's ends)."""
    return output.evaluate("""out => Object.fromEntries(Array.from(out.querySelectorAll('.gleap-control')).map(c => {
        const ranges = c.querySelectorAll('input[type=range]');
        const select = c.querySelector('select');
        const pressed = Array.from(c.querySelectorAll('button')).findIndex(b => b.getAttribute('aria-pressed') === 'true');
        let v = null;
        if (c.dataset.kind === 'range') v = Array.from(ranges).map(r => Number(r.value));
        else if (ranges.length) v = Number(ranges[0].value);
        else if (select) v = select.selectedIndex;
        else if (pressed >= 0) v = pressed;
        return [c.dataset.name, v]; }))""")


def _expect_chart_is_the_packages(output, state: dict, what: str) -> None:
    """The explorer's chart in the page equals the package's figure for the same control values."""
    import gleap_data as gd
    from gleap_data import widgets

    explorer = gd.widgets.excess_deaths_explorer(lang="en")
    # the page's positions (an option's index, a range's ends) as the controls' values: the traits
    explorer.set_state({name: widgets._decode(explorer.controls[name], value)
                        for name, value in state.items() if value is not None})
    page = output.evaluate(PAGE_CHARTS_JS)
    assert len(page) == 1, f"{what}: {len(page)} charts in the explorer's output"
    difference = first_difference(page[0], kernel_chart(explorer.figure.to_plotly_json()))
    assert difference is None, f"{what}: the page's chart is not the package's: {difference}"
    return explorer


def test_lesson_05_runs_offline_and_its_explorer_shows_what_the_package_computes():
    assert (SITE / "jupyter-lite.json").exists(), f"{SITE} not built: run make lite"
    assert os.path.isfile(CHROMIUM), f"{CHROMIUM} not found (apt-get install chromium)"
    with serve(SITE) as base, chromium() as context:
        visit = Visit(context, base)
        try:
            times = visit.open_and_run(LESSON)
            print(f"lesson 05 in the page: {times}")
            page = visit.page
            control = page.locator(".gleap-control[data-name='underregistration']").first
            output = page.locator(".jp-OutputArea-output", has=control).first
            output.scroll_into_view_if_needed()
            state = _explorer_state(output)
            assert state.get("underregistration") == 0, state
            _expect_chart_is_the_packages(output, state, "as drawn")
            before = output.evaluate(PAGE_CHARTS_JS)
            slider = control.locator("input[type=range]").first
            slider.focus()
            slider.press("ArrowRight")
            page.wait_for_function("([out, b]) => JSON.stringify(b) !== JSON.stringify((%s)(out))" % PAGE_CHARTS_JS,
                                   arg=[output.element_handle(), before], timeout=60_000, polling=100)
            moved = _explorer_state(output)
            assert moved["underregistration"] == 1, moved
            explorer = _expect_chart_is_the_packages(output, moved, "after ArrowRight on the under-registration slider")
            # the page's Python recomputed the readout too: the sentence under the chart is the package's
            expected = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", explorer.readout.value)).strip()
            readout = output.locator(".gleap-readout").last
            page.wait_for_function("([el, t]) => el.innerText.replace(/\\s+/g, ' ').trim() === t",
                                   arg=[readout.element_handle(), expected], timeout=60_000, polling=200)
            assert not visit.errors, f"errors in the page: {visit.errors[:3]}"
        except Exception:
            (ROOT / "build" / "test-artifacts").mkdir(parents=True, exist_ok=True)
            visit.page.screenshot(path=str(ROOT / "build" / "test-artifacts" / "lite_lesson_05.png"), full_page=True)
            raise
        finally:
            assert not visit.blocked, f"requests that tried to leave 127.0.0.1: {visit.blocked[:10]}"


EXERCISES = {"en": ("exercises/student/05_counting.ipynb", "q2: correct."),
             "pl": ("exercises/pl/student/05_liczenie.ipynb", "q2: dobrze.")}


def _cell_index(page, starts: str) -> int:
    return page.evaluate("""s => Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell'))
        .findIndex(c => (c.querySelector('.cm-content') || {}).innerText.trim().startsWith(s))""", starts)


def test_exercise_self_checks_run_in_the_page_in_both_languages():
    """A student copy runs top to bottom in the page (its checks answer the unanswered questions
    with a hint, no error), and after the right answer is typed into q2 the check says so, in the
    notebook's language: the same sentence the package's catalogue holds for a correct answer.
    (q2: its public check compares the value; q1's checks only the form, by design.)"""
    from gleap_data import selfcheck

    assert (SITE / "jupyter-lite.json").exists(), f"{SITE} not built: run make lite"
    with serve(SITE) as base, chromium() as context:
        visit = Visit(context, base)
        try:
            for lang, (notebook, correct) in EXERCISES.items():
                assert selfcheck.MESSAGES[lang]["correct"].format(q="q2") == correct
                times = visit.open_and_run(notebook)
                print(f"{notebook} in the page: {times}")
                page = visit.page
                cells = page.locator(".jp-NotebookPanel .jp-CodeCell")
                check = cells.nth(_cell_index(page, 'from gleap_data.selfcheck import check\ncheck("q2")'))
                hint = check.locator(".jp-OutputArea-output").first.inner_text()
                assert "q2" in hint and correct not in hint, f"{notebook}: unanswered q2 checked as {hint!r}"
                answer = cells.nth(_cell_index(page, "official = ..."))
                answer.locator(".cm-content").click()
                page.keyboard.press("Control+a")
                page.keyboard.type("q2 = 14.6")
                page.keyboard.press("Shift+Enter")   # runs the answer, selects the check below it
                page.keyboard.press("Shift+Enter")   # runs the check
                page.wait_for_function("([el, t]) => el.innerText.includes(t)", arg=[check.element_handle(), correct],
                                       timeout=120_000, polling=250)
                assert not page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count()
            assert not visit.errors, f"errors in the page: {visit.errors[:3]}"
        except Exception:
            (ROOT / "build" / "test-artifacts").mkdir(parents=True, exist_ok=True)
            visit.page.screenshot(path=str(ROOT / "build" / "test-artifacts" / "lite_selfcheck.png"), full_page=True)
            raise
        finally:
            assert not visit.blocked, f"requests that tried to leave 127.0.0.1: {visit.blocked[:10]}"


# ------------------------------------------------------------------ the benchmark

def bench(site: Path) -> dict:
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    result = {"site_mb": round(size / 1e6, 1), "files": sum(1 for f in site.rglob("*") if f.is_file()),
              "load_average_1min": round(os.getloadavg()[0], 1)}
    with tempfile.TemporaryDirectory() as profile, serve(site) as base:
        for run in ("cold", "warm"):
            with chromium(Path(profile)) as context:
                visit = Visit(context, base)
                result[run] = {k: round(v, 1) for k, v in visit.open_and_run(LESSON).items()}
                result[run]["blocked_requests"] = len(visit.blocked)
    return result


SECTION = "## JupyterLite"


def markdown(r: dict) -> str:
    load = lambda v: " ".join(f"{x:.2f}" for x in v)  # noqa: E731
    lines = [f"{SECTION}\n",
             "`python lite/test_offline.py --bench` (after `make lite`): the JupyterLite edition served from "
             "127.0.0.1, headless Chromium, every request off the machine aborted; lesson 05 opened, Run All, "
             "first with a fresh browser profile (cold: nothing cached) and then again with the same profile "
             f"(warm: the browser's cache). Taken {r.get('taken', '')} on {os.cpu_count()} cores shared with other "
             "work: read the load averages.\n",
             f"Site: **{r['site_mb']} MB** in {r['files']} files (`build/lite/`).\n",
             "| visit | page open → Python ready | → first chart | → every cell of lesson 05 run | lesson 05's cells alone | requests blocked |",
             "|---|---|---|---|---|---|"]
    for run in ("cold", "warm"):
        x = r[run]
        lines.append(f"| {run} | {x['kernel_ready_s']} s | **{x['first_chart_s']} s** | {x['all_cells_s']} s | "
                     f"{x['all_cells_s'] - x['kernel_ready_s']:.1f} s | {x['blocked_requests']} |")
    lines += ["", f"Load average (1, 5, 15 min) before → after: {load(r['load_average_before'])} → "
              f"{load(r['load_average_after'])}.", ""]
    if r.get("earlier"):
        lines += ["Earlier the same day, from `make lite-test` runs (each a fresh browser context, so cold), at a "
                  "lower load:", "",
                  "| when (UTC) | notebook | load average (1 min) | → Python ready | → first chart | → every cell run |",
                  "|---|---|---|---|---|---|"]
        lines += [f"| {e['when']} | {e['notebook']} | {e['load']} | {e['kernel_ready_s']} s | {e['first_chart_s']} s | "
                  f"{e['all_cells_s']} s |" for e in r["earlier"]]
        lines.append("")
    lines += [
              f"The goal in the issue is 15 s to the first chart, warm: **{'met' if r['warm']['first_chart_s'] <= 15 else 'not met'}** "
              f"here ({r['warm']['first_chart_s']} s warm at the load above; no warm visit was timed at a low load). "
              "Python's start in the page (loading "
              "Pyodide, numpy, pandas, plotly and gleap, then importing them) is most of it; the cache saves the "
              "download, not that work. Only lesson 05 is timed here (the one with the explorer); the other "
              "lessons and the exercise sets were not timed one by one (`make lite-test` runs exercise set 05 in "
              "both languages and prints its times).", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="time to the first chart in the JupyterLite edition")
    parser.add_argument("--bench", action="store_true", required=True)
    parser.add_argument("--site", type=Path, default=SITE)
    parser.add_argument("--markdown", type=Path, help="write the section into this file (BENCHMARKS.md)")
    parser.add_argument("--from-json", type=Path, help="only write the section, from an earlier run's JSON")
    args = parser.parse_args()
    if args.from_json:
        result = json.loads(args.from_json.read_text("utf-8"))
    else:
        before = [round(x, 2) for x in os.getloadavg()]
        result = bench(args.site)
        result.update(load_average_before=before, load_average_after=[round(x, 2) for x in os.getloadavg()],
                      taken=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    print(json.dumps(result, indent=1))
    if args.markdown:
        sys.path.insert(0, str(ROOT))
        from benchmarks.hub import splice

        splice(args.markdown, markdown(result), SECTION)
