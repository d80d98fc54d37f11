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
    """The chart (a plotly div that expects the page to load plotly.js), named and described."""
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
    chart = pio.to_html(fig_dict, include_plotlyjs=False, include_mathjax=False, full_html=False,
                        default_width="100%", validate=False)
    return (f'<figure class="gleap-figure" role="figure" aria-label="{html.escape(name)}" '
            f'aria-describedby="gleap-desc-{n}-{os.getpid()}">{chart}'
            f'<details class="gleap-data"><summary>{html.escape(label("x_table", lang))}</summary>'
            f'<p id="gleap-desc-{n}-{os.getpid()}">{html.escape(description)}</p>'
            f'{data_table(fig_dict, lang)}</details></figure>')


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
