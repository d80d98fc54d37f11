"""Numbers as a history student should read them: ``gd.show(...)``.

pandas and numpy print for programmers: ``np.float64(14554928.249999998)``, populations as
``666005000.0``, missing values as ``<NA>``. ``gd.show`` displays the same values for reading:
whole numbers with thousands separators, other numbers rounded, a dash for a missing value,
text in full, and each column's unit (from the datapackage) in its heading.

>>> from gleap_data import set_language
>>> set_language("en")
>>> show(14554928.249999998)
14,554,928
>>> show((10.5479860885, 14.554928249999998))
10.55, 14.55
>>> show(0.246)
0.246
>>> set_language("pl")
>>> show((10.5479860885, 14.554928249999998))
10,55; 14,55
>>> set_language("en")
"""
from __future__ import annotations

import numbers
import re


def _locale(lang: str | None) -> str:
    from .labels import resolve

    return resolve(lang)


def number(value, digits: int = 2, lang: str | None = None) -> str:
    """One value as text in the session's language (``lang`` overrides it), formatted by Babel:
    ``666005000.0`` → ``666,005,000`` (Polish ``666 005 000``, with no-break spaces);
    ``24.60`` → ``24.6`` (Polish ``24,6``); NA → ``–``.

    >>> number(666005000.0, lang="en"), number(24.6, lang="en"), number(None), number(0.0123, lang="en")
    ('666,005,000', '24.6', '–', '0.0123')
    >>> number(14.6, lang="pl"), number(666005000.0, lang="pl").replace("\xa0", " ")
    ('14,6', '666 005 000')
    """
    try:
        import pandas as pd

        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return "–"
    except (TypeError, ValueError):
        pass
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return str(value)
    # -0.0 reads as 0 (typeshed's numbers.Number has no __float__; every Number but complex has one)
    value = float(value) + 0.0  # type: ignore[arg-type]
    if value.is_integer() or abs(value) >= 1000:
        return decimal(value, 0, lang)
    if abs(value) >= 1:
        return _babel(value, "#,##0." + "#" * digits, lang)
    return _babel(value, "@##", lang)  # three significant digits at most


def _babel(value, pattern: str, lang: str | None) -> str:
    """The one number formatter: Babel's ``format_decimal`` with ``pattern``, rounding the float's
    shortest decimal form half to even (as ``Intl.NumberFormat`` with ``roundingMode: "halfEven"``
    does in the page, gleap_data/explorer.js), in the language's symbols and grouping."""
    from babel.numbers import format_decimal

    return format_decimal(value, format=pattern, locale=_locale(lang), decimal_quantization=True)


def decimal(value, places: int = 1, lang: str | None = None) -> str:
    """A number with exactly ``places`` decimals in the language's form (Babel): ``decimal(14.55, 1)``
    is ``14.6`` in English, ``14,6`` in Polish; thousands grouped (``1,234.5`` / ``1 234,5``).

    >>> decimal(14.55, 1, "pl"), decimal(0.657, 2, "pl"), decimal(0.657, 2, "en")
    ('14,6', '0,66', '0.66')
    """
    return _babel(value, "#,##0" + ("." + "0" * places if places > 0 else ""), lang)


def percent(share, places: int = 0, lang: str | None = None) -> str:
    """A share as a percentage in the language's form: ``percent(0.198, 1, "pl")`` is ``19,8%``.

    >>> percent(0.25, lang="en"), percent(0.198, 1, "pl")
    ('25%', '19,8%')
    """
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "0" * places if places > 0 else "") + "%"
    return format_percent(share, format=pattern, locale=_locale(lang), decimal_quantization=True)


def _units() -> dict[str, str]:
    """Column name -> unit, where every dataset that has the column agrees on it."""
    from ._data import _resources

    seen: dict[str, set] = {}
    for resource in _resources().values():
        for field in resource.get("schema", {}).get("fields", []):
            if field.get("unit"):
                seen.setdefault(field["name"], set()).add(field["unit"])
    return {name: units.pop() for name, units in seen.items() if len(units) == 1}


#: Columns that hold codes rather than prose, and the label key of each code (``{}`` is the code).
CODE_COLUMNS = {"source_type": "{}", "category": "{}", "measure": "steel_{}", "area": "area_{}",
                "sector": "emp_{}",  # employment_by_sector's columns in long form (exercise 01's chart)
                "level": "level_{}", "series": "series_{}"}
#: Columns that hold place names (renamed by ``place_name``).
PLACE_COLUMNS = ("province",)

#: A table wider than its output (368 px in JupyterLab at 800 px with the file browser open, 360 px
#: on a phone) scrolls inside itself, its first column (the row labels) held in place.
NARROW_TABLE_STYLES = [
    {"selector": "", "props": "display: block; max-width: 100%; overflow-x: auto; margin-left: 0; margin-right: 0;"},
    {"selector": "tr > :first-child", "props": "position: sticky; left: 0; z-index: 1; background: var(--jp-layout-color0, white);"},
]


def _titles(lang: str, dataset: str | None = None) -> dict[str, str]:
    """Column name -> heading in ``lang``: the label ``col_<name>`` where there is one (computed
    columns such as ``excess_deaths``), else the title the datapackage gives the column in that
    language: the title in ``dataset`` when the table says which dataset it came from (``gd.load``
    records it in ``frame.attrs["gleap_dataset"]``: timeline's ``date`` is "Date", steel's "Date set
    or announced"), else the most common one where datasets differ."""
    from collections import Counter

    from ._data import _resources
    from .labels import LABELS, text_in

    seen: dict[str, Counter] = {}
    own: dict[str, str] = {}
    for name, resource in _resources().items():
        for field in resource.get("schema", {}).get("fields", []):
            title = text_in(f"datapackage.{name}.{field['name']}.title", field.get("title"), lang)
            if title:
                seen.setdefault(field["name"], Counter())[title] += 1
                if name == dataset:
                    own[field["name"]] = title
    titles = {name: counts.most_common(1)[0][0] for name, counts in seen.items()}
    titles.update(own)
    titles.update({key[4:]: text for key, text in LABELS[lang].items() if key.startswith("col_")})
    return titles


#: How the data package writes a date of known precision (a year, a month or a day).
_DATE_PATTERN = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def _date_columns() -> set[str]:
    """Columns whose schema says they hold such dates (timeline's ``date``, ``date_end``, steel's ``date``)."""
    from ._data import _resources

    return {f["name"] for r in _resources().values() for f in r.get("schema", {}).get("fields", [])
            if (f.get("constraints") or {}).get("pattern") == _DATE_PATTERN}


def date_text(value, lang: str | None = None, short: bool = False) -> str:
    """A data-package date in words in the language (Babel's CLDR month names); English keeps the
    ISO form the data use. ``1957-02-27`` is ``27 lutego 1957`` in Polish, ``1958-03`` is
    ``marzec 1958``, a year stays a year. ``short`` gives CLDR's abbreviated months, for a chart's
    axis where a label must stay about as long as the ISO date (``24 sty 1958``, ``mar 1958``).

    >>> date_text("1957-02-27", "pl"), date_text("1958-03", "pl"), date_text("1958", "pl"), date_text("1958-03", "en")
    ('27 lutego 1957', 'marzec 1958', '1958', '1958-03')
    >>> date_text("1958-01-24", "pl", short=True), date_text("1958-03", "pl", short=True)
    ('24 sty 1958', 'mar 1958')
    """
    import datetime

    from babel.dates import format_date

    lang = _locale(lang)
    if lang == "en" or not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        return "–" if value is None or (not isinstance(value, str) and value != value) else str(value)
    parts = [int(x) for x in value.split("-")]
    if len(parts) == 3:
        return format_date(datetime.date(*parts), "d MMM y" if short else "d MMMM y", locale=lang)
    return format_date(datetime.date(parts[0], parts[1], 1), "LLL y" if short else "LLLL y", locale=lang)


def date_range_text(start, end, lang: str | None = None, short: bool = False) -> str:
    """A data-package date, or a span from ``start`` to ``end``, in words in the language: Babel's
    CLDR interval formats, so the shared month and year are written once (``8–26 marca 1958``,
    ``28 listopada – 10 grudnia 1958``, with CLDR's thin spaces around a dash between two dates).
    English keeps the ISO form the data use; a span whose ends are not both days or both months is
    written as its two dates.

    >>> date_range_text("1958-03-08", "1958-03-26", "pl")
    '8–26 marca 1958'
    >>> date_range_text("1958-11-28", "1958-12-10", "pl").replace(chr(0x2009), " ")
    '28 listopada – 10 grudnia 1958'
    >>> date_range_text("1958-03", "1958-05", "pl"), date_range_text("1959-07-02", None, "pl")
    ('marzec–maj 1958', '2 lipca 1959')
    >>> date_range_text("1958-03-08", "1958-03-26", "en")
    '1958-03-08–1958-03-26'

    ``short`` abbreviates the months (as :func:`date_text` does), for a printed table's date column:

    >>> date_range_text("1958-08-17", "1958-08-30", "pl", short=True), date_range_text("1959-10", "1960-04", "pl", short=True)
    ('17–30 sie 1958', 'paź 1959–kwi 1960')
    """
    import datetime

    from babel.dates import format_interval

    if not isinstance(end, str) or not end:  # no end (None, NaN or pandas' NA): one date
        return date_text(start, lang, short)
    lang = _locale(lang)
    day, month = r"\d{4}-\d{2}-\d{2}", r"\d{4}-\d{2}"
    if lang != "en" and isinstance(start, str) and isinstance(end, str):
        for pattern, skeleton in ((day, "yMMMd" if short else "yMMMMd"), (month, "yMMM" if short else "yMMMM")):
            if re.fullmatch(pattern, start) and re.fullmatch(pattern, end):
                first = [int(x) for x in start.split("-")] + ([1] if pattern == month else [])
                last = [int(x) for x in end.split("-")] + ([1] if pattern == month else [])
                return format_interval(datetime.date(*first), datetime.date(*last), skeleton, locale=lang)
    return f"{date_text(start, lang, short)}–{date_text(end, lang, short)}"


def _translations(lang: str) -> dict[str, dict[str, str]]:
    """{column: {English text: text in lang}} for every dataset column marked ``x-translatable``
    (notes, methods, authors, events, descriptions), from the package's catalogue."""
    from ._data import _resources, load
    from .labels import text_in

    table: dict[str, dict[str, str]] = {}
    for name, resource in _resources().items():
        columns = [f["name"] for f in resource.get("schema", {}).get("fields", []) if f.get("x-translatable")]
        if columns:
            frame = load(name)
            for column in columns:
                for text in frame[column].dropna().astype(str).unique():
                    table.setdefault(column, {})[text] = text_in(f"data.{column}", text, lang)
    return table


def _cell_text(column, value, lang: str, translations: dict) -> object:
    """A text cell as a reader of ``lang`` should see it: codes by their label, places by their
    name in that language, translated dataset texts by their translation; anything else as is."""
    if not isinstance(value, str):
        return value
    from ._data import place_name
    from .labels import LABELS

    if column in CODE_COLUMNS:
        key = CODE_COLUMNS[column].format(value)
        return LABELS[lang].get(key, value)
    if column in PLACE_COLUMNS:
        return place_name(value, lang)
    return translations.get(column, {}).get(value, value)


def _for_reader(frame, lang: str):
    """A copy of ``frame`` whose text cells and index are in ``lang`` (the frame passed in is not
    changed, and column names stay as they are: code uses them)."""
    if lang == "en":
        return frame
    from pandas.api.types import is_object_dtype, is_string_dtype

    translations = _translations(lang)
    shown = frame.copy()
    for column in shown.columns:
        if is_object_dtype(shown[column]) or is_string_dtype(shown[column]):
            shown[column] = shown[column].map(lambda v, c=column: _cell_text(c, v, lang, translations)).astype(object)
    if shown.index.name in CODE_COLUMNS or shown.index.name in PLACE_COLUMNS:
        shown.index = shown.index.map(lambda v: _cell_text(shown.index.name, v, lang, translations))
    titles = _titles(lang)
    if shown.index.name is None and len(shown.index) and all(isinstance(v, str) and v in titles for v in shown.index):
        # a row of a table (employment.loc[1958]): its labels are column names, shown by their titles
        shown.index = shown.index.map(lambda v: _heading(v, _units(), lang))
    shown = shown.rename_axis(index=[titles.get(n, n) if n else n for n in shown.index.names])
    return shown


def readable(frame, lang: str | None = None):
    """A copy of a table with its words as a reader of ``lang`` sees them, for a chart drawn in a
    notebook (``px.bar(gd.readable(steel), x="measure", ...)``): data codes by their label
    ("announced" -> "wynik ogłoszony"), provinces by their name, dataset texts by their translation.
    Column names and numbers stay as they are (code uses them); the table passed in is not changed.

    >>> import gleap_data as gd
    >>> readable(gd.load("steel"), lang="pl").measure.iloc[0]
    'produkcja'
    """
    return _for_reader(frame, _locale(lang)).copy()


def _heading(column, units: dict, lang: str, dataset: str | None = None) -> str:
    from .labels import unit

    name = str(column)
    if lang != "en":
        name = _titles(lang, dataset).get(column, name)
    if column in units and units[column] not in ("", "year"):
        return f"{name} ({unit(units[column], lang)})"
    return name


class _Shown:
    """What ``show`` returns for a single value: displays as plain text, with no quotes."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def show(value, digits: int = 2, lang: str | None = None):
    """Display a value, a tuple of values, a Series or a DataFrame formatted for reading, with
    numbers in the session's language (``gd.set_language``; ``lang`` overrides it): decimal
    comma and spaces between thousands in Polish.

    A DataFrame or Series comes back as a styled table (units in the headings, years as years);
    anything else as plain text. In Polish the headings are the columns' Polish titles (from
    datapackage.json, or the ``col_*`` labels for computed columns), codes such as ``scholarly``
    or ``urban`` are shown by their Polish label, provinces by their Polish name where there is
    one, and notes, methods and authors by their Polish text. The data themselves are not changed.

    >>> import pandas as pd
    >>> table = show(pd.DataFrame({"area": ["urban"], "cdr": [13.77]}), lang="pl")
    >>> list(table.data.area), "Współczynnik zgonów (na 1000 mieszkańców)" in table.to_html()
    (['miasta'], True)
    """
    import pandas as pd

    lang = _locale(lang)
    if isinstance(value, pd.Series):
        value = value.to_frame()
    if isinstance(value, pd.DataFrame):
        units = _units()
        # years as years: "1958", never "1 958" (a column named for years, or whose unit is a year)
        years = {c for c in value.columns if "year" in str(c).lower() or units.get(c) == "year"}
        dates = _date_columns()
        def year(v):
            return "–" if pd.isna(v) else str(int(v)) if isinstance(v, numbers.Number) else str(v)

        def date(v):
            return "–" if pd.isna(v) else date_text(v, lang)

        formats = {c: (year if c in years else date if c in dates else (lambda v, d=digits: number(v, d, lang)))
                   for c in value.columns}
        dataset = value.attrs.get("gleap_dataset")
        headers = [_heading(c, units, lang, dataset) for c in value.columns]
        def index_text(v):  # a float index (a share, a parameter) in the language; years and names as they are
            if isinstance(v, float):
                return str(int(v)) if v.is_integer() else number(v, digits, lang)
            return str(v)

        return (_for_reader(value, lang).style.format(formats, na_rep="–").format_index(index_text, axis=0)
                .relabel_index(headers, axis=1).set_table_styles(NARROW_TABLE_STYLES)
                # a table that scrolls inside itself must be reachable by keyboard (axe: scrollable-region-focusable)
                .set_table_attributes('tabindex="0"'))
    if isinstance(value, dict):
        titles = _titles(lang) if lang != "en" else {}
        def key_text(key):
            return f"{titles[key]} [{key}]" if key in titles else str(key)
        return _Shown("\n".join(f"{key_text(key)}: {number(v, digits, lang)}" for key, v in value.items()))
    if isinstance(value, (tuple, list)):
        # a decimal comma would make "10,55, 14,55" ambiguous: Polish lists take semicolons
        joiner = "; " if lang == "pl" else ", "
        return _Shown(joiner.join(number(v, digits, lang) for v in value))
    return _Shown(number(value, digits, lang))
