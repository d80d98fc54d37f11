"""How a chart is written into a page of the static edition (imported by the kernels that
``tools/make_site.py`` starts: site/conf.py installs it with an IPython startup file).

Each chart becomes a ``<figure>`` whose accessible name is the chart's title and whose
description is the text that ``gleap_data.charts`` generated from its data, followed by a
"Data table" disclosure holding the numbers of every trace. When the environment variable
``GLEAP_KERNEL_FIGURES`` names a file, the figure the kernel built is also appended to it (one
JSON line per chart), so the tests can compare each page's charts with what Python computed.
"""
from __future__ import annotations

import html
import itertools
import json
import os

_ids = itertools.count(1)
#: The output type under which each chart's figure is recorded in the executed notebook.
KERNEL_FIGURE_MIME = "application/vnd.gleap.kernel-figure+json"

WORDS = {
    "en": {"table": "Data table", "series": "Series", "text": "Label", "x": "x", "y": "y"},
    "pl": {"table": "Tabela danych", "series": "Seria", "text": "Etykieta", "x": "x", "y": "y"},
}


def _plain(value):
    """Numbers and labels as a table shows them (base64 arrays decoded)."""
    if isinstance(value, dict) and "bdata" in value:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    if hasattr(value, "tolist"):
        return value.tolist()
    return list(value) if isinstance(value, (list, tuple)) else value


def _cell(value, years: bool = False, lang: str | None = None) -> str:
    """A table cell as gd.show writes numbers: 666,005,000; 24.6; 0.0227 (a year stays 1958)."""
    from gleap_data.display import number

    if value is None:
        return ""
    if years and isinstance(value, (int, float)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return html.escape(number(value, lang=lang))
    return html.escape(str(value))


def _axis_title(layout: dict, key: str) -> str:
    title = (layout.get(key) or {}).get("title") or {}
    text = title if isinstance(title, str) else title.get("text") or ""
    return text.replace("<br>", " ")  # a title wrapped for the chart is one heading in a table


def data_table(fig_dict: dict, lang: str) -> str:
    """Every trace's points as rows: series, x, y (and a label where the trace has text)."""
    words = WORDS.get(lang, WORDS["en"])
    layout = fig_dict.get("layout") or {}
    head_x = _axis_title(layout, "xaxis") or words["x"]
    head_y = _axis_title(layout, "yaxis") or words["y"]
    rows = []
    for trace in fig_dict.get("data") or []:
        if trace.get("showlegend") is False and not trace.get("legendgroup") and not trace.get("name"):
            continue
        xs, ys = _plain(trace.get("x")), _plain(trace.get("y"))
        if not isinstance(xs, list) or not isinstance(ys, list):
            continue
        texts = _plain(trace.get("text"))
        texts = texts if isinstance(texts, list) else [texts] * len(xs)
        name = (trace.get("name") or "").replace("<br>", " ")  # a legend entry wrapped for a phone
        years = all(isinstance(x, (int, float)) and float(x).is_integer() and 1800 <= x <= 2100
                    for x in xs if x is not None)
        for x, y, text in zip(xs, ys, texts + [None] * (len(xs) - len(texts))):
            if x is None and y is None:
                continue
            rows.append(f"<tr><td>{_cell(name)}</td><td>{_cell(x, years, lang)}</td><td>{_cell(y, lang=lang)}</td>"
                        f"<td>{_cell(text, lang=lang)}</td></tr>")
    return (f"<table class=\"gleap-data-table\"><thead><tr><th scope=\"col\">{html.escape(words['series'])}</th>"
            f"<th scope=\"col\">{html.escape(head_x)}</th><th scope=\"col\">{html.escape(head_y)}</th>"
            f"<th scope=\"col\">{html.escape(words['text'])}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def figure_html(fig_dict: dict) -> str:
    """The chart (a plotly div that expects the page to load plotly.js), named and described."""
    import plotly.io as pio

    record = os.environ.get("GLEAP_KERNEL_FIGURES")
    if record:
        with open(record, "a", encoding="utf-8") as out:
            out.write(pio.to_json(fig_dict, validate=False) + "\n")
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
    words = WORDS.get(lang, WORDS["en"])
    return (f'<figure class="gleap-figure" role="figure" aria-label="{html.escape(name)}" '
            f'aria-describedby="gleap-desc-{n}-{os.getpid()}">{chart}'
            f'<details class="gleap-data"><summary>{html.escape(words["table"])}</summary>'
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


def dump_kernel_figures(path) -> list[dict]:
    """The figures recorded by the kernel for one page, in the order they were shown."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
