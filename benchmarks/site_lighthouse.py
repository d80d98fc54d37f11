"""Lighthouse over the course site, on its mobile settings: ``python -m benchmarks.site_lighthouse``.

    python -m benchmarks.site_lighthouse --site build/site --out build/lighthouse [--pages lessons/00_start_here.html ...]

Lighthouse (npm ``lighthouse`` 12, from tools/site_qa/, driving /usr/bin/chromium headless) with its
defaults: a phone (412 x 823, form factor mobile) on a throttled network and a 4x slower CPU
(simulated throttling), categories performance, accessibility and best practices. The site is
served from 127.0.0.1 by Python's http.server, text files gzip-compressed as a web server such as
GitHub Pages sends them (``--no-gzip``: as they are); no cache headers. Every page's report goes to
``--out`` (HTML and JSON) and the scores, with the machine's load average before each page, to
``--out/summary.json``; a Markdown table is printed. Goals (issue 22): accessibility and best
practices >= 95 on every page, performance >= 90 on the lesson pages.

Simulated throttling scales with the machine's own speed: on a loaded shared machine the
performance score says more about the machine than about the page. Read the load averages.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
LIGHTHOUSE = ROOT / "tools" / "site_qa" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices")


def default_pages(site: Path) -> list[str]:
    lessons = ([f"lessons/{p.name}" for p in sorted((site / "lessons").glob("*.html"))]
               + [f"pl/lessons/{p.name}" for p in sorted((site / "pl" / "lessons").glob("*.html"))])
    return lessons + ["index.html", "pl/index.html", "glossary.html", "teachers/README.html", "data/steel.html"]


def run(site: Path, out: Path, pages: list[str], timeout_s: int = 400, compress: bool = True) -> dict:
    from benchmarks.site_weight import serve

    out.mkdir(parents=True, exist_ok=True)
    server = serve(site.resolve(), compress=compress)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    summary = {}
    try:
        for name in pages:
            stem = out / name.replace("/", "__").removesuffix(".html")
            load = os.getloadavg()
            start = time.monotonic()
            try:
                done = subprocess.run(
                    ["node", str(LIGHTHOUSE), base + name, f"--chrome-path={CHROMIUM}",
                     "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                     "--only-categories=" + ",".join(CATEGORIES), "--output=json", "--output=html",
                     f"--output-path={stem}", "--quiet", "--max-wait-for-load=90000"],
                    capture_output=True, text=True, timeout=timeout_s)
                error = done.stderr.strip().splitlines()[-1] if done.returncode else ""
            except subprocess.TimeoutExpired:
                error = f"no report within {timeout_s} s"
            report_path = Path(f"{stem}.report.json")
            entry = {"load_before": load, "seconds": round(time.monotonic() - start, 1), "error": error}
            if report_path.exists() and report_path.stat().st_mtime >= time.time() - (time.monotonic() - start) - 5:
                report = json.loads(report_path.read_text("utf-8"))
                entry.update({c: (report["categories"][c]["score"] or 0) * 100 for c in CATEGORIES
                              if c in report["categories"] and report["categories"][c]["score"] is not None})
                entry["runtime_error"] = (report.get("runtimeError") or {}).get("code", "")
                audits = report["audits"]
                entry["metrics"] = {k: audits[k].get("displayValue") for k in
                                    ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                                     "cumulative-layout-shift", "speed-index", "total-byte-weight") if k in audits}
                entry["benchmark_index"] = report.get("environment", {}).get("benchmarkIndex")
            summary[name] = entry
            print(name, {k: v for k, v in entry.items() if k != "metrics"}, flush=True)
            (out / "summary.json").write_text(json.dumps(summary, indent=1), "utf-8")
    finally:
        server.shutdown()
    return summary


def markdown(summary: dict) -> str:
    rows = ["| page | performance | accessibility | best practices | FCP · LCP · TBT | load avg (1 min) before |",
            "|---|---|---|---|---|---|"]
    for name, e in summary.items():
        m = e.get("metrics", {})
        score = lambda c: f"{e[c]:.0f}" if c in e else "–"  # noqa: E731
        note = f" ({e['error'] or e.get('runtime_error')})" if e.get("error") or e.get("runtime_error") else ""
        rows.append(f"| {name}{note} | {score('performance')} | {score('accessibility')} | {score('best-practices')} | "
                    f"{m.get('first-contentful-paint', '–')} · {m.get('largest-contentful-paint', '–')} · "
                    f"{m.get('total-blocking-time', '–')} | {e['load_before'][0]:.1f} |")
    return "\n".join(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", default=str(ROOT / "build" / "site"))
    ap.add_argument("--out", default=str(ROOT / "build" / "lighthouse"))
    ap.add_argument("--no-gzip", action="store_true", help="serve the files uncompressed")
    ap.add_argument("--pages", nargs="*", help="pages inside the site (default: every lesson page and a few others)")
    args = ap.parse_args(argv)
    site = Path(args.site)
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} not found: cd tools/site_qa && npm ci")
    summary = run(site, Path(args.out), args.pages or default_pages(site), compress=not args.no_gzip)
    print(markdown(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
