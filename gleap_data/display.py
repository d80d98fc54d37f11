"""Numbers as a history student should read them: ``gd.show(...)``.

pandas and numpy print for programmers: ``np.float64(14554928.249999998)``, populations as
``666005000.0``, missing values as ``<NA>``. ``gd.show`` displays the same values for reading:
whole numbers with thousands separators, other numbers rounded, a dash for a missing value,
text in full, and each column's unit (from the datapackage) in its heading.

>>> show(14554928.249999998)
14,554,928
>>> show((10.5479860885, 14.554928249999998))
10.55, 14.55
>>> show(0.246)
0.246
"""
from __future__ import annotations

import numbers


def number(value, digits: int = 2) -> str:
    """One value as text: ``666005000.0`` → ``666,005,000``; ``24.60`` → ``24.6``; NA → ``–``.

    >>> number(666005000.0), number(24.6), number(None), number(0.0123)
    ('666,005,000', '24.6', '–', '0.0123')
    """
    try:
        import pandas as pd

        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return "–"
    except (TypeError, ValueError):
        pass
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return str(value)
    value = float(value)
    if value.is_integer() or abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return f"{value:.3g}"


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


def show(value, digits: int = 2):
    """Display a value, a tuple of values, a Series or a DataFrame formatted for reading.

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

        formats = {c: (year if c in years else (lambda v, d=digits: number(v, d))) for c in value.columns}
        headers = {c: f"{c} ({units[c]})" if c in units and units[c] not in ("", "year") else str(c)
                   for c in value.columns}
        return (value.style.format(formats, na_rep="–").format_index(str, axis=0)
                .relabel_index([headers[c] for c in value.columns], axis=1))
    if isinstance(value, dict):
        return _Shown("\n".join(f"{key}: {number(v, digits)}" for key, v in value.items()))
    if isinstance(value, (tuple, list)):
        return _Shown(", ".join(number(v, digits) for v in value))
    return _Shown(number(value, digits))
