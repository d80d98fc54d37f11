"""Every word the course site says around the lessons (tools/make_site.py, site/conf.py,
site/_static/gleap-site.js), in English only. Other languages come from the package's catalogue,
gleap_data/locales/<language>/LC_MESSAGES/gleap.po (msgctxt ``site.<key>``), which
``make translations`` merges these words into like every other word of the package; a missing or
fuzzy entry shows the English with a MissingTranslationWarning.

>>> SITE["pl"]["lessons"]
'Lekcje'
"""
from __future__ import annotations

from gleap_data.labels import Catalogued

#: The name of each language in that language (the language switch shows the other edition's own name:
#: endonyms, the same in every edition, so not translations).
LANGUAGE_NAMES = {"en": "English", "pl": "Polski"}

SITE = Catalogued("site", {
    # the site's front page and header (make_site.py, conf.py)
    "title": "gleap: the Great Leap Forward, in data you can test",
    "intro": ("Lessons that pair a short course text on China's Great Leap Forward (1958–1962) and the "
              "famine that followed with sourced figures, charts and what-if models. Start with the first."),
    "static": ("This is the static edition: every lesson was run once and saved with its results. Charts "
               "respond to the mouse, and the explorers' sliders and menus work in the page, with no "
               "internet connection. To change the code and run it, launch a lesson on Binder (the rocket "
               "button at the top of each lesson) or open it in JupyterLab (`make lab`)."),
    "lessons": "Lessons", "teachers": "Teacher's guide", "reference": "Reference",
    # the dataset pages (make_site.py)
    "data_title": "The datasets",
    "data_intro": "Every table the lessons use, with its units, sources and licence. Each page has the table as a CSV file.",
    "download_csv": "Download the table (CSV)", "fields": "Columns", "sources": "Sources",
    "licence": "Licence", "column": "Column", "unit": "Unit", "meaning": "Meaning",
    "quality": "Kind of source", "in_python": "In a notebook", "package_licence": "The package's licence",
    # under a dataset page's Sources heading: the letters of the kind of source (the glossary's legend)
    "quality_legend": ("Kinds of source: P official statistics (or a faithful reprint), S scholarly "
                       "publication (or a copy of one), W Wikipedia (or a copy), N press or official media, "
                       "B blog, forum or weak site, J journalistic publication; 'X via Y': a source of kind X "
                       "read in a copy of kind Y; partisan sources are marked partisan."),
    "bibliography": "Sources a school can hand to students",
    # the bibliography page (make_site.py): its heading, and in every edition but the English one a note
    # at its top (the entries, rendered by tools/bibliography.py, are English)
    "bibliography_title": "Bibliography",
    "bibliography_note": ("The entries of this page are in English: each gives the work as it was printed "
                          "and the project's notes on where its figures were read."),
    # the citation page (make_site.py)
    "cite_title": "How to cite gleap",
    "cite_intro": ("If you use gleap in teaching or research, cite the package, and cite the original "
                   "source of every figure you use (`gd.cite(name)` lists them; each dataset's page "
                   "here lists them too)."),
    "cite_as": "Cite as", "cite_file": "The citation file (CITATION.cff)",
    # the header (conf.py): the language switch's tooltip is shown in the language it leads to
    "switch_title": "This page in English",
    "launch": "Launch this lesson", "launch_on": "Launch on", "lite": "In the browser (JupyterLite)",
    "hub": "Your school's JupyterHub", "pdf": "Lesson as PDF", "worksheet": "Worksheet (PDF)",
    # a lesson's worksheet (make_site.py, _worksheet): its heading, the line for the student's name, what to do
    "worksheet_title": "Worksheet",
    "worksheet_name": "Name: ____________________ Class: ________ Date: ____________",
    "worksheet_intro": "Read the passages, study the charts and their data tables, and write your answers in the spaces.",
    # gleap-site.js: the name screen readers say for the sidebar's toggles
    "toggle_pages": "Show or hide the pages below",
    # the footer (conf.py, site/_templates/author.html; pydata-sphinx-theme writes "© Copyright <copyright>.")
    "author": "By the gleap authors", "copyright": "the gleap authors; content CC BY 4.0, code MIT",
})

#: The theme's own words that a reader meets (pydata-sphinx-theme has no Polish catalogue; Sphinx's and
#: sphinx-book-theme's lack a few): each English text is the theme's gettext msgid, exactly as its
#: templates write it. site/conf.py compiles their translations into the "sphinx" gettext domain, which
#: Sphinx reads before the theme's catalogue. The two sidebar toggles are sphinx-book-theme templates
#: with English written in (site/_templates/components/ holds them with these msgids).
THEME = Catalogued("theme", {
    "skip": "Skip to main content", "back_to_top": "Back to top", "search_bar": "Search...",
    "color_mode": "Color mode", "light": "Light", "dark": "Dark", "system": "System Settings",
    "previous_page": "previous page", "previous": "previous", "next_page": "next page", "next": "next",
    "on_this_page": "On this page", "section_navigation": "Section Navigation",
    "site_navigation": "Site navigation", "breadcrumb": "Breadcrumb", "home": "Home",
    "expand": "Click to expand", "collapse": "Click to collapse", "version_warning": "Version warning",
    "announcement": "Announcement", "copyright": "© Copyright %(copyright)s.",
    "no_javascript": "Please activate JavaScript to enable the search functionality.",
    "heading_link": "Link to this heading", "table_link": "Link to this table",
    "image_link": "Link to this image", "code_link": "Link to this code",
    "definition_link": "Link to this definition", "term_link": "Link to this term",
    "toggle_primary": "Toggle primary sidebar", "toggle_secondary": "Toggle secondary sidebar",
    "page": "Page",  # the print-only contents' label (site/_templates/layout.html)
})


def words(lang: str) -> dict[str, str]:
    """The site's words in ``lang`` (English, or the catalogue's translation)."""
    return SITE[lang]
