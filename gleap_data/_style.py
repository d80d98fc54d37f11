"""The look of every gleap chart, in one place: the Okabe–Ito palette, the series' dashes and
markers, the line lengths that fit a narrow output, and a registered plotly template,
``pio.templates["gleap"]`` (plotly's white theme with the palette as its colourway), which
:func:`_layout` gives every chart along with its title, source line and legend.

>>> import plotly.io as pio
>>> pio.templates["gleap"].layout.colorway[0] == OKABE_ITO["bluish_green"]
True
>>> _wrap("Source: Ashton et al. 1984, table 1", 20)
'Source: Ashton et<br>al. 1984, table 1'
"""
from __future__ import annotations

import textwrap

import plotly.graph_objects as go
import plotly.io as pio

from ._describe import set_description
from .labels import label

#: The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), safe under the common
#: colour-vision deficiencies. Every chart takes its colours from here; series that must be told
#: apart also differ in dash or marker (tests/test_charts.py checks this).
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
    "grey": "#7F7F7F",
}
_P = OKABE_ITO
COLORS = {
    "primary": _P["bluish_green"], "secondary": _P["vermillion"], "tertiary": _P["blue"],
    "official": _P["grey"], "scholarly": _P["blue"], "journalistic": _P["orange"], "partisan": _P["reddish_purple"],
    "unverified": _P["black"],
    "births": _P["blue"], "deaths": _P["vermillion"],
    "output": _P["bluish_green"], "procured": _P["vermillion"], "left": _P["orange"],
}
#: Dashes that tell series apart where colour alone may not.
DASHES = {"primary": "solid", "secondary": "dash", "tertiary": "dot"}
MARKERS = {"primary": "circle", "secondary": "square", "tertiary": "diamond"}
EVENT_SYMBOLS = {"politics": "circle", "economy": "square", "society": "diamond", "famine": "x",
                 "foreign": "triangle-up"}
EVENT_COLORS = {"politics": _P["blue"], "economy": _P["vermillion"], "society": _P["bluish_green"],
                "famine": _P["reddish_purple"], "foreign": _P["orange"]}

#: The template every chart uses: plotly's white theme with the palette as its colourway, so a
#: series without a colour of its own still takes one that stays distinct under colour-vision
#: deficiencies. Registered once, when the package's charts are first imported.
TEMPLATE = go.layout.Template(pio.templates["plotly_white"])
TEMPLATE.layout.colorway = [OKABE_ITO[c] for c in ("bluish_green", "vermillion", "blue", "orange", "reddish_purple",
                                                   "sky_blue", "yellow", "grey", "black")]
pio.templates["gleap"] = TEMPLATE


def _layout(fig: go.Figure, title: str, source: str, lang: str, height: int = 460,
            description: str | None = None) -> go.Figure:
    """Title on top with the source line under it; legend under the plot. ``description`` is the
    chart's text description (its accessible name in the static site), kept in
    ``fig.layout.meta["description"]``; read it back with :func:`description`."""
    if description is not None:
        set_description(fig, description)
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    fig.layout.meta = {**meta, "lang": lang}
    source_line = _wrap(f"{label('source', lang)}: {source}", SOURCE_LINE_CHARS)
    # The source line is an annotation pinned just above the plot, under the title (which sits at
    # the top of the figure): plotly's title subtitle moved above the title after a FigureWidget
    # update.
    fig.update_layout(
        title={"text": wrap_title(title), "x": 0.01, "xanchor": "left", "font": {"size": 16},
               "y": 1, "yref": "container", "yanchor": "top", "pad": title_pad(title)},
        template="gleap",
        height=height,
        margin={"l": 70, "r": 20, "t": _top_margin(title, source_line), "b": 60},
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0},
        hovermode="closest",
        # numbers plotly writes itself (ticks, hover) in the language's form: "14,6" and "1 000" in Polish
        separators=SEPARATORS.get(lang, ".,"),
    )
    # from the figure's left edge (the title's), not the plot's: the line has the whole width
    fig.add_annotation(name="source", text=source_line, xref="paper", x=0, xshift=-62, xanchor="left", align="left",
                       yref="paper", y=1, yanchor="bottom", yshift=8, showarrow=False,
                       font={"size": 11, "color": "#555"})
    return fig


#: plotly does not wrap text: titles and source lines are broken into lines that fit the narrowest
#: place a chart is read in (368 px in JupyterLab at 800 px with the file browser open, 360 px on a
#: phone): about 32 characters of the 16 px title, 44 of the 11 px source line (48 let the steel chart's run past a phone's edge).
TITLE_LINE_CHARS = 32
SOURCE_LINE_CHARS = 44
#: A legend entry longer than this is broken into lines (plotly does not wrap legends either).
LEGEND_LINE_CHARS = 34


def _top_margin(title: str, source_line: str) -> int:
    """Room above the plot for the title's lines and the source line's."""
    extra = _wrap(title, TITLE_LINE_CHARS).count("<br>")
    return 78 + (11 if extra else 0) + 21 * extra + 14 * source_line.count("<br>")


def title_pad(title: str) -> dict:
    """The title's padding from the figure's top: plotly.js (4.1) draws a title of several lines
    anchored at its top 11 px higher than one of a single line, its first line cut by the
    figure's edge (measured in Chromium), so such a title gets 11 px more."""
    return {"t": 21 if "<br>" in wrap_title(title) else 10}


def wrap_title(title: str) -> str:
    """A chart title broken into lines that fit a narrow output (see :data:`TITLE_LINE_CHARS`)."""
    return _wrap(title, TITLE_LINE_CHARS)


def _set_title(fig, title: str) -> None:
    """A new title for a chart drawn by :func:`_layout` (wrapped; the top margin follows its lines)."""
    fig.layout.title.text = wrap_title(title)
    fig.layout.title.pad = title_pad(title)
    fig.layout.margin.t = _top_margin(title, source_line(fig))


#: plotly's ``separators`` per language: the decimal mark, then the thousands separator.
SEPARATORS = {"en": ".,", "pl": ", "}


def source_line(fig) -> str:
    """The chart's source line ("Source: ..."), as shown under its title."""
    return next((a.text for a in fig.layout.annotations if a.name == "source"), "")


def _wrap(text: str, width: int) -> str:
    """Break a long line at spaces with <br> (plotly does not wrap text); a word longer than
    ``width`` keeps its line, and a hyphenated word is never split."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text
