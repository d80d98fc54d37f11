"""The explorers' page payloads hold exactly what Python computes (no browser needed).

Precomputed explorers cut each baseline's 1958–1963 table to the period chosen; these tests
check, for every position of the controls, that this equals calling the function with that
period, so the shortcut changes no number."""
from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

import gleap_data as gd
from gleap_data import widgets


def _spec(explorer) -> dict:
    return json.loads(gzip.decompress(explorer._spec))


def test_excess_deaths_period_cut_equals_the_function_for_every_position():
    ex = gd.widgets.excess_deaths_explorer()
    for baseline in (1957, 1956, (1955, 1957), "trend"):
        for rates in ("vital_rates", "vital_rates_reconstructed"):
            for under in (0.0, 0.25, 0.5):
                whole = gd.excess_deaths(baseline, (1958, 1963), rates, under)
                for lo in range(1958, 1964):
                    for hi in range(lo, 1964):
                        pd.testing.assert_frame_equal(whole.loc[lo:hi], gd.excess_deaths(baseline, (lo, hi), rates, under),
                                                      check_exact=True)
                        if baseline == "trend":  # the bars' whiskers, cut the same way
                            pd.testing.assert_frame_equal(gd.analysis.trend_range((1958, 1963), rates, under).loc[lo:hi],
                                                          gd.analysis.trend_range((lo, hi), rates, under), check_exact=True)
    assert ex.total is not None


def test_every_precomputed_position_shows_what_the_kernel_shows():
    """Set the kernel's controls to sampled positions: the page's patch for that position, laid
    over the first figure, equals the kernel's figure, and the readouts are the same text."""
    for make in (gd.widgets.excess_deaths_explorer, gd.widgets.employment_explorer, gd.widgets.estimates_explorer):
        ex = make()
        spec = _spec(ex)
        assert spec["kind"] == "table" and spec["states"]
        keys = list(spec["states"])
        for key in keys[:: max(1, len(keys) // 40)]:
            values = {c["name"]: ([int(v) for v in part.split("-")] if c["kind"] == "range" else int(part))
                      for c, part in zip(spec["controls"], key.split("|"))}
            ex.value = values
            patch = spec["patches"][spec["states"][key]]
            if "error" in patch:
                assert ex.readout.value == patch["error"]
                continue
            kernel = widgets._figure_json(ex.figure)
            for i, trace in enumerate(kernel["data"]):
                base = spec["base"]["data"][i]
                shown = {**base, **patch["data"].get(base.get("uid"), {})}
                for k in ("x", "y", "text", "name", "error_y"):
                    assert shown.get(k) == trace.get(k), (make.__name__, key, i, k)
            assert {**spec["base"]["layout"], **patch["layout"]}["title"] == kernel["layout"]["title"]
            assert patch["readout"] == ex.readout.value, (make.__name__, key)


def test_provincial_payload_equals_the_function():
    ex = gd.widgets.provincial_excess_explorer()
    spec = _spec(ex)["prov"]
    names = spec["names"]
    for key in list(spec["combos"])[::37]:
        b, years, u = key.split("|")
        lo, hi = map(int, years.split("-"))
        baseline = ex.controls["baseline"]._options_values[int(b)]
        under = ex.controls["underregistration"]._options_values[int(u)]
        table = gd.excess_deaths(baseline, (lo, hi), underregistration=under, by="province", provinces=names)
        assert spec["combos"][key]["excess"] == [float(v) for v in table.excess_deaths], key
        assert [spec["population"][n][str(lo)] for n in names] == [int(v) for v in table.population]
        nat = gd.excess_deaths(baseline, (lo, hi), underregistration=under)
        assert spec["combos"][key]["national"] == float(nat.excess_deaths.sum())


def test_setting_a_control_from_python_moves_the_page_state():
    lab = gd.widgets.labour_explorer()
    lab.controls["overreporting"].value = 1.0
    assert lab.value["overreporting"] == list(lab.controls["overreporting"]._options_values).index(1.0)
    lab.value = {**lab.value, "share_moved": 0}  # from the page: the kernel's state follows
    assert lab.controls["share_moved"].value == 0.0 and float(lab.point.index[0]) == 0.0


@pytest.mark.parametrize("make", [gd.widgets.excess_deaths_explorer, gd.widgets.labour_explorer,
                                  gd.widgets.employment_explorer, gd.widgets.estimates_explorer,
                                  gd.widgets.provincial_excess_explorer])
def test_payload_is_small(make):
    assert make().payload_kb() < 400


# How long an explorer takes to build is measured by `make bench` (BENCHMARKS.md, explorer_builds),
# not asserted here: the suite holds no timed assertion.
