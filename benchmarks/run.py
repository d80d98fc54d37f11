"""Run the benchmarks and write ``build/bench.json`` and ``BENCHMARKS.md``.

    python -m benchmarks.run --out build/bench.json --markdown BENCHMARKS.md
    python -m benchmarks.run --quick --notebooks notebooks/00_start_here.ipynb --out /tmp/b.json

What is measured (see BENCHMARKS.md for the method and the figures):

1. every notebook executed with nbclient in a fresh kernel, against the floor: a fresh kernel
   that runs one cell ``import pandas, plotly.graph_objects, ipywidgets, gleap_data``;
2. slider latency inside a kernel, the explorers against ``ipywidgets.interactive``
   (:mod:`benchmarks.slider`);
3. ``import gleap_data`` in a fresh process, and loading every dataset;
2b. in Chromium, JupyterLab's Run All and each explorer's key-press-to-repaint time
   (:mod:`benchmarks.browser`);
4. the peak memory (VmHWM) of every notebook's kernel, and the size and time of a fresh install;
   in that throwaway install, the cost of ``rfc3987-syntax`` (see ``--no-install``).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
FLOOR_CELL = "import pandas, plotly.graph_objects, ipywidgets, gleap_data"
#: What a fresh install needs from the work tree (everything else is left out of the copy).
INSTALL_FILES = ("pyproject.toml", "README.md", "LICENSE", "LICENSE-content.md", "gleap_data")
GOALS = {
    "notebooks_over_floor": ("<=", 1.5, "sum of notebook times / (number of notebooks x floor)"),
    "slider_update_ms_median": ("<=", 10.0, "slider update, median in-kernel (ms), every chart"),
    "slider_speedup_vs_naive": (">=", 10.0, "speed-up over ipywidgets.interactive re-creating the figure, every chart"),
    "import_gleap_data_s": ("<=", 0.2, "`import gleap_data` in a fresh process (s)"),
    "kernel_peak_mb_max": ("<=", 300.0, "largest kernel peak RSS (MB)"),
    "browser_slider_ms_median": ("<=", 50.0, "key press to repaint in JupyterLab, worst explorer's median (ms)"),
    "static_slider_ms_median": ("<=", 50.0, "key press to repaint in the static site, worst explorer's median (ms)"),
    "event_timing_ms_median": ("<=", 32.0, "Event Timing duration of a key press (two frames), worst explorer's median (ms), "
                                           "JupyterLab and static site"),
    "event_timing_ms_p95": ("<=", 48.0, "Event Timing duration of a key press, worst explorer's p95 (ms), "
                                        "JupyterLab and static site"),
}
VERSIONS = ("gleap", "pandas", "numpy", "plotly", "ipywidgets", "anywidget", "ipykernel", "jupyter_client",
            "nbclient", "nbformat", "jsonschema", "jupyterlab", "otter-grader", "rfc3987-syntax")


def log(*args):
    print("[bench]", *args, file=sys.stderr, flush=True)


def median(xs):
    return statistics.median(xs) if xs else float("nan")


# ------------------------------------------------------------------------------------------ machine

def _loadavg() -> str | None:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return None


def machine_info() -> dict:
    cpu = "unknown"
    mem_gb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 ** 2, 1)
    except OSError:
        pass
    versions = {}
    for name in VERSIONS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(), "cpu": cpu, "memory_gb": mem_gb,
        "os": platform.platform(), "python": platform.python_version(),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
        "loadavg_start": _loadavg(),
        "versions": versions,
    }


# ------------------------------------------------------------------------------------------ processes

def timed_import(python: str, statement: str, repeat: int) -> dict:
    """Median of ``repeat`` fresh processes timing ``statement`` (interpreter start excluded)."""
    code = f"import time; t=time.perf_counter(); {statement}; print(time.perf_counter()-t)"
    runs = []
    for _ in range(repeat):
        out = subprocess.run([python, "-c", code], capture_output=True, text=True, cwd=tempfile.gettempdir())
        if out.returncode:
            raise RuntimeError(f"{statement!r} failed in {python}:\n{out.stderr[-2000:]}")
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    return {"statement": statement, "runs_s": runs, "median_s": median(runs)}


def importtime_top(python: str, statement: str, top: int = 8) -> list[dict]:
    """The modules with the largest cumulative time under ``python -X importtime``."""
    out = subprocess.run([python, "-X", "importtime", "-c", statement], capture_output=True, text=True,
                         cwd=tempfile.gettempdir())
    rows = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _, self_us, cumulative_us, name = line.replace("import time:", "|").split("|")
        if name.startswith("  "):  # nested: already counted in the cumulative time of its importer
            continue
        rows.append({"module": name.strip(), "cumulative_ms": int(cumulative_us) / 1e3, "self_ms": int(self_us) / 1e3})
    return sorted(rows, key=lambda r: -r["cumulative_ms"])[:top]


DATASETS_CODE = r"""
import json, time
t0 = time.perf_counter()
import gleap_data as gd
t1 = time.perf_counter()
names = gd.datasets()
t2 = time.perf_counter()
import pandas
t2b = time.perf_counter()
per = {}
for name in names:
    t = time.perf_counter(); gd.load(name); per[name] = time.perf_counter() - t
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "first_use_s": t2 - t1, "pandas_s": t2b - t2, "load_s": per,
                  "all_loads_s": t3 - t2b,
                  "total_s": t3 - t0}))
"""


def dataset_loads(python: str, repeat: int) -> dict:
    """Fresh process: import, first use (``datasets()``), ``import pandas``, then each load."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run([python, "-c", DATASETS_CODE], capture_output=True, text=True, cwd=tempfile.gettempdir())
        if out.returncode:
            raise RuntimeError(f"loading the datasets failed:\n{out.stderr[-2000:]}")
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    names = list(runs[0]["load_s"])
    return {
        "runs": len(runs),
        "first_use_s": median([r["first_use_s"] for r in runs]),
        "pandas_s": median([r["pandas_s"] for r in runs]),
        "load_s": {n: median([r["load_s"][n] for r in runs]) for n in names},
        "all_loads_s": median([r["all_loads_s"] for r in runs]),
        "import_and_load_all_s": median([r["total_s"] for r in runs]),
    }


# ------------------------------------------------------------------------------------------ kernels

def _peak_mb(pid: int) -> float | None:
    """The kernel's peak resident set (VmHWM), read while it is still alive."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import psutil
        return psutil.Process(pid).memory_info().rss / 2 ** 20  # current, not peak: a lower bound
    except Exception:  # noqa: BLE001 - memory is reported as unknown rather than failing the run
        return None


def kernel_manager(python: str | None = None, workdir: Path | None = None):
    """A kernel manager for this interpreter's ``python3`` kernel, or for another interpreter's
    ipykernel (a throwaway kernelspec written under ``workdir``)."""
    from jupyter_client.manager import KernelManager

    if python is None:
        return KernelManager(kernel_name="python3")
    from jupyter_client.kernelspec import KernelSpecManager

    spec_dir = Path(workdir) / "kernels" / "gleap-bench"
    spec_dir.mkdir(parents=True, exist_ok=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "gleap bench", "language": "python"}))
    return KernelManager(kernel_name="gleap-bench",
                         kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec_dir.parent)]))


def execute(nb, cwd: Path, python: str | None = None, workdir: Path | None = None, timeout: int = 600) -> dict:
    """Execute a notebook in a fresh kernel: wall time (kernel start included) and peak memory."""
    from nbclient import NotebookClient

    km = kernel_manager(python, workdir)
    client = NotebookClient(nb, km=km, timeout=timeout, resources={"metadata": {"path": str(cwd)}})
    error = None
    t0 = time.perf_counter()
    try:
        client.execute(cleanup_kc=False)
    except Exception as exc:  # noqa: BLE001 - a failing notebook is reported, not hidden
        error = f"{type(exc).__name__}: {str(exc)[-400:]}"
    seconds = time.perf_counter() - t0
    peak = None
    try:
        if km.has_kernel:
            peak = _peak_mb(km.provisioner.pid)
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    return {"seconds": seconds, "kernel_peak_mb": peak, "error": error}


def floor_notebook():
    import nbformat

    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CELL)])


def run_notebooks(paths, repeat: int, floor_repeat: int, python=None, workdir=None) -> dict:
    """Floor and notebooks, interleaved run by run so that drift hits both alike."""
    import nbformat

    floor_runs, nb_runs = [], {p.stem: [] for p in paths}
    for r in range(max(repeat, floor_repeat)):
        if r < floor_repeat:
            floor_runs.append(execute(floor_notebook(), NOTEBOOKS, python, workdir))
            log(f"floor run {r + 1}: {floor_runs[-1]['seconds']:.2f} s")
        if r < repeat:
            for p in paths:
                res = execute(nbformat.read(p, as_version=4), p.parent, python, workdir)
                nb_runs[p.stem].append(res)
                log(f"{p.name} run {r + 1}: {res['seconds']:.2f} s"
                    + (f"  ERROR {res['error']}" if res["error"] else ""))
    floor_s = median([r["seconds"] for r in floor_runs])
    notebooks = {}
    for name, runs in nb_runs.items():
        secs = median([r["seconds"] for r in runs])
        peaks = [r["kernel_peak_mb"] for r in runs if r["kernel_peak_mb"] is not None]
        notebooks[name] = {"runs_s": [r["seconds"] for r in runs], "median_s": secs,
                           "ratio_to_floor": secs / floor_s, "kernel_peak_mb": max(peaks) if peaks else None,
                           "errors": [r["error"] for r in runs if r["error"]]}
    total = sum(n["median_s"] for n in notebooks.values())
    floor_peaks = [r["kernel_peak_mb"] for r in floor_runs if r["kernel_peak_mb"] is not None]
    return {
        "floor": {"cell": FLOOR_CELL, "runs_s": [r["seconds"] for r in floor_runs], "median_s": floor_s,
                  "kernel_peak_mb": max(floor_peaks) if floor_peaks else None},
        "notebooks": notebooks,
        "notebooks_total_s": total,
        "floor_total_s": floor_s * len(notebooks),
        "notebooks_over_floor": total / (floor_s * len(notebooks)) if notebooks else float("nan"),
    }


_BUILD = """
import sys, time
import gleap_data.widgets as w
name = sys.argv[1]
t = time.perf_counter()
explorer = getattr(w, name)()
print(time.perf_counter() - t, len(explorer._spec))
"""
EXPLORERS = ("employment_explorer", "labour_explorer", "excess_deaths_explorer", "estimates_explorer",
             "provincial_excess_explorer")


def _settle(limit_s: float = 60.0) -> None:
    """Wait (at most ``limit_s``) until the 1-minute load average falls below 1, so that a timing
    does not pay for the previous step's processes still winding down."""
    deadline = time.time() + limit_s
    while time.time() < deadline and os.getloadavg()[0] >= 1.0:
        time.sleep(2)


def run_explorer_builds(repeat: int) -> dict:
    """Each explorer built in a fresh process after ``import gleap_data.widgets`` (the first of its
    kind, as in a lesson): seconds (median of ``repeat``) and the payload it sends the page (kB, gzipped)."""
    out = {}
    for name in EXPLORERS:
        runs, size = [], None
        for _ in range(repeat):
            proc = subprocess.run([sys.executable, "-c", _BUILD, name], capture_output=True, text=True, check=True)
            seconds, size = proc.stdout.split()
            runs.append(float(seconds))
        out[name] = {"build_s_median": median(runs), "runs": runs, "payload_kb": int(size) / 1024}
    return out


def run_sliders(n: int, warmup: int, workdir: Path) -> dict:
    """Execute :func:`benchmarks.slider.measure_to_file` in a fresh kernel of this interpreter."""
    import nbformat

    out = Path(workdir) / "slider.json"
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            f"from benchmarks import slider\n"
            f"slider.measure_to_file({str(out)!r}, n={n}, warmup={warmup})")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    res = execute(nb, NOTEBOOKS, timeout=1800)
    if res["error"]:
        raise RuntimeError(f"the slider benchmark failed in its kernel: {res['error']}")
    return json.loads(out.read_text())


# ------------------------------------------------------------------------------------------ install

def _du_mb(path: Path) -> float:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(dirpath, f)).st_blocks * 512
            except OSError:
                pass
    return total / 2 ** 20


def _pip(python: str, *args, check=True) -> subprocess.CompletedProcess:
    return subprocess.run([python, "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True, check=check)


CHECKS_CODE = r"""
import json, jsonschema, nbformat, otter, jupyterlab.labapp, jupyter_server.serverapp, jupyter_events.validators
fc = jsonschema.Draft202012Validator.FORMAT_CHECKER
v = lambda fmt, x: jsonschema.Draft202012Validator({"format": fmt}, format_checker=fc).is_valid(x)
nbformat.validate(nbformat.v4.new_notebook())
print(json.dumps({"imports_ok": True, "nbformat_validate_ok": True,
                  "email_format_checked": not v("email", "not an address"),
                  "uri_format_checked": not v("uri", "no scheme"),
                  "iri_format_checked": not v("iri", "::not an iri")}))
"""


def fresh_install(paths, workdir: Path, repeat: int) -> dict:
    """``python -m venv`` + ``pip install '.[lab,exercises]'`` (the course, as ``make lab`` installs it) into a temp folder:
    its time and size; then, in that throwaway venv, the cost of rfc3987-syntax (jupyter stack
    trap 3) measured with it and after ``pip uninstall -y rfc3987-syntax``."""
    src = workdir / "src"
    src.mkdir()
    for name in INSTALL_FILES:
        s = ROOT / name
        if s.is_dir():
            shutil.copytree(s, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif s.exists():
            shutil.copy2(s, src / name)
    venv = workdir / "venv"
    py = str(venv / "bin" / "python")
    log("fresh install: python -m venv + pip install '.[lab,exercises]' (this takes a few minutes)")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    t_venv = time.perf_counter() - t0
    res = _pip(py, "install", "--quiet", f"{src}[lab,exercises]", check=False)
    seconds = time.perf_counter() - t0
    if res.returncode:
        raise RuntimeError(f"pip install '.[lab,exercises]' failed:\n{res.stderr[-3000:]}")
    size = _du_mb(venv)
    freeze = _pip(py, "list", "--format=freeze").stdout.split()
    install = {"seconds": seconds, "venv_seconds": t_venv, "size_mb": size, "packages": len(freeze),
               "pip_cache": "pip's local cache was used (a cold Binder build downloads every wheel)"}
    log(f"fresh install: {seconds:.0f} s, {size:.0f} MB, {len(freeze)} packages")

    has = any(f.lower().startswith("rfc3987-syntax==") or f.lower().startswith("rfc3987_syntax==") for f in freeze)
    trap = {"installed_by_fresh_install": has}
    states = [("with", None), ("without", "uninstall")] if has else [("without", None)]
    for state, action in states:
        if action == "uninstall":
            _pip(py, "uninstall", "-y", "--quiet", "rfc3987-syntax")
        log(f"rfc3987-syntax {state}: imports and notebooks in the fresh venv")
        entry = {
            "import_nbformat": timed_import(py, "import nbformat", repeat),
            "import_otter": timed_import(py, "import otter", max(2, repeat // 2)),
            "import_jupyterlab_app": timed_import(py, "import jupyterlab.labapp", max(2, repeat // 2)),
            "first_fig_show_s": timed_import(
                py, "import plotly.io as pio, plotly.graph_objects as go; pio.renderers.default='json';"
                    " go.Figure().show()", max(2, repeat // 2))["median_s"],
            "pip_check": _pip(py, "check", check=False).stdout.strip(),
        }
        nbs = run_notebooks(paths, 1, 1, python=py, workdir=workdir)
        entry["notebooks_total_s"] = nbs["notebooks_total_s"]
        entry["floor_s"] = nbs["floor"]["median_s"]
        entry["notebooks_over_floor"] = nbs["notebooks_over_floor"]
        entry["notebook_errors"] = {k: v["errors"] for k, v in nbs["notebooks"].items() if v["errors"]}
        checks = subprocess.run([py, "-c", CHECKS_CODE], capture_output=True, text=True, cwd=str(workdir))
        entry["checks"] = (json.loads(checks.stdout.strip().splitlines()[-1]) if checks.returncode == 0
                           else {"imports_ok": False, "error": checks.stderr[-1000:]})
        trap[state] = entry
    return {"install": install, "nbformat_trap": trap}


# ------------------------------------------------------------------------------------------ main

def goals(result: dict) -> dict:
    out = {}
    for key, (op, target, what) in GOALS.items():
        value = result.get(key)
        values = list(value.values()) if isinstance(value, dict) else [value]
        if any(v is None for v in values) or not values:
            met = None
        elif op == "<=":
            met = all(v <= target for v in values)
        else:
            met = all(v >= target for v in values)
        out[key] = {"target": f"{op} {target:g}", "value": value, "met": met, "what": what}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="build/bench.json", help="JSON results (default: build/bench.json)")
    ap.add_argument("--markdown", help="write the human-readable report here (e.g. BENCHMARKS.md)")
    ap.add_argument("--notebooks", nargs="+", type=Path, help="notebooks to run (default: notebooks/*.ipynb)")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: one run of everything, 5 slider changes, no fresh install")
    ap.add_argument("--repeat", type=int, help="runs per notebook (default 3; quick: 1)")
    ap.add_argument("--floor-repeat", type=int, help="runs of the floor (default 5; quick: 1)")
    ap.add_argument("--slider-changes", type=int, help="timed changes per chart (default 60; quick: 3)")
    ap.add_argument("--no-install", action="store_true", help="skip the fresh install (and the rfc3987 check)")
    ap.add_argument("--no-browser", action="store_true", help="skip the browser section (JupyterLab in Chromium)")
    ap.add_argument("--browser-presses", type=int, help="key presses per explorer in Chromium (default 24; quick: 4)")
    args = ap.parse_args(argv)

    quick = args.quick
    repeat = args.repeat or (1 if quick else 3)
    floor_repeat = args.floor_repeat or (1 if quick else 5)
    changes = args.slider_changes or (3 if quick else 60)
    import_repeat = 1 if quick else 7
    paths = [p.resolve() for p in (args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb")))]
    py = sys.executable
    started = time.perf_counter()

    result: dict = {"quick": quick, "machine": machine_info()}
    with tempfile.TemporaryDirectory(prefix="gleap-bench-") as tmp:
        tmp = Path(tmp)
        log("imports in fresh processes")
        imports = {
            "gleap_data": timed_import(py, "import gleap_data", import_repeat),
            "pandas": timed_import(py, "import pandas", import_repeat),
            "floor_cell": timed_import(py, FLOOR_CELL, import_repeat),
        }
        if not quick:
            imports["nbformat"] = timed_import(py, "import nbformat", 3)
        result["imports"] = imports
        result["import_gleap_data_s"] = imports["gleap_data"]["median_s"]
        result["importtime_top"] = {"import gleap_data": importtime_top(py, "import gleap_data")}
        if not quick:
            result["importtime_top"]["floor cell"] = importtime_top(py, FLOOR_CELL)
        log("dataset loads")
        result["datasets"] = dataset_loads(py, 1 if quick else 5)

        log(f"notebooks: {len(paths)} x {repeat} runs, floor x {floor_repeat}")
        result.update(run_notebooks(paths, repeat, floor_repeat))
        peaks = [n["kernel_peak_mb"] for n in result["notebooks"].values() if n["kernel_peak_mb"] is not None]
        result["kernel_peak_mb_max"] = max(peaks) if peaks else None

        log(f"sliders: {changes} changes per chart, in a kernel")
        sliders = run_sliders(changes, 1 if quick else 5, tmp)
        result["sliders"] = sliders
        result["slider_update_ms_median"] = {k: v["gleap"]["median_ms"] for k, v in sliders.items()}
        result["slider_update_ms_p95"] = {k: v["gleap"]["p95_ms"] for k, v in sliders.items()}
        result["slider_naive_ms_median"] = {k: v["naive"]["median_ms"] for k, v in sliders.items()}
        result["slider_speedup_vs_naive"] = {k: v["speedup_median"] for k, v in sliders.items()}

        log("explorers: built in fresh processes")
        result["explorer_builds"] = run_explorer_builds(1 if quick else 3)
        if not (quick or args.no_install):
            result.update(fresh_install(paths, tmp, 5))
        if not args.no_browser:
            from .browser import CHROMIUM, run as run_browser

            if Path(CHROMIUM).exists():
                presses = args.browser_presses or (4 if quick else 24)
                _settle()
                log(f"browser: Run All and {presses} key presses per explorer, in Chromium")
                browser = run_browser(paths, presses)
                result["browser"] = browser
                result["browser_slider_ms_median"] = browser["browser_slider_ms_median"]
                result["browser_run_all_s"] = browser["run_all_s"]
                from .browser import run_static

                site = Path(tmp) / "site"
                log("static site: building it, then the same key presses on every explorer, offline")
                subprocess.run([py, str(ROOT / "tools" / "make_site.py"), "--out", str(site), "--lang", "en"], check=True,
                               stdout=subprocess.DEVNULL)
                _settle()  # the build's kernels and Chromium's first start out of the way before timing
                static = run_static(site, presses)
                result["static"] = static
                result["static_slider_ms_median"] = static["static_slider_ms_median"]
                for key in ("event_timing_ms_median", "event_timing_ms_p95"):
                    result[key] = {"jupyterlab": browser[key], "static_site": static[key]}
            else:
                log(f"browser: {CHROMIUM} not found, section skipped")
    result["machine"]["loadavg_end"] = _loadavg()
    result["goals"] = goals(result)
    result["bench_seconds"] = time.perf_counter() - started

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    log(f"wrote {out}")
    if args.markdown:
        from .report import render

        from .report import keep_other_sections

        Path(args.markdown).write_text(keep_other_sections(render(result), Path(args.markdown)), encoding="utf-8")
        log(f"wrote {args.markdown}")
    errors = {k: v["errors"] for k, v in result["notebooks"].items() if v["errors"]}
    if errors:
        log(f"notebooks that failed: {errors}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
