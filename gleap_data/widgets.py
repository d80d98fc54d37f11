"""Interactive explorers: controls wired to the package's pure functions, drawn in the page.

In a notebook, one line shows each::

    ex = gd.widgets.excess_deaths_explorer()
    ex                      # the explorer
    ex.years = (1958, 1962) # moves the page's control; ex.figure, ex.readout, ex.total follow

Each explorer is an anywidget (``_Explorer``) in anywidget's own idiom:

- **State in traits.** Each control's value is a synced trait of the widget, named as the
  control (``baseline``, ``years``, ``underregistration``, ``rates``; ``share_moved``, ...).
  ``.controls`` describes the controls (:class:`Control`: kind, label, tooltip, options); a value
  set from Python is checked against its control (a wrong one is refused in one sentence in the
  student's language), moves the page's control, and the kernel updates ``.figure`` (a plotly
  Figure), ``.readout`` and the explorer's results (``.table``, ``.total``, ``.point``,
  ``.shown``) with the package's functions. A move in the page sets the trait the same way.
- **Front end in files.** ``_esm`` is ``explorer.js`` (an ES module) and ``_css`` is
  ``explorer.css``. The page draws the controls, the chart (plotly.js) and the readout, and
  redraws at once when a control moves, from what Python computed and sent once (``_spec``,
  gzipped JSON: the chart and readout for every position of the controls, or, for the labour
  explorer, its model's calibration, evaluated in the page and checked against
  :mod:`gleap_data.labour` by a parity test). plotly.js is the copy JupyterLab's plotly extension
  loads; only a front end without one asks the kernel for it (explorer.js says why).
- **One way to draw.** An explorer's output always holds the widget view, the same explorer as
  HTML and a module script (:func:`static_html`, live from ``file://`` with no kernel and no
  network) and the kernel's figure (``KERNEL_FIGURE_MIME``, shown by no front end; the site's
  tests read it). JupyterLab shows the widget; the static site shows the HTML (site/conf.py ranks
  the widget view out of myst-nb's mime priority). No environment variable changes any of it.
- **One chart update.** Each chart's update is the one in :mod:`gleap_data.charts`
  (``excess_deaths_changes`` for the 1,008 precomputed excess-deaths positions too); the traces it
  changes carry a ``uid`` and are found by it (``selector=``) in Python and in the page.

A choice the functions refuse is shown as a message in the readout, never as a traceback.
"""
from __future__ import annotations

import gzip
import html
import itertools
import json
import os
import re
import string
from functools import lru_cache
from pathlib import Path

from dataclasses import dataclass
from numbers import Number

import anywidget
import numpy as np
import plotly.graph_objects as go
import traitlets

from . import charts
from ._describe import KERNEL_FIGURE_MIME, data_table
from .errors import ArgumentValueError, message, shown as _shown
from .display import decimal as _dec, number as _number, percent as _pct
from .labels import label, resolve
from .labour import labour_calibration



@dataclass(frozen=True)
class Control:
    """One of an explorer's controls, as the page draws it: its kind, label, tooltip and what it
    offers. Its value is the explorer's trait of the same name (``explorer.baseline``): synced
    with the page, set by the page's control and followed by it.

    ``kind``: ``"slider"``, ``"dropdown"`` or ``"toggle"`` (one of ``options``, ``(label, value)``
    pairs), ``"range"`` (two whole numbers from ``min`` to ``max``) or ``"tags"`` (names from
    ``allowed``)."""

    kind: str
    description: str
    tooltip: str
    options: tuple = ()
    min: int | None = None
    max: int | None = None
    allowed: tuple = ()

    @property
    def values(self) -> list:
        return [v for _, v in self.options]

    @property
    def labels(self) -> list:
        return [t for t, _ in self.options]


def _percent(value: float, lang: str = "en") -> str:
    """20 % as '20%', 19.78 % as '19.8%' ('19,8%' in Polish): a slider's readout never rounds a
    default away."""
    return _pct(value, 0 if round(value * 100, 1).is_integer() else 1, lang)


def _grid_slider(key: str, default: float, low: float, high: float, step: float, lang: str,
                 percent: bool = True) -> Control:
    """A slider over ``low..high`` in ``step`` that also holds ``default`` exactly, so the explorer
    starts at the documented value (a slider of steps alone would round it)."""
    count = int(round((high - low) / step))
    grid = sorted({round(low + i * step, 6) for i in range(count + 1)} | {float(default)})
    options = tuple((_percent(v, lang) if percent else _number(v, 2, lang), v) for v in grid)
    return Control("slider", label(key, lang), label(f"{key}_tip", lang), options)


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
        "baseline": Control("dropdown", label("ex_baseline", lang), label("ex_baseline_tip", lang), tuple(baselines)),
        "years": Control("range", label("ex_years", lang), label("ex_years_tip", lang), min=1958, max=1963),
        "underregistration": _grid_slider("ex_under", 0.0, 0.0, 0.5, 0.05, lang),
    }


#: Where the excess-death explorers start (the defaults of :func:`gleap_data.excess_deaths`'s lessons).
_EXCESS_START = {"baseline": 1957, "years": (1959, 1961), "underregistration": 0.0}


class _Readout:
    """The sentence under the chart, as HTML (``.value``), the same text the page shows."""

    def __init__(self):
        self.value = ""


def _plain(value):
    """A figure's value as JSON-ready lists and numbers (numpy arrays and scalars converted)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value


def _figure_json(fig) -> dict:
    """The figure as plain JSON; read from plotly's own dicts (no deep copy: this runs for every
    precomputed position)."""
    return {"data": _plain(fig._data), "layout": _plain(fig._layout)}


def _patch(base: dict, state: dict) -> dict:
    """What differs between two figures: per trace, by its ``uid``, its top-level keys; in the
    layout, its top-level keys. The page draws ``base`` with the patch laid over it."""
    data = {}
    for a, b in zip(base["data"], state["data"], strict=True):
        keys = {k: b[k] for k in b if a.get(k) != b[k]}
        if keys:
            if "uid" not in a:
                raise ValueError(f"the trace {a.get('name')!r} changes with the controls: give it a uid")
            data[a["uid"]] = keys
    layout = {k: v for k, v in state["layout"].items() if base["layout"].get(k) != v}
    return {"data": data, "layout": layout}


def _with_changes(base: dict, changes: dict) -> dict:
    """``base`` (a figure's JSON) with ``changes`` written in, as :func:`charts.apply_changes`
    writes them into a figure."""
    traces = changes.get("traces", {})
    data = [{**t, **_plain(traces[t["uid"]])} if t.get("uid") in traces else t for t in base["data"]]
    layout = dict(base["layout"])
    for path, value in changes.get("layout", {}).items():
        top, _, key = path.partition(".")
        layout[top] = {**layout.get(top, {}), key: _plain(value)} if key else _plain(value)
    return {"data": data, "layout": layout}


def _template(text: str, kinds: dict | None = None) -> list:
    """A label with ``{field}`` fields, parsed for the page: ``[[literal, field, kind], ...]``.

    ``kinds[field]`` says how the page writes the value: a number of decimal places (as
    :func:`gleap_data.display.decimal` writes it, by Babel's rules), ``"label"`` (the current
    label of the control of that name) or, when absent, the text as it is."""
    kinds = kinds or {}
    parts = []
    for literal, field, spec, conversion in string.Formatter().parse(text):
        if field is not None and (conversion or spec):
            raise ValueError(f"the page writes numbers in the language's form; {{{field}:{spec}}} in {text!r} "
                             "must be a plain field")
        parts.append([literal, field, kinds.get(field, "text") if field is not None else None])
    return parts


def _number_symbols(lang: str) -> dict:
    """The locale (BCP 47) and the decimal, group and minus symbols of the page's numbers, from Babel
    (as ``display``); explorer.js formats with ``Intl.NumberFormat`` in that locale."""
    from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

    from .labels import resolve

    locale = resolve(lang)
    return {"decimal": get_decimal_symbol(locale), "group": get_group_symbol(locale),
            "minus": get_minus_sign_symbol(locale), "locale": {"en": "en-US", "pl": "pl-PL"}.get(locale, locale)}


_MESSAGE = _message("\x00").split("\x00")
#: The front end: an ES module (anywidget's ``_esm``, also inlined by :func:`static_html`) and its style.
ESM_PATH = Path(__file__).with_name("explorer.js")
CSS_PATH = Path(__file__).with_name("explorer.css")
_JS = ESM_PATH.read_text("utf-8")
_CSS = CSS_PATH.read_text("utf-8")


@lru_cache(maxsize=1)
def _plotly_js() -> bytes:
    import plotly

    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()


def _control_spec(name: str, c: Control, lang: str) -> dict:
    out: dict = {"name": name, "kind": c.kind, "label": c.description, "tip": c.tooltip}
    if c.kind == "range":
        out.update(min=c.min, max=c.max, **{"from": label("x_from", lang)}, to=label("x_to", lang))
    elif c.kind == "tags":
        out.update(allowed=list(c.allowed), placeholder=label("x_tags_hint", lang),
                   unknown=label("x_tags_unknown", lang))
    else:
        out.update(labels=c.labels, values=_plain(c.values))
    return out


def _encode(c: Control, value):
    """A control's value as the page's control holds it (an option's index, a range's ends, a
    list of names): the key of the precomputed positions (explorer.js ``pageValue``)."""
    if c.kind == "range":
        return [int(value[0]), int(value[1])]
    if c.kind == "tags":
        return list(value)
    return c.values.index(value)


def _decode(c: Control, v):
    if c.kind == "range":
        return (int(v[0]), int(v[1]))
    if c.kind == "tags":
        return tuple(v)
    return c.values[int(v)]


def _choices(c: Control) -> list:
    """Every value the page can send for a control, encoded (for precomputing)."""
    if c.kind == "range":
        assert c.min is not None and c.max is not None  # a range always has both ends
        return [[lo, hi] for lo in range(c.min, c.max + 1) for hi in range(lo, c.max + 1)]
    if c.kind == "tags":
        raise TypeError("a list of names has too many values to precompute")
    return list(range(len(c.options)))


def _same(a, b) -> bool:
    """An option's value and a value set from Python or the page: 0.2 and 0.2000000001 (a float
    computed by a student), 1957 and 1957.0, (1955, 1957) and [1955, 1957] are the same."""
    if isinstance(a, Number) and isinstance(b, Number) and not isinstance(a, bool) and not isinstance(b, bool):
        x, y = float(a), float(b)  # type: ignore[arg-type]  # numbers.Number has no __float__ in typeshed
        return abs(x - y) <= 1e-9 * max(1.0, abs(x))
    if isinstance(a, tuple) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


class _ControlValue(traitlets.Any):
    """A control's value: synced with the page, checked by the explorer (:meth:`_Explorer._check`)
    against its :class:`Control` whether set from Python or from the page."""

    def validate(self, obj, value):
        return obj._check(self.name, value)


def _control_trait():
    return _ControlValue().tag(sync=True)


def _pack(spec: dict) -> bytes:
    return gzip.compress(json.dumps(spec, separators=(",", ":"), allow_nan=False).encode("utf-8"), 9, mtime=0)


class _Explorer(anywidget.AnyWidget):
    """Controls above, the figure, a readout sentence below: drawn and updated in the page.

    The state is one synced trait per control (``explorer.years = (1958, 1962)``; the controls
    themselves, their labels and choices, are ``.controls``): setting one from Python moves the
    page's control and redraws, and moving the page's control sets it. On every change the kernel
    updates ``.figure`` (a plotly Figure), ``.readout`` and the explorer's results (``.table``,
    ``.total``, ``.point``, ``.shown``) with the package's functions; the page has already redrawn
    from what Python sent once (``_spec``): a precomputing explorer, the chart and readout of every
    position of its controls; the labour explorer, its model's calibration, evaluated in the page
    (mirrored from :mod:`gleap_data.labour`, checked against it by a parity test in Chromium).
    """

    _esm = ESM_PATH
    _css = CSS_PATH
    _spec = traitlets.Bytes().tag(sync=True)
    #: (control, control it depends on, value of that control that disables the first)
    _disable: tuple = ()

    def __init__(self, figure: go.Figure, controls: dict, start: dict, lang: str):
        self.lang = lang
        self.figure = figure
        self.controls = controls
        self.readout = _Readout()
        super().__init__(**start)
        self.update()
        self._spec = self._build_spec()
        self.observe(self._changed, names=list(controls))
        self.on_msg(self._on_custom)

    # ---- the state
    def state(self) -> dict:
        """Every control's value, by name."""
        return {name: getattr(self, name) for name in self.controls}

    def _check(self, name: str, value):
        c = self.controls[name]
        if c.kind == "range":
            if not (isinstance(value, (list, tuple)) and len(value) == 2 and all(
                    isinstance(v, Number) and not isinstance(v, bool)
                    and float(v).is_integer() for v in value)):  # type: ignore[arg-type]
                raise ArgumentValueError(message("years_kind", value=_shown(value)))
            first, last = int(value[0]), int(value[1])
            if first > last:
                raise ArgumentValueError(message("years_empty", first=first, last=last))
            if first < c.min or last > c.max:
                raise ArgumentValueError(message("between", name=name, low=c.min, high=c.max, value=_shown(value)))
            return (first, last)
        if c.kind == "tags":
            names = [value] if isinstance(value, str) else list(value)
            out = []
            for name_given in names:
                found = self._tag(name_given)
                if found is None:
                    raise ArgumentValueError(label("x_tags_unknown", self.lang).format(name=name_given))
                if found not in out:
                    out.append(found)
            return tuple(out)
        for option in c.values:
            if _same(option, value):
                return option
        raise ArgumentValueError(message("choice", name=name, value=_shown(value),
                                         allowed=", ".join(repr(v) for v in c.values)))

    def _tag(self, name):
        """A name for a ``tags`` control as the page shows it, or None if it is not on the list."""
        return None

    @property
    def disabled(self) -> set:
        """The controls the page shows disabled now (the excess-deaths correction, for the
        reconstructed rates that already hold it)."""
        return {target for target, when, value in self._disable if _same(getattr(self, when), value)}

    def _changed(self, _change=None):
        self.update()

    def _on_custom(self, _widget, content, _buffers):
        if isinstance(content, dict) and content.get("request") == "plotly_js":
            self.send({"plotly_js": True}, buffers=[_plotly_js()])

    # ---- what the page is sent
    def _build_spec(self) -> bytes:
        key = (type(self), self.lang, json.dumps(self.state(), default=list))
        if key not in _SPECS:
            _SPECS[key] = _pack(self._make_spec())
        return _SPECS[key]

    def update(self):
        """Recompute from the controls' values (the traits)."""
        try:
            readout, results = self._apply(self.state(), self.figure)
        except ValueError as exc:
            self.readout.value = _error(exc)
            return
        self.readout.value = readout
        for name, value in results.items():
            setattr(self, name, value)

    def payload_kb(self) -> float:
        """Size of what this explorer sends to the page once (gzipped), in kB (plotly.js apart)."""
        return len(self._spec) / 1000

    def _repr_mimebundle_(self, **kwargs):
        """One output, and each front end shows what it can: JupyterLab (Notebook 7, VS Code, any
        widget front end) the live widget; a page with no widget manager (the static site, whose
        myst-nb ranks ``text/html`` first, or nbconvert's HTML) the same explorer as HTML and a
        module script (:func:`static_html`), live with no kernel and no network; a terminal the
        chart's title. The figure as the kernel built it goes along as :data:`KERNEL_FIGURE_MIME`,
        which no front end shows: the site's tests compare it with what the page draws."""
        import plotly.io as pio

        data, metadata = super()._repr_mimebundle_(**kwargs)
        title = " ".join(re.sub(r"<[^>]+>", " ", self.figure.layout.title.text or "").split())
        data = {**data, "text/plain": title, "text/html": static_html(self),
                KERNEL_FIGURE_MIME: json.loads(pio.to_json(self.figure, validate=False))}
        return data, metadata


_SPECS: dict = {}


def _common_spec(explorer: "_Explorer", kind: str) -> dict:
    base = _figure_json(explorer.figure)
    title = re.sub(r"<[^>]+>", " ", explorer.figure.layout.title.text or "")
    return {"kind": kind, "name": " ".join(title.split()), "base": base,
            "controls": [_control_spec(k, c, explorer.lang) for k, c in explorer.controls.items()],
            "words": {"table": label("x_table", explorer.lang), "series": label("x_series", explorer.lang),
                      "x": label("x_x", explorer.lang), "y": label("x_y", explorer.lang),
                      "text": label("x_text", explorer.lang)},
            "number": _number_symbols(explorer.lang),
            "disable": [[target, when, explorer.controls[when].values.index(value)]
                        for target, when, value in explorer._disable]}


class _Positions:
    """Every position of an explorer's controls, each pointing at its patch; equal patches are
    stored once. The key of a position is what explorer.js's ``tableKey`` builds from the page's
    value: the controls' encoded values joined by ``|`` (a range as ``lo-hi``)."""

    def __init__(self):
        self.patches, self.states, self._seen = [], {}, {}

    def add(self, combo, patch: dict) -> None:
        text = json.dumps(patch, sort_keys=True)
        if text not in self._seen:
            self._seen[text] = len(self.patches)
            self.patches.append(patch)
        key = "|".join("-".join(map(str, v)) if isinstance(v, list) else str(v) for v in combo)
        self.states[key] = self._seen[text]

    def into(self, spec: dict) -> dict:
        spec.update(states=self.states, patches=self.patches)
        return spec


def _precompute(explorer: "_Explorer") -> dict:
    """Every position of the controls: the figure (as a patch over the first one) and the readout,
    computed by the explorer's own ``_apply`` on a scratch figure."""
    spec = _common_spec(explorer, "table")
    base = spec["base"]
    scratch = go.Figure(explorer.figure)
    names = list(explorer.controls)
    positions = _Positions()
    for combo in itertools.product(*[_choices(explorer.controls[n]) for n in names]):
        state = {n: _decode(explorer.controls[n], v) for n, v in zip(names, combo, strict=True)}
        try:
            readout, _ = explorer._apply(state, scratch)
            patch = {**_patch(base, _figure_json(scratch)), "readout": readout}
        except ValueError as exc:
            patch = {"error": _error(exc)}
        positions.add(combo, patch)
    return positions.into(spec)


def static_html(explorer: "_Explorer") -> str:
    """The explorer as it stands in a page of the static site: a described figure holding the
    live explorer, its description and a data table that follow the controls."""
    import base64

    table = data_table(_figure_json(explorer.figure), explorer.lang)
    n = next(_static_ids)
    uid = f"gleap-x{n}-{os.getpid()}"
    title = " ".join(re.sub(r"<[^>]+>", " ", explorer.figure.layout.title.text or "").split())
    description = charts.description(explorer.figure) or title
    payload = base64.b64encode(explorer._spec).decode("ascii")
    initial = json.dumps(explorer.state(), default=list)
    height = explorer.figure.layout.height or 450  # the chart's room, kept until the page draws it
    return (f'<figure class="gleap-figure gleap-live" role="figure" aria-label="{html.escape(title)}" '
            f'aria-describedby="{uid}-desc"><div class="gleap-explorer-host" id="{uid}" style="min-height:{height}px">'
            f'<div class="gleap-readout">{explorer.readout.value}</div></div>'
            f'<details class="gleap-data"><summary>{html.escape(label("x_table", explorer.lang))}</summary>'
            f'<p id="{uid}-desc">{html.escape(description)}</p>{table}</details></figure>'
            # explorer.js is an ES module (anywidget's _esm): inlined as a module script, it runs
            # after the page is parsed, with no request, and puts explorer.css (anywidget's _css) in
            # the page's head once, as anywidget does. The course site draws the explorer when it
            # comes near the screen, once it has loaded plotly.js (site/_static/gleap-site.js keeps
            # window.gleapCharts); anywhere else it is drawn at once (plotly.js loaded by the page).
            f'<script type="module">\n{_JS}\nGLEAP.addStyle({json.dumps(_CSS)});\n{{ const host = document.getElementById("{uid}");'
            f' const draw = async () => {{ const spec = await GLEAP.decodeSpec(GLEAP.b64bytes("{payload}"));'
            f' GLEAP.mount(host, spec, GLEAP.pageValue(spec, {initial}), () => {{}},'
            f' {{details: host.parentNode.querySelector("details"), description: document.getElementById("{uid}-desc")}});'
            f' host.dataset.ready = "1"; }};'
            f' if (window.gleapCharts) window.gleapCharts.push([host, draw]); else draw(); }}</script>')


_static_ids = itertools.count(1)


class ExcessDeathsExplorer(_Explorer):
    """Baseline, period, under-registration and rates → excess deaths by year and their total.

    In the page: precomputed. 4 baselines × 21 periods × 11 corrections × 2 series is 1,008
    positions (the reconstructed series takes no correction); each is computed here with
    :func:`gleap_data.excess_deaths` and the chart's own update, and sent once (gzipped)."""

    baseline = _control_trait()
    years = _control_trait()
    underregistration = _control_trait()
    rates = _control_trait()
    # Banister's reconstructed rates already include the unregistered deaths: no second correction
    _disable = (("underregistration", "rates", "vital_rates_reconstructed"),)

    def __init__(self, lang: str | None = None):
        lang = resolve(lang)
        baselines = _baselines(lang, "ex_base_trend")
        controls = {
            **_excess_controls(baselines, lang),
            "rates": Control("toggle", label("ex_rates", lang), label("ex_rates_tip", lang),
                             ((label("ex_official", lang), "vital_rates"),
                              (label("ex_reconstructed", lang), "vital_rates_reconstructed"))),
        }
        self.table = None
        self.total = None
        super().__init__(charts.excess_deaths_chart(lang=lang), controls, {**_EXCESS_START, "rates": "vital_rates"}, lang)

    def _apply(self, c, fig):
        reconstructed = c["rates"] == "vital_rates_reconstructed"
        under = 0.0 if reconstructed else c["underregistration"]
        table = charts.update_excess_deaths_chart(fig, c["baseline"], tuple(c["years"]), c["rates"], under, self.lang)
        total = float(table.excess_deaths.sum())
        return (_message(self._total_text(table, total, reconstructed, charts._is_trend(c["baseline"]))),
                {"table": table, "total": total})

    def _total_text(self, table, total: float, reconstructed: bool, trend: bool = False) -> str:
        first, last = table.index[0], table.index[-1]
        amount = label("million_short", self.lang).format(value=charts._fmt(round(total / 1e6, 1), self.lang))
        if first == last:
            text = label("ex_total_single", self.lang).format(first=first, total=amount)
        elif total < 0:
            text = label("ex_total_negative", self.lang).format(first=first, last=last, total=amount)
        else:
            text = label("ex_total", self.lang).format(first=first, last=last, total=amount)
        if reconstructed:
            text += " " + label("ex_under_reconstructed", self.lang)
        if trend:
            a, b = charts.DEFAULT_TREND_YEARS
            text += " " + label("ex_whiskers_short", self.lang).format(a=a, b=b)
        return text

    def _make_spec(self):
        """Every position (4 baselines x 21 periods x 11 corrections x 2 series), each drawn by
        :func:`charts.excess_deaths_changes` (the chart's own update) into the page's JSON."""
        from .analysis import excess_deaths

        # the yearly figures do not depend on the period chosen (tests/test_explorers.py checks
        # every position against excess_deaths called with that period), so each baseline, series
        # and correction is computed once for 1958–1963 and cut to the period
        whole = lru_cache(maxsize=None)(lambda b, r, u: excess_deaths(baseline=b, years=(1958, 1963), rates=r,
                                                                      underregistration=u))
        spec = _common_spec(self, "table")
        base = spec["base"]
        w = self.controls
        names = list(w)
        traces, source = self.figure.data, charts.source_line(self.figure)
        positions = _Positions()
        cache = {}
        from .analysis import trend_range
        # the bars' whiskers under the trend baseline: per year, so also cut from 1958–1963
        spreads = lru_cache(maxsize=None)(lambda r, u: trend_range((1958, 1963), r, u))
        for combo in itertools.product(*[_choices(w[n]) for n in names]):
            c = {n: _decode(w[n], v) for n, v in zip(names, combo, strict=True)}
            reconstructed = c["rates"] == "vital_rates_reconstructed"
            under = 0.0 if reconstructed else c["underregistration"]
            lo, hi = c["years"]
            memo = (combo[names.index("baseline")], c["rates"], under, lo, hi)
            if memo not in cache:
                try:
                    table = whole(c["baseline"], c["rates"], under).loc[lo:hi]
                except ValueError as exc:
                    cache[memo] = {"error": _error(exc)}
                else:
                    spread = spreads(c["rates"], under).loc[lo:hi] if charts._is_trend(c["baseline"]) else None
                    changes = charts.excess_deaths_changes(table, self.lang, traces, source, spread)
                    cache[memo] = {**_patch(base, _with_changes(base, changes)),
                                   "readout": _message(self._total_text(table, float(table.excess_deaths.sum()),
                                                                        reconstructed, spread is not None))}
            positions.add(combo, cache[memo])
        return positions.into(spec)


class LabourExplorer(_Explorer):
    """Share of farm labour moved (and the model's other assumptions) → harvest, procurement,
    grain per rural person and steel, beside what actually happened 1957–1961.

    In the page: evaluated. Five controls make about 61 × 19 × 51 × 16 × 7 positions, too many
    to send; the model is a few lines of arithmetic, so the page evaluates it from the
    calibration sent once (explorer.js mirrors :func:`gleap_data.labour_allocation`; a parity test
    in Chromium compares them on random inputs)."""

    share_moved = _control_trait()
    labour_elasticity = _control_trait()
    procurement_share = _control_trait()
    overreporting = _control_trait()
    weather_loss = _control_trait()

    def __init__(self, lang: str | None = None):
        lang = resolve(lang)
        cal = labour_calibration()

        controls = {
            "share_moved": _grid_slider("lab_share", cal["share_moved_1958"], 0.0, 0.6, 0.01, lang),
            "labour_elasticity": _grid_slider("lab_elasticity", 0.5, 0.1, 1.0, 0.05, lang, percent=False),
            "procurement_share": _grid_slider("lab_procurement", cal["procurement_share"], 0.1, 0.6, 0.01, lang),
            "overreporting": _grid_slider("lab_overreporting", 0.0, 0.0, 1.5, 0.1, lang),
            "weather_loss": _grid_slider("lab_weather", 0.0, 0.0, 0.3, 0.05, lang),
        }
        start = {"share_moved": float(cal["share_moved_1958"]), "labour_elasticity": 0.5,
                 "procurement_share": float(cal["procurement_share"]), "overreporting": 0.0, "weather_loss": 0.0}
        self.point = None
        super().__init__(charts.labour_model(lang=lang), controls, start, lang)

    def _apply(self, c, fig):
        c = dict(c)
        share = c.pop("share_moved")
        point = charts.update_labour_model(fig, share, **c)
        row = point.iloc[0]
        return _message(label("lab_readout", self.lang).format(
            share=_percent(share, self.lang), output=_dec(row.grain_output_mt, 0, self.lang),
            procured=_dec(row.procurement_mt, 0, self.lang), kg=_dec(row.grain_per_rural_person_kg, 0, self.lang),
            kg_day=_dec(row.grain_per_rural_person_kg_per_day, 2, self.lang))), {"point": point}

    def _make_spec(self):
        spec = _common_spec(self, "labour")
        # the share is shown as its slider's label (the same _percent text); the rest as Babel's decimals
        kinds = {"share": "label", "output": 0, "procured": 0, "kg": 0, "kg_day": 2}
        spec["model"] = {"cal": labour_calibration(), "grid": charts.SHARE_GRID.tolist(),
                         "readout": _template(label("lab_readout", self.lang), kinds), "message": _MESSAGE,
                         "number": _number_symbols(self.lang)}
        return spec


class EmploymentExplorer(_Explorer):
    """Step through the years 1952–1970 and read each sector's share of employment.
    In the page: precomputed (19 years)."""

    year = _control_trait()

    def __init__(self, lang: str | None = None):
        lang = resolve(lang)
        from ._data import load

        self._emp = load("employment_by_sector")
        years = range(int(self._emp.year.min()), int(self._emp.year.max()) + 1)
        controls = {"year": Control("slider", label("emp_slider", lang), label("emp_slider_tip", lang),
                                    tuple((str(y), y) for y in years))}
        super().__init__(charts.employment_by_sector(lang=lang), controls, {"year": 1958}, lang)

    def _apply(self, c, fig):
        charts._mark_employment_year(fig, self._emp, c["year"], self.lang)
        return _message(fig.layout.annotations[-1].text.replace("<br>", " ")), {}

    def _make_spec(self):
        return _precompute(self)


class EstimatesExplorer(_Explorer):
    """Every published estimate as a range, filtered by the period it covers.
    In the page: precomputed (one position per period)."""

    period = _control_trait()

    def __init__(self, lang: str | None = None):
        lang = resolve(lang)
        options = ((label("est_all", lang), ""),) + tuple((p, p) for p in charts.estimate_periods())
        controls = {"period": Control("dropdown", label("est_filter", lang), label("est_filter_tip", lang), options)}
        self.shown = None
        self._every = len(charts._estimate_table())
        super().__init__(charts.estimates(lang=lang), controls, {"period": ""}, lang)

    def _apply(self, c, fig):
        period = c["period"] or None
        shown = charts.update_estimates(fig, period)
        low, high = charts.estimate_range(period)
        key = "est_readout_one" if low == high else "est_readout"
        low_text, high_text = charts._fmt_alike((low, high), self.lang)
        return _message(label(key, self.lang).format(
            shown=len(shown), every=self._every, period=period or label("est_all", self.lang),
            low=low_text, high=high_text)), {"shown": shown}

    def _make_spec(self):
        return _precompute(self)


def excess_deaths_explorer(lang: str | None = None) -> ExcessDeathsExplorer:
    """Sliders for baseline, period and under-registration; bars and total update live."""
    return ExcessDeathsExplorer(lang)


def labour_explorer(lang: str | None = None) -> LabourExplorer:
    """The labour-allocation what-if model with a slider for each assumption."""
    return LabourExplorer(lang)


def employment_explorer(lang: str | None = None) -> EmploymentExplorer:
    """Employment by sector with a year slider."""
    return EmploymentExplorer(lang)


def estimates_explorer(lang: str | None = None) -> EstimatesExplorer:
    """All published death-toll estimates, with a period filter."""
    return EstimatesExplorer(lang)


class ProvincialExcessExplorer(_Explorer):
    """Province(s), baseline, period and under-registration → each province's excess deaths
    (persons and per 1000) beside the national figure, from ``excess_deaths(..., by="province")``.

    In the page: precomputed per province. Any set of the 23 provinces can be chosen (2**23
    sets), too many to precompute per choice; but each province's figures do not depend on which
    others are chosen (each has its own baseline), so the page is sent, for every baseline, period
    and correction, each province's excess deaths (Python's numbers, exact) and the national
    figures, and it assembles the chosen ones: the rate is ``excess / population * 1000`` and
    its bar ``numpy.round(rate, 1)``, the total Python's built-in ``sum`` in the chosen order,
    the same arithmetic as here (tests/test_explorer_parity.py compares them in Chromium)."""

    provinces = _control_trait()
    baseline = _control_trait()
    years = _control_trait()
    underregistration = _control_trait()

    def __init__(self, lang: str | None = None, provinces=("Anhui", "Henan", "Gansu")):
        lang = resolve(lang)
        from .analysis import provincial_tables

        from ._data import place_name

        names = list(provincial_tables())
        # the student sees and types each province's name in the explorer's language (Syczuan in
        # Polish); the functions get the data's name back
        self._shown = {n: place_name(n, lang) for n in names}
        self._data_name = {v: k for k, v in self._shown.items()} | {n: n for n in names}
        shown = [self._shown[n] for n in names]
        baselines = _baselines(lang, "pe_base_trend_option")
        controls = {
            "provinces": Control("tags", label("pe_select", lang), label("pe_select_tip", lang), allowed=tuple(shown)),
            **_excess_controls(baselines, lang),
        }
        self.table = None
        self.national = None
        self._names = names
        chosen = [self._shown[self._data_name[p]] for p in provinces if p in self._data_name]
        first = tuple(self._data_name[p] for p in chosen) or tuple(names[:1])
        super().__init__(charts.provincial_excess_chart(first, lang=lang), controls,
                         {"provinces": tuple(chosen), **_EXCESS_START}, lang)

    def _tag(self, name):
        data_name = self._data_name.get(name) if isinstance(name, str) else None
        if data_name is None and isinstance(name, str):  # "sichuan", "SYCZUAN"
            data_name = next((d for n, d in self._data_name.items() if n.casefold() == name.strip().casefold()), None)
        return self._shown[data_name] if data_name else None

    def _apply(self, c, fig):
        table, national, _ = charts.update_provincial_excess_chart(
            fig, tuple(self._data_name.get(p, p) for p in c["provinces"]), c["baseline"], tuple(c["years"]), c["underregistration"], self.lang)
        rows = "; ".join(label("pe_row", self.lang).format(province=self._shown.get(p, p), deaths=_dec(r.excess_deaths / 1e6, 2, self.lang),
                                                           rate=_dec(r.excess_per_1000, 1, self.lang))
                         for p, r in table.iterrows())
        # the built-in sum, in the chosen order: the page adds the same numbers the same way
        total = sum(float(v) for v in table.excess_deaths)
        return _message(label("pe_readout", self.lang).format(
            listing=rows, total=_dec(total / 1e6, 2, self.lang), national=_dec(national / 1e6, 1, self.lang))), \
            {"table": table, "national": national}

    def _make_spec(self):
        from .analysis import excess_deaths

        spec = _common_spec(self, "provinces")
        w = self.controls
        names = self._names
        source = charts.source_line(self.figure)
        combos = {}
        population = {n: {} for n in names}
        from .analysis import provincial_excess_by_year

        for b in _choices(w["baseline"]):
            for u in _choices(w["underregistration"]):
                baseline, under = _decode(w["baseline"], b), _decode(w["underregistration"], u)
                # each year's figures do not depend on the period (tests/test_explorers.py checks every
                # position against excess_deaths called with that period): computed once for 1958–1963
                whole = provincial_excess_by_year(baseline, (1958, 1963), None, under, provinces=names)
                nat_whole = excess_deaths(baseline, (1958, 1963), underregistration=under)
                # cut to each period as numpy slices of the 1958–1963 columns (a pandas .loc per
                # province and period took seconds); Series.sum is numpy's sum of the same values
                first = int(nat_whole.index[0])
                nat_excess, nat_pop = nat_whole.excess_deaths.to_numpy(), nat_whole.population.to_numpy()
                columns = [(whole[n].excess_deaths.to_numpy(), whole[n].population.to_numpy()) for n in names]
                assert all(list(whole[n].index) == list(nat_whole.index) for n in names)
                for lo, hi in _choices(w["years"]):
                    i, j = lo - first, hi - first + 1
                    nat_total = float(nat_excess[i:j].sum())
                    nat_rate = nat_total / float(nat_pop[i]) * 1000
                    excess = []
                    for n, (ex_col, pop_col) in zip(names, columns):
                        population[n][str(lo)] = int(pop_col[i])
                        excess.append(float(ex_col[i:j].sum()))
                    title = label("pe_title_full", self.lang).format(
                        first=lo, last=hi, baseline=charts._baseline_text(baseline, self.lang))
                    combos[f"{b}|{lo}-{hi}|{u}"] = {
                        "excess": excess,
                        "national": nat_total, "nat_y": round(nat_rate, 1), "nat_text": _dec(nat_rate, 1, self.lang),
                        "title": charts.wrap_title(title), "title_pad": charts.title_pad(title),
                        "margin_t": charts._top_margin(title, source)}
        # the page knows each province by the name it shows (the tags' names)
        spec["prov"] = {"names": [self._shown[n] for n in names],
                        "population": {self._shown[n]: years for n, years in population.items()}, "combos": combos,
                        "china": label("pe_china", self.lang), "none": _error(ValueError(label("pe_none", self.lang))),
                        "row": _template(label("pe_row", self.lang), {"deaths": 2, "rate": 1}),
                        "readout": _template(label("pe_readout", self.lang), {"total": 2, "national": 1}),
                        "number": _number_symbols(self.lang),
                        "message": _MESSAGE}
        return spec


def provincial_excess_explorer(lang: str | None = None, provinces=("Anhui", "Henan", "Gansu")) -> ProvincialExcessExplorer:
    """Choose provinces and a baseline; each province's excess deaths update beside China's."""
    return ProvincialExcessExplorer(lang, provinces)
