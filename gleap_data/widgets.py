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

import ipywidgets as W
import plotly.graph_objects as go

from . import charts
from .labels import label
from .labour import labour_calibration

_SLIDER_STYLE = {"description_width": "170px"}
_SLIDER_LAYOUT = W.Layout(width="480px")


def _message(text: str) -> str:
    return f"<p style='font-size:14px;margin:4px 0'>{html.escape(text)}</p>"


def _error(exc: Exception) -> str:
    return f"<p style='color:#a00;font-size:14px;margin:4px 0'>{html.escape(str(exc))}</p>"


class _Explorer(W.VBox):
    """Controls above, the figure, a readout sentence below."""

    def __init__(self, figure: go.Figure, controls: dict, lang: str):
        self.lang = lang
        self.figure = go.FigureWidget(figure)
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
        chart = pio.to_html(go.Figure(self.figure), include_plotlyjs=False, full_html=False)
        return {
            "text/html": f"<p><em>{note}</em></p>{chart}{self.readout.value}",
            "text/plain": note,
        }


class ExcessDeathsExplorer(_Explorer):
    """Baseline, period, under-registration and rates → excess deaths by year and their total."""

    def __init__(self, lang: str = "en"):
        baselines = [
            (label("ex_base_1957", lang), 1957),
            (label("ex_base_1956", lang), 1956),
            (label("ex_base_range", lang), (1955, 1957)),
            (label("ex_base_trend", lang), "trend"),
        ]
        controls = {
            "baseline": W.Dropdown(options=baselines, value=1957, description=label("ex_baseline", lang),
                                   style=_SLIDER_STYLE, layout=_SLIDER_LAYOUT),
            "years": W.IntRangeSlider(value=(1959, 1961), min=1958, max=1963, description=label("ex_years", lang),
                                      style=_SLIDER_STYLE, layout=_SLIDER_LAYOUT, continuous_update=True),
            "underregistration": W.FloatSlider(value=0.0, min=0.0, max=0.5, step=0.05, readout_format=".0%",
                                               description=label("ex_under", lang), style=_SLIDER_STYLE,
                                               layout=_SLIDER_LAYOUT),
            "rates": W.ToggleButtons(options=[(label("ex_official", lang), "vital_rates"),
                                              (label("ex_reconstructed", lang), "vital_rates_reconstructed")],
                                     value="vital_rates", description=label("ex_rates", lang), style=_SLIDER_STYLE),
        }
        self.table = None
        self.total = None
        super().__init__(charts.excess_deaths_chart(lang=lang), controls, lang)

    def update(self):
        c = {k: v.value for k, v in self.controls.items()}
        try:
            with self.figure.batch_update():
                self.table = charts.update_excess_deaths_chart(
                    self.figure, c["baseline"], tuple(c["years"]), c["rates"], c["underregistration"], self.lang)
        except ValueError as exc:
            self.readout.value = _error(exc)
            return
        self.total = float(self.table.excess_deaths.sum())
        first, last = self.table.index[0], self.table.index[-1]
        self.readout.value = _message(
            label("ex_total", self.lang).format(first=first, last=last, total=self.total / 1e6))


class LabourExplorer(_Explorer):
    """Share of farm labour moved (and the model's other assumptions) → harvest, procurement,
    grain per rural person and steel, beside what actually happened 1957–1961."""

    def __init__(self, lang: str = "en"):
        cal = labour_calibration()

        def slider(key, value, low, high, step, fmt=".2f"):
            return W.FloatSlider(value=round(value, 3), min=low, max=high, step=step, readout_format=fmt,
                                 description=label(key, lang), style=_SLIDER_STYLE, layout=_SLIDER_LAYOUT,
                                 continuous_update=True)

        controls = {
            "share_moved": slider("lab_share", cal["share_moved_1958"], 0.0, 0.6, 0.01, ".0%"),
            "labour_elasticity": slider("lab_elasticity", 0.5, 0.1, 1.0, 0.05),
            "procurement_share": slider("lab_procurement", cal["procurement_share"], 0.1, 0.6, 0.01, ".0%"),
            "overreporting": slider("lab_overreporting", 0.0, 0.0, 1.5, 0.1, ".0%"),
            "weather_loss": slider("lab_weather", 0.0, 0.0, 0.3, 0.05, ".0%"),
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
            share=share, output=row.grain_output_mt, procured=row.procurement_mt,
            kg=row.grain_per_rural_person_kg, kg_day=row.grain_per_rural_person_kg_per_day, steel=row.steel_mt))


class EmploymentExplorer(_Explorer):
    """Step through the years 1952–1970 and read each sector's share of employment."""

    def __init__(self, lang: str = "en"):
        from ._data import load

        self._emp = load("employment_by_sector")
        controls = {"year": W.IntSlider(value=1958, min=int(self._emp.year.min()), max=int(self._emp.year.max()),
                                        description=label("emp_slider", lang), style=_SLIDER_STYLE,
                                        layout=_SLIDER_LAYOUT, continuous_update=True)}
        super().__init__(charts.employment_by_sector(lang=lang), controls, lang)

    def update(self):
        year = self.controls["year"].value
        with self.figure.batch_update():
            charts._mark_employment_year(self.figure, self._emp, year, self.lang)
        self.readout.value = _message(self.figure.layout.annotations[-1].text)


class EstimatesExplorer(_Explorer):
    """Every published estimate as a range, filtered by the period it covers."""

    def __init__(self, lang: str = "en"):
        options = [(label("est_all", lang), "")] + [(p, p) for p in charts.estimate_periods()]
        controls = {"period": W.Dropdown(options=options, value="", description=label("est_filter", lang),
                                         style=_SLIDER_STYLE, layout=_SLIDER_LAYOUT)}
        self.shown = None
        self._every = len(charts._estimate_table())
        super().__init__(charts.estimates(lang=lang), controls, lang)

    def update(self):
        period = self.controls["period"].value or None
        with self.figure.batch_update():
            self.shown = charts.update_estimates(self.figure, period)
        low, high = charts.estimate_range(period)
        self.readout.value = _message(label("est_readout", self.lang).format(
            shown=len(self.shown), every=self._every, period=period or label("est_all", self.lang),
            low=low, high=high))


def excess_deaths_explorer(lang: str = "en") -> ExcessDeathsExplorer:
    """Sliders for baseline, period and under-registration; bars and total update live."""
    return ExcessDeathsExplorer(lang)


def labour_explorer(lang: str = "en") -> LabourExplorer:
    """The labour-allocation what-if model with a slider for each assumption."""
    return LabourExplorer(lang)


def employment_explorer(lang: str = "en") -> EmploymentExplorer:
    """Employment by sector with a year slider."""
    return EmploymentExplorer(lang)


def estimates_explorer(lang: str = "en") -> EstimatesExplorer:
    """All published death-toll estimates, with a period filter."""
    return EstimatesExplorer(lang)


class ProvincialExcessExplorer(_Explorer):
    """Province(s), baseline, period and under-registration → each province's excess deaths
    (persons and per 1000) beside the national figure, from ``excess_deaths(..., by="province")``."""

    def __init__(self, lang: str = "en", provinces=("Anhui", "Henan", "Gansu")):
        from .analysis import provincial_tables

        names = list(provincial_tables())
        baselines = [
            (label("ex_base_1957", lang), 1957),
            (label("ex_base_1956", lang), 1956),
            (label("ex_base_range", lang), (1955, 1957)),
            (label("pe_base_trend", lang), "trend"),
        ]
        controls = {
            "provinces": W.SelectMultiple(options=names, value=tuple(p for p in provinces if p in names),
                                          rows=8, description=label("pe_select", lang), style=_SLIDER_STYLE,
                                          layout=W.Layout(width="480px")),
            "baseline": W.Dropdown(options=baselines, value=1957, description=label("ex_baseline", lang),
                                   style=_SLIDER_STYLE, layout=_SLIDER_LAYOUT),
            "years": W.IntRangeSlider(value=(1959, 1961), min=1958, max=1963, description=label("ex_years", lang),
                                      style=_SLIDER_STYLE, layout=_SLIDER_LAYOUT, continuous_update=True),
            "underregistration": W.FloatSlider(value=0.0, min=0.0, max=0.5, step=0.05, readout_format=".0%",
                                               description=label("ex_under", lang), style=_SLIDER_STYLE,
                                               layout=_SLIDER_LAYOUT),
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
                    self.figure, c["provinces"], c["baseline"], tuple(c["years"]), c["underregistration"],
                    self.lang)
        except ValueError as exc:
            self.readout.value = _error(exc)
            return
        rows = "; ".join(label("pe_row", self.lang).format(province=p, deaths=r.excess_deaths / 1e6,
                                                           rate=r.excess_per_1000)
                         for p, r in self.table.iterrows())
        self.readout.value = _message(label("pe_readout", self.lang).format(
            listing=rows, total=self.table.excess_deaths.sum() / 1e6, national=self.national / 1e6))


def provincial_excess_explorer(lang: str = "en", provinces=("Anhui", "Henan", "Gansu")) -> ProvincialExcessExplorer:
    """Choose provinces and a baseline; each province's excess deaths update beside China's."""
    return ProvincialExcessExplorer(lang, provinces)
