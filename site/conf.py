"""Sphinx configuration of the course site (both languages). Build it with `make site`
(tools/make_site.py), which stages each language's sources and runs Sphinx once per language:

    GLEAP_SITE_LANG=pl python -m sphinx -c site -b html build/site-work/src/pl build/site-work/out/pl/html

Sphinx + myst-nb + sphinx-book-theme: the one maintained book generator seen to build offline
here (Jupyter Book 2 / mystmd downloads its theme; MkDocs' notebook plugin takes widget state from
a CDN; Jupyter Book 1 is this same stack behind a _config.yml, one layer more). myst-nb executes
each lesson once and keeps the result in jupyter-cache (nb_execution_mode = "cache").

What Sphinx cannot do by itself, and this file adds:
- the kernels write charts as gleap's static HTML (tools/site_render.py, plotly's renderer in an
  IPython startup file); an explorer's output carries its own static HTML beside the widget view,
  and myst-nb is told to rank that HTML first (nb_mime_priority_overrides); offline, no CDN;
- plotly.js from the site itself (site/plotly-gleap.js, built from npm by tools/make_site.py);
- a language switch to the same page in the other edition, and lang="pl" on the Polish course
  text quoted in English pages;
- launch buttons (Binder on the student branch, JupyterLite and the school's JupyterHub when
  site/site.toml sets their addresses) and downloads of each lesson's PDF and worksheet.
"""
from __future__ import annotations

import html as _html
import json
import os
import re
import sys
import tomllib
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import gleap_data  # noqa: E402

LANG = os.environ.get("GLEAP_SITE_LANG", "en")
SETTINGS = tomllib.loads((HERE / "site.toml").read_text("utf-8"))
for _key in ("jupyterhub_url", "jupyterlite_url", "binderhub_url"):
    SETTINGS[_key] = os.environ.get(f"GLEAP_{_key.upper()}", SETTINGS.get(_key, "")).strip().rstrip("/")

import site_pages  # noqa: E402  (what is done to each written page: explorers' data in files, critical CSS)
import site_words  # noqa: E402  (the site's words: English there, other languages from the catalogue)

WORDS = site_words.words(LANG)
OTHER_LANG = "pl" if LANG == "en" else "en"

project = WORDS["title"]
author = WORDS["author"]
copyright = WORDS["copyright"]
version = release = gleap_data.__version__
language = LANG


def _theme_catalogue(lang: str) -> list[str]:
    """The theme's words in ``lang`` (site_words.THEME, from the package's catalogue) as a compiled
    "sphinx" gettext domain in the work folder; Sphinx reads locale_dirs before the theme's own."""
    if lang == "en":
        return []
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalogue = Catalog(locale=lang, domain="sphinx")
    for key, english in site_words.THEME["en"].items():
        catalogue.add(english, site_words.THEME[lang][key])
    folder = ROOT / "build" / "site-work" / "locales"
    (folder / lang / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    with open(folder / lang / "LC_MESSAGES" / "sphinx.mo", "wb") as mo:
        write_mo(mo, catalogue)
    return [str(folder)]


locale_dirs = _theme_catalogue(LANG)

extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "_gleap_pages.json"]
templates_path = [str(HERE / "_templates")]
html_static_path = [str(HERE / "_static"),
                    os.environ.get("GLEAP_SITE_STATIC", str(ROOT / "build" / "site-work" / "static"))]
html_css_files = ["gleap-site.css"]
# plotly.js, the site's own partial bundle (about a quarter of the full 4.8 MB), is not in <head>:
# gleap-site.js loads it when the first chart comes near the screen and draws each chart then (the
# charts are JSON in the page, tools/site_render.py), so that a page shows its text first.
html_js_files = [("gleap-site.js", {"defer": "defer"})]
html_title = WORDS["title"]
# the browser asks every page's server for /favicon.ico otherwise (a 404: Lighthouse's best practices)
html_favicon = str(HERE / "favicon.svg")
# the theme's light/dark mode follows the reader's system, as the theme did when no mode was set, but
# without its console error "Got invalid theme mode" (pydata-sphinx-theme reads an empty mode)
html_context = {"default_mode": "auto"}
html_short_title = "gleap"
html_last_updated_fmt = None
html_copy_source = True  # the notebooks (without outputs) are the "download .ipynb" files
html_show_sourcelink = False
html_theme = "sphinx_book_theme"
html_theme_options = {
    "repository_url": SETTINGS["repository"],
    "repository_branch": SETTINGS.get("main_branch", "main"),
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "use_source_button": False,
    "use_issues_button": False,
    "show_prev_next": True,
    "home_page_in_toc": True,
    "article_header_end": ["gleap-lang-switch.html", "article-header-buttons.html"],
    "navigation_with_keys": False,
    "search_bar_text": site_words.THEME[LANG]["search_bar"],
    # the search field is the sidebar's (and the header's icon on a phone); pydata's header would
    # add a second field above it, in a bar of its own
    "navbar_persistent": [],
}

# ---- myst-nb: execute once, cache, no CDN --------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "cache"
nb_execution_cache_path = os.environ.get("GLEAP_SITE_CACHE", str(ROOT / "build" / "site-work" / "cache" / LANG))
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_excludepatterns = []
nb_merge_streams = True
# No require.js and no @jupyter-widgets/html-manager from a CDN: an explorer's output holds, beside
# its widget view, the same explorer as static HTML and a module script (gleap_data.widgets
# static_html), which needs no widget state: the site shows that one (the widget view not at all).
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [("*", "application/vnd.jupyter.widget-view+json", None)]
suppress_warnings = ["mystnb.unknown_mime_type"]  # the kernel-figure record (see below) is not shown

# The kernels myst-nb starts inherit this process's environment.
_ipython = Path(os.environ.get("GLEAP_SITE_IPYTHONDIR", str(ROOT / "build" / "site-work" / "ipython")))
_startup = _ipython / "profile_default" / "startup"
_startup.mkdir(parents=True, exist_ok=True)
(_startup / "00-gleap-site.py").write_text(
    "import sys as _sys\n"
    f"_sys.path.insert(0, {str(ROOT / 'tools')!r})\n"
    "import site_render as _site_render\n"
    "_site_render.install()\n"
    "del _sys, _site_render\n", "utf-8")
os.environ["IPYTHONDIR"] = str(_ipython)
os.environ["GLEAP_LANG"] = LANG
os.environ.pop("PLOTLY_RENDERER", None)


# ---- what each page says about itself: its file in the repository, the same page in the other edition
def _pages(srcdir: str) -> dict:
    path = Path(srcdir) / "_gleap_pages.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def _to_root(pagename: str) -> str:
    return "../" * pagename.count("/")


def _mark_polish_quotes(body: str) -> str:
    """On an English page every paragraph quoting the Polish course text says it is Polish
    (screen readers switch voice)."""
    sentences = [s.strip()[:40] for s in gleap_data.load("course_text").text_pl if len(s.strip()) > 20]

    def mark(match):
        text = _html.unescape(re.sub(r"<[^>]+>", "", match.group(0)))
        if any(sentence in text for sentence in sentences):
            return match.group(0).replace("<p", '<p lang="pl"', 1)
        return match.group(0)

    return re.sub(r"<p(?![^>]*\blang=)[^>]*>.*?</p>", mark, body, flags=re.S)


def _launch_buttons(repo_path: str) -> list[dict]:
    buttons = []
    branch = SETTINGS.get("student_branch", "student")
    org_repo = SETTINGS["repository"].rstrip("/").split("github.com/")[-1]
    if SETTINGS.get("binderhub_url"):
        url = f"{SETTINGS['binderhub_url']}/v2/gh/{org_repo}/{branch}?urlpath={quote('lab/tree/' + repo_path, safe='')}"
        buttons.append({"type": "link", "text": "Binder", "tooltip": f"{WORDS['launch_on']} Binder",
                        "icon": "_static/images/logo_binder.svg", "url": url, "label": "gleap-launch-binder"})
    if SETTINGS.get("jupyterlite_url"):
        buttons.append({"type": "link", "text": WORDS["lite"], "tooltip": WORDS["lite"],
                        "icon": "_static/images/logo_jupyterlite.svg", "label": "gleap-launch-lite",
                        "url": f"{SETTINGS['jupyterlite_url']}?path={quote(repo_path)}"})
    if SETTINGS.get("jupyterhub_url"):
        repo_name = org_repo.split("/")[-1]
        params = urlencode({"repo": SETTINGS["repository"], "urlpath": f"lab/tree/{repo_name}/{repo_path}",
                            "branch": branch}, safe="/")
        buttons.append({"type": "link", "text": WORDS["hub"], "tooltip": WORDS["hub"],
                        "icon": "_static/images/logo_jupyterhub.svg", "label": "gleap-launch-hub",
                        "url": f"{SETTINGS['jupyterhub_url']}/hub/user-redirect/git-pull?{params}"})
    return buttons


#: Sphinx's and the theme's small scripts that wait for DOMContentLoaded anyway: deferred, so that
#: they do not hold the page's first paint (Lighthouse's render-blocking resources; issue 22).
#: (translations.js, in the Polish pages, after doctools.js, which it calls.) documentation_options.js,
#: which the page's inline scripts use at once, is written into each page instead (tools/site_pages.py).
DEFERRED_SCRIPTS = {"doctools.js", "sphinx_highlight.js", "sphinx-book-theme.js", "translations.js"}


#: myst-nb writes the notebook's saved widget state into the page for a widget manager; this site has
#: none (nb_ipywidgets_js is empty: the explorers draw from their own static HTML), so the state (the
#: explorers' models with their _esm and payload again: 290 kB in lesson 07) is left out.
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _defer_scripts(context) -> None:
    from sphinx.builders.html._assets import _JavaScript

    scripts = context.get("script_files")
    if not scripts:
        return
    context["script_files"] = [
        _JavaScript(js.filename, priority=js.priority, **{**js.attributes, "defer": "defer"})
        if isinstance(js, _JavaScript) and Path(str(js.filename).split("?")[0]).name in DEFERRED_SCRIPTS else js
        for js in scripts if not (isinstance(js, _JavaScript) and js.attributes.get("type") == WIDGET_STATE)]


def _page_context(app, pagename, templatename, context, doctree):
    _defer_scripts(context)
    page = _pages(app.srcdir).get(pagename, {})
    root = _to_root(pagename)
    other = page.get("other") or "index"
    # the English site is the top folder, the Polish one pl/
    context["gleap_switch_url"] = (f"{root}pl/{other}.html" if LANG == "en" else f"{root}../{other}.html")
    context["gleap_switch_text"] = site_words.LANGUAGE_NAMES[OTHER_LANG]
    context["gleap_switch_lang"] = OTHER_LANG
    context["gleap_switch_title"] = site_words.words(OTHER_LANG)["switch_title"]  # in the language it leads to
    if LANG == "en" and "body" in context:
        context["body"] = _mark_polish_quotes(context["body"])
    if "body" in context:  # each explorer's precomputed positions: a file loaded when it is drawn
        context["body"] = site_pages.explorer_payloads_to_files(context["body"], Path(app.outdir), root)
    _written.append(app.builder.get_outfilename(pagename))
    if page.get("kind") == "worksheet":  # a lesson's worksheet (tools/make_site.py): its own layout
        app.add_css_file("gleap-worksheet.css")
    buttons = context.get("header_buttons")
    if buttons is None:
        return
    if page.get("repo", "").endswith(".ipynb"):
        launch = _launch_buttons(page["repo"])
        if launch:
            buttons.append({"type": "group", "tooltip": WORDS["launch"], "icon": "fas fa-rocket",
                            "buttons": launch, "label": "launch-buttons"})
    for extra, key in (("pdf", "pdf"), ("worksheet", "worksheet")):
        target = page.get(key)
        if not target or os.environ.get("GLEAP_SITE_PDF", "1") != "1":
            continue
        for group in buttons:
            if group.get("label") == "download-buttons":
                group["buttons"].append({"type": "link", "text": WORDS[extra], "tooltip": WORDS[extra],
                                         "icon": "fas fa-file-pdf", "url": f"{root}{target}",
                                         "label": f"gleap-download-{extra}"})


#: The pages Sphinx writes in this build (their CSS is processed once they are all written).
_written: list[str] = []
#: A change to tools/site_pages.py or site/critical-css.mjs writes every page again.
gleap_site_pages = site_pages.digest()


def _critical_css(app, exception) -> None:
    if exception is None and app.builder.format == "html" and _written:
        site_pages.inline_documentation_options(Path(app.outdir), [Path(p) for p in _written])
        site_pages.inline_critical_css(Path(app.outdir), [Path(p) for p in _written])


def setup(app):
    app.add_config_value("gleap_site_pages", "", "html")
    app.connect("build-finished", _critical_css)
    # after the theme's own header buttons (priority 501 and later)
    app.connect("html-page-context", _page_context, priority=900)
    # the words of gleap-site.js, from the catalogue like every other word of the site
    # and the list the explorers put their drawing in while the page is parsed (gleap-site.js draws them)
    app.add_js_file(None, body="window.gleapSiteWords = " + json.dumps({"toggle_pages": WORDS["toggle_pages"]},
                                                                       ensure_ascii=False) + "; window.gleapCharts = [];")
    return {"parallel_read_safe": True}
