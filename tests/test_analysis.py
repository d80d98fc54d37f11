"""excess_deaths and lost_births against values worked out by hand on a small table."""
import math

import pandas as pd
import pytest

import gleap_data as gd

# Year-end populations and rates of an invented country, chosen for easy arithmetic.
SMALL = pd.DataFrame(
    {
        "year": [2000, 2001, 2002, 2003, 2004],
        "population": [1_000_000, 1_000_000, 1_200_000, 1_000_000, 1_000_000],
        "cbr": [30.0, 30.0, 20.0, 10.0, 30.0],
        "cdr": [10.0, 12.0, 20.0, 30.0, 10.0],
    }
)


def test_excess_deaths_single_year_baseline_by_hand():
    out = gd.excess_deaths(baseline=2000, years=(2002, 2003), rates=SMALL)
    # 2002: mid-year pop (1.0 m + 1.2 m) / 2 = 1.1 m; (20 - 10) / 1000 * 1.1 m = 11,000
    # 2003: mid-year pop (1.2 m + 1.0 m) / 2 = 1.1 m; (30 - 10) / 1000 * 1.1 m = 22,000
    assert list(out.index) == [2002, 2003]
    assert out.loc[2002, "population"] == 1_100_000
    assert out.loc[2002, "excess_deaths"] == pytest.approx(11_000)
    assert out.loc[2003, "excess_deaths"] == pytest.approx(22_000)
    assert list(out.columns) == ["population", "cdr", "baseline_cdr", "excess_deaths"]


def test_excess_deaths_range_number_and_trend_baselines():
    # range 2000-2001: mean rate 11 -> 2002: 9/1000 * 1.1 m = 9,900
    assert gd.excess_deaths((2000, 2001), 2002, SMALL).loc[2002, "excess_deaths"] == pytest.approx(9_900)
    # a number is a rate per 1000: (20 - 15) / 1000 * 1.1 m = 5,500
    assert gd.excess_deaths(15, 2002, SMALL).loc[2002, "excess_deaths"] == pytest.approx(5_500)
    # trend through 2000 (10) and 2001 (12) reaches 16 in 2003: (30 - 16) / 1000 * 1.1 m = 15,400
    out = gd.excess_deaths("trend", 2003, SMALL, trend_years=(2000, 2001))
    assert out.loc[2003, "baseline_cdr"] == pytest.approx(16)
    assert out.loc[2003, "excess_deaths"] == pytest.approx(15_400)


def test_underregistration_scales_reported_rates_and_derived_baseline():
    # half the deaths missing: rates double, so does the excess; a given number is not corrected
    assert gd.excess_deaths(2000, 2002, SMALL, 0.5).loc[2002, "excess_deaths"] == pytest.approx(22_000)
    out = gd.excess_deaths(15, 2002, SMALL, 0.5).loc[2002]
    assert out.cdr == pytest.approx(40) and out.excess_deaths == pytest.approx((40 - 15) * 1_100)


def test_lost_births_by_hand():
    out = gd.lost_births(baseline=2000, years=(2002, 2003), rates=SMALL)
    # 2002: (30 - 20) / 1000 * 1.1 m = 11,000 ; 2003: (30 - 10) / 1000 * 1.1 m = 22,000
    assert out["lost_births"].tolist() == pytest.approx([11_000, 22_000])
    assert list(out.columns) == ["population", "cbr", "baseline_cbr", "lost_births"]


def test_excess_deaths_on_the_official_series():
    out = gd.excess_deaths(baseline=1957, years=(1959, 1961))
    # 1960 by hand: (672.07 m + 662.07 m) / 2 * (25.43 - 10.80) / 1000
    assert out.loc[1960, "excess_deaths"] == pytest.approx(667_070_000 * 14.63 / 1000)
    assert out.excess_deaths.sum() == pytest.approx(
        sum(
            (p0 + p1) / 2 * (r - 10.8) / 1000
            for p0, p1, r in [(659_940_000, 672_070_000, 14.59),
                              (672_070_000, 662_070_000, 25.43),
                              (662_070_000, 658_590_000, 14.24)]
        )
    )


def test_reconstructed_rates_use_official_population():
    out = gd.excess_deaths(baseline=1957, years=1960, rates="vital_rates_reconstructed")
    assert out.loc[1960, "excess_deaths"] == pytest.approx(667_070_000 * (44.6 - 18.1) / 1000)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"years": (1961, 1959)}, "empty"),
        ({"years": (1940, 1960)}, "not all covered"),
        ({"years": (1960, 1975)}, "1950–1970"),
        ({"underregistration": 0.95}, "between 0 and 0.9"),
        ({"underregistration": -0.1}, "between 0 and 0.9"),
        ({"baseline": 1930}, "no death rate for 1930"),
        ({"baseline": (1957, 1955)}, "empty"),
        ({"baseline": 150.0}, "between 0 and 100"),
        ({"baseline": "average"}, "'trend'"),
        ({"rates": "grain"}, "rates must be"),
    ],
)
def test_bad_input_says_what_is_allowed(kwargs, message):
    with pytest.raises(ValueError, match=message):
        gd.excess_deaths(**kwargs)


@pytest.mark.parametrize("kwargs", [{"underregistration": "0.1"}, {"years": "1959-1961"},
                                    {"baseline": None}, {"rates": 42}])
def test_wrong_types_raise_type_error(kwargs):
    with pytest.raises(TypeError):
        gd.excess_deaths(**kwargs)


def test_inputs_are_not_modified():
    before = SMALL.copy()
    gd.excess_deaths(2000, (2002, 2003), SMALL, 0.3)
    pd.testing.assert_frame_equal(SMALL, before)
    assert not math.isnan(gd.lost_births().lost_births.sum())


# ------------------------------------------------------------------ by province

TWO_PROVINCES = pd.DataFrame(
    {
        "province": ["A"] * 4 + ["B"] * 4,
        "year": [2000, 2001, 2002, 2003] * 2,
        "population": [1_000_000, 1_000_000, 1_200_000, 1_000_000, 500_000, 500_000, 500_000, 500_000],
        "cdr": [10.0, 12.0, 20.0, 30.0, 8.0, 8.0, 18.0, 8.0],
    }
)


def test_excess_by_province_by_hand():
    out = gd.excess_deaths(baseline=2000, years=(2002, 2003), rates=TWO_PROVINCES, by="province")
    # A: 2002 (20 - 10) / 1000 * 1.1 m = 11,000; 2003 (30 - 10) / 1000 * 1.1 m = 22,000 -> 33,000
    #    per 1000 of the mid-2002 population (1.1 m): 30.0
    # B: 2002 (18 - 8) / 1000 * 0.5 m = 5,000; 2003 0 -> 5,000; per 1000 of 0.5 m: 10.0
    assert list(out.index) == ["A", "B"]
    assert list(out.columns) == ["population", "excess_deaths", "excess_per_1000"]
    assert out.loc["A", "excess_deaths"] == pytest.approx(33_000)
    assert out.loc["A", "excess_per_1000"] == pytest.approx(30.0)
    assert out.loc["B", "excess_deaths"] == pytest.approx(5_000)
    assert out.loc["B", "population"] == 500_000 and out.loc["B", "excess_per_1000"] == pytest.approx(10.0)
    # same arguments as the national function: under-registration doubles both rates and baselines
    doubled = gd.excess_deaths(2000, (2002, 2003), TWO_PROVINCES, 0.5, by="province")
    assert doubled.excess_deaths.tolist() == pytest.approx([66_000, 10_000])
    only_b = gd.excess_deaths(2000, (2002, 2003), TWO_PROVINCES, by="province", provinces=["B"])
    assert list(only_b.index) == ["B"]


def test_anhui_1960_by_hand_from_the_panel():
    # panel: population 1959 3427 and 1960 3043 (10,000 persons); cdr 1957 9.10, 1960 68.58
    row = gd.excess_deaths(1957, 1960, by="province", provinces=["Anhui"]).loc["Anhui"]
    mid = (34_270_000 + 30_430_000) / 2
    assert row.population == mid
    assert row.excess_deaths == pytest.approx((68.58 - 9.10) / 1000 * mid)
    assert row.excess_per_1000 == pytest.approx(68.58 - 9.10)


def test_provinces_sum_below_the_national_figure_and_cover_23():
    prov = gd.excess_deaths(1957, (1959, 1961), by="province")
    national = gd.excess_deaths(1957, (1959, 1961)).excess_deaths.sum()
    assert len(prov) == 23 and "Sichuan" not in prov.index
    assert 0.5 * national < prov.excess_deaths.sum() < national


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"by": "county"}, "by must be"),
        ({"by": "province", "provinces": ["Atlantis"]}, "Available: Anhui"),
        ({"by": "province", "rates": "vital_rates"}, "rates must be 'provincial_vital_rates'"),
        ({"by": "province", "years": (1940, 1960)}, "not all covered"),
        ({"provinces": ["Anhui"]}, "only applies"),
    ],
)
def test_bad_provincial_input_says_what_is_allowed(kwargs, message):
    with pytest.raises(ValueError, match=message):
        gd.excess_deaths(**kwargs)


def test_trend_fits_leave_one_year_out_by_hand():
    # trend through 2000-2002 (10, 12, 20): mean year 2001, mean rate 14, slope ((10-14)*-1 + (20-14)*1) / 2 = 5,
    # so 2003: 14 + 2 * 5 = 24 and (30 - 24) / 1000 * 1.1 m = 6,600
    # without 2000: through 12 and 20, slope 8, 2003: 28 -> 2,200
    # without 2001: through 10 and 20, slope 5, 2003: 25 -> 5,500
    # without 2002: through 10 and 12, slope 2, 2003: 16 -> 15,400 (as the two-year trend above)
    fits = gd.analysis.trend_fits(years=2003, rates=SMALL, trend_years=(2000, 2002))
    assert list(fits.index) == [0, 2000, 2001, 2002]
    assert list(fits.columns) == ["slope", "baseline_start", "baseline_end", "excess_deaths", "excess_per_1000"]
    assert fits.slope.tolist() == pytest.approx([5, 8, 5, 2])
    assert fits.baseline_start.tolist() == pytest.approx([9, 4, 10, 10])  # the line's value in 2000
    assert fits.baseline_end.tolist() == pytest.approx([24, 28, 25, 16])
    assert fits.excess_deaths.tolist() == pytest.approx([6_600, 2_200, 5_500, 15_400])
    assert fits.excess_per_1000.tolist() == pytest.approx([6, 2, 5, 14])
    # the line through every year is the one baseline="trend" uses
    same = gd.excess_deaths("trend", 2003, SMALL, trend_years=(2000, 2002))
    assert same.excess_deaths.sum() == pytest.approx(fits.excess_deaths[0])


def test_trend_range_is_each_years_spread_over_the_left_out_lines_by_hand():
    # the lines of test_trend_fits_leave_one_year_out_by_hand, year by year:
    # 2003 (30 per 1000, 1.1 m): 6,600 with every year; 2,200, 5,500 and 15,400 with one left out
    # 2004 (10 per 1000, 1.0 m): the lines give 29, 36, 30 and 18, so -19,000, -26,000, -20,000, -8,000
    spread = gd.analysis.trend_range((2003, 2004), SMALL, trend_years=(2000, 2002))
    assert list(spread.index) == [2003, 2004]
    assert list(spread.columns) == ["excess_deaths", "excess_deaths_low", "excess_deaths_high"]
    assert spread.excess_deaths.tolist() == pytest.approx([6_600, -19_000])
    assert spread.excess_deaths_low.tolist() == pytest.approx([2_200, -26_000])
    assert spread.excess_deaths_high.tolist() == pytest.approx([15_400, -8_000])
    # the middle column is excess_deaths(baseline="trend"), on the national register too
    national = gd.analysis.trend_range((1958, 1963))
    assert national.excess_deaths.tolist() == pytest.approx(
        gd.excess_deaths("trend", (1958, 1963)).excess_deaths.tolist())
    assert (national.excess_deaths_low <= national.excess_deaths).all()
    assert (national.excess_deaths <= national.excess_deaths_high).all()


def test_trend_fits_on_the_panel_match_the_trend_baseline_and_hunan_by_hand():
    # Hunan 1955-1957: 16.36, 11.51, 10.41; the full line gives 12.76 - 5 * 2.975 = -2.115 for 1961
    fits = gd.analysis.trend_fits("Hunan")
    assert fits.baseline_end.tolist() == pytest.approx([-2.115, 6.01, -1.49, -12.74])
    by_province = gd.excess_deaths("trend", (1959, 1961), by="province", provinces=["Hunan"])
    assert fits.excess_per_1000[0] == pytest.approx(by_province.excess_per_1000["Hunan"])
    national = gd.analysis.trend_fits()
    assert list(national.index) == [0, 1953, 1954, 1955, 1956, 1957]
    assert national.excess_deaths[0] == pytest.approx(gd.excess_deaths("trend").excess_deaths.sum())
    with pytest.raises(ValueError, match="Available: Anhui"):
        gd.analysis.trend_fits("Atlantis")
    with pytest.raises(ValueError):
        gd.analysis.trend_fits("Hunan", trend_years=(1956, 1957))  # two years: nothing to leave out
