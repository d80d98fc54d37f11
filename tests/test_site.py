"""The static HTML edition (``make site``): one executed page per notebook, an index, charts that
work offline (plotly.js shipped beside the pages, nothing loaded from the internet), widgets as
still charts with a note.

The site is built once per test session into a temporary folder (about a minute).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHART_CALL = re.compile(r"^\s*gd\.(charts|widgets)\.\w+\(.*\)\s*$")  # a cell's last line shows a chart


def _code(path: Path) -> list[str]:
    cells = json.loads(path.read_text("utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def _charts_expected(path: Path) -> int:
    """Code cells whose last line displays a chart or a widget."""
    return sum(bool(src.strip()) and bool(CHART_CALL.match(src.strip().splitlines()[-1])) for src in _code(path))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "build_site.py"), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, f"build_site.py failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    return out


def test_there_are_notebooks():
    assert NOTEBOOKS


def test_index_lists_every_notebook_with_its_heading(site):
    index = (site / "index.html").read_text("utf-8")
    for path in NOTEBOOKS:
        assert f'href="{path.stem}.html"' in index, f"index.html: no link to {path.stem}.html"
    assert "Binder" in index and "JupyterLab" in index, "index.html: no note on the live version"
    headings = re.findall(r"<li><a href=\"[^\"]+\">([^<]+)</a>", index)
    assert len(headings) == len(NOTEBOOKS) and all(h.strip() for h in headings)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_page_exists_and_holds_its_charts(site, path):
    page = site / f"{path.stem}.html"
    assert page.exists(), f"{page.name} was not built"
    text = page.read_text("utf-8")
    charts = text.count('class="plotly-graph-div"')
    expected = _charts_expected(path)
    assert charts >= expected, f"{page.name}: {charts} charts, expected at least {expected}"
    # executed: every code cell has its execution count in the page
    assert len(re.findall(r"\[\d+\]:", text)) >= len([s for s in _code(path) if s.strip()])
    assert "Traceback (most recent call last)" not in text
    if any("gd.widgets." in src for src in _code(path)):
        assert "open the notebook in JupyterLab or on Binder" in text, f"{page.name}: a widget without the note"
        assert "application/vnd.jupyter.widget-view+json" not in text


@pytest.mark.parametrize("name", [p.stem + ".html" for p in NOTEBOOKS] + ["index.html"])
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
    for path in NOTEBOOKS:
        text = (site / f"{path.stem}.html").read_text("utf-8")
        if 'class="plotly-graph-div"' in text:
            assert '<script src="plotly.min.js"></script>' in text, f"{path.stem}.html does not load plotly.min.js"


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
        for path in NOTEBOOKS:
            html_file = site / f"{path.stem}.html"
            expected = html_file.read_text("utf-8").count('class="plotly-graph-div"')
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
