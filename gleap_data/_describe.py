"""Charts as text: what a reader who cannot see a chart gets instead.

Each chart carries a description generated from its data, in ``fig.layout.meta["description"]``
(so a FigureWidget or a JSON copy keeps it): :func:`describe_traces` writes one from the traces,
:func:`set_description` attaches it, :func:`description` reads it back; :func:`_fmt` and
:func:`_x_text` write numbers and x values as a reader hears them, and :func:`_fmt_alike` numbers
read side by side (a range's two ends) with the same precision.

:func:`data_table` writes every trace's points as an HTML table (series, x, y, label), in the
numbers' form of :func:`gleap_data.display.number` and the words of :mod:`gleap_data.labels`. The
static site puts it under each chart (``tools/site_render.py``) and under each explorer
(:func:`gleap_data.widgets.static_html`), and the explorers' page code (explorer.js) redraws the
same table when a control moves.

>>> _fmt(193.14, "pl"), _fmt(0.0123, "en"), _fmt(1958, "en")
('193,1', '0.012', '1958')
>>> fig = {"layout": {"xaxis": {"title": {"text": "Year"}}, "yaxis": {"title": "Deaths<br>(million)"}},
...        "data": [{"name": "Deaths", "x": [1959, 1960], "y": [9.7, 16.9]}]}
>>> print(data_table(fig, "en").replace("</tr>", "</tr>\\n"))  # doctest: +NORMALIZE_WHITESPACE
<table class="gleap-data-table"><thead><tr><th scope="col">Series</th><th scope="col">Year</th><th scope="col">Deaths (million)</th><th scope="col">Label</th></tr>
</thead><tbody><tr><td>Deaths</td><td>1959</td><td>9.7</td><td></td></tr>
<tr><td>Deaths</td><td>1960</td><td>16.9</td><td></td></tr>
</tbody></table>
"""
from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd

from .display import number
from .labels import label

#: The output type under which a chart's figure, as the kernel built it, goes along with what the
#: static site shows (an explorer's output, tools/site_render.py's charts): shown by no front end,
#: read by the site's tests to compare with what the page draws.
KERNEL_FIGURE_MIME = "application/vnd.gleap.kernel-figure+json"


def _values(value):
    """A trace's values as a list (plotly's base64 arrays, ``{"bdata": ..., "dtype": ...}``, decoded)."""
    if isinstance(value, dict) and "bdata" in value:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    if hasattr(value, "tolist"):
        return value.tolist()
    return list(value) if isinstance(value, (list, tuple)) else value


def _cell(value, years: bool = False, lang: str | None = None) -> str:
    """A table cell as gd.show writes numbers: 666,005,000; 24.6; 0.0227 (a year stays 1958)."""
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
    """Every trace's points as rows of an HTML table: series, x, y (and a label where the trace
    has text). ``fig_dict`` is a figure as plain JSON (``fig.to_plotly_json()`` or plotly's JSON)."""
    layout = fig_dict.get("layout") or {}
    head_x = _axis_title(layout, "xaxis") or label("x_x", lang)
    head_y = _axis_title(layout, "yaxis") or label("x_y", lang)
    rows = []
    for trace in fig_dict.get("data") or []:
        if trace.get("showlegend") is False and not trace.get("legendgroup") and not trace.get("name"):
            continue
        xs, ys = _values(trace.get("x")), _values(trace.get("y"))
        if not isinstance(xs, list) or not isinstance(ys, list):
            continue
        texts = _values(trace.get("text"))
        texts = texts if isinstance(texts, list) else [texts] * len(xs)
        name = (trace.get("name") or "").replace("<br>", " ")  # a legend entry wrapped for a phone
        years = all(isinstance(x, (int, float)) and float(x).is_integer() and 1800 <= x <= 2100
                    for x in xs if x is not None)
        for x, y, text in zip(xs, ys, texts + [None] * (len(xs) - len(texts))):
            if x is None and y is None:
                continue
            rows.append(f"<tr><td>{_cell(name)}</td><td>{_cell(x, years, lang)}</td><td>{_cell(y, lang=lang)}</td>"
                        f"<td>{_cell(text, lang=lang)}</td></tr>")
    return (f"<table class=\"gleap-data-table\"><thead><tr><th scope=\"col\">{html.escape(label('x_series', lang))}</th>"
            f"<th scope=\"col\">{html.escape(head_x)}</th><th scope=\"col\">{html.escape(head_y)}</th>"
            f"<th scope=\"col\">{html.escape(label('x_text', lang))}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _fmt(value, lang: str) -> str:
    """A number as a description reads it, in the language's form (Babel): 193.1, 0.25, never
    1,958 for a year; decimal comma in Polish (193,1)."""
    if isinstance(value, str):
        return value
    from babel.numbers import format_decimal

    value = float(value)
    if value.is_integer():
        return format_decimal(value, format="0", locale=lang)
    if abs(value) >= 1:
        return format_decimal(value, format="0.0", locale=lang)
    return format_decimal(float(f"{value:.2g}"), format="0.##########", locale=lang)


def _decimals(value: float) -> int:
    """How many decimals :func:`_fmt` writes for ``value``."""
    if value.is_integer():
        return 0
    if abs(value) >= 1:
        return 1
    return len(f"{float(f'{value:.2g}'):f}".rstrip("0").split(".")[1])


def _fmt_alike(values, lang: str) -> list[str]:
    """Numbers read side by side (the two ends of a range, a range and its central figure), each
    as :func:`_fmt` writes it but all with the same number of decimals, the most any of them needs:
    "from 17.0 to 27.0", never "from 17.0 to 27".

    >>> _fmt_alike([16.97, 27.0], "pl"), _fmt_alike([20, 45], "en"), _fmt_alike([0.5, 2.0], "en")
    (['17,0', '27,0'], ['20', '45'], ['0.5', '2.0'])
    """
    from babel.numbers import format_decimal

    numbers = [float(v) for v in values]
    places = max((_decimals(v) for v in numbers), default=0)
    pattern = "0." + "0" * places if places else "0"
    return [format_decimal(round(v, places), format=pattern, locale=lang) for v in numbers]


def _x_text(value) -> str:
    """An x value as read aloud: a year, a share as a percentage, a date, a category."""
    if isinstance(value, (float, np.floating)):
        if -1 <= value <= 1:
            return f"{value:.0%}"
        return str(int(value)) if float(value).is_integer() else f"{value:g}"
    return str(value)[:10]


def describe_traces(fig, lang: str, kind: str = "desc_line") -> str:
    """A text description generated from a chart's data: its kind and title, then for each named
    series its first and last values and its highest and lowest (bars: every value)."""
    parts, seen = [], set()
    for trace in fig.data:
        name = trace.name.replace("<br>", " ") if trace.name else trace.name  # a legend entry wrapped for a phone
        if not name or name in seen or trace.x is None or trace.y is None or trace.showlegend is False:
            continue
        pairs = [(x, y) for x, y in zip(trace.x, trace.y)
                 if x is not None and isinstance(y, (int, float, np.number)) and not pd.isna(y)]
        if not pairs:
            continue
        seen.add(name)
        if trace.type == "bar":
            items = ", ".join(f"{_x_text(x)} {_fmt(y, lang)}" for x, y in pairs)
            parts.append(label("desc_bars", lang).format(name=name, items=items))
        elif len(pairs) == 1:
            parts.append(label("desc_single", lang).format(name=name, value=_fmt(pairs[0][1], lang),
                                                           x=_x_text(pairs[0][0])))
        else:
            high = max(pairs, key=lambda p: p[1])
            low = min(pairs, key=lambda p: p[1])
            parts.append(label("desc_series", lang).format(
                name=name, first=_fmt(pairs[0][1], lang), x0=_x_text(pairs[0][0]), last=_fmt(pairs[-1][1], lang),
                x1=_x_text(pairs[-1][0]), high=_fmt(high[1], lang), xhigh=_x_text(high[0]),
                low=_fmt(low[1], lang), xlow=_x_text(low[0])))
    title = re.sub(r"<[^>]+>", " ", fig.layout.title.text or "")
    return f"{label(kind, lang)}: {title}. " + "; ".join(parts) + "."


def _lang_of(fig) -> str:
    """The language a chart was built in (kept in its layout, so a FigureWidget made from the
    figure keeps it too)."""
    meta = fig.layout.meta
    return meta.get("lang", "en") if isinstance(meta, dict) else "en"


def set_description(fig, text: str) -> None:
    """Attach (or replace) the chart's text description, generated from its data."""
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    meta["description"] = text
    fig.layout.meta = meta


def description(fig) -> str:
    """The text description a chart function attached to ``fig`` ("" if none)."""
    meta = fig.layout.meta
    return meta.get("description", "") if isinstance(meta, dict) else ""
