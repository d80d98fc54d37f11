#!/usr/bin/env python3
"""Build the course site, both languages, offline: ``make site`` (Sphinx + myst-nb + sphinx-book-theme).

    .venv/bin/python tools/make_site.py                 # -> build/site/ (English), build/site/pl/ (Polish)

Steps:
1. plotly.js: the smallest bundle that draws the course's charts, built from npm (site/package.json,
   site/plotly-gleap.js) with esbuild, once, into build/site-work/static/.
2. Each language's sources are staged into build/site-work/src/<lang>/ under short names
   (lessons/, teachers/, glossary, data/, data-gaps, cite), with links between them rewritten and
   links to files the site does not hold pointed at the repository. The dataset pages are written
   from gleap_data/datapackage.json.
3. Sphinx runs once per language (site/conf.py). myst-nb executes each lesson in a fresh kernel and
   keeps it in jupyter-cache under build/site-work/cache/<hash of the package>/<lang>: a lesson runs
   again only when its code or the package (gleap_data/, tools/site_render.py) changed.
4. The English pages go to build/site/, the Polish ones to build/site/pl/.

The Polish site is built from the Polish files (notebooks/pl/, docs/nauczyciele/) and not with
Sphinx's own i18n. Those files are still generated from one source: `make translations` builds them
from the English sources and locales/pl/LC_MESSAGES/*.po. Sphinx's i18n would need a catalogue entry
per paragraph (its msgids are paragraphs, table cells, list items), while the project's catalogues
hold one entry per notebook cell or page section, which is what translators work with in the
notebooks; Sphinx would find none of its msgids there and print the English text.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_pages  # noqa: E402
import site_words  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SITE_SRC = ROOT / "site"
WORK = ROOT / "build" / "site-work"
LANGS = ("en", "pl")
EDITIONS = tomllib.loads((ROOT / "locales" / "editions.toml").read_text("utf-8"))
REPOSITORY = tomllib.loads((SITE_SRC / "site.toml").read_text("utf-8"))["repository"].rstrip("/")
MAIN_BRANCH = tomllib.loads((SITE_SRC / "site.toml").read_text("utf-8")).get("main_branch", "main")

#: Each language's sources: (repository glob, staged folder).
SOURCES = {
    "en": [("notebooks/*.ipynb", "lessons"), ("docs/teachers/*.md", "teachers")],
    "pl": [("notebooks/pl/*.ipynb", "lessons"), ("docs/nauczyciele/*.md", "teachers")],
}
#: Pages both editions have, staged under the same name: one file for both (the glossary is bilingual).
SHARED = [("docs/slowniczek.md", "glossary.md"),
          ("docs/bibliography.md", "bibliography.md")]  # rendered by tools/bibliography.py
#: Pages both editions have, staged under the same name, each edition its own file: the English source,
#: and in another language the file built from it (locales/editions.toml, `make translations`).
TRANSLATED = [("docs/data-gaps.md", "data-gaps.md")]


def _edition_file(english: str, lang: str) -> str:
    """The repository file of one edition of an English source: itself in English, otherwise the
    translated file locales/editions.toml builds from it."""
    return english if lang == "en" else EDITIONS[lang]["files"][english]

#: The site's words by language: English in tools/site_words.py, every other language from the
#: package's catalogue (msgctxt site.<key>); TEXT[lang][key].
TEXT = site_words.SITE


def _package_hash() -> str:
    """What the executed lessons depend on besides their own code: the package and the site renderer."""
    digest = hashlib.sha256()
    files = sorted(p for p in (ROOT / "gleap_data").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files + [ROOT / "tools" / "site_render.py", SITE_SRC / "conf.py"]:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------------------------------- plotly.js

def plotly_bundle(out_dir: Path) -> Path:
    """site/plotly-gleap.js bundled with esbuild from npm's plotly.js (the version the Python package
    ships), minified; rebuilt when the entry point or the lock file changes."""
    out_dir = out_dir.resolve()  # esbuild runs in site/
    out = out_dir / "plotly-gleap.min.js"
    stamp = out_dir.parent / "plotly-gleap.stamp"  # beside _static's source folder, not in it
    # --loader:.css=empty: plotly.js imports one stylesheet, maplibre's, for map traces the course never
    # draws (plotly.js injects its own styles from its script)
    esbuild_args = ["plotly-gleap.js", "--bundle", "--minify", "--format=iife", "--global-name=Plotly",
                    "--define:global=window", "--loader:.css=empty", "--legal-comments=eof", "--log-level=warning"]
    lock = (SITE_SRC / "package-lock.json").read_bytes()
    key = hashlib.sha256((SITE_SRC / "plotly-gleap.js").read_bytes() + lock
                         + " ".join(esbuild_args).encode()).hexdigest()
    if out.exists() and stamp.exists() and stamp.read_text() == key:
        return out
    modules = SITE_SRC / "node_modules"
    installed = modules / ".gleap-lock.sha256"  # node_modules is what the lock file says
    if not installed.exists() or installed.read_text() != hashlib.sha256(lock).hexdigest():
        if not shutil.which("npm"):
            sys.exit("make site needs npm (Debian: apt-get install npm) to build plotly.js from site/package.json")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=SITE_SRC, check=True)
        installed.write_text(hashlib.sha256(lock).hexdigest())
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("plotly-gleap.*"):
        old.unlink()
    subprocess.run([str(modules / ".bin" / "esbuild"), *esbuild_args, f"--outfile={out}"], cwd=SITE_SRC, check=True)
    stamp.write_text(key)
    return out


# ---------------------------------------------------------------------------------------- staging

def _counterparts() -> dict[str, str]:
    """English repository path <-> Polish repository path (both ways), from locales/editions.toml."""
    pairs = dict(EDITIONS["pl"]["files"])
    return {**pairs, **{pl: en for en, pl in pairs.items()}}


def _rewrite_links(text: str, repo_file: str, staged_file: str, staged: dict[str, str]) -> str:
    """Markdown links to other files of the repository: to their page on the site when the site has
    them, otherwise to the file in the repository."""
    def fix(match):
        label, target, anchor = match.group(1), match.group(2), match.group(3) or ""
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            return match.group(0)
        repo_target = os.path.normpath(os.path.join(os.path.dirname(repo_file), target))
        if repo_target in staged:
            rel = os.path.relpath(staged[repo_target], os.path.dirname(staged_file) or ".")
            return f"[{label}]({rel}{anchor})"
        if (ROOT / repo_target).exists():
            return f"[{label}]({REPOSITORY}/blob/{MAIN_BRANCH}/{repo_target}{anchor})"
        return match.group(0)

    return re.sub(r"\[([^\]]*)\]\(([^)\s#]+)(#[^)\s]*)?\)", fix, text)


def _dataset_page(resource: dict, lang: str, licenses: list) -> str:
    t = TEXT[lang]
    from gleap_data.labels import text_in, unit

    name = resource["name"]

    def pick(entry: dict, key: str) -> str:  # datapackage.json's English, or its translation (catalogue)
        if key == "unit":
            return unit(entry["unit"], lang) if entry.get("unit") else ""
        where = name if entry is resource else f"{name}.{entry['name']}"
        # the descriptor's texts are plain text: '<paragraph>.<sentence>' is shown, not read as HTML tags
        return text_in(f"datapackage.{where}.{key}", entry.get(key, ""), lang).replace("<", "\\<")

    lines = [f"# {pick(resource, 'title') or name}", "", f"`{name}` · {{download}}`{t['download_csv']} <{name}.csv>`", ""]
    description = pick(resource, "description")
    if description:
        lines += [description, ""]
    lines += [f"## {t['in_python']}", "", "```python", "import gleap_data as gd", f'gd.load("{name}")',
              f'gd.cite("{name}")', "```", ""]
    fields = (resource.get("schema") or {}).get("fields") or []
    if fields:
        lines += [f"## {t['fields']}", "", f"| {t['column']} | {t['unit']} | {t['meaning']} |", "|---|---|---|"]
        for f in fields:
            meaning = " ".join(x for x in (pick(f, "title"), pick(f, "description")) if x).replace("|", "\\|")
            lines.append(f"| `{f['name']}` | {pick(f, 'unit').replace('|', '/')} | {meaning} |")
        lines.append("")
    sources = resource.get("sources") or []
    if sources:
        lines += [f"## {t['sources']}", "", t["quality_legend"], ""]
        for s in sources:
            # the source, its kind and how it was read: the catalogue's translation (msgctxt
            # datapackage.sources.<key>, one entry per text, whichever dataset cites the source)
            title, quality, note = (text_in(f"datapackage.sources.{key}", s.get(key, ""), lang)
                                    for key in ("title", "quality", "note"))
            entry = f"- [{title}]({s['path']})" if s.get("path", "").startswith("http") else f"- {title}"
            if quality:
                entry += f" ({t['quality']}: {quality})"
            if note:
                entry += ". " + note.replace("<", "\\<")
            lines.append(entry)
        lines.append("")
    lic = resource.get("licenses") or licenses
    if lic:
        lines += [f"## {t['licence']}", ""]
        for item in lic:
            label = item.get("title") or item.get("name")
            note = text_in("datapackage.licenses.note", item["note"], lang) if item.get("note") else ""
            lines.append(f"- [{label}]({item['path']})" + (f": {note}" if note else ""))
        lines.append("")
    return "\n".join(lines)


def _cite_page(lang: str) -> str:
    import yaml

    t = TEXT[lang]
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    import gleap_data

    authors = ", ".join(a.get("name") or " ".join(x for x in (a.get("given-names"), a.get("family-names")) if x)
                        for a in cff.get("authors") or [])
    version = cff.get("version") or gleap_data.__version__
    url = cff.get("repository-code") or cff.get("url") or REPOSITORY
    return "\n".join([f"# {t['cite_title']}", "", t["cite_intro"], "", f"## {t['cite_as']}", "",
                      f"> {authors}. *{cff['title']}*. Version {version}. {url}", "",
                      f"## {t['cite_file']}", "", "```{literalinclude} CITATION.cff", ":language: yaml", "```", ""])


def _toctree(caption: str, entries: list[str], hidden: bool = False) -> list[str]:
    return ["```{toctree}", f":caption: {caption}", ":maxdepth: 1", *([":hidden:"] if hidden else []),
            *entries, "```", ""]


#: The heading of a lesson's check questions, in the English source (the Polish lesson has the same
#: cells in the same order: make translations builds it cell by cell).
CHECK_HEADING = re.compile(r"^##\s+Check your understanding\s*$", re.M)


def _worksheet_cells(english: dict) -> set[int]:
    """Which markdown cells of a lesson go on its worksheet: those quoting a text (a course-text
    passage or a primary source: a blockquote, but not the time-and-prerequisites box) and the check
    questions. Chosen on the English lesson; the same indices hold for its translation."""
    keep = set()
    for i, cell in enumerate(english["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        quotes = re.findall(r"^>(.*)$", text, flags=re.M)
        if CHECK_HEADING.search(text) or (quotes and not quotes[0].strip().startswith("**Time:**")):
            keep.add(i)
    return keep


def _worksheet(nb: dict, english: dict, lang: str) -> dict:
    """The lesson as a worksheet for a class without computers: its title, a line for the name, the
    passages and primary sources with space to write under each source, every chart with its data
    table, and the check questions with space to write. Every code cell stays, unchanged, so
    jupyter-cache finds the lesson's executed copy and nothing runs again; their code is removed
    (myst-nb's remove_code_source) and outputs other than charts are hidden by gleap-worksheet.css."""
    t = TEXT[lang]
    keep = _worksheet_cells(english)
    title = next((re.search(r"^#\s+(.+)$", "".join(c["source"]), re.M).group(1) for c in nb["cells"]
                  if c["cell_type"] == "markdown" and re.search(r"^#\s+(.+)$", "".join(c["source"]), re.M)), "")
    cells = [{"cell_type": "markdown", "id": "gleap-worksheet-title", "metadata": {}, "source":
              f"# {t['worksheet_title']} · {title}\n\n{t['worksheet_name']}\n\n*{t['worksheet_intro']}*"}]
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            cells.append(cell)
        elif i in keep:
            text = "".join(cell["source"])
            is_passage = re.match(r"^\*\*(Course text|Tekst kursu)", text)
            if not CHECK_HEADING.search("".join(english["cells"][i]["source"])) and not is_passage:
                text += '\n\n<div class="gleap-write"></div>'  # a primary source: room for the answer
            cells.append({**cell, "source": text})
    metadata = {**nb.get("metadata", {}), "mystnb": {"remove_code_source": True}, "orphan": True}
    metadata.pop("widgets", None)
    return {**nb, "metadata": metadata, "cells": cells}


class _Staging:
    """Writes a file only when its content changed (Sphinx then rereads only what changed) and
    removes, at the end, every file it did not write."""

    def __init__(self, dest: Path):
        self.dest, self.written = dest, set()
        dest.mkdir(parents=True, exist_ok=True)

    def write(self, name: str, content: str | bytes) -> None:
        path = self.dest / name
        data = content.encode("utf-8") if isinstance(content, str) else content
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        self.written.add(path)

    def finish(self) -> None:
        for path in list(self.dest.rglob("*")):
            if path.is_file() and path not in self.written:
                path.unlink()


def stage(lang: str, dest: Path) -> dict:
    """Write one language's sources into ``dest``; returns {docname: page facts}."""
    t = TEXT[lang]
    out_files = _Staging(dest)
    staged: dict[str, str] = {}  # repository path -> staged path
    groups: dict[str, list[str]] = {}
    for pattern, folder in SOURCES[lang]:
        for path in sorted(ROOT.glob(pattern)):
            rel = str(path.relative_to(ROOT))
            staged[rel] = f"{folder}/{path.name}"
            groups.setdefault(folder, []).append(f"{folder}/{path.stem}")
    for rel, name in SHARED:
        staged[rel] = name
    for rel, name in TRANSLATED:
        staged[_edition_file(rel, lang)] = name
    counterparts = _counterparts()
    for rel, name in staged.items():
        src = ROOT / rel
        if rel.endswith(".ipynb"):
            nb = json.loads(src.read_text("utf-8"))
            for cell in nb["cells"]:
                if cell["cell_type"] == "markdown":
                    text = "".join(cell["source"])
                    cell["source"] = _rewrite_links(text, rel, name, staged)
            nb.setdefault("metadata", {}).pop("widgets", None)
            out_files.write(name, json.dumps(nb, ensure_ascii=False, indent=1) + "\n")
            if name.startswith("lessons/"):
                english_rel = rel if lang == "en" else counterparts[rel]
                english = json.loads((ROOT / english_rel).read_text("utf-8"))
                out_files.write(f"worksheets/{src.name}",
                                json.dumps(_worksheet(nb, english, lang), ensure_ascii=False, indent=1) + "\n")
        else:
            text = _rewrite_links(src.read_text("utf-8"), rel, name, staged)
            if name == "bibliography.md":  # its heading says "generated: do not edit", for maintainers
                note = "" if lang == "en" else "\n> " + t["bibliography_note"] + "\n"  # the entries are English
                text = re.sub(r"^# .*\n", lambda m: f"# {t['bibliography_title']}\n{note}", text, count=1)
            out_files.write(name, text)
    # teachers' README first in its part
    teachers = sorted(groups.get("teachers", []),
                      key=lambda d: (not d.endswith("README"), not re.search(r"/\d\d_", d), d))
    # the datasets
    package = json.loads((ROOT / "gleap_data" / "datapackage.json").read_text("utf-8"))
    data_pages = []
    for resource in package["resources"]:
        out_files.write(f"data/{resource['name']}.md", _dataset_page(resource, lang, package.get("licenses") or []))
        out_files.write(f"data/{resource['name']}.csv", (ROOT / "gleap_data" / resource["path"]).read_bytes())
        data_pages.append(f"{resource['name']}")
    from gleap_data.labels import text_in

    out_files.write("data/index.md", "\n".join(
        [f"# {t['data_title']}", "", t["data_intro"], "",
         *["- [" + text_in("datapackage." + r["name"] + ".title", r["title"], lang) + f"]({r['name']}.md)"
           for r in package["resources"]], "",
         *_toctree(t["data_title"], data_pages, hidden=True)]))
    out_files.write("CITATION.cff", (ROOT / "CITATION.cff").read_bytes())
    out_files.write("cite.md", _cite_page(lang))
    reference = ["glossary", "data/index", "data-gaps", "bibliography", "cite"]
    out_files.write("index.md", "\n".join(
        [f"# {t['title']}", "", t["intro"], "", f"> {t['static']}", "",
         *_toctree(t["lessons"], groups.get("lessons", [])),
         *_toctree(t["teachers"], teachers),
         *_toctree(t["reference"], reference)]))
    # what each page knows about itself (site/conf.py reads it)
    other_lang_staged = {}
    for pattern, folder in SOURCES["pl" if lang == "en" else "en"]:
        for path in ROOT.glob(pattern):
            other_lang_staged[str(path.relative_to(ROOT))] = f"{folder}/{path.stem}"
    for rel, name in TRANSLATED:
        other_lang_staged[_edition_file(rel, "pl" if lang == "en" else "en")] = os.path.splitext(name)[0]
    pages = {}
    for rel, name in staged.items():
        docname = os.path.splitext(name)[0]
        other = counterparts.get(rel)
        pages[docname] = {"repo": rel, "other": other_lang_staged.get(other) if other else docname}
        if docname.startswith("lessons/"):  # printed by print_pdfs() after the build
            stem = docname.split("/", 1)[1]
            pages[docname].update(pdf=f"pdf/{stem}.pdf", worksheet=f"pdf/{stem}-worksheet.pdf")
            other_stem = pages[docname]["other"].split("/", 1)[1]
            pages[f"worksheets/{stem}"] = {"repo": "", "other": f"worksheets/{other_stem}", "kind": "worksheet",
                                           "worksheet": f"pdf/{stem}-worksheet.pdf"}
    for docname in ["index", "cite", "data/index"] + [f"data/{d}" for d in data_pages]:
        pages[docname] = {"repo": "", "other": docname}
    out_files.write("_gleap_pages.json", json.dumps(pages, indent=1, ensure_ascii=False))
    out_files.finish()
    return pages


# ---------------------------------------------------------------------------------------- build

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
#: The lesson and worksheet PDFs are Chromium's print of the site's pages (Playwright's page.pdf):
#: the charts stay vector (plotly draws SVG), the explorers show their defaults, readout and table.
#: 700 CSS px is the printable width of an A4 page with 12 mm margins, so charts are laid out for it.
PRINT_VIEWPORT = {"width": 700, "height": 1000}


def chromium_present() -> bool:
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


#: A page's charts and explorers, in page order, and whether one is drawn (plotly.js has drawn the
#: chart; an explorer has mounted).
CHARTS = "div.plotly-graph-div, .gleap-explorer-host"
_DRAWN_JS = "el => el.classList.contains('js-plotly-plot') || el.dataset.ready === '1'"


def draw_every_chart(page, timeout_ms: int = 60_000) -> int:
    """Scroll to each chart of the open page in turn, as a reader does, and wait until it is drawn
    (the site draws a chart when it comes near the screen: site/_static/gleap-site.js). For a
    Playwright page; returns the number of charts. Used to print the PDFs, by the site's tests and
    benchmarks."""
    charts = page.locator(CHARTS).all()
    for chart in charts:
        draw_chart(page, chart, timeout_ms)
    if charts:
        page.evaluate("window.scrollTo(0, 0)")
    return len(charts)


def draw_chart(page, chart, timeout_ms: int = 60_000) -> None:
    """Scroll to one chart (a Playwright locator) and wait until it is drawn."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    deadline = time.monotonic() + timeout_ms / 1000
    handle = chart.element_handle()
    # scrolled to again every 200 ms until drawn: the page can still move under the first scroll
    # (sections laid out as they come near, with their real height instead of the room kept for
    # them). Each wait ends at the first animation frame the chart is drawn in, not after a fixed
    # 200 ms (42 charts of the English lessons and worksheets: 25.6-27.0 s against 28.6-30.2 s, load 6-8)
    while not chart.evaluate(_DRAWN_JS):
        if time.monotonic() > deadline:
            name = chart.evaluate("node => node.getAttribute('id') || node.className")
            raise TimeoutError(f"a chart not drawn {timeout_ms} ms after it was scrolled to: {name}")
        chart.evaluate("el => el.scrollIntoView({block: 'center'})")
        try:
            page.wait_for_function(_DRAWN_JS, arg=handle, polling="raf", timeout=200)
        except PlaywrightTimeoutError:
            pass  # not drawn yet: scrolled to again


def print_pdfs(html_dir: Path, pages: dict) -> list[Path]:
    """Print every lesson and worksheet page of one built language to the PDF its page links to
    (``pdf/<lesson>.pdf``, ``pdf/<lesson>-worksheet.pdf``), from ``file://`` with the network cut off."""
    from playwright.sync_api import sync_playwright

    jobs = [(docname, facts[key]) for docname, facts in sorted(pages.items())
            for key in ("pdf", "worksheet")
            if facts.get(key) and (key == "pdf" or facts.get("kind") == "worksheet")]
    written = []
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(offline=True, viewport=PRINT_VIEWPORT)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                      else route.abort())
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            for docname, target in jobs:
                source = html_dir / f"{docname}.html"
                page.goto(source.as_uri())
                text = source.read_text("utf-8")
                charts = text.count('class="plotly-graph-div"') + text.count('class="gleap-explorer-host"')
                draw_every_chart(page)
                page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
                                       arg=charts, timeout=60_000)
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                out = html_dir / target
                out.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(path=str(out), format="A4", print_background=True, tagged=True, outline=True,
                         margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"})
                written.append(out)
        finally:
            browser.close()
    if errors:
        raise SystemExit(f"JavaScript errors while printing the PDFs: {errors[:3]}")
    return written


FONTAWESOME_JS = re.compile(r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?')


def drop_fontawesome_js(html_dir: Path) -> int:
    """pydata-sphinx-theme loads Font Awesome twice: as web fonts from its CSS, which draw every icon
    the site shows, and as fontawesome.js (1.56 MB, "so that users can add custom icons", which this
    site has none of), the largest file of every page. Sphinx has no option to leave it out, so it is
    taken out of the built pages here (issue 22: page weight; BENCHMARKS.md). Returns the pages changed."""
    changed = 0
    for page in html_dir.rglob("*.html"):
        if "_static" in page.relative_to(html_dir).parts:
            continue
        text = page.read_text("utf-8")
        new = FONTAWESOME_JS.sub("", text)
        if new != text:
            page.write_text(new, "utf-8")
            changed += 1
    (html_dir / "_static" / "scripts" / "fontawesome.js").unlink(missing_ok=True)
    return changed


def build(out: Path, langs=LANGS, work: Path = WORK, quiet: bool = True, pdf: bool = True) -> dict:
    """Build the site into ``out`` (English) and ``out/pl`` (Polish), and each lesson's PDF and
    worksheet when ``pdf`` (needs Chromium). Returns timings in seconds."""
    times = {}
    start = time.monotonic()
    static = plotly_bundle(work / "static")
    times["plotly_bundle_s"] = time.monotonic() - start
    package = _package_hash()
    cache_root = WORK / "cache"  # shared by every build, whatever its work folder
    if cache_root.exists():  # caches of older package versions
        for old in cache_root.iterdir():
            if old.name != package:
                shutil.rmtree(old, ignore_errors=True)
    results = {}
    for lang in langs:
        t0 = time.monotonic()
        src = work / "src" / lang
        pages = stage(lang, src)
        html_out = work / "out" / lang / "html"
        shutil.rmtree(html_out / "_static", ignore_errors=True)  # Sphinx copies it afresh; no stale files
        env = {**os.environ, "GLEAP_SITE_LANG": lang, "GLEAP_SITE_STATIC": str(static.parent),
               "GLEAP_SITE_CACHE": str(cache_root / package / lang),
               "GLEAP_SITE_IPYTHONDIR": str(work / "ipython"), "GLEAP_SITE_PDF": "1" if pdf else "0"}
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(SITE_SRC), "-d", str(work / "doctrees" / lang),
               "--keep-going", "-j", "1", str(src), str(html_out)]
        if quiet:
            cmd.insert(3, "-q")
        done = subprocess.run(cmd, env=env, cwd=ROOT)
        if done.returncode != 0:
            raise SystemExit(f"sphinx-build failed for the {lang} site (exit {done.returncode})")
        drop_fontawesome_js(html_out)
        site_pages.prune_payloads(html_out)  # explorers' data files no page refers to any more
        results[lang] = html_out
        times[f"{lang}_s"] = time.monotonic() - t0
        if pdf:
            t0 = time.monotonic()
            shutil.rmtree(html_out / "pdf", ignore_errors=True)
            print_pdfs(html_out, pages)
            times[f"{lang}_pdf_s"] = time.monotonic() - t0
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(results["en"] if "en" in results else results[langs[0]], out,
                    ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
    if "pl" in results and "en" in results:
        shutil.copytree(results["pl"], out / "pl", ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
    times["total_s"] = time.monotonic() - start
    return times


def executed_notebook(lang: str, docname: str, work: Path = WORK):
    """The executed lesson (outputs, and the figures its kernel built under site_render's
    KERNEL_FIGURE_MIME), from the jupyter-cache the site was built from."""
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(WORK / "cache" / _package_hash() / lang))
    record = cache.match_cache_notebook(nbformat.read(work / "src" / lang / f"{docname}.ipynb", as_version=4))
    return cache.get_cache_bundle(record.pk).nb


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "site"), help="output folder (default: build/site)")
    parser.add_argument("--lang", action="append", choices=LANGS, help="build only this language (repeatable)")
    parser.add_argument("--work", default=str(WORK), help="staged sources and Sphinx's output (default: "
                        "build/site-work); the cache of executed lessons is always build/site-work/cache")
    parser.add_argument("--verbose", action="store_true", help="Sphinx's full output")
    parser.add_argument("--no-pdf", action="store_true", help="no lesson PDFs and worksheets (they need Chromium)")
    args = parser.parse_args(argv)
    pdf = not args.no_pdf
    if pdf and not chromium_present():
        print(f"site: {CHROMIUM} not found: no lesson PDFs and worksheets (Debian: apt-get install chromium)",
              file=sys.stderr)
        pdf = False
    times = build(Path(args.out).resolve(), tuple(args.lang or LANGS), work=Path(args.work).resolve(),
                  quiet=not args.verbose, pdf=pdf)
    print("site: " + ", ".join(f"{k} {v:.1f}" for k, v in times.items()) + f" -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
