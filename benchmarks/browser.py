"""What a student feels, measured in Chromium: JupyterLab on this machine, driven by Playwright.

- **Run All**: for each notebook, the time from choosing *Run → Run All Cells* to every chart
  drawn (all code cells executed, every plotly chart with its traces in the page).
- **Key press to repaint**: for each explorer, ``presses`` arrow keys on its first control
  (alternating right and left, so the value always changes). For each press the page records,
  from the ``keydown`` event:
  ``data``: the new data in the chart's ``gd.data`` (the kernel's work and the messages both ways);
  ``afterplot``: the chart's SVG rewritten (plotly.js has redrawn it; seen by a MutationObserver,
  since a FigureWidget's updates fire no ``plotly_afterplot``);
  ``paint``: the second animation frame after that (the browser has laid out and painted).
  Beside it, the browser's own measure, the **Event Timing API** (``PerformanceObserver`` of type
  ``"event"``, ``durationThreshold: 16``, the basis of Chrome's Interaction to Next Paint): for
  each press the longest ``keydown`` entry after it, its ``duration`` (from the input's timestamp,
  through the handlers, to the next paint, in steps of 8 ms) split into input delay
  (``processingStart - startTime``), processing (``processingEnd - processingStart``) and
  presentation (the rest). A press below the API's 16 ms threshold gives no entry: it is counted
  as 16 ms, and how many were is reported (``event_below_threshold``).
  The data arrive and plotly.js redraws in one task, so the redraw's own share is timed apart:
  ``Plotly.redraw`` of a clone of the chart in the same page (``redraw_ms_median``).
  The kernel's own share is measured apart, inside a kernel (``benchmarks.slider``).

Uses the test suite's JupyterLab launcher (``tests/lab_server.py``) and page helpers, so the
benchmark sees what the browser tests see.
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

CHROMIUM = "/usr/bin/chromium"

#: Event Timing: one observer per page, keeping every key event's entry (idempotent).
_EVENT_OBSERVER_JS = r"""
() => {
  if (window.__gleapEvents) return true;
  if (!('PerformanceEventTiming' in window)) return false;
  window.__gleapEvents = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (!/^key/.test(e.name)) continue;
      window.__gleapEvents.push({name: e.name, startTime: e.startTime, duration: e.duration,
                                 processingStart: e.processingStart, processingEnd: e.processingEnd,
                                 interactionId: e.interactionId || 0});
    }
  }).observe({type: 'event', durationThreshold: 16, buffered: true});
  return true;
}
"""

#: The Event Timing figures of the press armed at ``since`` (performance.now() before it).
_EVENT_READ_JS = r"""
(since) => {
  const keys = (window.__gleapEvents || []).filter(e => e.name === 'keydown' && e.startTime >= since);
  if (!keys.length) return null;
  const e = keys.reduce((a, b) => (b.duration > a.duration ? b : a));
  return {duration: e.duration, input_delay: e.processingStart - e.startTime,
          processing: e.processingEnd - e.processingStart,
          presentation: e.startTime + e.duration - e.processingEnd};
}
"""

#: Event Timing reports only entries of at least this many ms (the API's smallest threshold).
EVENT_THRESHOLD_MS = 16.0

#: Arms the page to time the next key press on a chart (see the module docstring).
_ARM_JS = r"""
(gd) => {
  window.__gleapBench = null;
  const sig = () => JSON.stringify((gd.data || []).map(t => {
    const pick = v => (v && v.length) ? [v[0], v[v.length - 1], v.length] : (v === undefined ? null : v);
    return [pick(Array.from(t.y || [])), pick(Array.from(t.x || []))];
  }));
  const before = sig();
  let t0 = null, tData = null, done = false;
  // from the key press (a slider's arrow key; a list's ArrowDown/ArrowUp)
  const onKey = () => { t0 = performance.now(); document.removeEventListener('keydown', onKey, true); };
  document.addEventListener('keydown', onKey, true);
  const poll = setInterval(() => { if (t0 !== null && tData === null && sig() !== before) tData = performance.now(); }, 1);
  // the SVG redrawn: plotly.js rewrites the traces' paths in one task; the observer runs right after it
  const observer = new MutationObserver(() => {
    if (done || t0 === null) return;
    if (tData === null && sig() !== before) tData = performance.now();
    if (tData === null) return;
    done = true;
    const tDrawn = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      clearInterval(poll);
      window.__gleapBench = {data: tData - t0, afterplot: tDrawn - t0, paint: performance.now() - t0};
    }));
  });
  observer.observe(gd, {subtree: true, childList: true, attributes: true, characterData: true});
}
"""


#: plotly.js's own redraw time for a chart like the explorer's (a clone in the same page).
_REDRAW_JS = r"""
async (gd) => {
  const plain = v => (v && ArrayBuffer.isView(v)) ? Array.from(v) : v;
  const div = document.createElement('div');
  div.style.width = gd.clientWidth + 'px'; div.style.height = gd.clientHeight + 'px';
  document.body.appendChild(div);
  const data = gd.data.map(t => ({...t, x: plain(t.x), y: plain(t.y)}));
  await Plotly.newPlot(div, data, JSON.parse(JSON.stringify(gd.layout)));
  const times = [];
  for (let i = 0; i < 11; i++) { const t = performance.now(); await Plotly.redraw(div); times.push(performance.now() - t); }
  Plotly.purge(div); div.remove();
  times.sort((a, b) => a - b);
  return times[5];
}
"""


def _p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))] if xs else float("nan")


def _summary(samples: list[dict]) -> dict:
    out = {"presses": len(samples)}
    for key in ("data", "afterplot", "paint"):
        values = [s[key] for s in samples]
        out[f"{key}_ms_median"] = statistics.median(values) if values else None
        out[f"{key}_ms_p95"] = _p95(values) if values else None
    # Event Timing: a press with no entry was below the 16 ms threshold and counts as 16 ms
    events = [s.get("event") for s in samples]
    durations = [e["duration"] if e else EVENT_THRESHOLD_MS for e in events]
    out["event_below_threshold"] = sum(e is None for e in events)
    out["event_ms_median"] = statistics.median(durations) if durations else None
    out["event_ms_p95"] = _p95(durations) if durations else None
    out["event_ms_max"] = max(durations) if durations else None
    for part in ("input_delay", "processing", "presentation"):
        values = [e[part] for e in events if e]
        out[f"event_{part}_ms_median"] = statistics.median(values) if values else None
    return out


def _loadavg() -> str | None:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return None


def _worst(explorers: dict, key: str):
    values = [e[key] for e in explorers.values() if e.get(key) is not None]
    return max(values) if values else None


def _explorers(page):
    """(label, first control, chart) for every explorer on the page."""
    found = []
    outputs = page.locator(".jp-OutputArea-output", has=page.locator(".js-plotly-plot")).filter(
        has=page.locator(".widget-slider, .widget-dropdown, .gleap-control"))
    for i in range(outputs.count()):
        output = outputs.nth(i)
        sliders = output.locator(".widget-slider .noUi-handle, .gleap-control input[type=range]")
        handle = sliders.first if sliders.count() else output.locator(".widget-dropdown select, .gleap-control select").first
        title = output.locator(".js-plotly-plot").first.evaluate(
            "gd => (gd.layout.title && (gd.layout.title.text || gd.layout.title)) || ''")
        found.append((str(title).split(":")[0][:60], handle, output.locator(".js-plotly-plot").first))
    return found


def run(notebooks: list[Path], presses: int = 24) -> dict:
    """Open each notebook in one JupyterLab and one Chromium; return the browser figures."""
    from playwright.sync_api import sync_playwright

    import test_browser as tb
    from lab_server import start_lab, stop_lab
    from conftest import CHROMIUM_ARGS

    result = {"run_all_s": {}, "explorers": {}, "loadavg_start": _loadavg()}
    with tempfile.TemporaryDirectory(prefix="gleap-bench-lab-") as tmp:
        lab = start_lab(Path(tmp))
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                for notebook in notebooks:
                    code_cells = sum(c["cell_type"] == "code" for c in json.loads(notebook.read_text("utf-8"))["cells"])
                    lab.shut_down_kernels()
                    page.goto(f"{lab.url}/lab/tree/notebooks/{tb._rel(notebook)}?reset&token={lab.token}")
                    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
                    tb._wait_kernel_ready(page, lab, notebook)
                    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
                    start = time.monotonic()
                    page.locator("li[data-command='runmenu:run-all']").click()
                    done = """n => {
                        const prompts = Array.from(document.querySelectorAll(
                            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt'));
                        const charts = Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .js-plotly-plot'));
                        return prompts.length === n && prompts.every(p => /\\[\\d+\\]/.test(p.textContent))
                            && charts.every(c => c.querySelector('.main-svg .cartesianlayer .trace, .main-svg .barlayer .trace'));
                    }"""
                    page.wait_for_function(done, arg=code_cells, timeout=240_000, polling=50)
                    result["run_all_s"][notebook.stem] = round(time.monotonic() - start, 2)
                    tb._wait_kernel_ready(page, lab, notebook)
                    page.wait_for_timeout(1500)  # let the explorers' first drawing settle
                    for name, handle, chart in _explorers(page):
                        chart.scroll_into_view_if_needed()
                        samples = _press_and_time(page, handle, chart, presses,
                                                  after=lambda: tb._wait_kernel_idle(lab, notebook))
                        summary = _summary(samples)
                        summary["loadavg"] = _loadavg()
                        if not page.evaluate("() => typeof window.Plotly !== 'undefined'"):
                            import plotly

                            page.add_script_tag(path=str(Path(plotly.__file__).parent / "package_data" / "plotly.min.js"))
                        summary["redraw_ms_median"] = chart.evaluate(_REDRAW_JS)
                        result["explorers"][f"{notebook.stem}: {name}"] = summary
                browser.close()
        finally:
            stop_lab(lab)
    result["loadavg_end"] = _loadavg()
    result["browser_slider_ms_median"] = _worst(result["explorers"], "paint_ms_median")
    result["event_timing_ms_median"] = _worst(result["explorers"], "event_ms_median")
    result["event_timing_ms_p95"] = _worst(result["explorers"], "event_ms_p95")
    return result


def _press_and_time(page, handle, chart, presses: int, after=None) -> list[dict]:
    """``presses`` key presses on ``handle`` (a slider: right/left; a list: the next/previous
    option), each timed by ``_ARM_JS`` on ``chart``; a press that redraws nothing is no sample.
    ``after()`` runs after each sample (JupyterLab: wait until the kernel is idle again)."""
    is_select = handle.evaluate("el => el.tagName === 'SELECT'")
    # a closed list moves to the next option on ArrowDown (Chromium on Linux and Windows): one key
    # event, which the Event Timing API sees (a list's open pop-up is not part of the page)
    keys = (("ArrowDown",), ("ArrowUp",)) if is_select else (("ArrowRight",), ("ArrowLeft",))
    samples = []
    timed = page.evaluate(_EVENT_OBSERVER_JS)
    for i in range(presses):
        chart.evaluate(_ARM_JS)
        handle.focus()
        since = page.evaluate("() => performance.now()")
        for key in keys[i % 2]:
            page.keyboard.press(key)
        try:
            page.wait_for_function("() => window.__gleapBench !== null", timeout=8_000, polling=10)
        except Exception:
            continue  # no redraw (a control at its end): not a sample
        sample = page.evaluate("() => window.__gleapBench")
        if timed:
            # the observer is told after the paint; give it a few frames (a press below the
            # threshold never comes, and counts as 16 ms)
            page.wait_for_timeout(150)
            sample["event"] = page.evaluate(_EVENT_READ_JS, since)
        samples.append(sample)
        if after:
            after()
    return samples


def run_static(site: Path, presses: int = 24, only: list[str] | None = None) -> dict:
    """The static site (``make site``): each page with explorers opened from ``file://`` with the
    network cut off; each explorer's first slider (or list) timed as in JupyterLab. ``only``: the
    pages' names to time (default: every page)."""
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM_ARGS

    import base64
    import re

    result = {"explorers": {}, "payload_kb": {}, "page_kb": {}, "loadavg_start": _loadavg()}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(offline=True, viewport={"width": 1400, "height": 1000})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                      else route.abort())
        page = context.new_page()
        lessons = site / "lessons" if (site / "lessons").is_dir() else site  # make site: lessons/<stem>.html
        for html_file in sorted(lessons.glob("[0-9]*.html")):
            text = html_file.read_text("utf-8")
            result["page_kb"][html_file.stem] = len(text.encode("utf-8")) / 1024
            if "gleap-explorer-host" not in text or (only and html_file.stem not in only):
                continue
            # each explorer's payload: inline, or (the course site) a file the page loads when it draws it
            inline = re.findall(r'GLEAP\.b64bytes\("([^"]+)"\)', text)
            files = [re.search(r'= "([^"]+)";', (html_file.parent / f).read_text("ascii")).group(1)
                     for f in re.findall(r'gleapExplorerPayload\("([^"]+)"\)', text)]
            payloads = [len(base64.b64decode(b)) / 1024 for b in inline + files]
            page.goto(html_file.as_uri())
            hosts = page.locator(".gleap-explorer-host")
            for h in range(hosts.count()):
                host = hosts.nth(h)
                host.scroll_into_view_if_needed()  # the site draws an explorer when it comes near the screen
                page.wait_for_function("el => el.dataset.ready === '1'", arg=host.element_handle(), timeout=30_000)
                chart = host.locator(".js-plotly-plot").first
                sliders = host.locator(".gleap-control input[type=range]")
                handle = sliders.first if sliders.count() else host.locator(".gleap-control select").first
                title = str(host.get_attribute("aria-label") or host.evaluate(
                    "el => el.closest('figure').getAttribute('aria-label')") or "")
                chart.scroll_into_view_if_needed()
                samples = _press_and_time(page, handle, chart, presses)
                summary = _summary(samples)
                summary["loadavg"] = _loadavg()
                summary["redraw_ms_median"] = chart.evaluate(_REDRAW_JS)
                key = f"{html_file.stem}: {title.split(':')[0][:60]}"
                result["explorers"][key] = summary
                if h < len(payloads):
                    result["payload_kb"][key] = payloads[h]
        browser.close()
    result["loadavg_end"] = _loadavg()
    result["static_slider_ms_median"] = _worst(result["explorers"], "paint_ms_median")
    result["event_timing_ms_median"] = _worst(result["explorers"], "event_ms_median")
    result["event_timing_ms_p95"] = _worst(result["explorers"], "event_ms_p95")
    return result


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m benchmarks.browser", description="Browser timings, as JSON.")
    parser.add_argument("notebooks", nargs="*",
                        help="default: every notebook in notebooks/ (with --static: the pages' names, e.g. 05_counting_the_dead)")
    parser.add_argument("--presses", type=int, default=24, help="key presses per explorer (default 24)")
    parser.add_argument("--static", metavar="SITE", nargs="?", const=str(ROOT / "build" / "site"),
                        help="time the explorers of a built static site instead (default build/site)")
    args = parser.parse_args()
    if args.static:
        only = [Path(n).stem for n in args.notebooks] or None
        print(json.dumps(run_static(Path(args.static).resolve(), args.presses, only), indent=2))
    else:
        paths = [Path(p).resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
        print(json.dumps(run(paths, args.presses), indent=2))
