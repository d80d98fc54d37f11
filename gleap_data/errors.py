"""Errors a student can cause with an argument from the lessons: one sentence, in their language.

``gd.excess_deaths(rates="zrekonstruowane")`` or ``baseline=trend`` (the quotes forgotten) is a
slip, not a bug: the student needs one sentence that names the allowed values, in the language of
the lesson, and no traceback through the package. The functions raise :class:`ArgumentValueError`
or :class:`ArgumentTypeError` (still a ``ValueError`` / ``TypeError``); in a Jupyter kernel,
``gleap_data._kernel`` shows such an error as its sentence alone.

The sentences are in :data:`MESSAGES`: English here, every other language from the package's
catalogue (msgctxt ``errors.<key>``), as ``gleap_data.selfcheck.MESSAGES``.
The language is the session's (``gd.set_language``).

>>> str(value_error("by", value=shown("prowincja")))
"by must be 'year' or 'province', not 'prowincja'."
"""
from __future__ import annotations

from .labels import Catalogued


class ArgumentError(Exception):
    """An argument a student can get wrong; the message is one sentence for them."""


class ArgumentValueError(ArgumentError, ValueError):
    """A value that is not allowed (an unknown word, a year outside the data)."""


class ArgumentTypeError(ArgumentError, TypeError):
    """A value of the wrong kind (a table where a word was meant: the quotes forgotten)."""


# English here (the source); every other language from the package's catalogue
# gleap_data/locales/<lang>/LC_MESSAGES/gleap.po, msgctxt "errors.<key>" (see gleap_data.labels.Catalogued).
MESSAGES = Catalogued("errors", {
    "a_table": "a table", "a_column": "a column", "a_list": "a list", "nothing": "None",
    "death_rate": "death rate", "birth_rate": "birth rate",
    "rates_name": ("rates must be 'vital_rates' (official), 'vital_rates_reconstructed' (Banister 1984) "
                   "or a DataFrame, not {value}."),
    "rates_kind": ("rates must be 'vital_rates', 'vital_rates_reconstructed' or a DataFrame with columns "
                   "year, population and {column}, not {value}."),
    "rates_columns": "The rates table needs the columns year and {column} (missing: {missing}).",
    "years_kind": "years must be a (first, last) pair of years such as (1959, 1961), not {value}.",
    "years_empty": "The period {first}–{last} is empty: the first year must not come after the last.",
    "no_usable_year": "The rates table has no year with a rate and two year-end populations.",
    "years_outside": ("Years {first}–{last} are not all covered: the data allow {low}–{high} (a year needs "
                      "its rate and the year-end population of the year before); missing: {missing}."),
    "no_rate": "There is no {what} for {year}: the data have {low}–{high}.",
    "baseline": ("baseline must be a year (1957), a range ((1955, 1957)), a {what} per 1000 (10.8) or "
                 "the word 'trend' in quotes, not {value}."),
    "trend_years": "trend_years must span at least two years, not {first}–{last}.",
    "baseline_rate": "A baseline {what} must be between 0 and 100 per 1000, not {value}.",
    "baseline_range": "The baseline range {first}–{last} is empty: its first year comes after its last.",
    "under_kind": "underregistration must be a number from 0 to {high}, not {value}.",
    "under_range": ("underregistration is the share of events missing from the register: it must be "
                    "between 0 and {high}, not {value}."),
    "by": "by must be 'year' or 'province', not {value}.",
    "provinces_only": "provinces= only applies with by='province'.",
    "province_rates_name": ("With by='province', rates must be 'provincial_vital_rates' or a DataFrame, "
                            "not {value}."),
    "province_rates_kind": "rates must be 'provincial_vital_rates' or a DataFrame, not {value}.",
    "provinces_kind": "provinces must be a list of province names such as ['Anhui'], not {value}.",
    "provinces_unknown": "No provincial series for {names}. Available: {available}.",
    "dataset_kind": "A dataset name is a string such as 'vital_rates', not {value}.",
    "dataset_unknown": "There is no dataset called {value}.{hint} Available: {available}.",
    "did_you_mean": " Did you mean '{name}'?",
    "number_kind": "{name} must be a number, not {value}.",
    "between": "{name} must be between {low} and {high}, not {value}.",
    "choice": "{name} must be one of {allowed}, not {value}.",
    "lang": "lang must be one of {allowed}, not {value}.",
    # displayed by gleap_data._kernel for two slips of Python itself
    "unknown_name": ("Python does not know the name {name}: a word goes in quotes (\"{name}\"), and a name "
                     "from an earlier cell needs that cell run first."),
    "no_column": "There is no column {column} in this table; its columns are {columns}.",
})


def _lang() -> str:
    from .labels import get_language

    lang = get_language()
    return lang if lang in MESSAGES else "en"


def message(key: str, **values) -> str:
    """The sentence ``key`` in the session's language, filled in with ``values``."""
    return MESSAGES[_lang()][key].format(**values)


def shown(value) -> str:
    """A wrong value in a few words: a text or number as written, a table as "a table" (never
    the table itself: ``baseline=trend`` must not print a DataFrame into the message)."""
    kind = type(value).__name__
    if value is None:
        return message("nothing")
    if kind == "DataFrame":
        return message("a_table")
    if kind == "Series":
        return message("a_column")
    if isinstance(value, (str, bool, int, float)):
        return repr(value) if not isinstance(value, float) else repr(float(value))
    if isinstance(value, (list, tuple)):
        text = repr(value)
        return text if len(text) <= 40 else message("a_list")
    return kind


def value_error(key: str, **values) -> ArgumentValueError:
    return ArgumentValueError(message(key, **values))


def type_error(key: str, **values) -> ArgumentTypeError:
    return ArgumentTypeError(message(key, **values))
