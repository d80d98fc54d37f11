#!/usr/bin/env python3
"""Derive the package CSVs that come from the two replication files in data-raw/.

    python tools/import_replication.py            # rewrite the CSVs in gleap_data/data/
    python tools/import_replication.py --check    # exit 1 if they differ from a fresh derivation
    python tools/import_replication.py --out DIR  # write the CSVs into DIR instead

Needs ``pyreadr`` (``pip install -e '.[tools]'``); the package itself never does. After a
rewrite, run ``tools/rehash.py``. ``tests/test_data.py`` runs this tool and checks that it gives
the committed files byte for byte.

What it writes (derivations described in the descriptor, gleap_data/datapackage.json):

* ``provincial_vital_rates.csv``: the rows from other sources are kept exactly as they are (they
  were entered by hand from printed tables); the rows of the Meng–Qian–Yared (2015) panel are
  derived afresh and appended, sorted by province and year. For row *t* of ``mqy2015`` the death
  rate of year *t* + 1 is ``10 * exp(ldeath_b - ltotpop)`` per 1000; the population of year *t* is
  ``exp(ltotpop)`` in 10,000 persons; the urban share of year *t* is ``exp(lurbpop - ltotpop)``.
  The logs are stored as float32 in the R file (about 7 significant digits), so rates are rounded
  to two decimals and populations to 100 persons (0.01 of the source unit); the tool stops if a
  rate or population lies so close to a rounding boundary that float32 error could flip it. The
  urban share is a derived ratio, rounded to one decimal.
* ``county_death_rates.csv``: the county panel of Cao, Xu & Zhang (2022) as given (``mortality``
  per 1000), with the province named from its GB/T 2260 code.
"""
from __future__ import annotations

import argparse
import csv
import io
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data-raw"
DATA = ROOT / "gleap_data" / "data"

MQY_SOURCE = (
    "Meng, Qian & Yared, 'The Institutional Causes of China's Great Famine, 1959-1961', Review of "
    "Economic Studies 82(4), 2015, doi:10.1093/restud/rdv016: replication panel as packaged in the R "
    "package rART (GitHub mwt/rART, data/mqy2015.rda, commit 9bd2196); copy in data-raw/mqy2015.rda; "
    "death rate derived by tools/import_replication.py [S]"
)
#: GB/T 2260 province codes used in fdid.RData (``provid``).
PROVINCE_CODES = {
    13: "Hebei", 14: "Shanxi", 21: "Liaoning", 32: "Jiangsu", 35: "Fujian", 36: "Jiangxi",
    37: "Shandong", 41: "Henan", 42: "Hubei", 45: "Guangxi", 51: "Sichuan", 52: "Guizhou", 61: "Shaanxi",
}
PROVINCIAL_HEADER = ["province", "level", "year", "cbr", "cdr", "natural_growth", "population",
                     "urban_share_pct", "source"]
COUNTY_HEADER = ["province", "province_code", "county_id", "year", "cdr"]
# float32 keeps about 7 significant digits: a derived value this close to a rounding boundary
# (in units of the last kept digit) could round either way, so the tool refuses to guess.
SAFETY = 0.01


def _read(path: Path, name: str):
    import pyreadr  # a tool dependency only (extra "tools")

    return pyreadr.read_r(str(path))[name]


def _rounded(value: float, digits: int, what: str, safety: float = SAFETY) -> float:
    scaled = value * 10 ** digits
    if abs(abs(scaled - math.floor(scaled)) - 0.5) < safety:
        raise SystemExit(f"{what} = {value!r} lies on a rounding boundary; cannot round it safely.")
    return round(value, digits)


def mqy_rows() -> list[list[str]]:
    frame = _read(RAW / "mqy2015.rda", "mqy2015")
    frame = frame.assign(province=frame.province.astype(str)).sort_values(["province", "year"])
    rows = []
    for province, part in frame.groupby("province", sort=True):
        by_year = {int(r.year): r for r in part.itertuples()}
        years = sorted(set(by_year) | {y + 1 for y in by_year})
        for year in years:
            before, now = by_year.get(year - 1), by_year.get(year)
            cdr = population = urban = ""
            if before is not None:
                rate = 10 * math.exp(before.ldeath_b - before.ltotpop)
                cdr = f"{_rounded(rate, 2, f'{province} {year} death rate'):.2f}"
            if now is not None:
                tenk = _rounded(math.exp(now.ltotpop), 2, f"{province} {year} population", 0.05)
                population = str(int(round(tenk * 100)) * 100)
                urban = f"{100 * math.exp(now.lurbpop - now.ltotpop):.1f}"
            rows.append([province, "province", str(year), "", cdr, "", population, urban, MQY_SOURCE])
    return rows


def provincial_csv(current: str) -> str:
    """The hand-entered rows of ``current`` unchanged, then the derived MQY rows."""
    reader = csv.reader(io.StringIO(current))
    header = next(reader)
    kept = []
    for row in reader:
        record = dict(zip(header, row))
        if record["source"] == MQY_SOURCE:
            continue
        kept.append([record.get(column, "") for column in PROVINCIAL_HEADER])
    return _write([PROVINCIAL_HEADER, *kept, *mqy_rows()])


def county_csv() -> str:
    frame = _read(RAW / "fdid.RData", "mortality").sort_values(["provid", "countyid", "year"])
    unknown = set(frame.provid) - set(PROVINCE_CODES)
    if unknown:
        raise SystemExit(f"Province codes without a name: {sorted(unknown)}")
    rows = [COUNTY_HEADER]
    for r in frame.itertuples():
        rows.append([PROVINCE_CODES[int(r.provid)], str(int(r.provid)), str(int(r.countyid)), str(int(r.year)),
                     repr(float(r.mortality))])
    return _write(rows)


def _write(rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def derive(data_dir: Path = DATA) -> dict[str, str]:
    """File name -> text of every CSV this tool writes (built from ``data_dir``'s current files)."""
    current = (data_dir / "provincial_vital_rates.csv").read_text(encoding="utf-8")
    return {"provincial_vital_rates.csv": provincial_csv(current), "county_death_rates.csv": county_csv()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if a CSV is stale")
    parser.add_argument("--out", type=Path, default=DATA, help="folder to write into (default: the package)")
    args = parser.parse_args(argv)
    stale = []
    for name, text in derive().items():
        target = args.out / name
        if args.check:
            if not target.exists() or target.read_bytes() != text.encode("utf-8"):
                stale.append(name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
        print(f"wrote {target}")
    if stale:
        print("out of date: " + ", ".join(stale) + " (run tools/import_replication.py, then tools/rehash.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
