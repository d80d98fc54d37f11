"""BENCHMARKS.md from the results of :mod:`benchmarks.run` (rewritten on every run)."""
from __future__ import annotations

from pathlib import Path

#: The test suite's wall times and the environments' sizes, measured by hand (make bench does not run
#: the tests): copied into BENCHMARKS.md as it is.
TEST_SUITE = Path(__file__).with_name("test-suite.md")
#: Explorer timings taken by hand (before/after pairs of two designs, which make bench cannot run):
#: copied into BENCHMARKS.md as it is, after section 2c.
EXPLORERS_BY_HAND = Path(__file__).with_name("explorers-by-hand.md")

PREAMBLE = """\
# Benchmarks: what a student feels

Students on Binder's small machines give up on a notebook that takes a minute to run or a slider
that lags. These figures measure what they feel, against a floor (what a kernel costs before it
does any work) and against the way most notebooks do it.

This file is written by `make bench` (`python -m benchmarks.run --out build/bench.json --markdown
BENCHMARKS.md`); do not edit it by hand: change the preamble in `benchmarks/report.py`. The raw
figures are in `build/bench.json`. Timings on a shared 2-core machine are noisy (±10–20 % from run
to run): read ratios rather than absolute seconds, and re-run before drawing a conclusion from a
small difference. The test suite holds no timed assertion; `tests/test_benchmarks.py` only checks
that the script still runs (`--quick`, one notebook).
"""

METHOD = """\
## Method

- **Notebooks.** Each notebook is executed with nbclient in a fresh `python3` kernel of the
  project's environment, from kernel start to the last cell (kernel shut-down excluded), working
  folder `notebooks/`. **Floor**: the same for a one-cell notebook
  `import pandas, plotly.graph_objects, ipywidgets, gleap_data`: the least any notebook of this
  package can cost. Floor and notebooks are run interleaved; each figure is the median of the runs.
  The ratio for the sum is `sum of notebook medians / (number of notebooks × floor)`, since every
  notebook starts its own kernel.
- **Sliders.** In one fresh kernel (no browser), each explorer of `gleap_data.widgets` is built and
  one control is moved through its values (each change differs from the one before); the time of
  the assignment `control.value = v` is the time until the kernel's copy of the explorer
  (`explorer.figure`, its readout and results) holds the new state, because it updates
  synchronously. (In the page the chart has already redrawn by then: section 2b.) Every 10th change the
  figure's traces are compared with a freshly built chart (they must be equal, or the run fails). **Naive**:
  in the same kernel, `ipywidgets.interactive` around a function that builds the figure again with
  the matching `gleap_data.charts` function and calls `fig.show()`, the control moved through the
  same values and timed the same way. Warm-up changes are not timed; the first naive draw (the
  `interactive` being built) is reported apart. Both sides send their messages out on the
  kernel's sockets; neither includes the browser's repaint, where the naive way also pays for a
  whole new plot.
- **Imports.** `python -c "t=perf_counter(); import X; print(perf_counter()-t)"` in fresh
  processes (interpreter start-up excluded), median. `-X importtime` gives the top offenders.
  **Datasets**: a fresh process imports `gleap_data`, calls `datasets()`, imports pandas (timed
  apart) and loads every dataset once (hash check included).
- **Memory.** `VmHWM` (peak resident set) of each notebook's kernel process, read from
  `/proc/<pid>/status` after its last cell; the largest of the runs.
- **Fresh install.** `python -m venv` + `pip install '.[lab,exercises]'` of a copy of the project (the course
  dependencies only, as on Binder) into a temporary folder; size is `du` of that venv. pip's local
  cache makes this faster than a cold Binder build, which downloads every wheel.
- **rfc3987-syntax** (jupyter stack trap 3). In that throwaway venv: imports, the first
  `fig.show()` and every notebook, first as installed, then after `pip uninstall -y
  rfc3987-syntax`; plus `pip check` and functional checks (JupyterLab, otter, nbformat validation
  and jsonschema format checking still work).
"""


def _f(x, spec=".2f", none="–"):
    if x is None:
        return none
    try:
        return format(x, spec)
    except (TypeError, ValueError):
        return str(x)


def _met(m):
    return {True: "**met**", False: "**not met**", None: "not measured"}[m]


def _value(v, spec):
    if isinstance(v, dict):
        return ", ".join(f"{k} {_f(x, spec)}" for k, x in v.items())
    return _f(v, spec)


def render(r: dict) -> str:
    m = r["machine"]
    v = m["versions"]
    out = [PREAMBLE]
    if r.get("quick"):
        out.append("> **Quick run** (`--quick`): one run of each measure, few slider changes, no fresh"
                   " install. These figures only show that the script runs.\n")
    out.append("## Machine\n")
    out.append(f"- Taken {m['date']} on {m['cores']} cores, {m['cpu']}, {_f(m['memory_gb'], '.0f')} GB RAM, "
               f"{m['os']}; OPENBLAS_CORETYPE={m['openblas_coretype'] or 'unset'}.")
    out.append(f"- Python {m['python']}; " + ", ".join(f"{k} {x}" for k, x in v.items() if x) +
               ("; rfc3987-syntax **not** installed." if not v.get("rfc3987-syntax") else "."))
    loads = [float(x.split()[0]) for x in (m.get("loadavg_start"), m.get("loadavg_end")) if x]
    busy = any(x > (m.get("cores") or 1) for x in loads)
    out.append(f"- Load average (1, 5, 15 min) at the start {m.get('loadavg_start')}, at the end "
               f"{m.get('loadavg_end')}" + (": above the number of cores, so other work shared the CPU and the "
                                            "absolute times are inflated; ratios suffer less." if busy else "."))
    out.append(f"- The whole benchmark took {_f(r.get('bench_seconds'), '.0f')} s.\n")

    out.append("## Goals\n")
    out.append("| Goal | Target | Measured | |")
    out.append("|---|---|---|---|")
    specs = {"notebooks_over_floor": ".2f", "slider_update_ms_median": ".1f", "slider_speedup_vs_naive": ".0f",
             "import_gleap_data_s": ".3f", "kernel_peak_mb_max": ".0f", "browser_slider_ms_median": ".0f",
             "static_slider_ms_median": ".0f", "event_timing_ms_median": ".0f", "event_timing_ms_p95": ".0f"}
    for key, g in r["goals"].items():
        out.append(f"| {g['what']} (`{key}`) | {g['target']} | {_value(g['value'], specs[key])} | {_met(g['met'])} |")
    out.append("")
    out.append(_notes(r))

    out.append("## 1. Notebooks against the floor\n")
    fl = r["floor"]
    out.append("| Notebook | Runs (s) | Median (s) | × floor | Kernel peak (MB) |")
    out.append("|---|---|---|---|---|")
    out.append(f"| floor: `{fl['cell']}` | {', '.join(_f(x) for x in fl['runs_s'])} | {_f(fl['median_s'])} | 1.00 "
               f"| {_f(fl['kernel_peak_mb'], '.0f')} |")
    for name, n in r["notebooks"].items():
        err = " (**failed**)" if n["errors"] else ""
        out.append(f"| `{name}`{err} | {', '.join(_f(x) for x in n['runs_s'])} | {_f(n['median_s'])} | "
                   f"{_f(n['ratio_to_floor'])} | {_f(n['kernel_peak_mb'], '.0f')} |")
    out.append(f"| **sum** | | **{_f(r['notebooks_total_s'])}** | **{_f(r['notebooks_over_floor'])}** "
               f"(of {_f(r['floor_total_s'])} s) | max **{_f(r['kernel_peak_mb_max'], '.0f')}** |\n")

    out.append("## 2. Slider latency, in the kernel\n")
    out.append("| Chart (control) | Changes | gleap median (ms) | gleap p95 (ms) | naive median (ms) | naive p95 (ms) "
               "| Speed-up (medians) | First naive draw (ms) |")
    out.append("|---|---|---|---|---|---|---|---|")
    for name, s in r["sliders"].items():
        out.append(f"| {name} (`{s['control']}`) | {s['changes']} | {_f(s['gleap']['median_ms'], '.1f')} | "
                   f"{_f(s['gleap']['p95_ms'], '.1f')} | {_f(s['naive']['median_ms'], '.1f')} | "
                   f"{_f(s['naive']['p95_ms'], '.1f')} | {_f(s['speedup_median'], '.1f')} × | "
                   f"{_f(s['naive_first_draw_ms'], '.0f')} |")
    out.append("")

    out.append(_browser(r.get("browser"), r.get("slider_update_ms_median"), r.get("static")))
    out.append(event_timing(r.get("browser"), r.get("static")))
    out.append(EXPLORERS_BY_HAND.read_text("utf-8"))
    out.append(_builds(r.get("explorer_builds")))

    out.append("## 3. Imports and datasets\n")
    out.append("| Fresh process | Median (s) | Runs |")
    out.append("|---|---|---|")
    for name, i in r["imports"].items():
        out.append(f"| `{i['statement']}` | {_f(i['median_s'], '.3f')} | {len(i['runs_s'])} |")
    out.append("")
    for what, rows in r["importtime_top"].items():
        out.append(f"Top of `-X importtime` for `{what}` (cumulative ms): " +
                   ", ".join(f"{x['module']} {x['cumulative_ms']:.0f}" for x in rows) + ".\n")
    d = r["datasets"]
    out.append(f"Datasets (median of {d['runs']} fresh processes): `gd.datasets()` (reads the descriptor) "
               f"{_f(d['first_use_s'], '.3f')} s; then `import pandas` {_f(d.get('pandas_s'), '.3f')} s; "
               f"then loading all {len(d['load_s'])} datasets "
               f"{_f(d['all_loads_s'], '.3f')} s; import + first use + every load "
               f"{_f(d['import_and_load_all_s'], '.3f')} s.\n")
    out.append("| Dataset | Load (ms) |")
    out.append("|---|---|")
    for name, s in d["load_s"].items():
        out.append(f"| `{name}` | {_f(s * 1e3, '.1f')} |")
    out.append("")

    out.append("## 4. Memory and the Binder footprint\n")
    out.append(f"Largest kernel peak: **{_f(r['kernel_peak_mb_max'], '.0f')} MB** (floor kernel "
               f"{_f(r['floor']['kernel_peak_mb'], '.0f')} MB); per notebook in the table of section 1.\n")
    inst = r.get("install")
    if inst:
        out.append(f"Fresh install (`python -m venv` + `pip install '.[lab,exercises]'`, the course): "
                   f"**{_f(inst['seconds'], '.0f')} s**, **{_f(inst['size_mb'], '.0f')} MB** on disk, "
                   f"{inst['packages']} packages; {inst['pip_cache']}.\n")
    else:
        out.append("Fresh install: not measured in this run (`--quick` or `--no-install`).\n")
    out.append(_trap(r.get("nbformat_trap")))
    out.append(TEST_SUITE.read_text("utf-8"))
    out.append(METHOD)
    return "\n".join(out).rstrip() + "\n"


#: Key press to repaint before the explorers lived in the page (every move went through the kernel
#: and a plotly FigureWidget): paint medians (ms) by lesson, from `make bench` on 2026-11-29 19:32
#: UTC, this machine, load average about 5 (BENCHMARKS.md of commit 7620492, section 2b).
BEFORE_PAINT_MS = {"00": 120, "01": 95, "03": 105, "05": 93, "06": 167, "07": 117}


def _lesson(name: str) -> str:
    return name.split("_", 1)[0]


#: Building each explorer before its numbers were precomputed for the page (the old FigureWidget
#: explorers), in a fresh process, seconds: measured 2026-11-29 on this machine (other work running).
BEFORE_BUILD_S = {"employment_explorer": "0.1–0.8", "labour_explorer": "0.1–0.4", "excess_deaths_explorer": "3.8–10",
                  "estimates_explorer": "0.2–0.3", "provincial_excess_explorer": "2–7.6"}


def _builds(b: dict | None) -> str:
    if not b:
        return ""
    out = ["### Building an explorer in the kernel, and what it sends the page\n",
           "Each explorer built in a fresh process after `import gleap_data.widgets` (as the first one in a "
           "lesson), median of the runs; the payload is what it sends the page once (gzipped JSON), beside "
           "plotly.js, which JupyterLab gets once per page and the static site keeps beside the pages. "
           "*Before*: the first in-page version, before the payloads were built without a plotly figure per "
           "position (other work running).\n",
           "| Explorer | How the page gets its numbers | Build now (s) | Before (s) | Payload (kB) |", "|---|---|---|---|---|"]
    how = {"employment_explorer": "precomputed, one position per year", "labour_explorer": "model evaluated in the page",
           "excess_deaths_explorer": "precomputed, every position", "estimates_explorer": "precomputed, one per period",
           "provincial_excess_explorer": "precomputed per province, assembled in the page"}
    for name, e in b.items():
        out.append(f"| `{name}` | {how.get(name, '')} | {_f(e['build_s_median'], '.2f')} | {BEFORE_BUILD_S.get(name, '–')} "
                   f"| {_f(e['payload_kb'], '.1f')} |")
    out.append("")
    return "\n".join(out)


def _browser(b: dict | None, kernel_ms: dict | None, static: dict | None = None) -> str:
    """Section 2b: key press to repaint in JupyterLab and in the static site, beside the old design."""
    if not b:
        return "## 2b. In the browser\n\nNot measured in this run (`--no-browser`, or no Chromium).\n"
    out = ["## 2b. In the browser: key press to repaint (JupyterLab and the static site, headless Chromium)\n",
           "Each explorer redraws in the page (gleap_data/explorer.js, plotly.js): a key press on its first "
           "control (a slider: alternating arrow keys; the estimates' list: timed from the choice) is looked up "
           "or evaluated and drawn at once; the kernel's copy of the state follows after the frame is painted. "
           "*Redrawn SVG*: the chart's SVG rewritten with the new data; *paint*: the second animation frame after "
           "that (so at least one frame, about 16 ms, is always included). *Before*: the same measurement of the "
           "old design, where every move went to the kernel and back through a plotly FigureWidget "
           "(2026-11-29 19:32 UTC, load average about 5).\n",
           "| Explorer | Before, JupyterLab: paint median (ms) | **Now, JupyterLab: paint median (ms)** | p95 | "
           "**Now, static site: paint median (ms)** | p95 | Redrawn SVG, Lab / site (ms) | plotly.js redraw alone, Lab / site (ms) |",
           "|---|---|---|---|---|---|---|---|"]
    site = {}
    for name, e in ((static or {}).get("explorers") or {}).items():
        site.setdefault(_lesson(name), []).append(e)
    seen: dict[str, int] = {}
    for name, e in b["explorers"].items():
        lesson = _lesson(name)
        i = seen.get(lesson, 0)
        seen[lesson] = i + 1
        st = site.get(lesson, [])
        st = st[i] if i < len(st) else None
        before = BEFORE_PAINT_MS.get(lesson) if i == 0 else None
        out.append(f"| {name} | {_f(before, '.0f')} | **{_f(e['paint_ms_median'], '.0f')}** | {_f(e['paint_ms_p95'], '.0f')} "
                   f"| **{_f(st and st['paint_ms_median'], '.0f')}** | {_f(st and st['paint_ms_p95'], '.0f')} "
                   f"| {_f(e['afterplot_ms_median'], '.0f')} / {_f(st and st['afterplot_ms_median'], '.0f')} "
                   f"| {_f(e.get('redraw_ms_median'), '.0f')} / {_f(st and st.get('redraw_ms_median'), '.0f')} |")
    out.append("")
    worst_site = (static or {}).get("static_slider_ms_median")
    out.append(f"Worst explorer's median: **{_f(b['browser_slider_ms_median'], '.0f')} ms** in JupyterLab "
               f"(`browser_slider_ms_median`), **{_f(worst_site, '.0f')} ms** in the static site "
               f"(`static_slider_ms_median`); before, {max(BEFORE_PAINT_MS.values())} ms. What is left is plotly.js "
               "redrawing the chart and the browser's layout and paint, not Python.\n")
    if static and static.get("page_kb"):
        name, kb = max(static["page_kb"].items(), key=lambda kv: kv[1])
        out.append(f"Largest lesson page of the static site, beyond plotly.js (which sits beside the pages): "
                   f"`{name}.html`, {_f(kb / 1024, '.2f')} MB (limit 1 MB, checked by tests/test_site.py).\n")
    out.append("| Notebook | Run All to every chart drawn (s) |")
    out.append("|---|---|")
    for name, s in b["run_all_s"].items():
        out.append(f"| `{name}` | {_f(s, '.1f')} |")
    out.append("")
    return "\n".join(out)


#: Why an explorer's key press costs what it does, for the explorers that miss the Event Timing goal:
#: known by the first words of their chart's title (the same in JupyterLab and the static site).
EVENT_TIMING_LEFT = {
    "employed persons": "each year moves the marked point (x, y and its name, the year), the year line (a shape) and "
                        "the shares' note (an annotation). A react on the old points redraws the note, the line and the "
                        "name alone, then the points go by plotly's animation path; left: plotly's defaults pass (run "
                        "for both reacts) and its restyle of every trace for the new name.",
    "what if farm labour": "only x and y change (9 traces on two panels): the animation path already; left: plotly "
                           "redrawing the traces and an axis whose range moved.",
    "excess deaths by year": "the bars and the title (the chosen years) change: the title alone, then the bars by the "
                             "animation path; left: the bars' axis moving with them.",
    "published estimates": "each period shows other estimates: the rows (the y axis's categories) and the chart's "
                           "height change, so plotly.js lays the whole chart out again (legend, every row's label "
                           "measured): it has no cheaper path for that. A fixed height with empty rows, or one chart per "
                           "period drawn ahead, would trade it for a longer or heavier page: not done.",
    "excess deaths, 1959": "the bars' value labels (text) change with every move, and plotly.js lays a bar chart out "
                           "again for new text (text has no animation path): one full react per press.",
}

#: What was measured while looking for where the time goes (2026-12-07, explorer.js before and after
#: commit c8f373b, interleaved in one browser so that both saw the same load).
EVENT_TIMING_FINDINGS = """\
**Where the time goes.** Chromium's sampling profiler over 20 presses per static explorer: more than 95 % of a
press's handler time is inside plotly.js's `react`; the explorer's own work is small (looking the state up: under 0.5 ms; the
data table rebuilt after every key: 5 of 150 ms per press on the employment explorer at a load of about 13,
0.2 ms on the provincial one, so it stays where it is: the tests read it right after the key). Before the change,
every state that changed anything in the layout (the employment explorer's year line and note, the excess-deaths
title, and the description that every state carries in `layout.meta`) took plotly's full path: for the employment
explorer, the axes' tick labels drawn and measured one by one were 20 of 72 ms per press, and the animation path
that data-only changes took ended in a second full redraw after the frame when a trace's name changed.
**Changed** (gleap_data/explorer.js, `redraw`): plotly gets one `meta` for every state; a changed title,
annotation or shape (and a trace's name) is redrawn alone by a react on the old x and y, then x and y go by the
1 ms animation path in the same task, so the first frame after the key shows the new state (checked: the chart's
paths and tick labels after the first frame equal their final state, 8 presses each on lessons 00, 05, 07).
Before → after, same browser, interleaved, 30 presses each: employment (lesson 00, static) median 112 → 64 ms,
processing 94 → 40 ms (load 5.8), and 268 → 128 ms (load 11); excess deaths (05) 60 → 40 ms (load 7.0) and
80 → 60 ms (load 13.6); the main thread's CPU time per press (trace thread time, less sensitive to load) on 00:
86 → 58 ms (load 13.7). The estimates (06), labour (03) and provincial (07) explorers take the same path as
before (see below). **The kernel's echo** (JupyterLab): ipywidgets 8 sends every `value` the page sets back to
the page; switched off in the kernel (`echo_update=False`, toggled in the same page, 24 presses each, lesson 00)
the median went 160 → 112 ms at a load of 12, within the noise at that load, and the page tells the kernel only
after the frame it is timed to, so nothing was changed.

**At a lower load** (static site only, 13:58-14:01 UTC, one run after the other, 24 presses each, the site built at
12:26 with explorer.js after and before the change; median/p95 Event Timing, ms): lesson 00 40/64 after (load 2.5)
against 48/64 before (1.9); 01 40/56 (2.3) against 40/64 (1.8); 03 32/48 (2.1) against 32/40 (1.6); 05 24/56 (2.4)
against 24/40 (1.5); 06 64/88 (2.4) against 112/200 (2.6); 07 40/48 (2.2) against 180/304 (at 6.5, the load rising
again). So near idle, the labour (03) and excess-deaths (05) explorers meet the median goal and not always the p95;
the employment, provincial and estimates explorers do not. JupyterLab was not measured again at that load.

**The static site's 30 → 95 ms** (section 2b's `static_slider_ms_median`, 2026-11-29 against the first run after
the site moved to Sphinx, myst-nb and sphinx-book-theme). The worst page and control: lesson 06, the estimates'
*period* list (in-page paint median 120 ms, Event Timing 136 ms at a load of 3.9, with lessons 01 and 07 next at
80 ms). The 2026-11-29 hand-built site (rebuilt from 9efd5d5) timed right after, at a load of 4.5-5.3, gave
81 ms for the same explorer and 69-76 ms for lessons 00, 01, 03, against 29-30 ms at the load of about 1 of
2026-11-29: most of 30 → 95 ms is the load the figures were taken at. The rest, measured on the same explorer
at the same moment (main-thread CPU per press, two runs each unless said): the Sphinx page costs more than the
hand-built one, 68-83 against 50-60 ms at a load of 14 (Event Timing 116 against 88 ms, load 9.8), but 76
against 75 ms in a third run at a load of 24; style recalculation and layout around the chart are 2-3 x larger
in the themed page (7.5 against 2.3 ms and 4.9 against 1.9 ms per press, lesson 00). Not the cause, each swapped
into the Sphinx page alone: plotly.js's full bundle in place of the partial one (both plotly.js 4.1.1; 93 against
83 ms), the theme's scripts taken out (78 against 76 ms), its style sheets taken out (73-102 against 76 ms),
the 2026-11-29 explorer.js (86 against 83 ms), the 2026-11-29 explorer.js with the 2026-11-29 figures (76 against
76 ms). So: mostly load, up to about a quarter from the themed page's heavier style and layout, nothing from the
partial bundle; all of it measured on a machine at a load of 4 to 24, which blurs differences under about 20 %.
"""


def event_timing(b: dict | None, static: dict | None) -> str:
    """Section 2c: the browser's own measure of each key press (Event Timing API)."""
    if not b and not static:
        return ""
    out = ["## 2c. In the browser, by its own measure: Event Timing\n",
           "The same key presses as in section 2b, measured by the browser: a `PerformanceObserver` of type "
           "`event` (`durationThreshold: 16`, the basis of Chrome's Interaction to Next Paint) records each "
           "`keydown`, from the input's timestamp through its handlers to the next paint. *Input delay*: "
           "`processingStart - startTime`; *processing*: the handlers (`processingEnd - processingStart`, where "
           "the explorer looks the state up and plotly.js redraws); *presentation*: the rest, to the paint "
           "(medians of each). The API reports `duration` rounded to 8 ms and nothing below 16 ms: such a press "
           "is counted as 16 ms, and the column *< 16* says how many were. Goal: median <= 32 ms (two frames), "
           "p95 <= 48 ms, every explorer, in both places. The load average is read after each explorer.\n",
           "Caveats. The key presses are synthetic: Playwright sends them through the DevTools protocol "
           "(`Input.dispatchKeyEvent`), so the browser treats them as trusted input and times them, but no "
           "keyboard, OS or window-system delay is in the input delay. Chromium runs headless with software "
           "compositing (no GPU): *presentation* ends when the compositor frame is made, not when a screen "
           "shows it. `duration` is rounded to 8 ms, so two figures 8 ms apart may differ by one step. The "
           "machine has 2 cores shared by several sessions: a figure taken at a load average above 2 measures "
           "the queue for a core as much as the page (input delay and presentation grow first), and is labelled "
           "with its load; repeat runs and compare like with like.\n",
           "| Place | Explorer | Presses | < 16 | Median (ms) | p95 (ms) | Worst (ms) | Input delay | Processing | "
           "Presentation | In-page paint median (ms) | Load average |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for place, section in (("JupyterLab", b), ("static site", static)):
        for name, e in ((section or {}).get("explorers") or {}).items():
            if e.get("event_ms_median") is None:
                continue
            out.append(f"| {place} | {name} | {e['presses']} | {e.get('event_below_threshold', 0)} "
                       f"| **{_f(e['event_ms_median'], '.0f')}** | {_f(e['event_ms_p95'], '.0f')} | {_f(e['event_ms_max'], '.0f')} "
                       f"| {_f(e['event_input_delay_ms_median'], '.1f')} | {_f(e['event_processing_ms_median'], '.1f')} "
                       f"| {_f(e['event_presentation_ms_median'], '.1f')} | {_f(e['paint_ms_median'], '.0f')} | {e.get('loadavg') or '–'} |")
    out.append("")
    left = []
    for place, section in (("JupyterLab", b), ("static site", static)):
        for name, e in ((section or {}).get("explorers") or {}).items():
            if e.get("event_ms_median") is None or (e["event_ms_median"] <= 32 and e["event_ms_p95"] <= 48):
                continue
            title = name.split(": ", 1)[-1].replace("<br>", " ").lower()
            why = next((v for k, v in EVENT_TIMING_LEFT.items() if title.startswith(k)), "not looked into.")
            left.append(f"- {place}, {name.split(':')[0]}: median {_f(e['event_ms_median'], '.0f')} ms, p95 "
                        f"{_f(e['event_ms_p95'], '.0f')} ms at a load of {e.get('loadavg') or '–'}; processing "
                        f"{_f(e['event_processing_ms_median'], '.0f')} ms of it. Why: {why}")
    if left:
        out += ["Explorers that miss the goal (median <= 32 ms, p95 <= 48 ms), what is left and why:\n"] + left + [""]
    for place, section in (("JupyterLab", b), ("static site", static)):
        if section and section.get("event_timing_ms_median") is not None:
            out.append(f"- {place}: worst explorer's median **{_f(section['event_timing_ms_median'], '.0f')} ms**, "
                       f"worst p95 **{_f(section['event_timing_ms_p95'], '.0f')} ms** (load average "
                       f"{section.get('loadavg_start') or '–'} at the start, {section.get('loadavg_end') or '–'} at the end).")
    out += ["", EVENT_TIMING_FINDINGS]
    return "\n".join(out)


def _notes(r: dict) -> str:
    """A sentence for every goal that is not met: why, and what was tried."""
    g = r["goals"]
    notes = []
    if g["notebooks_over_floor"]["met"] is False:
        worst = max(r["notebooks"].items(), key=lambda kv: kv[1]["ratio_to_floor"])
        notes.append(f"- Notebooks: the sum is {_f(r['notebooks_over_floor'])} × the floor; the slowest is "
                     f"`{worst[0]}` at {_f(worst[1]['ratio_to_floor'])} ×.")
    if g["import_gleap_data_s"]["met"] is False:
        notes.append(f"- `import gleap_data` takes {_f(r['import_gleap_data_s'], '.3f')} s; "
                     f"`import pandas` alone takes {_f(r['imports']['pandas']['median_s'], '.3f')} s.")
    if g["kernel_peak_mb_max"]["met"] is False:
        notes.append(f"- A kernel peaks at {_f(r['kernel_peak_mb_max'], '.0f')} MB; the floor kernel alone at "
                     f"{_f(r['floor']['kernel_peak_mb'], '.0f')} MB.")
    for key in ("slider_update_ms_median", "slider_speedup_vs_naive"):
        if g[key]["met"] is False:
            notes.append(f"- `{key}`: {_value(g[key]['value'], '.1f')} (target {g[key]['target']}).")
    trap = r.get("nbformat_trap") or {}
    if "with" in trap and "without" in trap:
        w, wo = trap["with"], trap["without"]
        notes.append(f"- rfc3987-syntax: in a fresh install `import nbformat` takes "
                     f"{_f(w['import_nbformat']['median_s'])} s with it and {_f(wo['import_nbformat']['median_s'])} s "
                     f"without; see section 4.")
    if g["notebooks_over_floor"]["met"] is False and r["machine"]["versions"].get("rfc3987-syntax"):
        notes.append("- Why the notebooks miss: every notebook shows a chart or builds an explorer, which imports `plotly.io` → "
                     "nbformat → jsonschema → rfc3987-syntax (about 3 s per kernel here, none of it in the floor). "
                     "Tried: uninstalling rfc3987-syntax in a fresh install, section 4 (`notebooks over floor` "
                     "there, with and without). The Makefile and binder/postBuild must drop it for this to hold.")
    if g["notebooks_over_floor"]["met"] is False and not r["machine"]["versions"].get("rfc3987-syntax"):
        notes.append("- Why the notebooks still miss: the floor only imports, while a notebook also draws its first "
                     "plotly figure (plotly.io loads its renderers and nbformat), builds explorers (and their payloads for the page), loads "
                     "datasets and runs its own cells, 10–30 of them. Tried: dropping rfc3987-syntax (about 4.4 x "
                     "the floor before, on a loaded machine), importing pandas, plotly and ipywidgets lazily in "
                     "gleap_data, and caching the tables the sliders use. What is left is the notebooks' own "
                     "work: a few seconds in all.")
    if g["slider_update_ms_median"]["met"] is False or g["slider_speedup_vs_naive"]["met"] is False:
        notes.append("- Why a slider misses: each change recomputes its table with pandas (the function the "
                     "student can call too) and sends the new trace data; the naive way to compare with is "
                     "cheapest for the simplest chart (a handful of bars), so its ratio is the lowest. Tried: "
                     "caching the rates tables and the estimates per period, numpy arithmetic in the "
                     "excess-death function, assigning trace data directly instead of through update().")
    if not notes:
        return "Every goal is met.\n"
    return "Notes:\n\n" + "\n".join(notes) + "\n"


def _trap(trap) -> str:
    if not trap:
        return ("### rfc3987-syntax (nbformat import)\n\nNot measured in this run (`--quick` or "
                "`--no-install`).\n")
    lines = ["### rfc3987-syntax (nbformat import, jupyter stack trap 3)\n"]
    states = [s for s in ("with", "without") if s in trap]
    if not trap.get("installed_by_fresh_install"):
        lines.append("A fresh `pip install '.[lab,exercises]'` no longer brings rfc3987-syntax: only the state without it "
                     "was measured.\n")
    lines.append("| In the fresh install | " + " | ".join(f"{s} rfc3987-syntax" for s in states) + " |")
    lines.append("|---|" + "---|" * len(states))
    rows = [
        ("`import nbformat` (s)", lambda e: _f(e["import_nbformat"]["median_s"])),
        ("`import otter` (s)", lambda e: _f(e["import_otter"]["median_s"])),
        ("`import jupyterlab.labapp` (s)", lambda e: _f(e["import_jupyterlab_app"]["median_s"])),
        ("first `fig.show()` in a process (s)", lambda e: _f(e["first_fig_show_s"])),
        ("sum of notebook times (s, 1 run each)", lambda e: _f(e["notebooks_total_s"])),
        ("floor (s, 1 run)", lambda e: _f(e["floor_s"])),
        ("notebooks over floor", lambda e: _f(e["notebooks_over_floor"])),
        ("`pip check`", lambda e: e["pip_check"] or "–"),
        ("notebook errors", lambda e: ", ".join(e["notebook_errors"]) or "none"),
        ("JupyterLab, otter, nbformat import; `nbformat.validate`", lambda e: "ok" if e["checks"].get("imports_ok")
         else "FAILED: " + e["checks"].get("error", "")[-200:].replace("\n", " ")),
        ("jsonschema checks formats email / uri / iri", lambda e: " / ".join(
            "yes" if e["checks"].get(f"{k}_format_checked") else "no" for k in ("email", "uri", "iri"))),
    ]
    for title, fn in rows:
        lines.append(f"| {title} | " + " | ".join(fn(trap[s]) for s in states) + " |")
    lines.append("")
    lines.append(
        "rfc3987-syntax comes in through `jupyter-events` → `jsonschema[format-nongpl]`; jsonschema imports it "
        "eagerly to check the `iri` and `iri-reference` formats, and it builds its Lark parsers at import "
        "(upstream: python-jsonschema/jsonschema#1428, #1521). No Jupyter schema uses those two formats. "
        "Without it, jsonschema simply leaves `iri`/`iri-reference` unchecked; every other format is still "
        "checked. pip does not check an extra's requirements, so `pip check` stays clean. The remedy "
        "(`pip uninstall -y rfc3987-syntax` after every install, in the Makefile and in `binder/postBuild`) "
        "must follow *every* `pip install` of the project, since pip's resolver puts the package back.\n")
    return "\n".join(lines)


#: sections written by other benchmarks into BENCHMARKS.md (each by its own command, which names
#: it); `make bench` keeps them as they are instead of dropping them
OTHER_SECTIONS = ("## JupyterLite", "## Grading a year group", "## A class of 30",
                  "## The course site")


def keep_other_sections(text: str, path) -> str:
    """``text`` (make bench's page) followed by the sections of ``path`` whose heading starts with one
    of OTHER_SECTIONS (a heading may grow: "## The course site: page weight, Lighthouse and ...")."""
    import re
    from pathlib import Path

    path = Path(path)
    old = path.read_text("utf-8") if path.exists() else ""
    kept = []
    for heading in OTHER_SECTIONS:
        m = re.search(rf"^{re.escape(heading)}[^\n]*\n.*?(?=^## |\Z)", old, re.S | re.M)
        if m and f"\n{heading}" not in text:
            kept.append(m.group(0).rstrip("\n") + "\n")
    return text.rstrip("\n") + "\n" + "".join("\n" + k for k in kept) if kept else text
