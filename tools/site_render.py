"""How a chart is written into a page of the static edition (imported by the kernels that
``tools/make_site.py`` starts: site/conf.py installs it with an IPython startup file).

Each chart becomes a ``<figure>`` whose accessible name is the chart's title and whose
description is the text that ``gleap_data.charts`` generated from its data, followed by a
"Data table" disclosure holding the numbers of every trace (``gleap_data._describe.data_table``,
the package's own table, which the explorers' static HTML uses too). The figure the kernel built
goes along under ``KERNEL_FIGURE_MIME`` (as an explorer's does), so the tests can compare each
page's charts with what Python computed. The explorers need nothing here: their own output
carries their static HTML, which myst-nb shows (site/conf.py ranks it above the widget view).
"""
from __future__ import annotations

import html
import itertools
import json
import os

from gleap_data._describe import KERNEL_FIGURE_MIME  # noqa: F401  (the tests import it from here)

_ids = itertools.count(1)


def figure_html(fig_dict: dict) -> str:
    """The chart (drawn by the page: site/_static/gleap-site.js), named and described."""
    import plotly.io as pio

    from gleap_data._describe import data_table
    from gleap_data.labels import label

    layout = fig_dict.get("layout") or {}
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    lang = meta.get("lang", "en")
    title = layout.get("title") or {}
    title = title if isinstance(title, str) else title.get("text") or ""
    name = " ".join(title.replace("<br>", " ").split())
    description = meta.get("description", "")
    n = next(_ids)
    return (f'<figure class="gleap-figure" role="figure" aria-label="{html.escape(name)}" '
            f'aria-describedby="gleap-desc-{n}-{os.getpid()}">{chart_html(fig_dict, f"gleap-chart-{n}-{os.getpid()}")}'
            f'<details class="gleap-data"><summary>{html.escape(label("x_table", lang))}</summary>'
            f'<p id="gleap-desc-{n}-{os.getpid()}">{html.escape(description)}</p>'
            f'{data_table(fig_dict, lang)}</details></figure>')


def chart_html(fig_dict: dict, div_id: str) -> str:
    """The chart's place in the page, its height reserved, and the figure beside it as JSON (not a
    script that calls plotly.js): site/_static/gleap-site.js loads plotly.js and draws the chart when
    it comes near the screen (or the page is printed), so the page shows its text first."""
    from plotly.io.json import to_json_plotly

    layout = fig_dict.get("layout") or {}
    template = (layout.get("template") or {}).get("layout") or {}

    def size(key: str, default: str) -> str:  # as plotly.io.to_html sizes the chart's box
        value = layout.get(key, template.get(key, default))
        return f"{value}px" if isinstance(value, (int, float)) else str(value)

    # the JSON plotly.io.to_html writes into its script (to_json_plotly escapes <, > and /, so it
    # cannot close the <script> it sits in), and to_html's config for a chart in a page
    payload = ('{"data":' + to_json_plotly(fig_dict.get("data", [])) + ',"layout":' + to_json_plotly(layout)
               + ',"config":{"responsive":true}}')
    return (f'<div class="gleap-chart-box" style="height:{size("height", "100%")}; width:{size("width", "100%")};">'
            f'<div id="{div_id}" class="plotly-graph-div" style="height:100%; width:100%;"></div>'
            f'<script type="application/json" class="gleap-chart-figure" data-for="{div_id}">{payload}</script></div>')


def install() -> None:
    """Make this the default plotly renderer of the running kernel."""
    import plotly.io as pio
    from plotly.io.base_renderers import MimetypeRenderer

    class GleapSiteRenderer(MimetypeRenderer):
        def to_mimebundle(self, fig_dict):
            # the figure as the kernel built it, kept in the executed notebook (never shown: the site
            # renders text/html) so the site's tests can compare it with what the browser draws
            return {"text/html": figure_html(fig_dict), KERNEL_FIGURE_MIME: json.loads(pio.to_json(fig_dict, validate=False))}

    pio.renderers["gleap_site"] = GleapSiteRenderer()
    pio.renderers.default = "gleap_site"
