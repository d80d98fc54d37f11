"""Analysis functions: pure, DataFrame in, DataFrame out.

Every function here checks its arguments and raises ``ValueError`` (or ``TypeError`` for a
wrong kind of argument) with a sentence that says what is allowed, in the session's language
(``gleap_data.errors``; a Jupyter kernel shows that sentence alone, without a traceback).
"""
from __future__ import annotations

import numbers
from functools import lru_cache

import numpy as np
import pandas as pd

from ._data import load, localized
from .errors import shown, type_error, value_error
from .labels import documented, label

#: Pre-famine years used by ``baseline="trend"`` unless told otherwise: the five years from the
#: first census (1953) to the eve of the Leap (1957), available in both the official and the
#: reconstructed series.
DEFAULT_TREND_YEARS = (1953, 1957)
#: The same for ``by="province"``: the provincial panel's death rates start in 1955 for every province.
PROVINCIAL_TREND_YEARS = (1955, 1957)
MAX_UNDERREGISTRATION = 0.9
#: The rows of ``provincial_vital_rates`` that ``by="province"`` uses: the one series that covers
#: 23 provinces with populations (Meng, Qian & Yared 2015; see the descriptor).
PROVINCIAL_SERIES = "Meng, Qian & Yared"


def _is_number(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _prepare(table: pd.DataFrame, rate_column: str) -> pd.DataFrame:
    """Year-indexed: year-end population, the rate, and the mid-year population (the mean of
    the year-end counts of the year before and the year itself; missing where either is)."""
    missing = {"year", rate_column} - set(table.columns)
    if missing:
        raise value_error("rates_columns", column=rate_column, missing=", ".join(sorted(missing)))
    table = table.set_index(table["year"].astype(int))
    if "population" not in table.columns:
        # Reconstructed series give rates only; population comes from the official count.
        official = load("vital_rates").set_index("year")["population"]
        table["population"] = official.reindex(table.index)
    out = table[["population", rate_column]].astype(float)
    before = out["population"].reindex(out.index - 1).to_numpy()
    out["mid_population"] = (before + out["population"].to_numpy()) / 2
    # the years a period may cover: a rate and both year-end counts (kept with the table)
    out.attrs["usable"] = _Usable(out.index[out[[rate_column, "mid_population"]].notna().all(axis=1)])
    return out


class _Usable(frozenset):
    """A table's usable years. Immutable, so pandas, which deep-copies ``attrs`` on every column
    it hands out, may share it instead (the copies made the explorers' precomputation slow)."""

    def __deepcopy__(self, memo):
        return self


@lru_cache(maxsize=8)
def _named_rates(rates: str, rate_column: str) -> pd.DataFrame:
    return _prepare(load(rates), rate_column)


def _rates_table(rates, rate_column: str) -> pd.DataFrame:
    """The prepared table for a dataset name or a DataFrame (treated as read-only); a table that is
    already prepared (a provincial table, with ``population`` and ``mid_population``) as it is."""
    if isinstance(rates, pd.DataFrame) and "population" in rates.columns and "mid_population" in rates.columns:
        return rates
    if isinstance(rates, str):
        if rates not in ("vital_rates", "vital_rates_reconstructed"):
            raise value_error("rates_name", value=shown(rates))
        return _named_rates(rates, rate_column)
    if isinstance(rates, pd.DataFrame):
        table = rates
        if "year" not in table.columns and table.index.name == "year":
            table = table.reset_index()
        return _prepare(table.copy(), rate_column)
    raise type_error("rates_kind", column=rate_column, value=shown(rates))


def _years(years, table: pd.DataFrame, rate_column: str) -> list[int]:
    if _is_number(years) and float(years).is_integer():
        years = (int(years), int(years))
    if not (isinstance(years, (tuple, list)) and len(years) == 2 and all(_is_number(y) for y in years)):
        raise type_error("years_kind", value=shown(years))
    first, last = int(years[0]), int(years[1])
    if first > last:
        raise value_error("years_empty", first=first, last=last)
    usable = table.attrs["usable"]
    if not usable:
        raise value_error("no_usable_year")
    outside = [y for y in range(first, last + 1) if y not in usable]
    if outside:
        raise value_error("years_outside", first=first, last=last, low=min(usable), high=max(usable),
                          missing=", ".join(map(str, outside)))
    return list(range(first, last + 1))


def _rate(table: pd.DataFrame, column: str, year: int, what: str) -> float:
    if year not in table.index or np.isnan(table.at[year, column]):
        have = table[column].dropna().index
        raise value_error("no_rate", what=what, year=year, low=min(have), high=max(have))
    return float(table.at[year, column])


def _baseline(baseline, table: pd.DataFrame, column: str, years: list[int], trend_years, correction: float):
    """Baseline rate per year (an array over ``years``), in the same units as the rates."""
    from .errors import message

    what = message("birth_rate" if column == "cbr" else "death_rate")
    if isinstance(baseline, str):
        if baseline != "trend":
            raise value_error("baseline", what=what, value=shown(baseline))
        a, b = trend_years
        if a >= b:
            raise value_error("trend_years", first=a, last=b)
        xs = np.arange(a, b + 1)
        ys = np.array([_rate(table, column, int(y), what) for y in xs]) * correction
        slope, intercept = np.polyfit(xs, ys, 1)
        return intercept + slope * np.array(years, dtype=float)
    if _is_number(baseline):
        if float(baseline).is_integer() and 1900 <= baseline <= 2100:
            return np.full(len(years), _rate(table, column, int(baseline), what) * correction)
        if not 0 < baseline < 100:
            raise value_error("baseline_rate", what=what, value=shown(baseline))
        return np.full(len(years), float(baseline))  # a given rate is taken as true: not corrected
    if isinstance(baseline, (tuple, list)) and len(baseline) == 2 and all(_is_number(y) for y in baseline):
        a, b = int(baseline[0]), int(baseline[1])
        if a > b:
            raise value_error("baseline_range", first=a, last=b)
        mean = np.mean([_rate(table, column, y, what) for y in range(a, b + 1)])
        return np.full(len(years), mean * correction)
    raise type_error("baseline", what=what, value=shown(baseline))


def _underregistration(share) -> float:
    if not _is_number(share):
        raise type_error("under_kind", high=MAX_UNDERREGISTRATION, value=shown(share))
    if not 0 <= share <= MAX_UNDERREGISTRATION:
        raise value_error("under_range", high=MAX_UNDERREGISTRATION, value=shown(share))
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


@documented
def excess_deaths(baseline=1957, years=(1959, 1961), rates=None, underregistration=0.0,
                  *, trend_years=None, by="year", provinces=None) -> pd.DataFrame:
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
    rates : ``"vital_rates"`` (official registration, the default), ``"vital_rates_reconstructed"``
        (Banister 1984, with the official population) or a DataFrame with columns year, cdr and
        (optionally) population (year-end, persons).
    underregistration : share of deaths missing from the register, 0 to 0.9. Reported rates,
        and a baseline taken from them, are divided by ``1 - underregistration``.
    by : ``"year"`` (the default: one row per year) or ``"province"``: one row per province,
        computed province by province with the same arguments from the provincial panel (see
        below).
    provinces : with ``by="province"``, a list of province names to keep (default: all).

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

    **By province** (``by="province"``): the rates are the registered provincial death rates of
    the Meng–Qian–Yared panel in ``provincial_vital_rates`` (23 provinces; Sichuan, Guangxi,
    Inner Mongolia, Ningxia, Xinjiang and Tibet are missing), or a DataFrame with columns
    province, year, cdr and population. Each province gets its own baseline (its own 1957 rate,
    its own trend over ``trend_years``, 1955–1957 unless given). One row per province:
    population (mid-year population of the period's first year, persons), excess_deaths (sum over
    the period, persons) and excess_per_1000 (excess_deaths per 1000 of that population).
    The provinces do not add up to the national figure: six provinces are missing, and the
    provincial registers are a different series from the national one.

    Worked example, Anhui 1960 against 1957: mid-year population (3427 + 3043) / 2 = 3235
    ten-thousands = 32.35 m; excess rate 68.58 - 9.10 = 59.48 per 1000; 59.48 / 1000 * 32.35 m
    = 1.924 m.

    >>> row = excess_deaths(1957, 1960, by="province", provinces=["Anhui"]).loc["Anhui"]
    >>> int(row.population), round(row.excess_deaths), round(float(row.excess_per_1000), 2)
    (32350000, 1924178, 59.48)
    """
    if by == "province":
        return _provincial_totals(baseline, years, rates, underregistration, trend_years, provinces)
    if by != "year":
        raise value_error("by", value=shown(by))
    if provinces is not None:
        raise value_error("provinces_only")
    return _gap("cdr", "excess_deaths", +1, baseline, years, "vital_rates" if rates is None else rates,
                underregistration, DEFAULT_TREND_YEARS if trend_years is None else trend_years)


@lru_cache(maxsize=2)
def _provincial_panel() -> pd.DataFrame:
    table = load("provincial_vital_rates")
    return table[table.source.str.startswith(PROVINCIAL_SERIES)]


def provincial_tables(rates=None) -> dict[str, pd.DataFrame]:
    """Province -> prepared rates table (year-indexed: population, cdr, mid_population), from the
    provincial panel or a DataFrame with columns province, year, cdr and population."""
    if rates is None or (isinstance(rates, str) and rates == "provincial_vital_rates"):
        return _named_provincial_tables()
    if isinstance(rates, str):
        raise value_error("province_rates_name", value=shown(rates))
    if not isinstance(rates, pd.DataFrame):
        raise type_error("province_rates_kind", value=shown(rates))
    missing = {"province", "year", "cdr", "population"} - set(rates.columns)
    if missing:
        raise ValueError(f"A provincial rates table needs the columns province, year, cdr and population "
                         f"(missing: {', '.join(sorted(missing))}).")
    if rates.duplicated(["province", "year"]).any():
        raise ValueError("The provincial rates table has two rows for the same province and year "
                         "(two sources?): keep one source per province.")
    return {p: _prepare(part.copy(), "cdr") for p, part in rates.groupby("province", sort=True)}


@lru_cache(maxsize=1)
def _named_provincial_tables() -> dict[str, pd.DataFrame]:
    panel = _provincial_panel()
    return {p: _prepare(part.copy(), "cdr") for p, part in panel.groupby("province", sort=True)}


def provincial_excess_by_year(baseline=1957, years=(1959, 1961), rates=None, underregistration=0.0,
                              *, trend_years=None, provinces=None) -> dict[str, pd.DataFrame]:
    """Province -> the year-by-year table of :func:`excess_deaths` for that province (same
    columns), with the arguments of ``excess_deaths(..., by="province")``."""
    tables = provincial_tables(rates)
    if provinces is None:
        chosen = list(tables)
    else:
        if isinstance(provinces, str):
            provinces = [provinces]
        if not isinstance(provinces, (list, tuple)) or not provinces:
            raise type_error("provinces_kind", value=shown(provinces))
        unknown = [p for p in provinces if p not in tables]
        if unknown:
            raise value_error("provinces_unknown", names=", ".join(map(str, unknown)), available=", ".join(tables))
        chosen = list(dict.fromkeys(provinces))
    trend = PROVINCIAL_TREND_YEARS if trend_years is None else trend_years
    out = {}
    for province in chosen:
        try:
            out[province] = _gap("cdr", "excess_deaths", +1, baseline, years, tables[province],
                                 underregistration, trend)
        except ValueError as exc:
            raise type(exc)(f"{province}: {exc}") from None
    return out


def _provincial_totals(baseline, years, rates, underregistration, trend_years, provinces) -> pd.DataFrame:
    by_year = provincial_excess_by_year(baseline, years, rates, underregistration,
                                        trend_years=trend_years, provinces=provinces)
    population = np.array([t.population.iloc[0] for t in by_year.values()])
    total = np.array([t.excess_deaths.sum() for t in by_year.values()])
    out = pd.DataFrame({"population": population, "excess_deaths": total,
                        "excess_per_1000": total / population * 1000},
                       index=pd.Index(list(by_year), name="province"))
    return out


@documented
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


def trend_fits(province=None, years=(1959, 1961), *, rates=None, trend_years=None,
               underregistration=0.0) -> pd.DataFrame:
    """How much a trend baseline rests on each of its years: the straight line through every
    year of ``trend_years``, and the same line fitted with one of those years left out.

    ``province``: a province of the panel (``by="province"`` in :func:`excess_deaths`; its trend
    runs through 1955–1957 unless ``trend_years`` is given), or ``None`` for the national register
    (1953–1957); ``rates``: instead, a DataFrame as in :func:`excess_deaths` (year, cdr,
    population). One row per line, indexed by ``left_out``: ``0`` for the line through every year,
    then the year left out. Columns: ``slope`` (change of the baseline death rate per year, per
    1000), ``baseline_start`` (the line's death rate in the first year of ``trend_years``, per
    1000), ``baseline_end`` (in the last year of ``years``, per 1000), ``excess_deaths`` (persons,
    summed over ``years``) and ``excess_per_1000`` (per 1000 of the mid-year population of the
    period's first year, as in ``excess_deaths(..., by="province")``). The row ``0`` is the
    baseline ``baseline="trend"`` uses. With three years, leaving one out leaves a line through
    two points: how far the rows differ is how fragile the baseline is.

    Worked example, Hunan, 1955–1957 rates 16.36, 11.51 and 10.41 per 1000: the line through all
    three has slope ((10.41 - 12.76) - (16.36 - 12.76)) / 2 = -2.975 per year around the mean
    12.76 (1956), so it gives 12.76 - 5 * 2.975 = -2.115 per 1000 for 1961, a negative death rate.
    Without 1955 the line runs through 11.51 and 10.41: slope -1.10, 6.01 for 1961.

    >>> fits = trend_fits("Hunan")
    >>> [round(float(v), 3) for v in fits.slope], [round(float(v), 3) for v in fits.baseline_end]
    ([-2.975, -1.1, -2.975, -4.85], [-2.115, 6.01, -1.49, -12.74])
    """
    from .errors import message

    if rates is not None and province is not None:
        raise ValueError("Give a province or a rates table, not both.")
    if province is None:
        table = _rates_table("vital_rates" if rates is None else rates, "cdr")
        trend = DEFAULT_TREND_YEARS if trend_years is None else trend_years
    else:
        tables = provincial_tables()
        if province not in tables:
            raise value_error("provinces_unknown", names=str(province), available=", ".join(tables))
        table = tables[province]
        trend = PROVINCIAL_TREND_YEARS if trend_years is None else trend_years
    a, b = trend
    if b - a < 2:
        raise value_error("trend_years", first=a, last=b)  # leaving one of two years out leaves no line
    correction = _underregistration(underregistration)
    period = _years(years, table, "cdr")
    rows = table.index.get_indexer(period)
    population = table["mid_population"].to_numpy()[rows]
    rate = table["cdr"].to_numpy()[rows] * correction
    what = message("death_rate")
    fitted = list(range(a, b + 1))
    values = {y: _rate(table, "cdr", y, what) * correction for y in fitted}
    out = []
    for left_out in [0, *fitted]:
        xs = [y for y in fitted if y != left_out]
        slope, intercept = np.polyfit(np.array(xs, dtype=float), np.array([values[y] for y in xs]), 1)
        base = intercept + slope * np.array(period, dtype=float)
        excess = float(((rate - base) / 1000 * population).sum())
        out.append({"left_out": left_out, "slope": float(slope), "baseline_start": float(intercept + slope * a),
                    "baseline_end": float(base[-1]), "excess_deaths": excess,
                    "excess_per_1000": excess / float(population[0]) * 1000})
    return pd.DataFrame(out).set_index("left_out")


def trend_range(years=(1959, 1961), rates=None, underregistration=0.0, *, trend_years=None) -> pd.DataFrame:
    """Each year's excess deaths under the national trend baseline, and how far they move when one
    of the trend's years is left out (the whiskers of the excess-deaths explorer's bars).

    Arguments as in :func:`excess_deaths` with ``baseline="trend"``. One row per year of ``years``:
    ``excess_deaths`` (persons, the line through every year of ``trend_years``, as
    ``excess_deaths(baseline="trend")`` gives it), ``excess_deaths_low`` and ``excess_deaths_high``
    (the smallest and the largest value of that year over the same line and the lines of
    :func:`trend_fits` with one trend year left out, persons).

    Worked example: trend years 2000–2002 with rates 10, 12 and 20 per 1000, and 30 per 1000 in
    2003 with a mid-year population of 1.1 m. The line through all three gives 24 for 2003, so
    (30 - 24) / 1000 * 1.1 m = 6,600 excess deaths; the lines without 2000, 2001 or 2002 give 28,
    25 and 16, so 2,200, 5,500 and 15,400: the range is 2,200 to 15,400 (tests/test_analysis.py).
    On the official series, 1960 (25.43 per 1000, trend 1953–1957):

    >>> row = trend_range(1960).loc[1960]
    >>> [round(float(row[c]) / 1e6, 2) for c in ("excess_deaths", "excess_deaths_low", "excess_deaths_high")]
    [11.47, 11.39, 11.67]
    """
    trend = DEFAULT_TREND_YEARS if trend_years is None else trend_years
    table = excess_deaths("trend", years, "vital_rates" if rates is None else rates, underregistration,
                          trend_years=trend)
    fits = trend_fits(None, years, rates="vital_rates" if rates is None else rates, trend_years=trend,
                      underregistration=underregistration)
    offset = table.index.to_numpy(dtype=float) - trend[0]
    lines = np.array([(table.cdr.to_numpy() - (start + slope * offset)) / 1000 * table.population.to_numpy()
                      for start, slope in zip(fits.baseline_start, fits.slope)])
    out = pd.DataFrame({"excess_deaths": table.excess_deaths.to_numpy(),
                        "excess_deaths_low": lines.min(axis=0), "excess_deaths_high": lines.max(axis=0)},
                       index=table.index)
    return out


# ---------------------------------------------------------------- tables the charts draw

@lru_cache(maxsize=4)
def _estimate_table(lang: str = "en") -> pd.DataFrame:
    """The estimates that carry a number, sorted by their lowest figure, with a short label in
    ``lang``. Cached: treat as read-only."""
    est = load("death_toll_estimates")
    est = est.assign(authors=localized(est, "authors", lang))
    est = est[est[["low", "central", "high"]].notna().any(axis=1)]
    lo = est.low.fillna(est.central).fillna(est.high)
    est = est.assign(order=lo).sort_values("order")
    when = est.year_published.astype("string").fillna(label("no_date", lang))
    short = est.authors.str.replace(r"\s*\(.*?\)", "", regex=True).str.strip()
    # the axis shows a short label (the first author's surname); hover and the data table the full one
    first = short.str.split(r",|;| and | & | i |'", regex=True).str[0].str.strip()
    first = first.where(first == short, first + " " + label("et_al", lang))
    first = first.map(lambda t: t if len(t) <= 22 else t[:22].rsplit(" ", 1)[0] + "…")
    span = (est.period_start.astype("string").str.slice(2) + "–" + est.period_end.astype("string").str.slice(2))
    span = span.where(est.period_start != est.period_end, est.period_start.astype("string").str.slice(2))
    est["label"] = first + " " + when + ", " + span.fillna("?")
    est["label"] = est.label.where(~est.label.duplicated(keep=False),
                                   est.label + " #" + (est.groupby("label").cumcount() + 1).astype(str))
    # a period of one year is that year ("1960", not "1960–1960": the Polish review, section 5.4)
    est["period"] = (est.period_start.astype("string") + "–" + est.period_end.astype("string")).where(
        est.period_start != est.period_end, est.period_start.astype("string")).fillna("")
    est["full_label"] = est.authors + " (" + when + "), " + est.period.where(est.period != "", "?")
    return est


@lru_cache(maxsize=1)
def _province_rates() -> pd.DataFrame:
    """Provincial death rates for charts: the Meng–Qian–Yared panel, plus Sichuan (missing from
    the panel) from 《中国人口》 via Yang Jisheng, flagged by ``series``. Cached: read-only."""
    pvr = load("provincial_vital_rates")
    pvr = pvr[(pvr.level == "province") & pvr.cdr.notna()]
    panel = pvr[pvr.source.str.startswith(PROVINCIAL_SERIES)].assign(series="panel")
    sichuan = pvr[(pvr.province == "Sichuan") & pvr.source.str.contains("中国人口")].assign(series="other")
    return pd.concat([panel, sichuan], ignore_index=True)[["province", "year", "cdr", "series"]]


def _national_cdr(year: int) -> float:
    vr = load("vital_rates").set_index("year")
    return float(vr.loc[year, "cdr"])


def _dated_timeline(first: int, last: int) -> pd.DataFrame:
    """The timeline's events from ``first`` to ``last`` (years), with their dates as datetimes:
    ``when`` and ``until`` (NaT for an event of one day or one date)."""
    tl = load("timeline")
    # "1958-04-20", "1958-04" or "1958": a month is drawn at its middle, a bare year at mid-year
    padded = tl.date.where(tl.date.str.len() != 7, tl.date + "-15")
    padded = padded.where(padded.str.len() != 4, padded + "-07-01")
    tl = tl.assign(when=pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce")).dropna(subset=["when"])
    end = tl.date_end.fillna("")
    end = end.where(end.str.len() != 7, end + "-15").where(end.str.len() != 4, end + "-07-01")
    tl = tl.assign(until=pd.to_datetime(end, format="%Y-%m-%d", errors="coerce"))
    return tl[(tl.when.dt.year >= first) & (tl.when.dt.year <= last)]
