"""Charts built from gleap_data: each returns a plotly Figure with a title (and units), axis
labels with units and a source line. Every function takes ``lang`` ("en", "pl").

This module holds the chart builders (and the ``update_*`` functions the explorers call to
change a figure in place: :mod:`gleap_data.widgets`). The rest lives next door, and is
re-exported here (``gd.charts.OKABE_ITO``, ``gd.charts.description``):

- the look, ``gleap_data._style``: the palette, dashes and markers, the registered plotly
  template ``pio.templates["gleap"]``, and ``_layout`` (title, source line, legend);
- the accessible text, ``gleap_data._describe``: each chart's description from its data and the
  data table under it;
- the tables the charts draw, next to the data functions: ``gleap_data.analysis``
  (``_estimate_table``, ``_province_rates``, ``_dated_timeline``) and ``gleap_data._data``
  (``localized``).
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ._data import load, localized  # noqa: F401  (localized: re-exported, gd.charts.localized)
from ._describe import _fmt, _fmt_alike, _lang_of, _x_text, describe_traces, description, set_description  # noqa: F401
from ._style import (  # noqa: F401  (the look: re-exported, gd.charts.OKABE_ITO, ...)
    _P, COLORS, DASHES, EVENT_COLORS, EVENT_SYMBOLS, LEGEND_LINE_CHARS, MARKERS, OKABE_ITO, SEPARATORS,
    SOURCE_LINE_CHARS, TITLE_LINE_CHARS, _layout, _set_title, _top_margin, _wrap, source_line, title_pad, wrap_title,
)
from .analysis import (DEFAULT_TREND_YEARS, _dated_timeline, _estimate_table, _national_cdr, _province_rates,
                       excess_deaths, trend_range)
from .display import date_range_text, date_text, decimal as _dec, number as _number, percent as _pct
from .labels import label, plural, resolve
from .labour import labour_actuals, labour_allocation

SOURCE_TYPES = ("official", "scholarly", "journalistic", "partisan", "unverified")
#: The course text's figure: "w sumie około 20 milionów ludzi zmarło z głodu".
COURSE_TEXT_DEATHS = 20_000_000
SHARE_GRID = np.round(np.linspace(0.0, 0.6, 61), 3)


# Traces the explorers change carry a ``uid`` (plotly's own identity of a trace, which plotly.js
# also uses to match traces between redraws), and are found by it: their names are the legend's
# words in the student's language, and two traces of one chart may share a name (a point drawn
# on both panels of the labour chart). explorer.js patches the same uids.
def _trace(fig, uid: str):
    """The trace of ``fig`` whose ``uid`` is ``uid`` (``fig.select_traces(selector=...)``)."""
    return next(fig.select_traces(selector={"uid": uid}))


def apply_changes(fig, changes: dict) -> None:
    """Write ``changes`` into ``fig``: ``{"traces": {uid: {key: value}}, "layout": {path: value}}``,
    a layout path being ``"title.text"`` or ``"meta.description"`` (a key of the figure's meta)."""
    for uid, keys in changes.get("traces", {}).items():
        fig.update_traces(keys, selector={"uid": uid})
    for path, value in changes.get("layout", {}).items():
        top, _, key = path.partition(".")
        if top == "meta":
            fig.layout.meta = {**(fig.layout.meta if isinstance(fig.layout.meta, dict) else {}), key: value}
        else:
            fig.layout[path] = value


# ---------------------------------------------------------------- labour allocation

def employment_by_sector(year: int = 1958, lang: str | None = None) -> go.Figure:
    """Employed persons by sector 1952–1970 (million), with ``year`` marked and its shares in the title."""
    lang = resolve(lang)
    emp = load("employment_by_sector")
    fig = go.Figure()
    for sector in ("primary", "secondary", "tertiary"):
        fig.add_scatter(x=emp.year.to_numpy(), y=(emp[sector] / 1e6).to_numpy(), name=label(f"emp_{sector}", lang),
                        mode="lines+markers", line={"color": COLORS[sector], "width": 2, "dash": DASHES[sector]},
                        marker={"size": 5, "symbol": MARKERS[sector]})
    fig.add_scatter(x=[], y=[], mode="markers", name=str(year), showlegend=False, uid="year",
                    marker={"size": 13, "color": "rgba(0,0,0,0)", "line": {"color": OKABE_ITO["black"], "width": 2}})
    _layout(fig, label("emp_title", lang), label("emp_source", lang), lang)
    fig.update_xaxes(title=label("year", lang), dtick=2)
    fig.update_yaxes(title=label("persons_m", lang), rangemode="tozero")
    _mark_employment_year(fig, emp, year, lang)
    return fig


def _mark_employment_year(fig, emp: pd.DataFrame, year: int, lang: str) -> None:
    row = emp.set_index("year").loc[year]
    _trace(fig, "year").update(name=str(year), x=[year] * 3, y=[row.primary / 1e6, row.secondary / 1e6, row.tertiary / 1e6])
    shares = {s: _pct(row[s] / row.total, 0, lang) for s in ("primary", "secondary", "tertiary")}
    fig.layout.shapes = [{"type": "line", "x0": year, "x1": year, "xref": "x", "yref": "paper",
                          "y0": 0, "y1": 1, "line": {"color": "#999", "dash": "dot"}}]
    fig.layout.annotations = [a for a in fig.layout.annotations if a.name != "selected"] + [
        go.layout.Annotation(name="selected", text=_wrap(label("emp_selected", lang).format(year=year, **shares), 26),
                             xref="paper", yref="paper", x=0.99, y=0.02, xanchor="right", yanchor="bottom",
                             showarrow=False, font={"size": 12}, bgcolor="rgba(255,255,255,0.85)")
    ]
    set_description(fig, describe_traces(fig, lang) + " " + fig.layout.annotations[-1].text.replace("<br>", " ") + ".")


def labour_model(share_moved: float | None = None, lang: str | None = None, **params) -> go.Figure:
    """The what-if model (:func:`gleap_data.labour_allocation`) over shares 0–60%, with the actual
    1957–1961 harvests and procurement drawn beside it and the chosen share marked."""
    lang = resolve(lang)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1)
    for name, key, dash in (("lab_output", "output", "solid"), ("lab_procured", "procured", "dash"),
                            ("lab_left", "left", "dot")):
        fig.add_scatter(x=[], y=[], name=label(name, lang), mode="lines", uid=key,
                        line={"color": COLORS[key], "width": 2, "dash": dash}, row=1, col=1)
    fig.add_scatter(x=[], y=[], name=label("lab_per_person", lang), mode="lines", uid="per_person",
                    line={"color": COLORS["left"], "width": 2, "dash": "dashdot"}, row=1, col=2)
    fig.add_scatter(x=[], y=[], name=label("lab_reference", lang), mode="lines", uid="reference",
                    line={"color": OKABE_ITO["grey"], "width": 1, "dash": "dot"}, row=1, col=2)
    actual = labour_actuals()
    fig.add_scatter(x=actual.share_moved, y=actual.grain_output_mt, name=label("lab_actual_output", lang),
                    mode="markers+text", text=[str(y) for y in actual.index], textposition="top center",
                    marker={"color": COLORS["output"], "symbol": "diamond", "size": 9}, row=1, col=1)
    procured = actual.dropna(subset=["procurement_mt"])
    fig.add_scatter(x=procured.share_moved, y=procured.procurement_mt, name=label("lab_actual_procured", lang),
                    mode="markers+text", text=[str(y) for y in procured.index], textposition="bottom center",
                    marker={"color": COLORS["procured"], "symbol": "square", "size": 9}, row=1, col=1)
    fig.add_scatter(x=[], y=[], name=label("lab_now", lang), mode="markers", uid="now_output",
                    marker={"color": OKABE_ITO["black"], "size": 11, "symbol": "circle-open", "line": {"width": 2}},
                    row=1, col=1)
    fig.add_scatter(x=[], y=[], name=label("lab_now", lang), mode="markers", showlegend=False, uid="now_per_person",
                    marker={"color": OKABE_ITO["black"], "size": 11, "symbol": "circle-open", "line": {"width": 2}},
                    row=1, col=2)
    _layout(fig, label("lab_title", lang), label("lab_source", lang), lang, height=580)
    fig.update_layout(legend={"y": -0.2}, margin={"b": 170})
    # long axis titles wrap, so two panels stay readable at 800 px
    fig.update_xaxes(title=_wrap(label("lab_x", lang), 30), tickformat=".0%", range=[-0.08, 0.62], row=1, col=1)
    fig.update_xaxes(title=_wrap(label("lab_x_short", lang), 30), tickformat=".0%", range=[-0.05, 0.62],
                     row=1, col=2)
    fig.update_yaxes(title=label("lab_y_mt", lang), rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title=label("lab_y_kg", lang), rangemode="tozero", row=1, col=2)
    update_labour_model(fig, share_moved, **params)
    return fig


def update_labour_model(fig, share_moved=None, **params) -> pd.DataFrame:
    """Recompute the model and write it into ``fig`` (a Figure or FigureWidget from
    :func:`labour_model`). Returns the model's row for ``share_moved``."""
    curve = labour_allocation(SHARE_GRID, **params)
    point = labour_allocation(share_moved, **params)
    reference = curve.grain_per_rural_person_kg.iloc[0]
    x = curve.index.to_numpy()
    columns = {"output": "grain_output_mt", "procured": "procurement_mt", "left": "grain_left_mt",
               "per_person": "grain_per_rural_person_kg"}
    for uid, column in columns.items():
        _trace(fig, uid).update(x=x.copy(), y=curve[column].to_numpy())
    _trace(fig, "reference").update(x=[x[0], x[-1]], y=[reference, reference])
    _trace(fig, "now_output").update(x=point.index.to_numpy(), y=point.grain_output_mt.to_numpy())
    _trace(fig, "now_per_person").update(x=point.index.to_numpy().copy(), y=point.grain_per_rural_person_kg.to_numpy())
    set_description(fig, describe_traces(fig, _lang_of(fig)))
    return point


# ---------------------------------------------------------------- mortality

def vital_rates(lang: str | None = None) -> go.Figure:
    """Births and deaths per 1000, 1949–1970: official registration beside Banister's reconstruction."""
    lang = resolve(lang)
    off = load("vital_rates")
    ban = load("vital_rates_reconstructed")
    fig = go.Figure()
    for col, key, color in (("cbr", "cbr", COLORS["births"]), ("cdr", "cdr", COLORS["deaths"])):
        fig.add_scatter(x=off.year, y=off[col], name=label(f"vr_{key}_official", lang), mode="lines+markers",
                        line={"color": color, "width": 2}, marker={"size": 5})
        fig.add_scatter(x=ban.year, y=ban[col], name=label(f"vr_{key}_banister", lang), mode="lines",
                        line={"color": color, "width": 2, "dash": "dash"})
    fig.add_vrect(x0=1958.5, x1=1961.5, fillcolor="#999", opacity=0.12, line_width=0)
    # taller than the default: at 368 px the legend takes four rows under the plot
    _layout(fig, label("vr_title", lang), label("vr_source", lang), lang, height=540)
    set_description(fig, describe_traces(fig, lang))
    fig.update_xaxes(title=label("year", lang), dtick=2)
    fig.update_yaxes(title=label("per_1000", lang), rangemode="tozero")
    return fig


def excess_deaths_chart(baseline=1957, years=(1959, 1961), rates="vital_rates", underregistration=0.0,
                        lang: str | None = None) -> go.Figure:
    """Year-by-year excess deaths (bars) with the total in the title, from :func:`excess_deaths`."""
    lang = resolve(lang)
    fig = go.Figure()
    fig.add_bar(x=[], y=[], name=label("ex_bar", lang), marker={"color": COLORS["deaths"]}, uid="excess")
    _layout(fig, label("ex_title", lang), label("ex_source", lang), lang, height=420)
    fig.update_xaxes(title=label("year", lang), dtick=1)
    fig.update_yaxes(title=label("ex_y", lang))
    update_excess_deaths_chart(fig, baseline, years, rates, underregistration, lang)
    return fig


def update_excess_deaths_chart(fig, baseline, years, rates, underregistration, lang=None, table=None) -> pd.DataFrame:
    """Recompute :func:`excess_deaths` and write it into ``fig``; returns the table. (``table``:
    that result, already computed.)"""
    lang = resolve(lang)
    if table is None:
        table = excess_deaths(baseline=baseline, years=years, rates=rates, underregistration=underregistration)
    spread = trend_range(tuple(years) if isinstance(years, list) else years, rates, underregistration) \
        if _is_trend(baseline) else None
    apply_changes(fig, excess_deaths_changes(table, lang, fig.data, source_line(fig), spread))
    return table


def excess_deaths_changes(table: pd.DataFrame, lang: str, traces, source: str,
                          spread: pd.DataFrame | None = None) -> dict:
    """What the excess-deaths chart shows for ``table`` (a result of :func:`excess_deaths`), as
    :func:`apply_changes` takes it: the bars' x and y, their whiskers, the title with the total,
    the description. ``traces``: the chart's traces (read for the description), ``source``: its
    source line, ``spread``: with a trend baseline, :func:`gleap_data.analysis.trend_range` for the
    table's years (the whiskers; ``None``: none).

    The one implementation of the chart's update: :func:`update_excess_deaths_chart` writes it
    into a figure, and the explorer writes it into the page's JSON for each of its 1,008
    positions (gleap_data/widgets.py), with no plotly figure per position."""
    from types import SimpleNamespace

    x, y = table.index.to_numpy(), (table.excess_deaths / 1e6).round(3).to_numpy()
    total = table.excess_deaths.sum()
    first, last = table.index[0], table.index[-1]
    title = label("ex_title_total", lang).format(
        period=first if first == last else f"{first}–{last}",
        total=label("million_short", lang).format(value=_fmt(round(total / 1e6, 1), lang)))
    shown = [SimpleNamespace(name=t.name, type=t.type, showlegend=t.showlegend,
                             x=x if t.uid == "excess" else t.x, y=y if t.uid == "excess" else t.y) for t in traces]
    # the description reads the chart as it will be: the new bars under the new title
    after = SimpleNamespace(data=shown, layout=SimpleNamespace(title=SimpleNamespace(text=wrap_title(title))))
    return {"traces": {"excess": {"x": x, "y": y, "error_y": excess_whiskers(spread, y)}},
            "layout": {"title.text": wrap_title(title), "title.pad": title_pad(title),
                       "margin.t": _top_margin(title, source),
                       "meta.description": describe_traces(after, lang, "desc_bar") + whiskers_text(spread, lang)}}


def _is_trend(baseline) -> bool:
    return isinstance(baseline, str) and baseline == "trend"


def excess_whiskers(spread: pd.DataFrame | None, bars) -> dict:
    """The excess-deaths bars' whiskers (plotly ``error_y``), in million persons like the bars:
    with a trend baseline, each year's range over the trend lines with one trend year left out
    (``spread``: :func:`gleap_data.analysis.trend_range` for the bars' years); otherwise none."""
    # the same keys with or without whiskers: the kernel's figure merges them (update_traces), the
    # page replaces them, and both then hold the same error_y
    whiskers = {"type": "data", "symmetric": False, "visible": False, "array": [], "arrayminus": [],
                "color": OKABE_ITO["black"], "thickness": 1.5, "width": 8}
    if spread is None:
        return whiskers
    bars = np.asarray(bars, dtype=float)
    high = (spread.excess_deaths_high / 1e6).round(3).to_numpy()
    low = (spread.excess_deaths_low / 1e6).round(3).to_numpy()
    return {**whiskers, "visible": True,
            "array": np.round(high - bars, 3).tolist(), "arrayminus": np.round(bars - low, 3).tolist()}


def whiskers_text(spread: pd.DataFrame | None, lang: str) -> str:
    """What the whiskers show, for the chart's description ("" without whiskers)."""
    if spread is None:
        return ""
    a, b = DEFAULT_TREND_YEARS
    items = ", ".join(f"{year} {_dec(lo / 1e6, 2, lang)}–{_dec(hi / 1e6, 2, lang)}"
                      for year, lo, hi in zip(spread.index, spread.excess_deaths_low, spread.excess_deaths_high))
    return " " + label("ex_whiskers", lang).format(a=a, b=b, items=items)


def estimates(period: str | None = None, lang: str | None = None) -> go.Figure:
    """Every published estimate with a number: a line for a range, a dot for a central figure,
    coloured by type of source, with the course text's 'about 20 million' marked.
    ``period`` (e.g. "1959–1961") keeps only the estimates for that period."""
    lang = resolve(lang)
    fig = go.Figure()
    for kind in SOURCE_TYPES:
        fig.add_scatter(x=[], y=[], mode="lines", name=label(kind, lang), legendgroup=kind, showlegend=False,
                        uid=f"{kind}_ranges",
                        line={"color": COLORS[kind], "width": 6}, hovertemplate="%{text}: %{x:.1f} " + label("million_unit", lang) + "<extra></extra>")
        fig.add_scatter(x=[], y=[], mode="markers", name=label(kind, lang), legendgroup=kind, showlegend=False,
                        uid=f"{kind}_points", marker={"color": COLORS[kind], "size": 10, "line": {"color": "white", "width": 1}},
                        hovertemplate="%{text}: %{x:.1f} " + label("million_unit", lang) + "<extra></extra>")
    for kind in SOURCE_TYPES:  # legend entries that show even when a filter leaves a type empty
        fig.add_scatter(x=[None], y=[None], mode="lines+markers", name=label(kind, lang), legendgroup=kind,
                        line={"color": COLORS[kind], "width": 6}, marker={"color": COLORS[kind], "size": 10})
    fig.add_vline(x=COURSE_TEXT_DEATHS / 1e6, line={"color": OKABE_ITO["black"], "dash": "dash"})
    fig.add_annotation(text=_wrap(label("est_course", lang), 16), x=COURSE_TEXT_DEATHS / 1e6, y=0, yref="paper",
                       xanchor="left", yanchor="bottom", showarrow=False, font={"size": 11},
                       bgcolor="rgba(255,255,255,0.8)")
    rows = len(_estimate_table())
    _layout(fig, label("est_title", lang), label("est_source", lang), lang, height=_estimates_height(rows))
    # the legend sits under the plot, in the figure's own margin, never over the rows
    fig.update_layout(legend={"orientation": "h", "yref": "container", "y": 0.01, "yanchor": "bottom", "x": 0},
                      margin={"b": 120, "l": 20})
    fig.update_xaxes(title=_wrap(label("est_x", lang), 18), rangemode="tozero")
    # every row labelled (plotly skips category labels it thinks too close)
    fig.update_yaxes(automargin=True, type="category", dtick=1)
    # the rows' labels push the plot right (automargin): at 368 px the plot starts past the middle,
    # so the source line hangs from the plot's right edge instead of its left one
    fig.update_annotations(selector={"name": "source"}, x=1, xanchor="right", xshift=0)
    update_estimates(fig, period)
    return fig


@lru_cache(maxsize=1)
def _periods() -> tuple[str, ...]:
    return tuple(sorted(p for p in set(_estimate_table().period) if p))


def estimate_periods() -> list[str]:
    """The periods the estimates cover, as labels such as '1959–1961' (for the period menu)."""
    return list(_periods())


@lru_cache(maxsize=64)
def _estimate_traces(period: str | None, lang: str = "en"):
    """What the chart draws for one period: per source type, the range lines and the points."""
    est = _estimate_table(lang)
    if period:
        est = est[est.period == period]
    traces = []
    for kind in SOURCE_TYPES:
        rows = est[est.source_type == kind]
        ranges = rows.dropna(subset=["low", "high"])
        xs, ys, texts = [], [], []
        for lo, hi, name, full in zip(ranges.low, ranges.high, ranges.label, ranges.full_label):
            xs += [lo / 1e6, hi / 1e6, None]
            ys += [name, name, None]
            texts += [full, full, None]
        # a single figure is a dot; a lower bound alone ("at least 45 m") is a right-pointing triangle
        single = rows[rows.central.notna()]
        at_least = rows[rows.central.isna() & rows.high.isna() & rows.low.notna()]
        px = [v / 1e6 for v in single.central] + [v / 1e6 for v in at_least.low]
        py = list(single.label) + list(at_least.label)
        ptext = list(single.full_label) + list(at_least.full_label)
        symbols = ["circle"] * len(single) + ["triangle-right"] * len(at_least)
        traces.append((xs, ys, texts, px, py, ptext, symbols))
    values = est[["low", "central", "high"]].stack() / 1e6
    return est, traces, est.label.tolist(), (float(values.min()), float(values.max()))


def _estimates_height(rows: int) -> int:
    """Pixels for ``rows`` rows of the estimates chart: 20 per row above the title, legend and axis
    (whose title takes three lines at 368 px), at least six rows' worth, so a short list is not
    squashed."""
    return 260 + 20 * max(rows, 6)


def update_estimates(fig, period: str | None = None) -> pd.DataFrame:
    """Show only the estimates of ``period`` (None: all); returns the rows shown."""
    if period and period not in _periods():
        raise ValueError(f"period must be one of {', '.join(_periods())} or None, not {period!r}.")
    lang = _lang_of(fig)
    est, traces, order, (low, high) = _estimate_traces(period or None, lang)
    for kind, (xs, ys, texts, px, py, ptext, symbols) in zip(SOURCE_TYPES, traces, strict=True):
        line, points = _trace(fig, f"{kind}_ranges"), _trace(fig, f"{kind}_points")
        # a type with no estimate in this period gets one empty point, never an empty list: in the
        # browser an update to an empty array leaves the old points standing
        line.x, line.y, line.text = xs or [None], ys or [None], texts or [None]
        points.x, points.y, points.text = px or [None], py or [None], ptext or [None]
        points.marker.symbol = symbols or ["circle"]
    fig.layout.yaxis.categoryorder = "array"
    fig.layout.yaxis.categoryarray = order
    # the chart's height follows its rows (three rows are not spread over the height of thirty)
    fig.layout.height = _estimates_height(len(order))
    set_description(fig, _estimate_description(period or None, lang))
    return est.copy()


@lru_cache(maxsize=64)
def _estimate_description(period: str | None, lang: str) -> str:
    """The estimates chart's description for one period (cached: off the menu's hot path)."""
    est, _, _, (low, high) = _estimate_traces(period, lang)
    above = int((est[["low", "central", "high"]].max(axis=1) > COURSE_TEXT_DEATHS).sum())
    low_text, high_text = _fmt_alike((low, high), lang)
    return (label("desc_estimates", lang).format(n=len(est), low=low_text, high=high_text, above=above)
            + ". " + "; ".join(f"{r.full_label} [{label(r.source_type, lang)}]: "
                               + _estimate_figure_text(r, lang) for r in est.itertuples()) + ".")


def _estimate_figure_text(row, lang: str) -> str:
    """'23–40', '30', 'at least 45' (million) for one estimate row."""
    if pd.notna(row.low) and pd.notna(row.high):
        figures = [row.low / 1e6, row.high / 1e6] + ([row.central / 1e6] if pd.notna(row.central) else [])
        low, high, *central = _fmt_alike(figures, lang)
        return f"{low}–{high}" + (f" ({central[0]})" if central else "")
    if pd.notna(row.central):
        return _fmt(row.central / 1e6, lang)
    return "≥ " + _fmt(row.low / 1e6, lang)


def estimate_range(period: str | None = None) -> tuple[float, float]:
    """Lowest and highest figure (million persons) among the estimates of ``period`` (None: all)."""
    return _estimate_traces(period or None)[3]


def provincial_death_rates(lang: str | None = None) -> go.Figure:
    """Death rates per 1000 in every province (and county) with a sourced series, beside the
    official national rate. Different sources for the same place are separate lines."""
    lang = resolve(lang)
    prov = load("provincial_vital_rates").dropna(subset=["cdr"])
    nat = load("vital_rates")
    nat = nat[(nat.year >= 1955) & (nat.year <= 1966)]
    fig = go.Figure()
    fig.add_scatter(x=nat.year, y=nat.cdr, name=label("prov_national", lang), mode="lines",
                    line={"color": OKABE_ITO["black"], "width": 3})
    colors = [c for k, c in OKABE_ITO.items() if k not in ("black", "yellow")]
    symbols = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon")
    dashes = ("solid", "dash", "dot", "dashdot")
    for i, ((place, source), rows) in enumerate(prov.groupby(["province", "source"], sort=False)):
        short = source.split(";")[0].split(",")[0][:40]
        place, short = _place_text(place, lang), _short_source(short, lang)
        fig.add_scatter(x=rows.year, y=rows.cdr, name=f"{place} ({short})", mode="lines+markers",
                        line={"color": colors[i % len(colors)], "dash": dashes[(i // len(colors)) % len(dashes)]},
                        marker={"symbol": symbols[i % len(symbols)], "size": 6},
                        hovertemplate="%{x}: %{y:.1f}‰<extra>" + place + "</extra>")
    _layout(fig, label("prov_title", lang), label("prov_source", lang), lang, height=520)
    set_description(fig, describe_traces(fig, lang))
    fig.update_xaxes(title=label("year", lang), dtick=1)
    fig.update_yaxes(title=label("per_1000", lang), rangemode="tozero")
    return fig


def _place_text(place: str, lang: str) -> str:
    """'Sichuan: Kaijiang county' in the reader's language: a province by its Polish name where
    Polish has one (datapackage ``x-place-names-pl``), a county by its own name."""
    from ._data import place_name

    if lang != "en":
        return place_name(place, lang)
    match = re.fullmatch(r"(.+): (.+) county", place)
    return label("county_place", lang).format(province=match[1], county=match[2]) if match else place


def _places(names, lang: str) -> list[str]:
    return [_place_text(p, lang) for p in names]


def _short_source(short: str, lang: str) -> str:
    """A source's short name for a legend. Titles stay as printed; in Polish the English words
    around them are translated or left out (page 'p.' is 's.', an English gloss of a Chinese title
    is dropped)."""
    if lang == "en":
        return short
    short = re.sub(r" provincial volume for (\S+)", lambda m: " " + label("provincial_volume", lang).format(_place_text(m[1], lang)),
                   short)
    short = re.sub(r"\bpp?\.\s?(\d+)(?:-(\d+))?", lambda m: "s. " + m[1] + ("–" + m[2] if m[2] else ""), short)
    return re.sub(r"(《[^》]+》) [A-Z][A-Za-z ]+ \((\d{4})\)\s*", r"\1 (\2)", short).strip()


# ---------------------------------------------------------------- economy

def steel_1958(lang: str | None = None) -> go.Figure:
    """1957 output, the 1958 targets in the order they were set, the announced result, and the
    usable steel: bars in million tonnes."""
    lang = resolve(lang)
    steel = load("steel")
    rows = pd.concat([
        steel[(steel.year == 1957) & (steel.measure == "output")],
        steel[(steel.year == 1958) & (steel.measure == "target")].sort_values("date"),
        steel[(steel.year == 1958) & (steel.measure.isin(["announced", "usable", "unusable"]))],
    ])
    def names(short):  # a target is named by when it was set: short months on the axis, in words in the description
        return [f"{r.year} {label('steel_' + r.measure, lang)}"
                + (f" ({date_text(r.date, lang, short=short)})" if pd.notna(r.date) and r.measure == "target" else "")
                for r in rows.itertuples()]
    colors = {"output": OKABE_ITO["grey"], "target": OKABE_ITO["vermillion"], "announced": OKABE_ITO["orange"],
              "usable": OKABE_ITO["bluish_green"], "unusable": OKABE_ITO["black"]}
    # "more than 3 Mt unusable" is a lower bound: its bar says so
    text = [(">" if m == "unusable" else "") + _number(v, 3, lang) for m, v in zip(rows.measure, rows.value_mt)]
    fig = go.Figure(go.Bar(x=names(short=True), y=rows.value_mt, marker={"color": [colors[m] for m in rows.measure]},
                           text=text, textposition="outside",
                           hovertext=localized(rows, "description", lang), hoverinfo="text+y"))
    _layout(fig, label("steel_title", lang), label("steel_source", lang), lang)
    fig.data[0].name = label("steel_y", lang)
    set_description(fig, f"{label('desc_bar', lang)}: {label('steel_title', lang)}. "
                    + "; ".join(f"{n}: {t}" for n, t in zip(names(short=False), text)) + ".")
    fig.update_yaxes(title=label("steel_y", lang), rangemode="tozero")
    fig.update_xaxes(tickangle=-30)
    return fig


def grain_and_procurement(lang: str | None = None) -> go.Figure:
    """Grain output 1952–1965 (NBS series), other sources' figures as separate markers, and state
    procurement in the years where a figure is sourced (million tonnes)."""
    lang = resolve(lang)
    grain = load("grain")
    nbs = grain[grain.series == "nbs"]
    other = grain[(grain.series != "nbs") & grain.output_mt.notna()]
    fig = go.Figure()
    fig.add_scatter(x=nbs.year, y=nbs.output_mt, name=label("grain_output", lang), mode="lines+markers",
                    line={"color": COLORS["output"], "width": 2})
    fig.add_scatter(x=other.year, y=other.output_mt, name=label("grain_alt", lang), mode="markers",
                    marker={"color": COLORS["output"], "symbol": "x", "size": 10}, hovertext=other.source)
    proc = nbs.dropna(subset=["procurement_mt"])
    fig.add_bar(x=proc.year, y=proc.procurement_mt, name=label("grain_procured", lang),
                marker={"color": COLORS["procured"]}, width=0.5)
    share = nbs.dropna(subset=["procurement_share_pct"])
    fig.add_scatter(x=share.year, y=share.procurement_share_pct, name=label("grain_share", lang), yaxis="y2",
                    mode="markers+text", text=[_number(v, 1, lang) + "%" for v in share.procurement_share_pct],
                    textposition="top center", marker={"color": OKABE_ITO["blue"], "symbol": "circle-open", "size": 10})
    fig.add_vrect(x0=1958.5, x1=1961.5, fillcolor="#999", opacity=0.12, line_width=0)
    _layout(fig, label("grain_title", lang), label("grain_source", lang), lang)
    set_description(fig, describe_traces(fig, lang))
    fig.update_layout(yaxis2={"title": label("grain_share_axis", lang), "overlaying": "y", "side": "right",
                              "range": [0, 100], "dtick": 20, "showgrid": False}, margin={"r": 70})
    fig.update_xaxes(title=label("year", lang), dtick=1)
    fig.update_yaxes(title=label("grain_y", lang), rangemode="tozero", selector={"overlaying": None})
    return fig


def timeline(first: int = 1957, last: int = 1966, lang: str | None = None) -> go.Figure:
    """Dated events, one row per category; hover for the event and its source."""
    lang = resolve(lang)
    tl = _dated_timeline(first, last)
    fig = go.Figure()
    for cat, rows in tl.groupby("category", sort=False):
        name = label(cat, lang)
        spans = rows.dropna(subset=["until"])
        xs, ys = [], []
        for r in spans.itertuples():  # an event that lasted: a bar from its first to its last day
            xs += [r.when, r.until, None]
            ys += [name, name, None]
        color = EVENT_COLORS.get(cat, "#444")
        when = pd.Series([date_range_text(d, e, lang) for d, e in zip(rows.date, rows.date_end)], index=rows.index)
        fig.add_scatter(x=rows.when, y=[name] * len(rows), mode="markers", name=name, legendgroup=cat,
                        marker={"size": 11, "color": color, "symbol": EVENT_SYMBOLS.get(cat, "circle")},
                        text=when + ": " + localized(rows, "event", lang),
                        hovertemplate="%{text}<extra></extra>")
        fig.add_scatter(x=xs, y=ys, mode="lines", legendgroup=cat, showlegend=False, hoverinfo="skip",
                        line={"width": 6, "color": color})
    _layout(fig, label("tl_title", lang).format(first=first, last=last), label("tl_source", lang), lang,
            height=460)
    ordered = tl.sort_values("when")
    set_description(fig, plural("desc_timeline", len(ordered), lang).format(
        n=len(ordered), first=first, last=last,
        items="; ".join(f"{date_text(d, lang)} ({label(c, lang)}): {e}" for d, c, e in zip(ordered.date, ordered.category,
                                                                                  localized(ordered, "event", lang)))))
    # each row's name inside the plot, above its row: a left margin wide enough for "polityka
    # zagraniczna" would leave a phone's plot too narrow for plotly to make room (labels cut)
    rows = tl.category.nunique()
    fig.update_yaxes(ticklabelposition="inside top", range=[-0.5, rows - 0.2], fixedrange=True)
    fig.update_layout(margin={"l": 20})
    # the date axis must not move the margins (automargin): at one width (the Polish timeline at
    # 372 px of chart, a 412 px phone) the axis and the legend below it pushed the margins in turn
    # for ever and the page never finished loading.
    fig.update_xaxes(automargin=False)  # no axis title either: the ticks are years, and it would sit on them
    fig.update_annotations(selector={"name": "source"}, xshift=-12)  # 8 px from the figure's edge, as elsewhere
    return fig


# ---- provinces and counties

#: Provinces as equal squares in roughly their geographic places (row 0 = north, column 0 = west).
#: A tile grid, not a map: no borders are drawn, so no claim is made about 1960 boundaries.
PROVINCE_TILES = {
    "Heilongjiang": (0, 5), "Jilin": (1, 5),
    "Beijing": (2, 3), "Tianjin": (2, 4), "Liaoning": (2, 5),
    "Shanxi": (3, 2), "Hebei": (3, 3), "Shandong": (3, 4),
    "Qinghai": (4, 0), "Gansu": (4, 1), "Shaanxi": (4, 2), "Henan": (4, 3), "Jiangsu": (4, 4), "Shanghai": (4, 5),
    "Sichuan": (5, 1), "Hubei": (5, 2), "Anhui": (5, 3), "Zhejiang": (5, 4),
    "Yunnan": (6, 0), "Guizhou": (6, 1), "Hunan": (6, 2), "Jiangxi": (6, 3), "Fujian": (6, 4),
    "Guangdong": (7, 3),
}
_TILE_YEARS = (1954, 1966)
_TILE_MAX = 70.0  # per 1000: the top of every tile
_PROVINCE_COLORS = {"panel": _P["vermillion"], "other": _P["orange"], "national": _P["grey"],
                    "county": _P["blue"], "urban": _P["blue"], "rural": _P["vermillion"]}


def provinces_ranked(measure: str = "cdr", year: int = 1960, baseline=1957, years=(1959, 1961),
                     underregistration: float = 0.0, lang: str | None = None) -> go.Figure:
    """Provinces ranked, with the national figure marked. ``measure="cdr"``: the registered death
    rate in ``year`` (Sichuan from another source, in another colour). ``measure="excess"``:
    excess deaths per 1000 from ``excess_deaths(..., by="province")`` with the other arguments."""
    lang = resolve(lang)
    if measure == "cdr":
        rates = _province_rates()
        rows = rates[rates.year == year].sort_values("cdr")
        if rows.empty:
            raise ValueError(f"No provincial death rates for {year}: choose a year from 1954 to 1983.")
        national = _national_cdr(year)
        title = label("pr_title_cdr", lang).format(year=year)
        axis = label("pr_x_cdr", lang)
    elif measure == "excess":
        table = excess_deaths(baseline, years, by="province", underregistration=underregistration)
        first, last = _period(years)
        nat = excess_deaths(baseline, years, underregistration=underregistration)
        national = float(nat.excess_deaths.sum() / nat.population.iloc[0] * 1000)
        rows = table.reset_index().assign(series="panel", cdr=table.excess_per_1000.to_numpy())
        rows = rows.sort_values("cdr")
        title = label("pr_title_excess", lang).format(first=first, last=last, baseline=_baseline_text(baseline, lang))
        axis = label("pr_x_excess", lang)
    else:
        raise ValueError(f"measure must be 'cdr' (death rate) or 'excess' (excess deaths per 1000), not {measure!r}.")
    fig = go.Figure()
    for series in ("panel", "other"):
        part = rows[rows.series == series]
        fig.add_bar(x=part.cdr.round(2).tolist(), y=_places(part.province, lang), orientation="h",
                    name=_wrap(label(f"pr_{series}", lang), LEGEND_LINE_CHARS), marker={"color": _PROVINCE_COLORS[series]},
                    marker_pattern_shape="/" if series == "other" else "",
                    hovertemplate="%{y}: %{x:.1f}<extra></extra>")
    fig.add_vline(x=national, line={"color": "black", "dash": "dash", "width": 2})
    fig.add_annotation(text=_wrap(label("pr_national", lang).format(value=_dec(national, 1, lang)), 16), x=national, y=0.0,
                       yref="paper", xanchor="left", yanchor="bottom", showarrow=False, font={"size": 11},
                       bgcolor="rgba(255,255,255,0.85)")
    ranked = rows.sort_values("cdr", ascending=False)
    listing = ", ".join(f"{p} {_dec(v, 1, lang)}" for p, v in zip(_places(ranked.province, lang), ranked.cdr))
    text = label("pr_desc", lang).format(title=title, listing=listing, national=_dec(national, 1, lang))
    _layout(fig, title, label("pr_source", lang), lang, height=150 + 22 * len(rows), description=text)
    fig.update_layout(barmode="overlay", bargap=0.25)
    fig.update_xaxes(title=axis)
    fig.update_yaxes(title=label("pr_y", lang), categoryorder="array", categoryarray=_places(rows.province, lang))
    # the provinces' names push the plot right (automargin): the source line hangs from its right edge
    fig.update_annotations(selector={"name": "source"}, x=1, xanchor="right", xshift=0)
    return fig


def _period(years):
    if isinstance(years, (int, np.integer)):
        return int(years), int(years)
    return int(years[0]), int(years[1])


def _baseline_text(baseline, lang: str) -> str:
    if isinstance(baseline, str):
        return label("pe_base_trend", lang)
    if isinstance(baseline, (tuple, list)):
        return f"{baseline[0]}–{baseline[1]}"
    return str(baseline)


def province_tiles(lang: str | None = None) -> go.Figure:
    """Small multiples on a tile grid: each province a square in roughly its place, holding its
    registered death rate 1954–1966 (0–70 per 1000), the national rate in grey behind it."""
    lang = resolve(lang)
    rates = _province_rates()
    rates = rates[rates.year.between(*_TILE_YEARS)]
    nat = load("vital_rates")
    nat = nat[nat.year.between(*_TILE_YEARS)]
    span = _TILE_YEARS[1] - _TILE_YEARS[0]

    def place(province, years, values):
        row, col = PROVINCE_TILES[province]
        xs = [col + 0.05 + 0.85 * (y - _TILE_YEARS[0]) / span for y in years] + [None]
        ys = [-row - 0.95 + 0.8 * min(v, _TILE_MAX) / _TILE_MAX for v in values] + [None]
        return xs, ys

    traces: dict[str, tuple[list, list, list]] = {"national": ([], [], []), "panel": ([], [], []), "other": ([], [], [])}
    frames = []
    for province in PROVINCE_TILES:
        part = rates[rates.province == province].sort_values("year")
        if part.empty:
            continue
        series = part.series.iloc[0]
        for key, years, values in ((series, part.year, part.cdr), ("national", nat.year, nat.cdr)):
            xs, ys = place(province, list(years), list(values))
            traces[key][0].extend(xs)
            traces[key][1].extend(ys)
            traces[key][2].extend([f"{_place_text(province, lang)} {y}: {_dec(v, 1, lang)}‰" for y, v in zip(years, values)]
                                  + [None])
        frames.append(part)
    fig = go.Figure()
    styles = {"national": {"color": _PROVINCE_COLORS["national"], "width": 1.5, "dash": "dot"},
              "panel": {"color": _PROVINCE_COLORS["panel"], "width": 2.5},
              "other": {"color": _PROVINCE_COLORS["other"], "width": 2.5, "dash": "dash"}}
    for key in ("national", "panel", "other"):
        xs, ys, hover = traces[key]
        fig.add_scatter(x=xs, y=ys, text=hover, mode="lines", name=label(f"tiles_{key}", lang),
                        line=styles[key], hovertemplate="%{text}<extra></extra>", connectgaps=False)
    peaks = pd.concat(frames).query("year == 1960").set_index("province").cdr
    shapes, notes = [], []
    for province, (row, col) in PROVINCE_TILES.items():
        shapes.append({"type": "rect", "x0": col, "x1": col + 0.95, "y0": -row - 0.95, "y1": -row,
                       "line": {"color": "#bbb", "width": 1}, "fillcolor": "rgba(0,0,0,0)", "layer": "below"})
        value = f" {peaks[province]:.0f}" if province in peaks.index else ""
        notes.append(go.layout.Annotation(text=f"<b>{_place_text(province, lang)}</b>{value}", x=col + 0.03, y=-row - 0.02,
                                          xanchor="left", yanchor="top", showarrow=False, font={"size": 10}))
    fig.layout.shapes = shapes
    fig.layout.annotations = notes
    top = peaks.sort_values(ascending=False)
    summary = label("tiles_desc", lang).format(
        n=len(top), listing=", ".join(f"{_place_text(p, lang)} {_dec(v, 1, lang)}" for p, v in top.items()),
        national=_dec(_national_cdr(1960), 1, lang))
    _layout(fig, label("tiles_title", lang), label("tiles_source", lang), lang, height=800, description=summary)
    fig.update_xaxes(title=_wrap(label("tiles_x", lang), 60), showticklabels=False, showgrid=False, zeroline=False,
                     range=[-0.05, 6.0])
    fig.update_yaxes(title=label("tiles_y", lang), showticklabels=False, showgrid=False, zeroline=False,
                     range=[-8.05, 0.05], scaleanchor="x", scaleratio=0.75)
    # a map of 31 labelled squares cannot shrink to a phone and stay readable: it keeps the width
    # its labels need, and a narrower output scrolls it sideways inside itself
    fig.update_layout(width=TILES_WIDTH_PX, autosize=False)
    return fig


#: The province tiles' width: six columns of squares whose labels ("Heilongjiang 11") do not touch.
TILES_WIDTH_PX = 680


def county_spread(year: int = 1960, lang: str | None = None) -> go.Figure:
    """Every county's registered death rate in ``year`` (one dot per county, a box per province),
    provinces sorted by their median county; the provincial rate marked beside, where sourced.
    A county median or mean is not a provincial rate: counties differ in size and the sample is
    not complete (see ``gd.describe("county_death_rates")``)."""
    lang = resolve(lang)
    counties = load("county_death_rates")
    if year not in set(counties.year):
        raise ValueError(f"County death rates cover 1954–1966, not {year}.")
    rows = counties[counties.year == year]
    order = rows.groupby("province").cdr.median().sort_values().index.tolist()
    fig = go.Figure()
    fig.add_box(x=_places(rows.province, lang), y=rows.cdr.tolist(), name=label("cs_counties", lang),
                boxpoints="all", jitter=0.5, pointpos=0, marker={"color": _PROVINCE_COLORS["county"], "size": 4,
                                                                 "opacity": 0.6},
                line={"color": _PROVINCE_COLORS["county"]}, fillcolor="rgba(0,114,178,0.08)",
                hovertemplate="%{x}: %{y:.1f}‰<extra></extra>")
    provincial = _province_rates()
    provincial = provincial[(provincial.year == year) & provincial.province.isin(order)]
    fig.add_scatter(x=_places(provincial.province, lang), y=provincial.cdr.tolist(), mode="markers",
                    name=label("cs_province", lang),
                    marker={"symbol": "diamond", "size": 12, "color": _PROVINCE_COLORS["other"],
                            "line": {"color": "black", "width": 1}},
                    hovertemplate="%{x}: %{y:.1f}‰<extra></extra>")
    stats = rows.groupby("province").cdr.agg(["count", "min", "max"]).loc[order[::-1]]
    listing = "; ".join(plural("cs_row", int(r["count"]), lang).format(province=_place_text(p, lang), n=int(r["count"]), low=_dec(r["min"], 1, lang),
                                                     high=_dec(r["max"], 1, lang)) for p, r in stats.iterrows())
    text = label("cs_desc", lang).format(year=year, listing=listing)
    _layout(fig, label("cs_title", lang).format(year=year), label("cs_source", lang), lang, height=520,
            description=text)
    fig.update_xaxes(title=_wrap(label("cs_x", lang), 28), categoryorder="array", categoryarray=_places(order, lang))
    fig.update_yaxes(title=label("per_1000", lang), rangemode="tozero")
    return fig


def urban_rural(lang: str | None = None) -> go.Figure:
    """Registered death rates in towns and in the countryside (the years a source gives), beside
    the national rate, 1954–1965."""
    lang = resolve(lang)
    ur = load("urban_rural_death_rates").drop_duplicates(["year", "area"])
    nat = load("vital_rates")
    nat = nat[nat.year.between(1954, 1965)]
    fig = go.Figure()
    fig.add_scatter(x=nat.year.tolist(), y=nat.cdr.tolist(), name=label("ur_national", lang), mode="lines",
                    line={"color": _PROVINCE_COLORS["national"], "width": 2, "dash": "dot"})
    symbols = {"urban": "circle", "rural": "square"}
    dashes = {"urban": "solid", "rural": "dash"}
    for area in ("urban", "rural"):
        part = ur[ur.area == area].sort_values("year")
        fig.add_scatter(x=part.year.tolist(), y=part.cdr.tolist(), name=label(f"ur_{area}", lang),
                        mode="lines+markers+text", text=[_dec(v, 1, lang) for v in part.cdr], textposition="top center",
                        line={"color": _PROVINCE_COLORS[area], "width": 2, "dash": dashes[area]},
                        marker={"symbol": symbols[area], "size": 9, "color": _PROVINCE_COLORS[area]})
    fig.add_vrect(x0=1958.5, x1=1961.5, fillcolor="#999", opacity=0.12, line_width=0)
    pairs = ur.pivot(index="year", columns="area", values="cdr")
    listing = "; ".join(f"{y}: " + ", ".join(f"{label('ur_' + a, lang).lower()} {_dec(pairs.loc[y, a], 2, lang)}"
                                             for a in ("urban", "rural") if a in pairs and pd.notna(pairs.loc[y, a]))
                        for y in pairs.index)
    text = label("ur_desc", lang).format(listing=listing)
    _layout(fig, label("ur_title", lang), label("ur_source", lang), lang, description=text)
    fig.update_xaxes(title=label("year", lang), dtick=1, range=[1953.5, 1965.5])
    fig.update_yaxes(title=label("per_1000", lang), rangemode="tozero")
    return fig


def provincial_excess_chart(provinces=("Anhui", "Henan", "Gansu"), baseline=1957, years=(1959, 1961),
                            underregistration: float = 0.0, lang: str | None = None) -> go.Figure:
    """Excess deaths per 1000 in the chosen provinces (bars), beside the whole country's figure for
    the same choices, from ``excess_deaths(..., by="province")``."""
    lang = resolve(lang)
    fig = go.Figure()
    fig.add_bar(x=[], y=[], name=_wrap(label("pe_provinces", lang), LEGEND_LINE_CHARS), marker={"color": _PROVINCE_COLORS["panel"]},
                text=[], textposition="outside", uid="provinces")
    fig.add_bar(x=[], y=[], name=label("pe_national", lang), marker={"color": _PROVINCE_COLORS["national"],
                                                                     "pattern": {"shape": "/"}},
                text=[], textposition="outside", uid="china")
    _layout(fig, label("pe_title", lang), label("pe_source", lang), lang, height=500)
    fig.update_xaxes(title=label("pe_x", lang))
    fig.update_yaxes(title=_wrap(label("pe_y", lang), 24), rangemode="tozero")
    update_provincial_excess_chart(fig, provinces, baseline, years, underregistration, lang)
    return fig


def update_provincial_excess_chart(fig, provinces, baseline, years, underregistration, lang=None):
    """Recompute and write into ``fig``; returns ``(provincial table, national total, national per 1000)``."""
    lang = resolve(lang)
    provinces = list(provinces)
    if not provinces:
        raise ValueError(label("pe_none", lang))
    table = excess_deaths(baseline, years, underregistration=underregistration, by="province", provinces=provinces)
    nat = excess_deaths(baseline, years, underregistration=underregistration)
    nat_total = float(nat.excess_deaths.sum())
    nat_rate = nat_total / float(nat.population.iloc[0]) * 1000
    values = table.excess_per_1000.round(1)
    _trace(fig, "provinces").update(x=_places(table.index, lang), y=values.tolist(),
                                    text=[_dec(v, 1, lang) for v in values])
    _trace(fig, "china").update(x=[label("pe_china", lang)], y=[round(nat_rate, 1)], text=[_dec(nat_rate, 1, lang)])
    first, last = _period(years)
    _set_title(fig, label("pe_title_full", lang).format(
        first=first, last=last, baseline=_baseline_text(baseline, lang)))
    set_description(fig, label("pe_desc", lang).format(
        first=first, last=last,
        listing=", ".join(f"{_place_text(p, lang)} {_dec(v, 1, lang)}" for p, v in values.items()),
        national=_dec(nat_rate, 1, lang)))
    return table, nat_total, nat_rate


def trend_baseline(province: str | None = "Hunan", years=(1959, 1961), lang: str | None = None) -> go.Figure:
    """How fragile a trend baseline is: a death rate, the years the trend is fitted to (marked),
    the straight line ``baseline="trend"`` draws through them, and the lines fitted with one of
    those years left out, all extended over ``years`` (from :func:`gleap_data.analysis.trend_fits`).
    ``province=None``: the national register and its 1953–1957 trend."""
    lang = resolve(lang)
    from .analysis import provincial_tables, trend_fits

    fits = trend_fits(province, years)
    first, last = _period(years)
    if province is None:
        rates = load("vital_rates").set_index("year").cdr
        place, source = label("pe_china", lang), label("tb_source_national", lang)
    else:
        rates = provincial_tables()[province].cdr
        place, source = _place_text(province, lang), label("tb_source", lang)
    fitted = [int(y) for y in fits.index if y != 0]
    a, b = fitted[0], fitted[-1]
    rates = rates.loc[min(a, 1954):max(last, 1963)].dropna()
    fig = go.Figure()
    fig.add_scatter(x=rates.index.tolist(), y=rates.round(2).tolist(), name=_wrap(label("tb_registered", lang), LEGEND_LINE_CHARS),
                    mode="lines+markers", line={"color": _PROVINCE_COLORS["panel"], "width": 2},
                    marker={"size": 6}, hovertemplate="%{x}: %{y:.2f}‰<extra></extra>")
    fig.add_scatter(x=fitted, y=[float(rates.loc[y]) for y in fitted], name=_wrap(label("tb_points", lang).format(first=a, last=b), LEGEND_LINE_CHARS),
                    mode="markers", marker={"symbol": "circle-open", "size": 16, "color": _P["black"],
                                            "line": {"width": 3}},
                    hovertemplate="%{x}: %{y:.2f}‰<extra></extra>")
    xs: list[int | None] = []
    ys: list[float | None] = []
    text: list[str | None] = []
    for left_out, row in fits.iloc[1:].iterrows():
        xs += [a, last, None]
        ys += [round(row.baseline_start, 2), round(row.baseline_end, 2), None]
        words = label("tb_without", lang).format(year=left_out)
        text += [words, words, None]
    fig.add_scatter(x=xs, y=ys, text=text, name=_wrap(label("tb_left_out", lang), LEGEND_LINE_CHARS), mode="lines",
                    line={"color": _P["blue"], "width": 1.5, "dash": "dot"}, connectgaps=False,
                    hovertemplate="%{text}, %{x}: %{y:.2f}‰<extra></extra>")
    full = fits.loc[0]
    fig.add_scatter(x=[a, last], y=[round(full.baseline_start, 2), round(full.baseline_end, 2)],
                    name=_wrap(label("tb_trend", lang).format(first=a, last=b), LEGEND_LINE_CHARS), mode="lines",
                    line={"color": _P["black"], "width": 2.5, "dash": "dash"},
                    hovertemplate="%{x}: %{y:.2f}‰<extra></extra>")
    fig.add_vrect(x0=first - 0.5, x1=last + 0.5, fillcolor="#999", opacity=0.12, line_width=0)
    fig.add_hline(y=0, line={"color": "#555", "width": 1})
    others = fits.iloc[1:]
    summary = label("tb_desc", lang).format(
        place=place, a=a, b=b, last=last, first=first,
        end=_dec(full.baseline_end, 1, lang), low=_dec(others.baseline_end.min(), 1, lang),
        high=_dec(others.baseline_end.max(), 1, lang), excess=_dec(full.excess_per_1000, 1, lang),
        excess_low=_dec(others.excess_per_1000.min(), 1, lang), excess_high=_dec(others.excess_per_1000.max(), 1, lang))
    _layout(fig, label("tb_title", lang).format(place=place, a=a, b=b), source, lang, height=520, description=summary)
    fig.update_xaxes(title=label("year", lang), dtick=1, range=[rates.index[0] - 0.5, rates.index[-1] + 0.5])
    fig.update_yaxes(title=label("per_1000", lang), zeroline=False)
    return fig
