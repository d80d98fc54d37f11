"""What the course site does to each page Sphinx writes, for its first paint (issue 22: Lighthouse,
page weight). site/conf.py calls these; they change no executed lesson, so they are not part of the
jupyter-cache's key (tools/make_site.py ``_package_hash``), and a change here makes Sphinx write every
page again (site/conf.py registers this file's digest as a config value).

- :func:`explorer_payloads_to_files`: an explorer's precomputed positions (``gleap_data.widgets``
  ``static_html``, base64 of gzipped JSON: 250 kB in lesson 07) leave the page for a file of their own
  in ``explorer-data/``, which the page loads only when it draws the explorer
  (site/_static/gleap-site.js ``gleapExplorerPayload``). The file is a classic script that registers
  the payload, so it loads from ``file://`` too, where Chromium blocks ``fetch()`` of local files.
- :func:`inline_critical_css`: the CSS each page uses is inlined in its ``<head>`` and the theme's
  stylesheets load without holding the first paint (npm ``beasties``, site/critical-css.mjs).
- :func:`inline_documentation_options`: Sphinx's ``documentation_options.js`` (the edition's language
  and file suffixes, 0.4 kB), which the page's inline scripts read at once, is written into the page:
  it was the last request that held the first paint.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_SRC = ROOT / "site"
#: The folder of the explorers' payloads inside each edition's output (no leading underscore: a host
#: such as GitHub Pages' Jekyll leaves such folders out).
PAYLOAD_DIR = "explorer-data"
#: How ``gleap_data.widgets.static_html`` writes an explorer's payload into its module script.
INLINE_PAYLOAD = re.compile(r'GLEAP\.b64bytes\("([A-Za-z0-9+/=]+)"\)')
#: What a payload file holds: it registers the payload under its name (gleap-site.js reads it).
PAYLOAD_FILE = '(window.gleapExplorerData = window.gleapExplorerData || {})["{name}"] = "{data}";\n'
CRITICAL_CSS_SCRIPT = SITE_SRC / "critical-css.mjs"
#: Marks a page whose CSS has been processed (the script skips it the next time).
CRITICAL_MARK = "data-gleap-critical"


def digest() -> str:
    """Of what decides how a written page is changed here (this file and the critical-CSS script)."""
    sha = hashlib.sha256()
    for path in (Path(__file__), CRITICAL_CSS_SCRIPT):
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


def payload_name(data: str) -> str:
    return hashlib.sha256(data.encode("ascii")).hexdigest()[:20]


def explorer_payloads_to_files(body: str, outdir: Path, to_root: str) -> str:
    """Each explorer's inline payload in ``body`` written to ``outdir/explorer-data/<sha>.js`` and
    replaced by a call that loads that file (``to_root``: the page's way up to ``outdir``, "../").

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> explorer_payloads_to_files('GLEAP.decodeSpec(GLEAP.b64bytes("QUJD"))', out, "../")
    'GLEAP.decodeSpec(GLEAP.b64bytes(await window.gleapExplorerPayload("../explorer-data/d9cae0dbdbf078b2020e.js")))'
    >>> (out / "explorer-data" / "d9cae0dbdbf078b2020e.js").read_text()
    '(window.gleapExplorerData = window.gleapExplorerData || {})["d9cae0dbdbf078b2020e"] = "QUJD";\\n'
    """
    def move(match: re.Match) -> str:
        data = match.group(1)
        name = payload_name(data)
        path = outdir / PAYLOAD_DIR / f"{name}.js"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(PAYLOAD_FILE.replace("{name}", name).replace("{data}", data), "ascii")
        return f'GLEAP.b64bytes(await window.gleapExplorerPayload("{to_root}{PAYLOAD_DIR}/{name}.js"))'

    return INLINE_PAYLOAD.sub(move, body)


def prune_payloads(html_dir: Path) -> int:
    """Remove the payload files no page of ``html_dir`` refers to any more (an older build's).
    Returns how many were removed."""
    folder = html_dir / PAYLOAD_DIR
    if not folder.is_dir():
        return 0
    used = set()
    for page in html_dir.rglob("*.html"):
        used.update(re.findall(PAYLOAD_DIR + r'/([0-9a-f]{20})\.js', page.read_text("utf-8")))
    removed = 0
    for path in folder.glob("*.js"):
        if path.stem not in used:
            path.unlink()
            removed += 1
    return removed


#: How Sphinx links its documentation_options.js from a page (``?v=`` its checksum).
OPTIONS_SCRIPT = re.compile(r'<script src="((?:\.\./)*)_static/documentation_options\.js(?:\?v=[0-9a-f]+)?"></script>')


def inline_documentation_options(html_dir: Path, pages: list[Path]) -> None:
    """Each of ``pages`` (of ``html_dir``) gets the text of ``_static/documentation_options.js`` in a
    ``<script>`` of its own instead of loading it (the same script, in the same place: the inline
    scripts after it read ``DOCUMENTATION_OPTIONS`` at once). A page without that link is left as it is.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()); (out / "_static").mkdir(); (out / "lessons").mkdir()
    >>> _ = (out / "_static" / "documentation_options.js").write_text("const DOCUMENTATION_OPTIONS = {};\\n")
    >>> page = out / "lessons" / "a.html"
    >>> _ = page.write_text('<head><script src="../_static/documentation_options.js?v=a1637f0b"></script></head>')
    >>> inline_documentation_options(out, [page]); page.read_text()
    '<head><script>const DOCUMENTATION_OPTIONS = {};\\n</script></head>'
    """
    script = html_dir / "_static" / "documentation_options.js"
    text = script.read_text("utf-8")
    if "</script" in text.lower():
        raise SystemExit(f"{script}: cannot go inside a <script> element")
    for page in pages:
        html = page.read_text("utf-8")
        inlined, count = OPTIONS_SCRIPT.subn(lambda _m: f"<script>{text}</script>", html, count=1)
        if count:
            page.write_text(inlined, "utf-8")


def inline_critical_css(html_dir: Path, pages: list[Path]) -> None:
    """Run site/critical-css.mjs (npm beasties) over ``pages`` of ``html_dir`` in place."""
    node = shutil.which("node")
    if not node:
        raise SystemExit("the site needs Node.js for its critical CSS (Debian: apt-get install nodejs npm)")
    if not (SITE_SRC / "node_modules" / "beasties").is_dir():
        raise SystemExit("site/node_modules/beasties is missing: run `make site` (it runs `npm ci` in site/)")
    for start in range(0, len(pages), 200):  # a command line of reasonable length
        batch = [str(p) for p in pages[start:start + 200]]
        subprocess.run([node, str(CRITICAL_CSS_SCRIPT), str(html_dir), *batch], check=True, cwd=SITE_SRC)
