#!/usr/bin/env python3
"""Build the static HTML edition: every notebook executed and converted to one page, plus an index.

    .venv/bin/python tools/build_site.py --out build/site        # or: make site

- Every notebook in notebooks/ is executed in a fresh kernel of this Python (English edition,
  into build/site/); every notebook in notebooks/pl/, if that folder exists, likewise into
  build/site/pl/ with ``GLEAP_LANG=pl`` in its kernel (Polish edition, ``<html lang="pl">``).
  Every page and both indexes carry a link to the same lesson in the other language (matched
  by the two-digit number at the start of the file name), or to the other index.
- Plotly charts stay interactive and work offline: each page loads ``plotly.min.js`` copied
  beside it from the installed plotly package; no page loads anything from the internet.
- Explorers (``gd.widgets.*``) are live: with ``GLEAP_STATIC_WIDGETS=1`` (read by
  ``gleap_data.widgets``) each is written as its controls' script (gleap_data/explorer.js) and the
  results Python precomputed for every position of its controls (or, for the labour model, its
  calibration), so controls, chart, readout and data table work from ``file://`` with no kernel
  and no network.
"""
from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
PL_NOTEBOOKS = NOTEBOOKS / "pl"
PLOTLY_JS = "plotly.min.js"
LANGS = ("en", "pl")
#: Where each edition's pages go inside the site folder.
SUBDIR = {"en": "", "pl": "pl"}

#: Runs at the start of every kernel (IPython startup file): plotly figures as HTML that
#: expects the page to provide plotly.js, never a CDN and never MathJax.
KERNEL_STARTUP = f'''\
import sys as _sys
_sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
import site_render as _site_render

_site_render.install()
del _sys
'''

#: nbconvert's JupyterLab template with every internet script taken out and plotly.js from
#: the page's own folder.
PAGE_TEMPLATE = r'''{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}
<script src="PLOTLY_JS"></script>
{%- endblock html_head_js_requirejs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style>
  .gleap-site-nav { max-width: 1100px; margin: 8px auto; padding: 8px 16px; font: 14px/1.4 sans-serif;
                    background: #f4f1e8; border-left: 4px solid #b5482c; }
  /* readable by every student: prompt and code colours with enough contrast, links underlined */
  .jp-InputPrompt, .jp-OutputPrompt { color: #1f4e79 !important; opacity: 1 !important; }
  .highlight .mi, .highlight .mf, .highlight .m, .highlight .il { color: #006100 !important; }
  .highlight .c1, .highlight .c, .highlight .cm { color: #4d4d4d !important; }
  .highlight .s1, .highlight .s2, .highlight .s { color: #8b1a1a !important; }
  .highlight .o, .highlight .ow { color: #5a1e8c !important; }
  a, .jp-RenderedHTMLCommon a, .jp-RenderedHTMLCommon a:link { text-decoration: underline !important; }
  .gleap-figure { margin: 0 0 1em 0; }
  .gleap-data summary { cursor: pointer; font: 14px sans-serif; margin: 4px 0; }
  .gleap-data table { border-collapse: separate; border-spacing: 0; font: 12px sans-serif; margin: 4px 0 8px 0; }
  .gleap-data th, .gleap-data td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; background: white; }
  /* a phone (360 px): a table wider than the page scrolls inside itself, its first column held */
  .gleap-data { max-width: 100%; overflow-x: auto; }
  .gleap-data tr > :first-child { position: sticky; left: 0; z-index: 1; }
  .jp-OutputArea-output, .gleap-figure { max-width: 100%; min-width: 0; overflow-x: auto; }
  @media (max-width: 600px) {
    .jp-InputPrompt, .jp-OutputPrompt { display: none !important; }
    .jp-Cell { padding-left: 4px !important; padding-right: 4px !important; }
    .gleap-site-nav { padding: 6px 8px; }
  }
</style>
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
<!--GLEAP-NAV-->
{%- endblock body_header -%}
'''.replace("PLOTLY_JS", PLOTLY_JS)

#: The bar at the top of every page, per language: back to the index, the language switch, what
#: the static edition can and cannot do.
NAV = {
    "en": ('<nav class="gleap-site-nav" aria-label="Site"><a href="index.html">&larr; All notebooks</a> &middot; '
           '<a href="{switch}" hreflang="pl" lang="pl" class="gleap-lang-switch">Polski</a> &middot; '
           "This is the static edition: charts and explorers work in this page, offline. "
           "To change the code and run it, open the notebook in JupyterLab or on Binder.</nav>"),
    "pl": ('<nav class="gleap-site-nav" aria-label="Strona"><a href="index.html">&larr; Wszystkie notatniki</a> &middot; '
           '<a href="{switch}" hreflang="en" lang="en" class="gleap-lang-switch">English</a> &middot; '
           "To wydanie statyczne: wykresy i eksploratory działają na tej stronie, bez internetu. "
           "Żeby zmienić kod i go uruchomić, otwórz notatnik w JupyterLab lub w Binderze.</nav>"),
}

INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<style>
  body {{ max-width: 820px; margin: 2em auto; padding: 0 1em; font: 16px/1.5 sans-serif; color: #222; }}
  li {{ margin: 0.4em 0; }}
  .note {{ background: #f4f1e8; border-left: 4px solid #b5482c; padding: 0.6em 1em; }}
  code {{ background: #eee; padding: 0 0.2em; }}
</style>
</head>
<body>
<p>{switch}</p>
<h1>{title}</h1>
<p>{intro}</p>
<ol>
{items}
</ol>
<p class="note">{note}</p>
<p><small>{built}</small></p>
</body>
</html>
"""

INDEX_TEXT = {
    "en": {"switch": '<a href="pl/index.html" hreflang="pl" lang="pl" class="gleap-lang-switch">Wersja polska</a>',
           "note": """This is the static edition: every notebook was run once and saved with its results.
Charts respond to the mouse (hover, zoom) and the explorers' sliders and menus work, with no
internet connection. To change the code and run it, open the notebooks in JupyterLab
(<code>make lab</code>) or on Binder (the launch links are in the project's README).""",
           "built": "Built with gleap {version} on {date}.",
           "title": "gleap: the Great Leap Forward, in data you can test",
           "intro": ("Notebooks that pair a short course text on China's Great Leap Forward (1958–1962) and "
                     "the famine that followed with sourced figures, charts and what-if models. Start with the first."),
           "empty": "No notebooks in this edition yet."},
    "pl": {"switch": '<a href="../index.html" hreflang="en" lang="en" class="gleap-lang-switch">English version</a>',
           "note": """To wydanie statyczne: każdy notatnik uruchomiono raz i zapisano z wynikami. Wykresy
reagują na mysz (podpowiedzi, powiększanie), a suwaki i menu eksploratorów działają, bez połączenia
z internetem. Żeby zmienić kod i go uruchomić, otwórz notatniki w JupyterLab (<code>make lab</code>)
lub w Binderze (odnośniki są w pliku README.pl.md projektu).""",
           "built": "Zbudowano z gleap {version}, {date}.",
           "title": "gleap: Wielki Skok Naprzód w danych, które można sprawdzić",
           "intro": ("Notatniki, które łączą krótki tekst kursu o Wielkim Skoku Naprzód w Chinach (1958–1962) "
                     "i o głodzie, który po nim nastąpił, ze źródłowymi danymi, wykresami i modelami typu "
                     "„co by było, gdyby”. Zacznij od pierwszego."),
           "empty": "Polskie notatniki jeszcze nie są gotowe."},
}


def first_heading(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+?)\s*#*\s*$", cell.source, flags=re.M)
            if match:
                return match.group(1).strip()
    return ""


def _setup_kernel_environment(work: Path) -> None:
    """Environment inherited by every kernel this process starts."""
    startup = work / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-gleap-site.py").write_text(KERNEL_STARTUP)
    os.environ["IPYTHONDIR"] = str(work / "ipython")
    os.environ["GLEAP_STATIC_WIDGETS"] = "1"
    os.environ.pop("PLOTLY_RENDERER", None)


def _mark_languages(body: str, lang: str = "en") -> str:
    """The page says which language it is in; on an English page every paragraph quoting the
    Polish course text says it is Polish (screen readers switch voice)."""
    from gleap_data import load

    # nbconvert's template may already say lang="en": the page's own language wins
    body = re.sub(r"<html\b([^>]*?)\s+lang=\"[^\"]*\"", r"<html\1", body, count=1)
    body = re.sub(r"<html\b", f'<html lang="{lang}"', body, count=1)
    if lang == "pl":
        return body
    sentences = [s.strip() for s in load("course_text").text_pl if len(s.strip()) > 20]

    def mark(match):
        text = html.unescape(re.sub(r"<[^>]+>", "", match.group(0)))
        if any(sentence[:40] in text for sentence in sentences):
            return match.group(0).replace("<p", '<p lang="pl"', 1)
        return match.group(0)

    return re.sub(r"<p(?![^>]*\blang=)[^>]*>.*?</p>", mark, body, flags=re.S)


def _number(path: Path) -> str | None:
    match = re.match(r"(\d\d)", path.stem)
    return match.group(1) if match else None


def switch_targets(editions: dict[str, list[Path]]) -> dict[tuple[str, str], str]:
    """(lang, page stem) -> the href of the same lesson in the other language (same two-digit
    number), or of the other edition's index; relative to the page's own folder."""
    by_number = {lang: {_number(p): p.stem for p in paths if _number(p)} for lang, paths in editions.items()}
    targets = {}
    for lang, paths in editions.items():
        other = "pl" if lang == "en" else "en"
        prefix = "pl/" if other == "pl" else "../"
        for path in paths:
            stem = by_number[other].get(_number(path))
            targets[(lang, path.stem)] = f"{prefix}{stem}.html" if stem else f"{prefix}index.html"
    return targets


def build(out: Path, notebooks: list[Path], timeout: int = 600,
          kernel_figures: Path | None = None, pl_notebooks: list[Path] | None = None) -> list[tuple[Path, str]]:
    """Build the English pages (``notebooks``) into ``out`` and the Polish ones (``pl_notebooks``)
    into ``out/pl``, each edition with its index. Returns (page, heading) for every page."""
    import jinja2
    import nbformat
    import plotly
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    import gleap_data

    editions = {"en": list(notebooks), "pl": list(pl_notebooks or [])}
    targets = switch_targets(editions)
    out.mkdir(parents=True, exist_ok=True)
    bundled = Path(plotly.__file__).parent / "package_data" / PLOTLY_JS
    shutil.copyfile(bundled, out / PLOTLY_JS)

    exporter = HTMLExporter(template_name="lab", template_file="gleap_site.html.j2",
                            extra_loaders=[jinja2.DictLoader({"gleap_site.html.j2": PAGE_TEMPLATE})])
    exporter.exclude_input_prompt = False
    pages = []
    saved_lang = os.environ.get("GLEAP_LANG")
    with tempfile.TemporaryDirectory(prefix="gleap-site-") as work:
        _setup_kernel_environment(Path(work))
        for lang in LANGS:
            folder = out / SUBDIR[lang]
            folder.mkdir(parents=True, exist_ok=True)
            os.environ["GLEAP_LANG"] = lang  # the kernels' session language (gd.set_language's default)
            listed = []
            for path in editions[lang]:
                start = time.monotonic()
                nb = nbformat.read(path, as_version=4)
                if kernel_figures is not None:  # the figures each kernel builds, for the tests
                    record_dir = kernel_figures / SUBDIR[lang]
                    record_dir.mkdir(parents=True, exist_ok=True)
                    record = record_dir / f"{path.stem}.jsonl"
                    record.write_text("")
                    os.environ["GLEAP_KERNEL_FIGURES"] = str(record)
                NotebookClient(nb, timeout=timeout, kernel_name="python3",
                               resources={"metadata": {"path": str(path.parent)}}).execute()
                nb.metadata.pop("widgets", None)  # no widget state (it would embed plotly.js again)
                heading = first_heading(nb) or path.stem
                body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": heading}})
                body = _mark_languages(body, lang)
                body = body.replace("<!--GLEAP-NAV-->", NAV[lang].format(switch=targets[(lang, path.stem)]), 1)
                if SUBDIR[lang]:  # one copy of plotly.js, in the site's top folder
                    body = body.replace(f'<script src="{PLOTLY_JS}"></script>', f'<script src="../{PLOTLY_JS}"></script>')
                page = folder / f"{path.stem}.html"
                page.write_text(body, "utf-8")
                pages.append((page, heading))
                listed.append((page, heading))
                charts = body.count('class="plotly-graph-div"')
                print(f"{SUBDIR[lang] + '/' if SUBDIR[lang] else ''}{page.name}: {charts} charts, "
                      f"{time.monotonic() - start:.1f} s", file=sys.stderr)
            write_index(folder, lang, listed, gleap_data.__version__)
    if saved_lang is None:
        os.environ.pop("GLEAP_LANG", None)
    else:
        os.environ["GLEAP_LANG"] = saved_lang
    return pages


def write_index(folder: Path, lang: str, pages: list[tuple[Path, str]], version: str) -> None:
    text = INDEX_TEXT[lang]
    items = "\n".join(f'<li><a href="{html.escape(p.name)}">{html.escape(title)}</a> '
                      f'<small>({html.escape(p.stem)})</small></li>' for p, title in pages)
    (folder / "index.html").write_text(INDEX_TEMPLATE.format(
        lang=lang, switch=text["switch"], title=text["title"], intro=text["intro"], note=text["note"],
        items=items or f"<li>{html.escape(text['empty'])}</li>",
        built=text["built"].format(version=version, date=time.strftime("%Y-%m-%d"))), "utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "site"), help="output folder (default: build/site)")
    parser.add_argument("--kernel-figures", default=None,
                        help="also write the figures each kernel built (JSON lines per page) into this folder")
    parser.add_argument("--pl-dir", default=str(PL_NOTEBOOKS),
                        help="folder of the Polish notebooks (default: notebooks/pl; skipped if it does not exist)")
    parser.add_argument("notebooks", nargs="*", help="notebooks to build (default: every notebook in notebooks/)")
    args = parser.parse_args(argv)
    notebooks = [Path(p).resolve() for p in args.notebooks] or sorted(NOTEBOOKS.glob("*.ipynb"))
    if not notebooks:
        print(f"no notebooks in {NOTEBOOKS}", file=sys.stderr)
        return 1
    pl_dir = Path(args.pl_dir)
    pl_notebooks = sorted(pl_dir.resolve().glob("*.ipynb")) if pl_dir.is_dir() else []
    if not pl_notebooks:
        print(f"no Polish notebooks in {pl_dir}: the Polish index says so", file=sys.stderr)
    out = Path(args.out).resolve()
    start = time.monotonic()
    pages = build(out, notebooks, kernel_figures=Path(args.kernel_figures).resolve() if args.kernel_figures else None,
                  pl_notebooks=pl_notebooks)
    print(f"wrote {len(pages)} pages and two indexes to {out} in {time.monotonic() - start:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
