"""The static HTML edition (``make site``): one executed page per notebook, an index, charts that
work offline (plotly.js shipped beside the pages, nothing loaded from the internet), explorers
live in the page (controls, chart, readout and data table from ``file://``); the English edition in
the site's top folder and the Polish one in pl/, with a language switch on every page.

The site is built once per test session into a temporary folder (about a minute). The Polish
pages come from notebooks/pl/; while that folder holds no notebook, the fixture writes one sample
Polish notebook (a lesson's code cells with ``gd.set_language("pl")`` and a Polish heading) into a
temporary folder, so the Polish half of the build is always tested.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PL_DIR = ROOT / "notebooks" / "pl"
#: A stand-in Polish lesson, written by the fixture only while notebooks/pl/ is empty.
SAMPLE_DIR = Path(tempfile.gettempdir()) / f"gleap-site-pl-sample-{os.getpid()}"
SAMPLE_FROM = ROOT / "notebooks" / "05_counting_the_dead.ipynb"
PL_NOTEBOOKS = sorted(PL_DIR.glob("*.ipynb")) or [SAMPLE_DIR / "05_liczenie_zmarlych_probka.ipynb"]
#: Every page: (its path inside the site, the notebook it came from, its language).
PAGES = ([(p.stem + ".html", p, "en") for p in NOTEBOOKS]
         + [("pl/" + p.stem + ".html", p, "pl") for p in PL_NOTEBOOKS])
INDEXES = ["index.html", "pl/index.html"]
CHART_CALL = re.compile(r"^\s*gd\.(charts|widgets)\.\w+\(.*\)\s*$")  # a cell's last line shows a chart


def _code(path: Path) -> list[str]:
    cells = json.loads(path.read_text("utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def _charts_expected(path: Path) -> int:
    """Code cells whose last line displays a chart or a widget."""
    return sum(bool(src.strip()) and bool(CHART_CALL.match(src.strip().splitlines()[-1])) for src in _code(path))


def _write_sample_polish_notebook(path: Path) -> None:
    """A lesson's code cells, the language line after the import (as the Polish lessons have it),
    under a Polish heading."""
    import nbformat

    nb = nbformat.read(SAMPLE_FROM, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    lines = code[0].source.splitlines()
    at = next(i for i, line in enumerate(lines) if "import gleap_data" in line)
    code[0].source = "\n".join(lines[:at + 1] + ['gd.set_language("pl")'] + lines[at + 1:])
    nb.cells = [nbformat.v4.new_markdown_cell("# 05 · Liczenie zmarłych (strona próbna)\n\n"
                                              "Strona próbna wydania polskiego, tylko do testów.")] + code
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    pl_dir = PL_DIR
    if PL_NOTEBOOKS[0].parent == SAMPLE_DIR:
        _write_sample_polish_notebook(PL_NOTEBOOKS[0])
        pl_dir = SAMPLE_DIR
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "build_site.py"), "--out", str(out),
                           "--kernel-figures", str(out / "_kernel"), "--pl-dir", str(pl_dir)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, f"build_site.py failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    yield out
    shutil.rmtree(SAMPLE_DIR, ignore_errors=True)


def test_there_are_notebooks():
    assert NOTEBOOKS


def test_index_lists_every_notebook_with_its_heading(site):
    index = (site / "index.html").read_text("utf-8")
    for path in NOTEBOOKS:
        assert f'href="{path.stem}.html"' in index, f"index.html: no link to {path.stem}.html"
    assert "Binder" in index and "JupyterLab" in index, "index.html: no note on the live version"
    headings = re.findall(r"<li><a href=\"[^\"]+\">([^<]+)</a>", index)
    assert len(headings) == len(NOTEBOOKS) and all(h.strip() for h in headings)
    polish = (site / "pl" / "index.html").read_text("utf-8")
    assert re.search(r'<html lang="pl"', polish)
    for path in PL_NOTEBOOKS:
        assert f'href="{path.stem}.html"' in polish, f"pl/index.html: no link to {path.stem}.html"
    assert "Binder" in polish and "JupyterLab" in polish, "pl/index.html: no note on the live version"


@pytest.mark.parametrize("name,path,lang", PAGES, ids=[p[0] for p in PAGES])
def test_page_exists_and_holds_its_charts(site, name, path, lang):
    page = site / name
    assert page.exists(), f"{page.name} was not built"
    text = page.read_text("utf-8")
    charts = text.count('class="plotly-graph-div"') + text.count('class="gleap-explorer-host"')
    expected = _charts_expected(path)
    assert charts >= expected, f"{page.name}: {charts} charts, expected at least {expected}"
    # executed: every code cell has its execution count in the page
    assert len(re.findall(r"\[\d+\]:", text)) >= len([s for s in _code(path) if s.strip()])
    assert "Traceback (most recent call last)" not in text
    if any("gd.widgets." in src for src in _code(path)):
        assert "gleap-explorer-host" in text and "GLEAP.mount(" in text, f"{page.name}: an explorer that is not live"
        assert "still picture" not in text and "nieruchomy obraz" not in text
        assert "application/vnd.jupyter.widget-view+json" not in text


@pytest.mark.parametrize("name", [p[0] for p in PAGES] + INDEXES)
def test_page_loads_nothing_from_the_internet(site, name):
    text = (site / name).read_text("utf-8")
    assert "cdn.plot.ly" not in text
    remote = re.findall(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^\"'\s>]+", text, re.I)
    assert not remote, f"{name} loads from the internet: {remote[:3]}"
    assert not re.findall(r"@import\s+url\(\s*[\"']?(?:https?:)?//", text), f"{name}: CSS import from the internet"
    assert "require.js" not in text and "mathjax@" not in text.lower()


def test_plotly_js_is_shipped_beside_the_pages(site):
    shipped = site / "plotly.min.js"
    assert shipped.exists() and shipped.stat().st_size > 1_000_000
    for name, _, lang in PAGES:
        text = (site / name).read_text("utf-8")
        src = "plotly.min.js" if lang == "en" else "../plotly.min.js"  # one copy, in the top folder
        if 'class="plotly-graph-div"' in text:
            assert f'<script src="{src}"></script>' in text, f"{name} does not load {src}"
    assert not (site / "pl" / "plotly.min.js").exists()


@pytest.mark.parametrize("name,path,lang", PAGES, ids=[p[0] for p in PAGES])
def test_every_page_says_its_language_and_links_to_the_other(site, name, path, lang):
    """<html lang> is the edition's language; a switch leads to the same lesson (same two-digit
    number) in the other language, or to the other edition's index."""
    page = site / name
    text = page.read_text("utf-8")
    assert re.search(rf'<html lang="{lang}"', text), f"{name}: <html> does not say lang=\"{lang}\""
    switch = re.findall(r'<a href="([^"]+)" hreflang="(en|pl)"[^>]*class="gleap-lang-switch"', text)
    assert len(switch) == 1, f"{name}: {len(switch)} language switches"
    href, target_lang = switch[0]
    assert target_lang != lang
    target = (page.parent / href).resolve()
    assert target.exists(), f"{name}: the switch leads to {href}, which was not built"
    counterparts = [n for n, p, lg in PAGES if lg != lang and p.stem[:2] == path.stem[:2]]
    if counterparts:
        assert target == (site / counterparts[0]).resolve(), f"{name}: switch to {href}, not {counterparts[0]}"
    else:
        assert target.name == "index.html"
    if lang == "pl":
        nav = re.search(r'<nav class="gleap-site-nav".*?</nav>', text, flags=re.S).group(0)
        assert "Wszystkie notatniki" in nav and "static edition" not in nav


def test_both_indexes_link_to_each_other(site):
    assert 'href="pl/index.html"' in (site / "index.html").read_text("utf-8")
    assert 'href="../index.html"' in (site / "pl" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_page_stays_under_1_mb_beyond_plotly_js(site, path):
    """plotly.js is one shared file beside the pages; each page, with its explorers' payloads, stays
    under 1 MB (issue 13)."""
    page = site / f"{path.stem}.html"
    text = page.read_text("utf-8")
    assert "plotly.min.js" in text and "Plotly.register" not in text, f"{page.name}: plotly.js inlined"
    assert page.stat().st_size < 1_000_000, f"{page.name}: {page.stat().st_size / 1e6:.2f} MB"


@pytest.mark.browser
def test_pages_render_charts_offline_in_chromium(site, browser):
    """Every page, opened from disk with all network refused, draws all its charts."""
    context = browser.new_context(offline=True, viewport={"width": 1300, "height": 900})
    refused = []

    def only_files(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for name, path, _ in PAGES:
            html_file = site / name
            source = html_file.read_text("utf-8")
            expected = source.count('class="plotly-graph-div"') + source.count('class="gleap-explorer-host"')
            page.goto(html_file.as_uri())
            page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
                                   arg=expected, timeout=60_000)
            drawn = page.locator(".js-plotly-plot .main-svg .cartesianlayer .trace, "
                                 ".js-plotly-plot .main-svg .barlayer .trace").count()
            assert expected == 0 or drawn > 0, f"{html_file.name}: charts without traces"
            if path.name.startswith("04"):
                page.screenshot(path=str(site / "04-offline.png"), full_page=False)
        assert not errors, f"JavaScript errors: {errors[:3]}"
        assert not refused, f"pages tried to load from the network: {refused[:3]}"
    finally:
        context.close()


# ------------------------------------------------------------------ what the student sees, and every student

sys.path.insert(0, str(ROOT / "tools"))
from chart_parity import PAGE_CHARTS_JS, first_difference, kernel_chart  # noqa: E402
from site_render import data_table, dump_kernel_figures  # noqa: E402


def _offline_page(browser):
    context = browser.new_context(offline=True, viewport={"width": 1300, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                  else route.abort())
    return context, context.new_page()


@pytest.mark.browser
def test_every_site_chart_shows_what_the_kernel_built(site, browser):
    """Each page's charts, read from the browser, equal the figures its kernel built, in order."""
    context, page = _offline_page(browser)
    try:
        for name, path, lang in PAGES:
            record = site / "_kernel" / ("pl" if lang == "pl" else "") / f"{path.stem}.jsonl"
            built = [kernel_chart(f) for f in dump_kernel_figures(record)]
            assert built or not _charts_expected(path), f"{name}: the kernel recorded no figures"
            page.goto((site / name).as_uri())
            page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
                                   arg=len(built), timeout=60_000)
            shown = page.evaluate(PAGE_CHARTS_JS, None)
            assert len(shown) == len(built), f"{path.stem}.html: {len(shown)} charts, the kernel built {len(built)}"
            for a, b in zip(shown, built):
                problem = first_difference(a, b)
                assert problem is None, f"{path.stem}.html: {problem}"
    finally:
        context.close()


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
def test_site_pages_pass_axe_core(site, browser):
    """axe-core (shipped inside axe-playwright-python) finds no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context, page = _offline_page(browser)
    problems = []
    try:
        for name in [p[0] for p in PAGES] + INDEXES:
            page.goto((site / name).as_uri())
            page.wait_for_load_state("load")
            results = axe.run(page)
            for v in results.response["violations"]:
                if v["impact"] in ("serious", "critical"):
                    problems.append(f"{name}: {v['id']} ({v['impact']}): {v['help']} — "
                                    f"{[n['target'] for n in v['nodes'][:3]]}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


#: What a history student must never meet in a lesson's output: Python's raw number reprs,
#: missing-value markers, and long floats where a population or a figure with units belongs.
RAW_OUTPUT = [(re.compile(r"np\.(float|int)\d*\("), "a numpy repr such as np.float64(...)"),
              (re.compile(r"&lt;NA&gt;|<NA>"), "a missing value shown as <NA>"),
              (re.compile(r"\b\d{7,}\.0\b"), "a population printed as a float (666005000.0)"),
              (re.compile(r"\d\.\d{7,}"), "a number with a long tail of decimals")]


@pytest.mark.parametrize("name,path,lang", PAGES, ids=[p[0] for p in PAGES])
def test_lesson_outputs_are_formatted_for_students(site, name, path, lang):
    """Outputs (not the code a student reads, not the charts' data) show numbers formatted for
    reading (``gd.show``), never numpy reprs, <NA> or populations as floats."""
    text = (site / name).read_text("utf-8")
    text = re.sub(r"<script.*?</script>", "", text, flags=re.S)  # the charts' data
    text = re.sub(r'<div class="highlight hl-ipython3">.*?</pre>', "", text, flags=re.S)  # the code
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
        for name, path, lang in PAGES:
            if not any("gd.widgets." in src for src in _code(path)):
                continue
            page.goto((site / name).as_uri())
            hosts = page.locator(".gleap-explorer-host")
            for h in range(hosts.count()):
                host = hosts.nth(h)
                page.wait_for_function("el => el.dataset.ready === '1'", arg=host.element_handle(), timeout=30_000)
                names = tuple(host.evaluate("el => Array.from(el.querySelectorAll('.gleap-control'), c => c.dataset.name)"))
                explorer = makers[names](lang=lang)
                for control in host.evaluate(_SITE_CONTROLS_JS):
                    target = host.locator(f".gleap-control[data-name='{control['name']}']").locator(control["sel"]).nth(control["index"])
                    for key in control["keys"]:
                        target.focus()
                        for k in key.split(","):
                            page.keyboard.press(k)
                        state = json.loads(host.get_attribute("data-state"))
                        explorer.value = state
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


@pytest.mark.browser
def test_static_benchmark_times_every_explorer_of_the_site(site):
    """`make bench`'s static-site section runs (a few presses, in its own process: Playwright's sync
    API cannot run inside pytest-playwright's event loop) and reports every explorer of the English
    pages with a repaint time and its payload."""
    proc = subprocess.run([sys.executable, "-m", "benchmarks.browser", "--static", str(site), "--presses", "2"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    expected = sum((site / f"{p.stem}.html").read_text("utf-8").count('class="gleap-explorer-host"') for p in NOTEBOOKS)
    assert len(result["explorers"]) == expected > 0
    for name, e in result["explorers"].items():
        assert e["presses"] == 2 and 0 < e["paint_ms_median"] < 10_000, name
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
            for host in page.locator(".gleap-explorer-host").all():
                page.wait_for_function("el => el.dataset.ready === '1'", arg=host.element_handle(), timeout=30_000)
            page.wait_for_timeout(300)  # plotly's responsive resize
            wide = page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth")
            if wide > 1:
                problems.append(f"{name}: the page scrolls sideways by {wide} px")
            problems += [f"{name}: {p}" for p in page.evaluate(NARROW_JS, [page.locator("body").element_handle(),
                                                                           ".jp-OutputArea-output"])]
    finally:
        context.close()
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} problems)"
