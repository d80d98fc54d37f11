"""A what-if model of labour allocation in 1958: a teaching model, not history.

Question it lets students ask: if a share of the farm labour force leaves the fields for
backyard furnaces and industry, what happens to the harvest, to what the state takes, and to
the grain left for each person in the countryside?

Assumptions (each is a named argument, so a student can change it):

* Grain output depends on farm labour with diminishing returns:
  ``output = base_grain * (1 - share_moved) ** labour_elasticity * (1 - weather_loss)``.
  Land, seed, tools and weather are otherwise held at their 1957 level. The elasticity is an
  assumption, not a calibrated figure: our sources give no estimate of it.
* The state procures a fixed share of the *reported* harvest; cadres may over-report it
  (``overreporting=0.5`` reports half again as much as was grown). Procurement can never
  exceed the real harvest.
* The rural population stays at its 1957 size; the grain left in the countryside is what
  remains after procurement (no resale to villages, no seed or feed set aside).
* Every moved worker adds the same tonnage of steel, calibrated so that the workers who left
  the fields in 1958 account for the whole rise from 1957 output to the 1958 *usable* steel.

Defaults come from :func:`labour_calibration`, which reads them from the sourced datasets.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ._data import load
from .analysis import _is_number
from .errors import shown, type_error, value_error
from .labels import documented

#: Labour elasticity used unless told otherwise: an assumption (square-root returns), not data.
DEFAULT_LABOUR_ELASTICITY = 0.5
DAYS_PER_YEAR = 365
KG_PER_MT = 1e9

_LIMITS = {
    "share_moved": (0.0, 0.9),
    "labour_elasticity": (0.05, 1.5),
    "procurement_share": (0.0, 1.0),
    "overreporting": (0.0, 3.0),
    "weather_loss": (0.0, 0.5),
}


@lru_cache(maxsize=1)
def _calibration() -> dict:
    emp = load("employment_by_sector").set_index("year")
    grain = load("grain")
    nbs = grain[grain.series == "nbs"].set_index("year")
    urban = load("urban_rural_population").set_index("year")
    steel = load("steel")

    def steel_value(year, measure):
        rows = steel[(steel.year == year) & (steel.measure == measure)]
        return float(rows.value_mt.iloc[0])

    farm_1957 = int(emp.at[1957, "primary"])
    farm_1958 = int(emp.at[1958, "primary"])
    steel_1957 = steel_value(1957, "output")
    steel_1958_usable = steel_value(1958, "usable")
    moved_1958 = farm_1957 - farm_1958
    return {
        "base_grain_mt": float(nbs.at[1957, "output_mt"]),
        "base_farm_labour": farm_1957,
        "rural_population": int(urban.at[1957, "rural"]),
        "procurement_share": float(nbs.at[1957, "procurement_share_pct"]) / 100,
        "share_moved_1958": moved_1958 / farm_1957,
        "base_steel_mt": steel_1957,
        "steel_per_moved_worker_t": (steel_1958_usable - steel_1957) * 1e6 / moved_1958,
    }


def labour_calibration() -> dict:
    """The sourced 1957–1958 figures behind the model's defaults.

    * ``base_grain_mt``: grain output 1957 (dataset ``grain``, NBS series).
    * ``base_farm_labour``: primary-sector employment at the end of 1957 (``employment_by_sector``).
    * ``rural_population``: rural population at the end of 1957 (``urban_rural_population``).
    * ``procurement_share``: state procurement as a share of output, 1957 (``grain``).
    * ``share_moved_1958``: the fall in primary-sector employment from 1957 to 1958, as a share
      of 1957 (the model's default ``share_moved``).
    * ``base_steel_mt`` and ``steel_per_moved_worker_t``: 1957 steel output, and the rise to the
      1958 usable output divided by the workers who left farming in 1958 (``steel``).

    >>> cal = labour_calibration()
    >>> round(cal["share_moved_1958"], 3)
    0.198
    """
    return dict(_calibration())


def _check(name, value):
    if not _is_number(value):
        raise type_error("number_kind", name=name, value=shown(value))
    low, high = _LIMITS[name]
    if not low <= value <= high:
        raise value_error("between", name=name, low=low, high=high, value=shown(value))
    return float(value)


@documented
def labour_allocation(share_moved=None, *, labour_elasticity=DEFAULT_LABOUR_ELASTICITY,
                      procurement_share=None, overreporting=0.0, weather_loss=0.0) -> pd.DataFrame:
    """Modelled harvest, procurement, food per rural person and steel for a labour shift.

    Parameters
    ----------
    share_moved : share of the 1957 farm labour force moved to furnaces and industry
        (0 to 0.9), a number or a list of numbers. Default: the 1957→1958 fall in
        primary-sector employment (about 0.198).
    labour_elasticity : % change in grain output for a 1% change in farm labour (0.05 to 1.5).
        Default 0.5, an assumption.
    procurement_share : share of the *reported* harvest taken by the state (0 to 1). Default:
        the 1957 share.
    overreporting : how much the reported harvest exceeds the real one (0 = honest, 1 = double).
    weather_loss : share of the harvest lost to drought or flood (0 to 0.5).

    Returns a DataFrame indexed by share_moved with: farm_labour and moved_workers (persons),
    grain_output_mt, reported_output_mt, procurement_mt, grain_left_mt (million tonnes),
    grain_per_rural_person_kg (per year) and grain_per_rural_person_kg_per_day, and steel_mt.

    A model of one harvest year, with everything else held at 1957: it shows a mechanism, it
    does not reproduce what happened. Worked example: with no one moved, nothing over-reported
    and the 1957 procurement share (24.6%), the model returns the 1957 harvest, 195.05 Mt, of
    which 195.05 × 0.246 = 47.98 Mt is procured and 147.07 Mt is left: 147.07e9 kg shared by
    547.04 m rural people is 268.8 kg a year, 0.736 kg a day.

    >>> row = labour_allocation(0.0).iloc[0]
    >>> [round(float(row[c]), 2) for c in ('grain_output_mt', 'procurement_mt', 'grain_per_rural_person_kg')]
    [195.05, 47.98, 268.84]
    """
    cal = _calibration()
    if share_moved is None:
        share_moved = cal["share_moved_1958"]
    if procurement_share is None:
        procurement_share = cal["procurement_share"]
    shares = np.atleast_1d(share_moved)
    if shares.dtype == object or shares.ndim != 1 or shares.size == 0:
        raise TypeError(f"share_moved must be a number or a list of numbers, not {share_moved!r}.")
    shares = np.array([_check("share_moved", s) for s in shares.tolist()])
    alpha = _check("labour_elasticity", labour_elasticity)
    procure = _check("procurement_share", procurement_share)
    over = _check("overreporting", overreporting)
    weather = _check("weather_loss", weather_loss)

    output = cal["base_grain_mt"] * (1 - shares) ** alpha * (1 - weather)
    reported = output * (1 + over)
    procured = np.minimum(procure * reported, output)
    left = output - procured
    per_person = left * KG_PER_MT / cal["rural_population"]
    moved = shares * cal["base_farm_labour"]
    frame = pd.DataFrame(
        {
            "farm_labour": cal["base_farm_labour"] - moved,
            "moved_workers": moved,
            "grain_output_mt": output,
            "reported_output_mt": reported,
            "procurement_mt": procured,
            "grain_left_mt": left,
            "grain_per_rural_person_kg": per_person,
            "grain_per_rural_person_kg_per_day": per_person / DAYS_PER_YEAR,
            "steel_mt": cal["base_steel_mt"] + moved * cal["steel_per_moved_worker_t"] / 1e6,
        },
        index=pd.Index(shares, name="share_moved"),
    )
    return frame


def labour_actuals(first=1957, last=1961) -> pd.DataFrame:
    """What happened, on the model's axes: share of the 1957 farm labour force no longer in
    the primary sector, grain output and procurement (million tonnes, where sourced).

    >>> round(float(labour_actuals().loc[1958, "share_moved"]), 3)
    0.198
    """
    emp = load("employment_by_sector").set_index("year")
    grain = load("grain")
    nbs = grain[grain.series == "nbs"].set_index("year")
    if not (_is_number(first) and _is_number(last)) or first > last:
        raise ValueError(f"first and last must be years with first <= last, not {first!r}, {last!r}.")
    years = [y for y in range(int(first), int(last) + 1) if y in emp.index and y in nbs.index]
    if not years:
        raise ValueError(f"No year in {first}–{last} has both employment and grain data.")
    base = emp.at[1957, "primary"]
    out = pd.DataFrame(
        {
            "share_moved": [(base - emp.at[y, "primary"]) / base for y in years],
            "grain_output_mt": [nbs.at[y, "output_mt"] for y in years],
            "procurement_mt": [nbs.at[y, "procurement_mt"] for y in years],
        },
        index=pd.Index(years, name="year"),
    )
    return out
