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
    from babel.numbers import format_decimal

    locale = _locale(lang)
    value = float(value)
    if value.is_integer() or abs(value) >= 1000:
        return format_decimal(round(value), format="#,##0", locale=locale)
    if abs(value) >= 1:
        return format_decimal(round(value, digits), format="#,##0." + "#" * digits, locale=locale)
    return format_decimal(float(f"{value:.3g}"), format="0.##########", locale=locale)


def decimal(value, places: int = 1, lang: str | None = None) -> str:
    """A number with exactly ``places`` decimals in the language's form (Babel): ``decimal(14.55, 1)``
    is ``14.6`` in English, ``14,6`` in Polish; thousands grouped (``1,234.5`` / ``1 234,5``).

    >>> decimal(14.55, 1, "pl"), decimal(0.657, 2, "pl"), decimal(0.657, 2, "en")
    ('14,6', '0,66', '0.66')
    """
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    return format_decimal(value, format=pattern, locale=_locale(lang), decimal_quantization=True)


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
    anything else as plain text.
    """
    import pandas as pd

    if isinstance(value, pd.Series):
        value = value.to_frame()
    if isinstance(value, pd.DataFrame):
        units = _units()
        years = {c for c in value.columns if "year" in str(c).lower()}
        def year(v):
            return "–" if pd.isna(v) else str(int(v)) if isinstance(v, numbers.Number) else str(v)

        formats = {c: (year if c in years else (lambda v, d=digits: number(v, d, lang))) for c in value.columns}
        from .labels import unit

        headers = {c: f"{c} ({unit(units[c], lang)})" if c in units and units[c] not in ("", "year") else str(c)
                   for c in value.columns}
        return (value.style.format(formats, na_rep="–").format_index(str, axis=0)
                .relabel_index([headers[c] for c in value.columns], axis=1))
    if isinstance(value, dict):
        return _Shown("\n".join(f"{key}: {number(v, digits, lang)}" for key, v in value.items()))
    if isinstance(value, (tuple, list)):
        # a decimal comma would make "10,55, 14,55" ambiguous: Polish lists take semicolons
        joiner = "; " if _locale(lang) == "pl" else ", "
        return _Shown(joiner.join(number(v, digits, lang) for v in value))
    return _Shown(number(value, digits, lang))
