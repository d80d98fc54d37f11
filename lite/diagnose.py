"""Where a JupyterLite visit spends its time, from the page's own clocks (BENCHMARKS.md, "JupyterLite").

    .venv/bin/python lite/diagnose.py [--site build/lite] [--visits 3] [--out build/lite-diagnose.json]

Serves the site on 127.0.0.1 (a copy with ``exposeAppInBrowser`` on, so the page's JupyterLab can be
asked to run code), drives headless Chromium with one browser profile for every visit (the first is
cold, the later ones warm: the browser's cache), aborts every request that leaves 127.0.0.1, and
for each visit reports:

- the kernel worker's own timeline (``performance.now()`` in the worker, from its start): each file
  it fetched (start, end, bytes over the wire: 0 when it came from the browser's cache) and when
  Python was ready;
- in the kernel, step by step (``js.performance.now()``): ``import numpy``, ``import pandas``,
  ``import plotly.graph_objects``, ``import gleap_data``, ``gd.charts.vital_rates()`` (building the
  first chart of lesson 05), and what ``import gleap_data`` and the first chart had imported;
- the page: opening the notebook to an idle kernel, and from sending the chart's cell to the chart
  drawn.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lite"))
from test_offline import LESSON, SITE, Visit, chromium, serve  # noqa: E402

STEPS = r'''
import json as _json, sys as _sys
from js import performance as _perf
_t = {"cell_start": _perf.now()}
_before = set(_sys.modules)
import numpy
_t["numpy"] = _perf.now()
import pandas
_t["pandas"] = _perf.now()
import plotly.graph_objects
_t["plotly.graph_objects"] = _perf.now()
_mid = set(_sys.modules)
import gleap_data as gd
_t["gleap_data"] = _perf.now()
_after_import = set(_sys.modules)
_fig = gd.charts.vital_rates()
_t["vital_rates_figure"] = _perf.now()
_bundle = _fig.to_plotly_json()
_t["to_plotly_json"] = _perf.now()
_tops = lambda names: sorted({n.split(".")[0] for n in names})
print("GLEAP-DIAG" + _json.dumps({"t": _t, "imported_by_gleap": _tops(_after_import - _mid),
      "imported_by_first_chart": _tops(set(_sys.modules) - _after_import),
      "preimported_at_start": _tops(_before)}))
'''

WORKER_TIMES = """() => ({now: performance.now(),
    resources: performance.getEntriesByType('resource').map(e => ({name: e.name.split('/').pop().split('?')[0],
        start: Math.round(e.startTime), end: Math.round(e.responseEnd), bytes: e.transferSize, size: e.decodedBodySize}))})"""

RUN_IN_KERNEL = """async code => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel.sessionContext.session.kernel;
    const t0 = performance.now();
    const future = kernel.requestExecute({code, store_history: false});
    let out = '';
    future.onIOPub = msg => { if (msg.header.msg_type === 'stream') out += msg.content.text;
                              if (msg.header.msg_type === 'error') out += 'ERROR ' + msg.content.ename + ': ' + msg.content.evalue; };
    await future.done;
    return {ms: performance.now() - t0, out};
}"""


def diagnose_site(site: Path, visits: int) -> dict:
    copy = Path(tempfile.mkdtemp(prefix="gleap-lite-diag-")) / "site"
    shutil.copytree(site, copy)
    config = json.loads((copy / "jupyter-lite.json").read_text("utf-8"))
    config["jupyter-config-data"]["exposeAppInBrowser"] = True
    (copy / "jupyter-lite.json").write_text(json.dumps(config))
    out = {"site": str(site), "visits": []}
    try:
        with tempfile.TemporaryDirectory() as profile, serve(copy) as base:
            for n in range(visits):
                load = os.getloadavg()[0]
                with chromium(Path(profile)) as context:
                    visit = Visit(context, base)
                    logs: list[tuple[float, str]] = []
                    t0 = time.monotonic()
                    visit.page.on("console", lambda m: logs.append((round(time.monotonic() - t0, 2), m.text[:160])))
                    page = visit.page
                    page.goto(f"{base}/lab/index.html?path={LESSON}")
                    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=120_000)
                    while not page.evaluate("""() => { const s = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
                            const k = document.querySelector('.jp-NotebookPanel .jp-Toolbar-kernelName');
                            return !!(s && k && s.dataset.status === 'idle' && /Pyodide/.test(k.innerText)); }"""):
                        dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
                        if dialog.count():
                            dialog.locator(".jp-Dialog-button.jp-mod-accept").first.click()
                        page.wait_for_timeout(250)
                    ready = time.monotonic() - t0
                    worker = next((w for w in page.workers if "worker" in w.url.lower() or True), None)
                    workers = [w.evaluate(WORKER_TIMES) | {"url": w.url.split("/")[-1]} for w in page.workers]
                    steps = page.evaluate(RUN_IN_KERNEL, STEPS)
                    line = next((l for l in steps["out"].splitlines() if l.startswith("GLEAP-DIAG")), None)
                    python = json.loads(line[len("GLEAP-DIAG"):]) if line else {"error": steps["out"][-2000:]}
                    del worker
                    out["visits"].append({"visit": "cold" if n == 0 else "warm", "load_1min": round(load, 1),
                                          "kernel_ready_s": round(ready, 1), "steps_cell_ms": round(steps["ms"]),
                                          "python": python, "workers": workers, "console": logs[:200],
                                          "blocked": len(visit.blocked)})
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)
    return out


def summary(v: dict) -> dict:
    """The visit in a few numbers (seconds)."""
    s = {"visit": v["visit"], "load_1min": v["load_1min"], "page_open_to_idle_kernel_s": v["kernel_ready_s"]}
    kernel_worker = max(v["workers"], key=lambda w: len(w["resources"]), default=None)
    if kernel_worker:
        res = kernel_worker["resources"]
        wheels = [r for r in res if r["name"].endswith((".whl", ".zip", ".wasm", ".json", ".js", ".mjs"))]
        s["worker_files"] = len(wheels)
        s["worker_bytes_over_wire_mb"] = round(sum(r["bytes"] or 0 for r in wheels) / 1e6, 1)
        s["worker_last_fetch_end_s"] = round(max((r["end"] for r in wheels), default=0) / 1000, 1)
        s["worker_now_at_idle_s"] = round(kernel_worker["now"] / 1000, 1)
    t = v["python"].get("t")
    if t:
        keys = list(t)
        s["python_steps_s"] = {k: round((t[k] - t[p]) / 1000, 2) for p, k in zip(keys, keys[1:])}
    return s


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=SITE)
    parser.add_argument("--visits", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lite-diagnose.json")
    args = parser.parse_args()
    before = os.getloadavg()
    result = diagnose_site(args.site, args.visits)
    result["load_average_before"] = [round(x, 2) for x in before]
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    result["summary"] = [summary(v) for v in result["visits"]]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps({k: result[k] for k in ("summary", "load_average_before", "load_average_after")}, indent=1))
    for v in result["visits"]:
        print(v["visit"], "imported by gleap:", v["python"].get("imported_by_gleap"),
              "by the first chart:", v["python"].get("imported_by_first_chart"))
