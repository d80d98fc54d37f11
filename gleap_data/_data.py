"""Reading the packaged datasets: one Frictionless descriptor, CSV files checked by hash.

Nothing here touches the network: every file is read from inside the installed package
with :mod:`importlib.resources`, so the package works from a wheel, a zip or a checkout.
"""
from __future__ import annotations

import copy
import difflib
import hashlib
import io
import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .errors import ArgumentError, message, shown, type_error
from .labels import documented

if TYPE_CHECKING:  # pandas is imported when a table is first loaded, not with the package
    import pandas as pd

DESCRIPTOR = "datapackage.json"


class UnknownDatasetError(ArgumentError, LookupError):
    """Raised for a dataset name that is not in the package (one sentence, in the session's language)."""


class DataIntegrityError(RuntimeError):
    """Raised when a packaged data file does not match its descriptor (hash or columns)."""


def _root():
    """The folder that holds ``datapackage.json`` (a Traversable; patched in tests)."""
    return resources.files(__package__)


@lru_cache(maxsize=4)
def _descriptor(root) -> dict:
    path = root.joinpath(DESCRIPTOR)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataIntegrityError(f"The data descriptor {DESCRIPTOR} is missing from {root}.") from exc
    except json.JSONDecodeError as exc:
        raise DataIntegrityError(
            f"The data descriptor {DESCRIPTOR} is not valid JSON (line {exc.lineno}): "
            "reinstall gleap or restore the file from the repository."
        ) from exc


def _resources() -> dict[str, dict]:
    return {r["name"]: r for r in _descriptor(_root())["resources"]}


@documented
def datasets() -> list[str]:
    """Names of every dataset in the package, in descriptor order.

    >>> "vital_rates" in datasets()
    True
    """
    return list(_resources())


def _resource(name: str) -> dict:
    if not isinstance(name, str):
        raise type_error("dataset_kind", value=shown(name))
    table = _resources()
    if name in table:
        return table[name]
    close = difflib.get_close_matches(name, table, n=1, cutoff=0.5)
    hint = message("did_you_mean", name=close[0]) if close else ""
    raise UnknownDatasetError(message("dataset_unknown", value=shown(name), hint=hint, available=", ".join(table)))


_PANDAS_TYPES = {"integer": "Int64", "number": "float64", "string": "string", "date": "string"}


@lru_cache(maxsize=64)
def _load_checked(root, name: str) -> "pd.DataFrame":
    import pandas as pd

    res = {r["name"]: r for r in _descriptor(root)["resources"]}[name]
    path = root.joinpath(res["path"])
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise DataIntegrityError(
            f"The data file {res['path']} for '{name}' is missing: reinstall gleap."
        ) from exc
    expected = res.get("hash", "")
    digest = "sha256:" + hashlib.sha256(raw).hexdigest()
    if expected != digest:
        raise DataIntegrityError(
            f"The data file {res['path']} does not match its hash in {DESCRIPTOR}: it has been "
            "changed or damaged since it was published. Restore it from the repository "
            "(git checkout -- gleap_data/data) or reinstall gleap. If you changed it on purpose, "
            "record its source in the descriptor and run tools/rehash.py."
        )
    fields = res["schema"]["fields"]
    dtypes = {f["name"]: _PANDAS_TYPES.get(f.get("type", "string"), "string") for f in fields}
    try:
        frame = pd.read_csv(io.BytesIO(raw), dtype=dtypes, keep_default_na=False, na_values=[""])
    except (ValueError, pd.errors.ParserError) as exc:
        raise DataIntegrityError(f"The data file {res['path']} could not be read: {exc}") from exc
    if list(frame.columns) != [f["name"] for f in fields]:
        raise DataIntegrityError(
            f"The columns of {res['path']} ({', '.join(frame.columns)}) differ from its schema "
            f"({', '.join(f['name'] for f in fields)})."
        )
    for column, kind in dtypes.items():
        # plain numpy integers where nothing is missing: friendlier for plotting and arithmetic
        if kind == "Int64" and not frame[column].isna().any():
            frame[column] = frame[column].astype("int64")
    return frame


@documented
def load(name: str) -> "pd.DataFrame":
    """Load a dataset as a pandas DataFrame with typed columns.

    The file's SHA-256 hash is checked against ``datapackage.json`` first, so a damaged or
    edited file raises :class:`DataIntegrityError` instead of giving wrong numbers. Each call
    returns a fresh copy: changing it does not change what the next call returns.
    Units and sources: ``describe(name)``; citation: ``cite(name)``.

    >>> load("vital_rates").loc[lambda d: d.year == 1960, ["year", "cdr"]].to_dict("records")
    [{'year': 1960, 'cdr': 25.43}]
    """
    _resource(name)
    frame = _load_checked(_root(), name).copy()
    frame.attrs["gleap_dataset"] = name  # gd.show heads its columns with this dataset's titles
    return frame


@documented
def describe(name: str, lang: str | None = None) -> dict:
    """Title, description, sources, licences and fields (with units) of a dataset, in the session's
    language (``gd.set_language``; ``lang`` overrides it). The English is datapackage.json's; other
    languages come from the package's catalogue (``labels.text_in``); sources' titles stay as
    printed, and column names stay as in the data (they are what code uses).

    >>> d = describe("vital_rates", lang="en")
    >>> d["fields"]["cdr"]["unit"]
    'per 1000 population'
    >>> describe("vital_rates", lang="pl")["fields"]["cdr"]["unit"]
    'na 1000 mieszkańców'
    """
    from .labels import resolve, text_in, unit

    lang = resolve(lang)
    res = _resource(name)

    def text(entry: dict, key: str, where: str, default=""):
        return text_in(f"datapackage.{where}.{key}", entry.get(key, default), lang)

    fields = {
        f["name"]: {
            "title": text(f, "title", f"{name}.{f['name']}", f["name"]),
            "description": text(f, "description", f"{name}.{f['name']}"),
            "type": f.get("type", "string"),
            "unit": unit(f["unit"], lang) if f.get("unit") else None,
        }
        for f in res["schema"]["fields"]
    }
    return copy.deepcopy(
        {
            "name": res["name"],
            "title": text(res, "title", name),
            "description": text(res, "description", name),
            "sources": res.get("sources", []),
            "licenses": res.get("licenses", _descriptor(_root()).get("licenses", [])),
            "fields": fields,
            "primary_key": res["schema"].get("primaryKey"),
            "path": res["path"],
        }
    )


def place_name(place: str, lang: str | None = None) -> str:
    """A province's (or county's) name in ``lang``: the Polish name from the descriptor's
    ``x-place-names-pl`` table where Polish has an established one, else the name as written
    (pinyin). A county keeps its own name: only the province is renamed.

    >>> place_name("Sichuan", "pl"), place_name("Henan", "pl"), place_name("Sichuan", "en")
    ('Syczuan', 'Henan', 'Sichuan')
    >>> place_name("Sichuan: Kaijiang county", "pl")
    'Syczuan: powiat Kaijiang'

    """
    from .labels import resolve

    if resolve(lang) != "pl" or not isinstance(place, str):
        return place
    import re

    from .labels import label

    names = _descriptor(_root()).get("x-place-names-pl", {}).get("names", {})
    if place in names:
        return names[place]
    county = re.fullmatch(r"(.+): (.+) county", place)
    if county:
        return label("county_place", "pl").format(province=names.get(county[1], county[1]), county=county[2])
    head, sep, tail = place.partition(": ")
    return f"{names.get(head, head)}{sep}{tail}" if sep else place


@documented
def cite(name: str, lang: str | None = None) -> str:
    """A citation for a dataset: this package, then every original source it draws on, in the
    session's language (``gd.set_language``; ``lang`` overrides it). A source's title comes from the
    package's catalogue (msgctxt ``datapackage.sources.title``, as on the site's dataset pages): the
    work's own title stays as printed, the words around it (pages, dates, how it was read) are
    translated.

    >>> print(cite("employment_by_sector", lang="en").splitlines()[0])  # doctest: +ELLIPSIS
    Employ... Dataset 'employment_by_sector' in gleap_data ...
    >>> print(cite("employment_by_sector", lang="pl").splitlines()[0])  # doctest: +ELLIPSIS
    Pracuj... Zbiór danych 'employment_by_sector' w gleap_data ...
    """
    from . import __version__
    from .labels import label, resolve, text_in

    lang = resolve(lang)
    res = _resource(name)
    title = describe(name, lang)["title"] or name
    title = title if title.endswith(".") else f"{title}."  # "... z 1958 r." ends with its own period
    lines = [label("cite_dataset", lang).format(title=title, name=name, version=__version__)]
    for i, src in enumerate(res.get("sources", []), start=1):
        where = label("cite_read_at", lang).format(path=src["path"]) if src.get("path") else ""
        works = label("cite_works", lang).format(keys=", ".join(src["works"])) if src.get("works") else ""
        lines.append(f"  [{i}] {text_in('datapackage.sources.title', src['title'], lang)}.{where}{works}")
    return "\n".join(lines)


def localized(frame: pd.DataFrame, column: str, lang: str) -> pd.Series:
    """A dataset's text column in ``lang``: each text from the package's catalogue (msgctxt
    ``data.<column>``; every user-facing text column is ``x-translatable`` in datapackage.json),
    the column itself in English."""
    from .labels import text_in

    return frame[column] if lang == "en" else frame[column].map(lambda text: text_in(f"data.{column}", text, lang))
