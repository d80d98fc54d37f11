"""The page's arithmetic (gleap_data/explorer.js) against Python's, in Chromium, on many random
inputs: the labour model, the readout's number formatting, numpy's rounding of a bar."""
from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

import gleap_data as gd
from gleap_data.labels import label

pytestmark = pytest.mark.browser
JS = (Path(__file__).resolve().parents[1] / "gleap_data" / "explorer.js").read_text("utf-8")


@pytest.fixture
def js(browser):
    page = browser.new_page()
    page.set_content("<html><body></body></html>")
    page.add_script_tag(content=JS + "\nwindow.GLEAP = GLEAP;")
    yield page
    page.close()


def test_labour_model_in_the_page_equals_python(js):
    rng = random.Random(1958)
    cal = gd.labour_calibration()
    cases = [(rng.uniform(0, 0.9), rng.uniform(0.05, 1.5), rng.uniform(0, 1), rng.uniform(0, 3), rng.uniform(0, 0.5))
             for _ in range(500)]
    cases += [(0.0, 0.5, cal["procurement_share"], 0.0, 0.0), (cal["share_moved_1958"], 0.5, cal["procurement_share"], 0.0, 0.0)]
    page = js.evaluate("([cal, cases]) => cases.map(c => GLEAP.labourAllocation(cal, ...c))", [cal, cases])
    template = gd.widgets._template(label("lab_readout", "en"))
    texts = js.evaluate("([t, rows]) => rows.map(r => GLEAP.fill(t, r))",
                        [template, [{"share": c[0], "output": p["grain_output_mt"], "procured": p["procurement_mt"],
                                     "kg": p["grain_per_rural_person_kg"]} for c, p in zip(cases, page)]])
    for (share, alpha, procure, over, weather), shown, text in zip(cases, page, texts):
        row = gd.labour_allocation(share, labour_elasticity=alpha, procurement_share=procure, overreporting=over,
                                   weather_loss=weather).iloc[0]
        for key, value in shown.items():
            assert value == pytest.approx(float(row[key]), rel=1e-12), (key, share, alpha)
        assert text == label("lab_readout", "en").format(share=share, output=row.grain_output_mt,
                                                         procured=row.procurement_mt, kg=row.grain_per_rural_person_kg)


def test_number_formatting_and_rounding_equal_python(js):
    rng = random.Random(7)
    values = [rng.uniform(-100, 100) for _ in range(2000)] + [0.125, 0.375, 2.5, 3.5, -2.5, 1.25, 0.05, -0.0, 1e-9,
                                                              12345.675, 0.5, 1.5, 63.25, 59.45]
    values += [round(rng.uniform(0, 80), 2) for _ in range(500)] + [rng.randint(0, 400) / 8 for _ in range(200)]
    got = js.evaluate("vs => vs.map(v => [GLEAP.pyFixed(v, 0), GLEAP.pyFixed(v, 1), GLEAP.pyFixed(v, 2), GLEAP.npRound(v, 1)])",
                      values)
    for v, (f0, f1, f2, r1) in zip(values, got):
        assert [f0, f1, f2] == [f"{v:.0f}", f"{v:.1f}", f"{v:.2f}"], v
        assert r1 == float(np.round(np.float64(v), 1)) or (v == 0 and r1 == 0), v
