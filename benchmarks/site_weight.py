"""What each lesson page of the course site costs a school's network: ``python -m benchmarks.site_weight``.

    python -m benchmarks.site_weight --site build/site --out build/site-weight.json

Every lesson page of both editions is served from 127.0.0.1 (Python's http.server: no compression,
no cache) and opened in headless Chromium (Playwright); every response up to the ``load`` event is
counted: the HTML, the stylesheets, the scripts (plotly.js among them), the fonts the page uses
and any image. That is what the page needs before it is first drawn in full, and a little more
(the deferred scripts). For each page the script reports the bytes by kind, the same bytes
gzip-compressed (level 6, what a web server such as GitHub Pages sends), and the largest files.
The goal of issue 22 is 1.5 MB per lesson page, all included.

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


def measure(site: Path, pages: list[str] | None = None) -> dict:
    from playwright.sync_api import sync_playwright

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
                context = browser.new_context(viewport={"width": 1350, "height": 940})
                page = context.new_page()
                seen: list[str] = []
                page.on("requestfinished", lambda request: seen.append(request.url))
                page.goto(base + name, wait_until="load", timeout=180_000)
                fcp = page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
                context.close()
                files = {}
                for url in seen:
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
                results[name] = {
                    "bytes": sum(files.values()), "gzip_bytes": sum(gz_cache[p] for p in files),
                    "by_kind": by_kind, "requests": len(files), "first_contentful_paint_ms": fcp,
                    "largest": sorted(((str(p.relative_to(site)), s, gz_cache[p]) for p, s in files.items()),
                                      key=lambda x: -x[1])[:6]}
            browser.close()
    finally:
        server.shutdown()
    return results


def markdown(results: dict) -> str:
    rows = ["| lesson page | requests | HTML | CSS | JS | fonts | total | gzip | goal 1.5 MB |", "|---|---|---|---|---|---|---|---|---|"]
    mb = lambda n: f"{n / 1e6:.2f} MB"  # noqa: E731
    for name, r in results.items():
        k = r["by_kind"]
        rows.append(f"| {name} | {r['requests']} | {mb(k.get('html', 0))} | {mb(k.get('css', 0))} | {mb(k.get('js', 0))} | "
                    f"{mb(k.get('font', 0))} | **{mb(r['bytes'])}** | {mb(r['gzip_bytes'])} | "
                    f"{'met' if r['bytes'] <= GOAL_BYTES else 'not met (raw)' + (', met gzipped' if r['gzip_bytes'] <= GOAL_BYTES else '')} |")
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
    print("\nlargest files of the first page (path, bytes, gzip bytes):")
    for row in first["largest"]:
        print("  ", row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
