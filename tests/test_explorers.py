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
            # the position's values, set as the page sets them: each control's trait
            with ex.hold_trait_notifications():
                for c, part in zip(spec["controls"], key.split("|"), strict=True):
                    setattr(ex, c["name"], [int(v) for v in part.split("-")] if c["kind"] == "range"
                            else c["values"][int(part)])
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
        baseline = ex.controls["baseline"].values[int(b)]
        under = ex.controls["underregistration"].values[int(u)]
        table = gd.excess_deaths(baseline, (lo, hi), underregistration=under, by="province", provinces=names)
        assert spec["combos"][key]["excess"] == [float(v) for v in table.excess_deaths], key
        assert [spec["population"][n][str(lo)] for n in names] == [int(v) for v in table.population]
        nat = gd.excess_deaths(baseline, (lo, hi), underregistration=under)
        assert spec["combos"][key]["national"] == float(nat.excess_deaths.sum())


def test_the_state_is_one_synced_trait_per_control():
    """Each control's value is a trait the page syncs (a state message carries it), checked
    against the control; a value from the page (JSON: a list for a pair) sets the same trait."""
    lab = gd.widgets.labour_explorer()
    assert set(lab.controls) <= set(lab.keys)  # the synced traits
    assert all(lab.trait_metadata(n, "sync") for n in lab.controls)
    lab.overreporting = 1.0
    assert lab.get_state("overreporting") == {"overreporting": 1.0}
    assert float(lab.point.procurement_mt.iloc[0]) == pytest.approx(
        float(gd.labour_allocation(lab.share_moved, overreporting=1.0).procurement_mt.iloc[0]))
    lab.set_state({"share_moved": 0})  # from the page: the kernel's figure and results follow
    assert lab.share_moved == 0.0 and float(lab.point.index[0]) == 0.0
    assert list(lab.figure.select_traces(selector={"uid": "now_output"}))[0].x[0] == 0.0
    ex = gd.widgets.excess_deaths_explorer()
    ex.set_state({"years": [1958, 1962], "baseline": [1955, 1957]})
    assert ex.years == (1958, 1962) and ex.baseline == (1955, 1957)
    assert ex.total == pytest.approx(float(gd.excess_deaths((1955, 1957), (1958, 1962)).excess_deaths.sum()))


@pytest.mark.parametrize("name, value, words", [
    ("baseline", 1950, "baseline must be one of 1957, 1956, (1955, 1957), 'trend', not 1950."),
    ("years", (1961, 1959), "The period 1961–1959 is empty"),
    ("years", (1950, 1961), "years must be between 1958 and 1963, not (1950, 1961)."),
    ("underregistration", 0.07, "underregistration must be one of 0.0, 0.05,"),
    ("rates", "zrekonstruowane", "rates must be one of 'vital_rates', 'vital_rates_reconstructed', not 'zrekonstruowane'."),
])
def test_a_wrong_value_from_python_is_refused_in_one_sentence_and_changes_nothing(name, value, words):
    ex = gd.widgets.excess_deaths_explorer()
    before, readout = ex.state(), ex.readout.value
    with pytest.raises(ValueError) as raised:
        setattr(ex, name, value)
    assert words in str(raised.value)
    assert ex.state() == before and ex.readout.value == readout


def test_provinces_are_taken_by_either_name_and_an_unknown_one_is_refused():
    ex = gd.widgets.provincial_excess_explorer(lang="pl")
    ex.provinces = ["hunan", "Anhui", "Anhui"]
    assert ex.provinces == ("Hunan", "Anhui") and list(ex.table.index) == ["Hunan", "Anhui"]
    with pytest.raises(ValueError, match="Atlantis"):
        ex.provinces = ["Atlantis"]
    assert ex.provinces == ("Hunan", "Anhui")


@pytest.mark.parametrize("make", [gd.widgets.excess_deaths_explorer, gd.widgets.labour_explorer,
                                  gd.widgets.employment_explorer, gd.widgets.estimates_explorer,
                                  gd.widgets.provincial_excess_explorer])
def test_payload_is_small(make):
    assert make().payload_kb() < 400


# How long an explorer takes to build is measured by `make bench` (BENCHMARKS.md, explorer_builds),
# not asserted here: the suite holds no timed assertion.
