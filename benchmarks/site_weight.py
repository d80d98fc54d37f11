"""What each lesson page of the course site costs a school's network: ``python -m benchmarks.site_weight``.

    python -m benchmarks.site_weight --site build/site --out build/site-weight.json

Every lesson page of both editions is served from 127.0.0.1 (Python's http.server: no compression,
no cache) and opened in headless Chromium (Playwright, 1350 x 940), and counted three times:
- **before first paint**: every file whose response ended before the page's first contentful paint
  (the HTML, the stylesheets and scripts that block rendering, whatever else came in time), from the
  page's Resource Timing; also the files the browser marked render-blocking;
- **to `load`**: every response up to the ``load`` event (the deferred scripts, the fonts, and
  plotly.js when a chart is near the screen at load);
- **every chart drawn**: every response once each chart has been scrolled into view and drawn, as a
  reader who goes through the whole page.
Each as raw bytes and gzip-compressed (level 6, what a web server such as GitHub Pages sends), with
the largest files. The goal of issue 22 is 1.5 MB per lesson page before first paint, all included.

A benchmark, not a test: it prints a Markdown table and writes the figures to ``--out``.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
GOAL_BYTES = 1_500_000
KINDS = {".html": "html", ".css": "css", ".js": "js", ".woff2": "font", ".woff": "font", ".ttf": "font",
         ".svg": "image", ".png": "image", ".ico": "image"}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no line per request
        pass


class _Gzip(_Quiet):
    """Text files gzip-compressed when the browser accepts it, as a web server such as GitHub Pages sends them."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if (path.is_file() and path.suffix in (".html", ".css", ".js", ".svg", ".json", ".txt")
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().do_GET()


def serve(folder: Path, compress: bool = False):
    handler = functools.partial(_Gzip if compress else _Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def lesson_pages(site: Path) -> list[str]:
    return ([str(p.relative_to(site)) for p in sorted((site / "lessons").glob("*.html"))]
            + [str(p.relative_to(site)) for p in sorted((site / "pl" / "lessons").glob("*.html"))])


#: In the page, after `load`: its first contentful paint, and each file it fetched with the time its
#: response ended (the page's own HTML first), from the Navigation and Resource Timing APIs.
_TIMINGS_JS = """() => {
  const fcp = (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime;
  const nav = performance.getEntriesByType('navigation')[0];
  return {fcp, files: [{url: nav.name, end: nav.responseEnd, blocking: 'blocking'}].concat(
    performance.getEntriesByType('resource').map(r => ({url: r.name, end: r.responseEnd, blocking: r.renderBlockingStatus})))};
}"""


def _weigh(site: Path, base: str, urls, gz_cache: dict) -> dict:
    files = {}
    for url in urls:
        if not url.startswith(base):
            continue
        path = site / unquote(urlsplit(url).path).lstrip("/")
        if path.is_file():
            files[path] = path.stat().st_size
    by_kind: dict[str, int] = {}
    for path, size in files.items():
        kind = KINDS.get(path.suffix, "other")
        by_kind[kind] = by_kind.get(kind, 0) + size
        if path not in gz_cache:
            gz_cache[path] = len(gzip.compress(path.read_bytes(), 6))
    return {"bytes": sum(files.values()), "gzip_bytes": sum(gz_cache[p] for p in files), "by_kind": by_kind,
            "requests": len(files),
            "largest": sorted(((str(p.relative_to(site)), s, gz_cache[p]) for p, s in files.items()),
                              key=lambda x: -x[1])[:6]}


def measure(site: Path, pages: list[str] | None = None, viewport: dict | None = None) -> dict:
    """For each page: the files it needs before its first paint (every response that ended before
    the first contentful paint, the HTML among them), the files fetched up to its `load` event, and
    every file once a reader has scrolled to each chart and it is drawn."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tools"))
    from make_site import draw_every_chart

    site = site.resolve()
    pages = pages or lesson_pages(site)
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    gz_cache: dict[Path, int] = {}
    results = {}
    try:
        with sync_playwright() as play:
            browser = play.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
            for name in pages:
                context = browser.new_context(viewport=viewport or {"width": 1350, "height": 940})
                page = context.new_page()
                seen: list[str] = []
                page.on("requestfinished", lambda request: seen.append(request.url))
                page.goto(base + name, wait_until="load", timeout=180_000)
                timings = page.evaluate(_TIMINGS_JS)
                at_load = list(seen)
                drawn = draw_every_chart(page)
                context.close()
                fcp = timings["fcp"]
                before_paint = [f["url"] for f in timings["files"] if fcp is not None and f["end"] <= fcp]
                results[name] = {
                    **_weigh(site, base, at_load, gz_cache), "first_contentful_paint_ms": fcp,
                    "before_first_paint": _weigh(site, base, before_paint, gz_cache),
                    "render_blocking": _weigh(site, base, [f["url"] for f in timings["files"]
                                                           if f["blocking"] == "blocking"], gz_cache),
                    "every_chart_drawn": {**_weigh(site, base, seen, gz_cache), "charts": drawn}}
            browser.close()
    finally:
        server.shutdown()
    return results


def markdown(results: dict) -> str:
    rows = ["| lesson page | before first paint: files | raw | gzip | to `load`: files | raw | gzip | "
            "every chart drawn: raw | gzip | goal 1.5 MB before first paint |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    mb = lambda n: f"{n / 1e6:.2f} MB"  # noqa: E731
    for name, r in results.items():
        b, a = r["before_first_paint"], r["every_chart_drawn"]
        rows.append(f"| {name} | {b['requests']} | **{mb(b['bytes'])}** | {mb(b['gzip_bytes'])} | {r['requests']} | "
                    f"{mb(r['bytes'])} | {mb(r['gzip_bytes'])} | {mb(a['bytes'])} | {mb(a['gzip_bytes'])} | "
                    f"{'met' if b['bytes'] <= GOAL_BYTES else 'not met'} |")
    return "\n".join(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", default=str(ROOT / "build" / "site"))
    ap.add_argument("--out", default=str(ROOT / "build" / "site-weight.json"))
    args = ap.parse_args(argv)
    start = time.time()
    load_before = os.getloadavg()
    results = measure(Path(args.site))
    out = {"taken_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime(start)), "load_before": load_before,
           "load_after": os.getloadavg(), "pages": results}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=1), "utf-8")
    print(markdown(results))
    first = next(iter(results.values()))
    for what, key in (("before first paint", "before_first_paint"), ("by load", None),
                      ("once every chart is drawn", "every_chart_drawn")):
        print(f"\nlargest files of the first page {what} (path, bytes, gzip bytes):")
        for row in (first[key] if key else first)["largest"]:
            print("  ", row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
