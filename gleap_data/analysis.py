"""Analysis functions: pure, DataFrame in, DataFrame out.

Every function here checks its arguments and raises ``ValueError`` (or ``TypeError`` for a
wrong kind of argument) with a sentence that says what is allowed.
"""
from __future__ import annotations

import numbers
from functools import lru_cache

import numpy as np
import pandas as pd

from ._data import load

#: Pre-famine years used by ``baseline="trend"`` unless told otherwise: the five years from the
#: first census (1953) to the eve of the Leap (1957), available in both the official and the
#: reconstructed series.
DEFAULT_TREND_YEARS = (1953, 1957)
MAX_UNDERREGISTRATION = 0.9


def _is_number(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _prepare(table: pd.DataFrame, rate_column: str) -> pd.DataFrame:
    """Year-indexed: year-end population, the rate, and the mid-year population (the mean of
    the year-end counts of the year before and the year itself; missing where either is)."""
    missing = {"year", rate_column} - set(table.columns)
    if missing:
        raise ValueError(
            f"The rates table needs the columns year and {rate_column} "
            f"(missing: {', '.join(sorted(missing))})."
        )
    table = table.set_index(table["year"].astype(int))
    if "population" not in table.columns:
        # Reconstructed series give rates only; population comes from the official count.
        official = load("vital_rates").set_index("year")["population"]
        table["population"] = official.reindex(table.index)
    out = table[["population", rate_column]].astype(float)
    before = out["population"].reindex(out.index - 1).to_numpy()
    out["mid_population"] = (before + out["population"].to_numpy()) / 2
    # the years a period may cover: a rate and both year-end counts (kept with the table)
    out.attrs["usable"] = frozenset(out.index[out[[rate_column, "mid_population"]].notna().all(axis=1)])
    return out


@lru_cache(maxsize=8)
def _named_rates(rates: str, rate_column: str) -> pd.DataFrame:
    return _prepare(load(rates), rate_column)


def _rates_table(rates, rate_column: str) -> pd.DataFrame:
    """The prepared table for a dataset name or a DataFrame (treated as read-only)."""
    if isinstance(rates, str):
        if rates not in ("vital_rates", "vital_rates_reconstructed"):
            raise ValueError(
                "rates must be 'vital_rates' (official), 'vital_rates_reconstructed' "
                f"(Banister 1984) or a DataFrame, not '{rates}'."
            )
        return _named_rates(rates, rate_column)
    if isinstance(rates, pd.DataFrame):
        table = rates
        if "year" not in table.columns and table.index.name == "year":
            table = table.reset_index()
        return _prepare(table.copy(), rate_column)
    raise TypeError(
        "rates must be 'vital_rates', 'vital_rates_reconstructed' or a DataFrame with "
        f"columns year, population and {rate_column}; got {type(rates).__name__}."
    )


def _years(years, table: pd.DataFrame, rate_column: str) -> list[int]:
    if _is_number(years) and float(years).is_integer():
        years = (int(years), int(years))
    if not (isinstance(years, (tuple, list)) and len(years) == 2 and all(_is_number(y) for y in years)):
        raise TypeError(f"years must be a (first, last) pair of years such as (1959, 1961), not {years!r}.")
    first, last = int(years[0]), int(years[1])
    if first > last:
        raise ValueError(f"The period {first}–{last} is empty: the first year must not come after the last.")
    usable = table.attrs["usable"]
    if not usable:
        raise ValueError("The rates table has no year with a rate and two year-end populations.")
    outside = [y for y in range(first, last + 1) if y not in usable]
    if outside:
        raise ValueError(
            f"Years {first}–{last} are not all covered: the data allow {min(usable)}–{max(usable)} "
            f"(a year needs its rate and the year-end population of the year before); "
            f"missing: {', '.join(map(str, outside))}."
        )
    return list(range(first, last + 1))


def _rate(table: pd.DataFrame, column: str, year: int, what: str) -> float:
    if year not in table.index or np.isnan(table.at[year, column]):
        have = table[column].dropna().index
        raise ValueError(f"There is no {what} for {year}: the data have {min(have)}–{max(have)}.")
    return float(table.at[year, column])


def _baseline(baseline, table: pd.DataFrame, column: str, years: list[int], trend_years, correction: float):
    """Baseline rate per year (an array over ``years``), in the same units as the rates."""
    what = "birth rate" if column == "cbr" else "death rate"
    if isinstance(baseline, str):
        if baseline != "trend":
            raise ValueError(
                f"baseline must be a year (1957), a range ((1955, 1957)), a {what} per 1000 (10.8) "
                f"or 'trend', not '{baseline}'."
            )
        a, b = trend_years
        if a >= b:
            raise ValueError(f"trend_years must span at least two years, not {a}–{b}.")
        xs = np.arange(a, b + 1)
        ys = np.array([_rate(table, column, int(y), what) for y in xs]) * correction
        slope, intercept = np.polyfit(xs, ys, 1)
        return intercept + slope * np.array(years, dtype=float)
    if _is_number(baseline):
        if float(baseline).is_integer() and 1900 <= baseline <= 2100:
            return np.full(len(years), _rate(table, column, int(baseline), what) * correction)
        if not 0 < baseline < 100:
            raise ValueError(f"A baseline {what} must be between 0 and 100 per 1000, not {baseline}.")
        return np.full(len(years), float(baseline))  # a given rate is taken as true: not corrected
    if isinstance(baseline, (tuple, list)) and len(baseline) == 2 and all(_is_number(y) for y in baseline):
        a, b = int(baseline[0]), int(baseline[1])
        if a > b:
            raise ValueError(f"The baseline range {a}–{b} is empty: its first year comes after its last.")
        mean = np.mean([_rate(table, column, y, what) for y in range(a, b + 1)])
        return np.full(len(years), mean * correction)
    raise TypeError(
        f"baseline must be a year (1957), a range ((1955, 1957)), a {what} per 1000 (10.8) or "
        f"'trend', not {baseline!r}."
    )


def _underregistration(share) -> float:
    if not _is_number(share):
        raise TypeError(f"underregistration must be a number from 0 to {MAX_UNDERREGISTRATION}, not {share!r}.")
    if not 0 <= share <= MAX_UNDERREGISTRATION:
        raise ValueError(
            f"underregistration is the share of events missing from the register: it must be "
            f"between 0 and {MAX_UNDERREGISTRATION}, not {share}."
        )
    return 1.0 / (1.0 - float(share))


def _gap(column: str, out_column: str, sign: int, baseline, years, rates, underregistration, trend_years):
    correction = _underregistration(underregistration)
    table = _rates_table(rates, column)
    period = _years(years, table, column)
    rows = table.index.get_indexer(period)
    population = table["mid_population"].to_numpy()[rows]
    rate = table[column].to_numpy()[rows] * correction
    base = _baseline(baseline, table, column, period, trend_years, correction)
    out = pd.DataFrame(
        {
            "population": population,
            column: rate,
            f"baseline_{column}": base,
            out_column: sign * (rate - base) / 1000 * population,
        },
        index=pd.Index(period),
    )
    out.index.name = "year"
    return out


def excess_deaths(baseline=1957, years=(1959, 1961), rates="vital_rates", underregistration=0.0,
                  *, trend_years=DEFAULT_TREND_YEARS) -> pd.DataFrame:
    """Deaths above a 'normal' death rate, year by year.

    ``excess_deaths = (cdr - baseline_cdr) / 1000 * population`` where population is the
    mid-year population (the mean of the year-end counts of the year before and the year).

    Parameters
    ----------
    baseline : the 'normal' death rate. A year (``1957``: that year's rate), a range
        (``(1955, 1957)``: the mean rate of those years), a number (``10.0``: per 1000, taken
        as a true rate) or ``"trend"``: a straight line fitted to the rates of ``trend_years``
        (1953–1957 unless given) and extended over the period.
    years : ``(first, last)`` inclusive, or a single year.
    rates : ``"vital_rates"`` (official registration), ``"vital_rates_reconstructed"`` (Banister
        1984, with the official population) or a DataFrame with columns year, cdr and
        (optionally) population (year-end, persons).
    underregistration : share of deaths missing from the register, 0 to 0.9. Reported rates,
        and a baseline taken from them, are divided by ``1 - underregistration``.

    Returns a DataFrame indexed by year: population (mid-year, persons), cdr (per 1000, after
    correction), baseline_cdr (per 1000) and excess_deaths (persons; negative where the rate
    fell below the baseline). This is arithmetic on the chosen assumptions, not a verdict: the
    choice of baseline, period and correction moves the total by millions.

    Worked example on the official series, 1960 against 1957:
    the population is (672.07 m + 662.07 m) / 2 = 667.07 m; the excess rate is
    25.43 - 10.80 = 14.63 per 1000; 14.63 / 1000 * 667.07 m = 9.759 m.

    >>> row = excess_deaths(baseline=1957, years=(1960, 1960)).loc[1960]
    >>> int(row.population), float(row.cdr), float(row.baseline_cdr), round(row.excess_deaths)
    (667070000, 25.43, 10.8, 9759234)
    """
    return _gap("cdr", "excess_deaths", +1, baseline, years, rates, underregistration, trend_years)


def lost_births(baseline=1957, years=(1959, 1961), rates="vital_rates", underregistration=0.0,
                *, trend_years=DEFAULT_TREND_YEARS) -> pd.DataFrame:
    """Births below a 'normal' birth rate ('lost or postponed births'), year by year.

    ``lost_births = (baseline_cbr - cbr) / 1000 * population`` with the mid-year population,
    and arguments as in :func:`excess_deaths` (``underregistration`` is then the share of
    births missing from the register). Some of these births were postponed, not lost: the
    birth rate rebounded in 1962–1963.

    Worked example on the official series, 1960 against 1957: (34.03 - 20.86) / 1000 *
    667.07 m = 8.785 m.

    >>> round(lost_births(baseline=1957, years=1960).loc[1960, "lost_births"])
    8785312
    """
    return _gap("cbr", "lost_births", -1, baseline, years, rates, underregistration, trend_years)
