"""The page's arithmetic (gleap_data/explorer.js) against Python's, in Chromium, on many random
inputs: the labour model, the readout's number formatting, numpy's rounding of a bar."""
from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

import gleap_data as gd

pytestmark = pytest.mark.browser
JS = (Path(__file__).resolve().parents[1] / "gleap_data" / "explorer.js").read_text("utf-8")


@pytest.fixture
def js(browser):
    page = browser.new_page()
    page.set_content("<html><body></body></html>")
    # explorer.js is an ES module (anywidget's _esm): loaded as one, it hands its GLEAP to the test
    page.add_script_tag(content=JS + "\nwindow.GLEAP = GLEAP;", type="module")
    page.wait_for_function("() => window.GLEAP !== undefined")
    yield page
    page.close()


def test_labour_model_in_the_page_equals_python(js):
    rng = random.Random(1958)
    cal = gd.labour_calibration()
    cases = [(rng.uniform(0, 0.9), rng.uniform(0.05, 1.5), rng.uniform(0, 1), rng.uniform(0, 3), rng.uniform(0, 0.5))
             for _ in range(500)]
    cases += [(0.0, 0.5, cal["procurement_share"], 0.0, 0.0), (cal["share_moved_1958"], 0.5, cal["procurement_share"], 0.0, 0.0)]
    page = js.evaluate("([cal, cases]) => cases.map(c => GLEAP.labourAllocation(cal, ...c))", [cal, cases])
    for (share, alpha, procure, over, weather), shown in zip(cases, page, strict=True):
        row = gd.labour_allocation(share, labour_elasticity=alpha, procurement_share=procure, overreporting=over,
                                   weather_loss=weather).iloc[0]
        for key, value in shown.items():
            assert value == pytest.approx(float(row[key]), rel=1e-12), (key, share, alpha)


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_labour_readout_in_the_page_equals_python(js, lang):
    """The readout the page writes for the labour model: the same sentence as Python's explorer,
    numbers in the language's form, for every position of the share slider and random others."""
    explorer = gd.widgets.labour_explorer(lang=lang)
    spec = json.loads(__import__("gzip").decompress(explorer._spec))
    rng = random.Random(61)
    values = []
    for _ in range(120):
        values.append({c["name"]: rng.randrange(len(c["labels"])) for c in spec["controls"]})
    start = {c["name"]: c["values"].index(getattr(explorer, c["name"])) for c in spec["controls"]}
    values += [{**start, "share_moved": i} for i in range(len(spec["controls"][0]["labels"]))]
    got = js.evaluate("([spec, vs]) => vs.map(v => GLEAP.stateView(spec, v, null).readout)", [spec, values])
    for value, readout in zip(values, got, strict=True):
        explorer.set_state({c["name"]: c["values"][value[c["name"]]] for c in spec["controls"]})  # as the page sets them
        assert readout == explorer.readout.value, value


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_number_formatting_and_rounding_equal_python(js, lang):
    """The page's numbers are display.decimal's (Babel: shortest decimal form, half to even, grouped
    by threes, the language's symbols), and its bar heights numpy's round."""
    from gleap_data.display import decimal

    rng = random.Random(7)
    values = [rng.uniform(-100, 100) for _ in range(1500)] + [0.125, 0.375, 2.5, 3.5, -2.5, 1.25, 0.05, -0.0, 1e-9,
                                                              12345.675, 0.5, 1.5, 63.25, 59.45, 2.675, -0.001,
                                                              999.995, 999999.5, 1234.5, 1e-7, 5e-324, 123456789.125]
    values += [round(rng.uniform(0, 80), 2) for _ in range(400)] + [rng.randint(0, 400) / 8 for _ in range(200)]
    values += [rng.uniform(-3e7, 3e7) for _ in range(300)] + [rng.uniform(0, 1) / 10 ** rng.randint(0, 9) for _ in range(200)]
    symbols = gd.widgets._number_symbols(lang)
    got = js.evaluate("([vs, sym]) => vs.map(v => [0, 1, 2, 3].map(d => GLEAP.babelDecimal(v, d, sym)).concat([GLEAP.npRound(v, 1)]))",
                      [values, symbols])
    for v, (f0, f1, f2, f3, r1) in zip(values, got, strict=True):
        assert [f0, f1, f2, f3] == [decimal(v, d, lang) for d in range(4)], v
        assert r1 == float(np.round(np.float64(v), 1)) or (v == 0 and r1 == 0), v


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_table_numbers_in_the_page_equal_python(js, lang):
    """The explorers' data tables write numbers as gd.show and the static site's tables do
    (display.number): whole from 1,000 up, at most two decimals from 1, three significant digits
    below 1, exact ties to even, in the language's form."""
    from gleap_data.display import number

    rng = random.Random(1959)
    values = [rng.uniform(-2000, 2000) for _ in range(800)] + [rng.uniform(-1, 1) / 10 ** rng.randint(0, 12)
                                                               for _ in range(800)]
    values += [round(rng.uniform(0, 900), 3) for _ in range(300)] + [rng.randint(-10**9, 10**9) / 4 for _ in range(200)]
    values += [0.0, -0.0, 1.0, 0.03125, 0.0625, 0.125, 2.675, 1.005, 999.995, 999.5, 1000.5, 1234.5, 0.5, -0.5,
               1e-11, -1e-11, 0.00012345, 14554928.249999998, 666005000.0, 24.6, 0.0227, float("nan")]
    got = js.evaluate("([vs, sym]) => vs.map(v => GLEAP.displayNumber(v, sym))",
                      [[None if v != v else v for v in values], gd.widgets._number_symbols(lang)])
    for v, text in zip(values, got, strict=True):
        if v != v:
            continue  # JSON carries no NaN; display.number writes it as a dash (checked below)
        assert text == number(v, lang=lang), (v, text, number(v, lang=lang))
    assert js.evaluate("sym => GLEAP.displayNumber(NaN, sym)", gd.widgets._number_symbols(lang)) == number(float("nan"))
