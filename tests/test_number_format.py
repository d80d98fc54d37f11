"""One number formatter in Python (issue 19, section 2): display.number and display.decimal both
round through Babel (the float's shortest decimal form, half to even), so they never disagree;
the page formats with Intl.NumberFormat in the same way (tests/test_explorer_parity.py).
"""
from __future__ import annotations

import random
import re

import pytest

from gleap_data.display import decimal, number


def _trimmed(text: str) -> str:
    return re.sub(r"[.,]?0+$", "", text) if re.search(r"[.,]", text) else text


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_number_and_decimal_agree(lang):
    rng = random.Random(1958)
    values = [round(rng.uniform(1, 999), 3) for _ in range(20000)]
    disagree = [v for v in values if number(v, 2, lang) != _trimmed(decimal(v, 2, lang))]
    assert not disagree, f"{len(disagree)} of {len(values)} differ, e.g. {disagree[:5]}"


@pytest.mark.parametrize("value,en,pl", [
    # hand-checked: the shortest decimal form rounded half to even
    (370.215, "370.22", "370,22"),    # the float is 370.2149999..., its shortest form 370.215: a tie, 1 -> 2
    (370.225, "370.22", "370,22"),    # a tie, 2 stays
    (2.675, "2.68", "2,68"),
    (1.125, "1.12", "1,12"),
    (1234.5, "1,234", "1\xa0234"),    # from 1,000 up: whole, ties to even, always grouped
    (1235.5, "1,236", "1\xa0236"),
    (0.012345, "0.0123", "0,0123"),   # below 1: three significant digits
    (-0.0, "0", "0"),
])
def test_hand_checked_ties(value, en, pl):
    assert number(value, lang="en") == en
    assert number(value, lang="pl") == pl
