"""Interactive explorers: ipywidgets controls wired to the pure functions, drawing into a
plotly FigureWidget that is updated in place (inside ``batch_update``), never re-created.

In a notebook, one line shows each::

    gd.widgets.excess_deaths_explorer()

Each explorer is an ``ipywidgets.VBox`` with ``.figure`` (the FigureWidget), ``.controls``
(a dict of the controls by name) and ``.readout`` (the sentence under the chart). A choice the
functions refuse is shown as a message in the readout, never as a traceback.
"""
from __future__ import annotations

import html
import os
import re

import ipywidgets as W
import plotly.graph_objects as go

from . import charts
from .display import decimal as _dec, number as _number, percent as _pct
from .labels import label, uses_language
from .labour import labour_calibration

_SLIDER_STYLE = {"description_width": "260px"}  # room for "Elastyczność zbiorów względem pracy"
_SLIDER_LAYOUT = W.Layout(width="560px")


def _percent(value: float, lang: str = "en") -> str:
    """20 % as '20%', 19.78 % as '19.8%' ('19,8%' in Polish): a slider's readout never rounds a
    default away."""
    return _pct(value, 0 if round(value * 100, 1).is_integer() else 1, lang)


def _grid_slider(key: str, default: float, low: float, high: float, step: float, lang: str,
                 percent: bool = True) -> W.SelectionSlider:
    """A slider over ``low..high`` in ``step`` that also holds ``default`` exactly, so the explorer
    starts at the documented value (a FloatSlider would round it to its step and send the rounded
    value back to Python)."""
    count = int(round((high - low) / step))
    grid = sorted({round(low + i * step, 6) for i in range(count + 1)} | {float(default)})
    options = [(_percent(v, lang) if percent else _number(v, 2, lang), v) for v in grid]
    return W.SelectionSlider(options=options, value=float(default), description=label(key, lang),
                             tooltip=label(f"{key}_tip", lang), style=_SLIDER_STYLE, layout=_SLIDER_LAYOUT,
                             continuous_update=True)


def _message(text: str) -> str:
    return f"<p style='font-size:14px;margin:4px 0'>{html.escape(text)}</p>"


def _error(exc: Exception) -> str:
    return f"<p style='color:#a00;font-size:14px;margin:4px 0'>{html.escape(str(exc))}</p>"


def _baselines(lang: str, trend_key: str) -> list[tuple[str, object]]:
    """The baseline menu shared by the national and provincial excess-death explorers."""
    return [(label("ex_base_1957", lang), 1957), (label("ex_base_1956", lang), 1956),
            (label("ex_base_range", lang), (1955, 1957)), (label(trend_key, lang), "trend")]


def _excess_controls(baselines: list, lang: str) -> dict:
    """Baseline, period and under-registration: the controls both excess-death explorers share."""
    return {
        "baseline": W.Dropdown(options=baselines, value=1957, description=label("ex_baseline", lang),
                               tooltip=label("ex_baseline_tip", lang), style=_SLIDER_STYLE, layout=_SLIDER_LAYOUT),
        "years": W.IntRangeSlider(value=(1959, 1961), min=1958, max=1963, description=label("ex_years", lang),
                                  tooltip=label("ex_years_tip", lang), style=_SLIDER_STYLE,
                                  layout=_SLIDER_LAYOUT, continuous_update=True),
        "underregistration": _grid_slider("ex_under", 0.0, 0.0, 0.5, 0.05, lang),
    }


class _FigureWidget(go.FigureWidget):
    """A FigureWidget whose every update message carries the whole current state of what the
    explorers change: every property ever restyled, for every trace, and every layout property
    ever changed, with their current values.

    Two defects of plotly's widget protocol, both seen in Chromium by the browser comparison:

    - **Placeholders delete data** (the labour chart's missing ``x``). Inside ``batch_update``
      plotly.py sends one ``Plotly.update`` whose per-property lists hold ``"_undefined_"`` for
      each trace whose value did not change (an equal array counts as no change). The front end
      writes it into the widget model as ``undefined``, which deletes the property: views drawn
      from the model have ``y`` but no ``x``.
    - **Updates lost under load.** plotly.py sets ``_py2js_update`` to the message and at once back
      to ``None``; the front end reads the model's value when it handles the change, so when both
      arrive together it reads ``None`` and drops the update (the estimates chart kept old points on
      a busy machine).

    So each message here is complete (no placeholder, and a lost or skipped message is made good
    by the next one), and the value is never reset to ``None``. The cost is a few kB per update.
    """

    def _paths(self, name: str) -> set:
        if not hasattr(self, name):
            object.__setattr__(self, name, set())
        return getattr(self, name)

    def _layout_value(self, path: str):
        value = self.layout.to_plotly_json()
        for part in re.findall(r"[^.\[\]]+", path):
            if isinstance(value, (list, tuple)):
                index = int(part)
                value = value[index] if index < len(value) else None
            elif isinstance(value, dict):
                value = value.get(part)
            else:
                return None
        return value

    def _send_update_msg(self, restyle_data, relayout_data, trace_indexes=None, source_view_id=None):
        style_paths, layout_paths = self._paths("_gleap_style"), self._paths("_gleap_layout")
        style_paths.update(restyle_data or {})
        layout_paths.update(relayout_data or {})
        traces = list(range(len(self.data)))
        style = {prop: [self.data[i][prop] for i in traces] for prop in sorted(style_paths)}
        layout = {path: self._layout_value(path) for path in sorted(layout_paths)}
        self._last_trace_edit_id += 1
        self._trace_edit_in_process = True
        self._last_layout_edit_id += 1
        self._layout_edit_in_process = True
        # never reset to None afterwards (see the class docstring)
        self._py2js_update = {"style_data": style, "layout_data": layout, "style_traces": traces,
                              "trace_edit_id": self._last_trace_edit_id,
                              "layout_edit_id": self._last_layout_edit_id, "source_view_id": source_view_id}

    def _send_restyle_msg(self, restyle_data, trace_indexes=None, source_view_id=None):
        self._send_update_msg(restyle_data, {}, trace_indexes, source_view_id)

    def _send_relayout_msg(self, layout_data, source_view_id=None):
        self._send_update_msg({}, layout_data, None, source_view_id)


class _Explorer(W.VBox):
    """Controls above, the figure, a readout sentence below."""

    def __init__(self, figure: go.Figure, controls: dict, lang: str):
        self.lang = lang
        self.figure = _FigureWidget(figure)
        self.controls = controls
        self.readout = W.HTML()
        for control in controls.values():
            control.observe(self._changed, names="value")
        super().__init__([W.VBox(list(controls.values())), self.figure, self.readout])
        self.update()

    def _changed(self, _change=None):
        self.update()

    def _repr_mimebundle_(self, **kwargs):
        """Live widget normally; a static chart and a note when ``GLEAP_STATIC_WIDGETS=1``
        (set by the static HTML build, where no kernel can answer the controls)."""
        if os.environ.get("GLEAP_STATIC_WIDGETS") != "1":
            return super()._repr_mimebundle_(**kwargs)
        import plotly.io as pio

        note = html.escape(label("static_note", self.lang))
        fig_dict = go.Figure(self.figure).to_dict()
        renderer = pio.renderers[pio.renderers.default] if pio.renderers.default else None
        bundle = renderer.to_mimebundle(fig_dict) if hasattr(renderer, "to_mimebundle") else {}
        chart = bundle.get("text/html") or pio.to_html(fig_dict, include_plotlyjs=False, full_html=False)
        return {
            "text/html": f"<p><em>{note}</em></p>{chart}{self.readout.value}",
            "text/plain": note,
        }


class ExcessDeathsExplorer(_Explorer):
    """Baseline, period, under-registration and rates → excess deaths by year and their total."""

    @uses_language
    def __init__(self, lang: str | None = None):
        baselines = _baselines(lang, "ex_base_trend")
        controls = {
            **_excess_controls(baselines, lang),
            "rates": W.ToggleButtons(options=[(label("ex_official", lang), "vital_rates"),
                                              (label("ex_reconstructed", lang), "vital_rates_reconstructed")],
                                     value="vital_rates", description=label("ex_rates", lang),
                                     tooltip=label("ex_rates_tip", lang), tooltips=[label("ex_rates_tip", lang)] * 2,
                                     style={**_SLIDER_STYLE, "button_width": "auto"}),
        }
        self.table = None
        self.total = None
        super().__init__(charts.excess_deaths_chart(lang=lang), controls, lang)

    def update(self):
        c = {k: v.value for k, v in self.controls.items()}
        # Banister's reconstructed rates already include the unregistered deaths: no second correction
        reconstructed = c["rates"] == "vital_rates_reconstructed"
        self.controls["underregistration"].disabled = reconstructed
        under = 0.0 if reconstructed else c["underregistration"]
        try:
            with self.figure.batch_update():
                self.table = charts.update_excess_deaths_chart(
                    self.figure, c["baseline"], tuple(c["years"]), c["rates"], under, self.lang)
        except ValueError as exc:
            self.readout.value = _error(exc)
            return
        self.total = float(self.table.excess_deaths.sum())
        first, last = self.table.index[0], self.table.index[-1]
        total = label("million_short", self.lang).format(value=charts._fmt(round(self.total / 1e6, 1), self.lang))
        if first == last:
            text = label("ex_total_single", self.lang).format(first=first, total=total)
        elif self.total < 0:
            text = label("ex_total_negative", self.lang).format(first=first, last=last, total=total)
        else:
            text = label("ex_total", self.lang).format(first=first, last=last, total=total)
        if reconstructed:
            text += " " + label("ex_under_reconstructed", self.lang)
        self.readout.value = _message(text)


class LabourExplorer(_Explorer):
    """Share of farm labour moved (and the model's other assumptions) → harvest, procurement,
    grain per rural person and steel, beside what actually happened 1957–1961."""

    @uses_language
    def __init__(self, lang: str | None = None):
        cal = labour_calibration()

        controls = {
            "share_moved": _grid_slider("lab_share", cal["share_moved_1958"], 0.0, 0.6, 0.01, lang),
            "labour_elasticity": _grid_slider("lab_elasticity", 0.5, 0.1, 1.0, 0.05, lang, percent=False),
            "procurement_share": _grid_slider("lab_procurement", cal["procurement_share"], 0.1, 0.6, 0.01, lang),
            "overreporting": _grid_slider("lab_overreporting", 0.0, 0.0, 1.5, 0.1, lang),
            "weather_loss": _grid_slider("lab_weather", 0.0, 0.0, 0.3, 0.05, lang),
        }
        self.point = None
        super().__init__(charts.labour_model(lang=lang), controls, lang)

    def update(self):
        c = {k: v.value for k, v in self.controls.items()}
        share = c.pop("share_moved")
        try:
            with self.figure.batch_update():
                self.point = charts.update_labour_model(self.figure, share, **c)
        except ValueError as exc:
            self.readout.value = _error(exc)
            return
        row = self.point.iloc[0]
        self.readout.value = _message(label("lab_readout", self.lang).format(
            share=_percent(share, self.lang), output=_dec(row.grain_output_mt, 0, self.lang),
            procured=_dec(row.procurement_mt, 0, self.lang), kg=_dec(row.grain_per_rural_person_kg, 0, self.lang),
            kg_day=_dec(row.grain_per_rural_person_kg_per_day, 2, self.lang)))


class EmploymentExplorer(_Explorer):
    """Step through the years 1952–1970 and read each sector's share of employment."""

    @uses_language
    def __init__(self, lang: str | None = None):
        from ._data import load

        self._emp = load("employment_by_sector")
        controls = {"year": W.IntSlider(value=1958, min=int(self._emp.year.min()), max=int(self._emp.year.max()),
                                        description=label("emp_slider", lang), tooltip=label("emp_slider_tip", lang),
                                        style=_SLIDER_STYLE,
                                        layout=_SLIDER_LAYOUT, continuous_update=True)}
        super().__init__(charts.employment_by_sector(lang=lang), controls, lang)

    def update(self):
        year = self.controls["year"].value
        with self.figure.batch_update():
            charts._mark_employment_year(self.figure, self._emp, year, self.lang)
        self.readout.value = _message(self.figure.layout.annotations[-1].text)


class EstimatesExplorer(_Explorer):
    """Every published estimate as a range, filtered by the period it covers."""

    @uses_language
    def __init__(self, lang: str | None = None):
        options = [(label("est_all", lang), "")] + [(p, p) for p in charts.estimate_periods()]
        controls = {"period": W.Dropdown(options=options, value="", description=label("est_filter", lang),
                                         tooltip=label("est_filter_tip", lang), style=_SLIDER_STYLE,
                                         layout=_SLIDER_LAYOUT)}
        self.shown = None
        self._every = len(charts._estimate_table())
        super().__init__(charts.estimates(lang=lang), controls, lang)

    def update(self):
        period = self.controls["period"].value or None
        with self.figure.batch_update():
            self.shown = charts.update_estimates(self.figure, period)
        low, high = charts.estimate_range(period)
        key = "est_readout_one" if low == high else "est_readout"
        self.readout.value = _message(label(key, self.lang).format(
            shown=len(self.shown), every=self._every, period=period or label("est_all", self.lang),
            low=charts._fmt(low, self.lang), high=charts._fmt(high, self.lang)))


@uses_language
def excess_deaths_explorer(lang: str | None = None) -> ExcessDeathsExplorer:
    """Sliders for baseline, period and under-registration; bars and total update live."""
    return ExcessDeathsExplorer(lang)


@uses_language
def labour_explorer(lang: str | None = None) -> LabourExplorer:
    """The labour-allocation what-if model with a slider for each assumption."""
    return LabourExplorer(lang)


@uses_language
def employment_explorer(lang: str | None = None) -> EmploymentExplorer:
    """Employment by sector with a year slider."""
    return EmploymentExplorer(lang)


@uses_language
def estimates_explorer(lang: str | None = None) -> EstimatesExplorer:
    """All published death-toll estimates, with a period filter."""
    return EstimatesExplorer(lang)


class ProvincialExcessExplorer(_Explorer):
    """Province(s), baseline, period and under-registration → each province's excess deaths
    (persons and per 1000) beside the national figure, from ``excess_deaths(..., by="province")``."""

    @uses_language
    def __init__(self, lang: str | None = None, provinces=("Anhui", "Henan", "Gansu")):
        from .analysis import provincial_tables

        names = list(provincial_tables())
        baselines = _baselines(lang, "pe_base_trend")
        controls = {
            # tags typed with completion: JupyterLab takes the arrow keys of a multiple-choice list for
            # its own shortcuts, so a list box could not be worked from the keyboard; a text field can
            "provinces": W.TagsInput(value=[p for p in provinces if p in names], allowed_tags=names,
                                     allow_duplicates=False, description=label("pe_select", lang),
                                     tooltip=label("pe_select_tip", lang), style=_SLIDER_STYLE,
                                     layout=W.Layout(width="560px")),
            **_excess_controls(baselines, lang),
        }
        self.table = None
        self.national = None
        start = controls["provinces"].value or tuple(names[:1])
        super().__init__(charts.provincial_excess_chart(start, lang=lang), controls, lang)

    def update(self):
        c = {k: v.value for k, v in self.controls.items()}
        try:
            with self.figure.batch_update():
                self.table, self.national, _ = charts.update_provincial_excess_chart(
                    self.figure, tuple(c["provinces"]), c["baseline"], tuple(c["years"]), c["underregistration"],
                    self.lang)
        except ValueError as exc:
            self.readout.value = _error(exc)
            return
        rows = "; ".join(label("pe_row", self.lang).format(province=p, deaths=_dec(r.excess_deaths / 1e6, 2, self.lang),
                                                           rate=_dec(r.excess_per_1000, 1, self.lang))
                         for p, r in self.table.iterrows())
        self.readout.value = _message(label("pe_readout", self.lang).format(
            listing=rows, total=_dec(self.table.excess_deaths.sum() / 1e6, 2, self.lang),
            national=_dec(self.national / 1e6, 1, self.lang)))


@uses_language
def provincial_excess_explorer(lang: str | None = None, provinces=("Anhui", "Henan", "Gansu")) -> ProvincialExcessExplorer:
    """Choose provinces and a baseline; each province's excess deaths update beside China's."""
    return ProvincialExcessExplorer(lang, provinces)
