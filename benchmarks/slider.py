"""Slider latency, measured inside a running IPython kernel (no browser).

``benchmarks.run`` starts a fresh kernel and executes :func:`measure_to_file` in it, so both
ways of drawing are timed in the same process, with the same kernel machinery (comm and display
messages really go out on the kernel's sockets):

* **gleap** – the explorers of :mod:`gleap_data.widgets`: a control's trait is set
  (``explorer.underregistration = 0.1``, as the page's control sets it); its observer recomputes
  with the package's functions and writes the new arrays into the explorer's figure. The update is
  synchronous, so the time of the assignment is the time until the figure holds the new data
  (checked against a freshly built chart). (The page has redrawn before that: section 2b.)
* **naive** – what most notebooks do: ``ipywidgets.interactive`` around a function that builds
  the whole figure again with the chart function of :mod:`gleap_data.charts` and calls
  ``fig.show()`` (inside the interactive's Output widget). The same control change is timed.

Neither side includes the browser's repaint; the naive way also costs the browser a full new
plot (``Plotly.newPlot``) where the FigureWidget only restyles the traces it was sent.
"""
from __future__ import annotations

import json
import statistics
import time


def _percentile(values, q):
    xs = sorted(values)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def _stats(ms):
    return {"n": len(ms), "median_ms": statistics.median(ms), "p95_ms": _percentile(ms, 0.95),
            "mean_ms": statistics.fmean(ms), "min_ms": min(ms), "max_ms": max(ms)}


def _specs():
    """One entry per interactive chart: how to build the explorer, which control to move through
    which values, and how the naive version maps the controls onto the chart function."""
    import gleap_data as gd

    charts = gd.charts
    return {
        "excess_deaths": {
            "explorer": gd.widgets.excess_deaths_explorer,
            "control": "underregistration",
            "values": [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.25, 0.2, 0.15, 0.1],
            "chart": lambda baseline, years, rates, underregistration: charts.excess_deaths_chart(
                baseline=baseline, years=tuple(years), rates=rates, underregistration=underregistration),
        },
        "labour_model": {
            "explorer": gd.widgets.labour_explorer,
            "control": "share_moved",
            "values": [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.3, 0.25, 0.2, 0.15],
            "chart": lambda share_moved, **rest: charts.labour_model(share_moved, **rest),
        },
        "employment": {
            "explorer": gd.widgets.employment_explorer,
            "control": "year",
            "values": [1955, 1956, 1957, 1958, 1959, 1960, 1961, 1960, 1959, 1958, 1957, 1956],
            "chart": lambda year: charts.employment_by_sector(year=year),
        },
        "estimates": {
            "explorer": gd.widgets.estimates_explorer,
            "control": "period",
            "values": None,  # every option of the menu, in turn
            "chart": lambda period: charts.estimates(period=period or None),
        },
    }


def _naive_control(control, value):
    """An ipywidgets control for one of an explorer's controls (for the naive ``interactive``)."""
    import ipywidgets as W

    if control.kind == "range":
        return W.IntRangeSlider(value=value, min=control.min, max=control.max, description=control.description)
    if control.kind == "tags":
        return W.TagsInput(value=list(value), allowed_tags=list(control.allowed), description=control.description)
    kind = {"slider": W.SelectionSlider, "dropdown": W.Dropdown, "toggle": W.ToggleButtons}[control.kind]
    return kind(options=list(control.options), value=value, description=control.description)


def _data_json(fig) -> str:
    import plotly.graph_objects as go
    from plotly.utils import PlotlyJSONEncoder

    # the data proper: x and y of every trace (a FigureWidget also gives each trace a uid)
    data = [{k: trace.get(k) for k in ("type", "x", "y")} for trace in go.Figure(fig).to_dict()["data"]]
    return json.dumps(data, cls=PlotlyJSONEncoder, sort_keys=True)


def _cycle(values, n):
    return [values[i % len(values)] for i in range(n)]



def _time_changes(set_value, values, warmup, after=None):
    """Milliseconds from ``set_value(value)`` until the observers return, warm-up dropped."""
    times = []
    for i, value in enumerate(values):
        t0 = time.perf_counter()
        set_value(value)
        dt = (time.perf_counter() - t0) * 1e3
        if i >= warmup:
            times.append(dt)
        if after is not None:
            after(i)
    return times

def measure(n: int = 60, warmup: int = 3, only=None, check_every: int = 10) -> dict:
    """Time ``n`` control changes (after ``warmup`` untimed ones) per chart, both ways."""
    import ipywidgets as W

    results = {}
    for name, spec in _specs().items():
        if only and name not in only:
            continue
        # ---- gleap: explorer updating its FigureWidget in place
        explorer = spec["explorer"]()
        name_moved = spec["control"]
        values = spec["values"] or explorer.controls[name_moved].values
        seq = _cycle(values, warmup + n + 1)
        if seq[0] == getattr(explorer, name_moved):
            seq = seq[1:]
        checked = 0

        def check(i):  # every few changes: the widget holds exactly what a fresh chart would draw
            nonlocal checked
            if i % check_every == 0:
                current = explorer.state()
                if _data_json(explorer.figure) != _data_json(spec["chart"](**current)):
                    raise AssertionError(f"{name}: the FigureWidget does not hold the new data for {current}")
                checked += 1

        fast = _time_changes(lambda v: setattr(explorer, name_moved, v), seq[: warmup + n], warmup, after=check)

        # ---- naive: interactive() re-creating and showing the figure on every change
        controls = {k: _naive_control(c, getattr(explorer, k)) for k, c in explorer.controls.items()}
        naive_control = controls[name_moved]

        def draw(**kwargs):
            spec["chart"](**kwargs).show()

        t0 = time.perf_counter()
        interactive = W.interactive(draw, **controls)
        first_ms = (time.perf_counter() - t0) * 1e3
        slow = _time_changes(lambda v: setattr(naive_control, "value", v), seq[: warmup + n], warmup)
        interactive.close()
        explorer.close()

        results[name] = {
            "control": spec["control"], "changes": n, "warmup": warmup, "checked": checked,
            "gleap": _stats(fast), "naive": _stats(slow), "naive_first_draw_ms": first_ms,
            "speedup_median": statistics.median(slow) / statistics.median(fast),
        }
    return results


def measure_to_file(path: str, **kwargs) -> None:
    """Run :func:`measure` and write its result as JSON to ``path`` (called inside the kernel)."""
    out = measure(**kwargs)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh)
