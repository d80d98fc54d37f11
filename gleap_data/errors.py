"""Errors a student can cause with an argument from the lessons: one sentence, in their language.

``gd.excess_deaths(rates="zrekonstruowane")`` or ``baseline=trend`` (the quotes forgotten) is a
slip, not a bug: the student needs one sentence that names the allowed values, in the language of
the lesson, and no traceback through the package. The functions raise :class:`ArgumentValueError`
or :class:`ArgumentTypeError` (still a ``ValueError`` / ``TypeError``); in a Jupyter kernel,
``gleap_data._kernel`` shows such an error as its sentence alone.

The sentences are in :data:`MESSAGES`, English and Polish, as ``gleap_data.selfcheck.MESSAGES``.
The language is the session's (``gd.set_language``).

>>> str(value_error("by", value=shown("prowincja")))
"by must be 'year' or 'province', not 'prowincja'."
"""
from __future__ import annotations


class ArgumentError(Exception):
    """An argument a student can get wrong; the message is one sentence for them."""


class ArgumentValueError(ArgumentError, ValueError):
    """A value that is not allowed (an unknown word, a year outside the data)."""


class ArgumentTypeError(ArgumentError, TypeError):
    """A value of the wrong kind (a table where a word was meant: the quotes forgotten)."""


MESSAGES = {
    "en": {
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
        # displayed by gleap_data._kernel for two slips of Python itself
        "unknown_name": ("Python does not know the name {name}: a word goes in quotes (\"{name}\"), and a name "
                         "from an earlier cell needs that cell run first."),
        "no_column": "There is no column {column} in this table; its columns are {columns}.",
    },
    "pl": {
        "a_table": "tabelą", "a_column": "kolumną", "a_list": "listą", "nothing": "None",
        "death_rate": "współczynnik zgonów", "birth_rate": "współczynnik urodzeń",
        "rates_name": ("rates musi być 'vital_rates' (dane oficjalne), 'vital_rates_reconstructed' "
                       "(Banister 1984) albo tabelą (DataFrame), a nie {value}."),
        "rates_kind": ("rates musi być 'vital_rates', 'vital_rates_reconstructed' albo tabelą (DataFrame) "
                       "z kolumnami year, population i {column}, a nie {value}."),
        "rates_columns": "Tabela współczynników potrzebuje kolumn year i {column} (brakuje: {missing}).",
        "years_kind": "years musi być parą lat (pierwszy, ostatni), np. (1959, 1961), a nie {value}.",
        "years_empty": "Okres {first}–{last} jest pusty: pierwszy rok nie może być późniejszy niż ostatni.",
        "no_usable_year": "W tabeli współczynników nie ma roku ze współczynnikiem i liczbą ludności z końca obu lat.",
        "years_outside": ("Dane nie obejmują wszystkich lat {first}–{last}: pozwalają na lata {low}–{high} "
                          "(rok potrzebuje współczynnika i liczby ludności z końca roku poprzedniego); "
                          "brakuje: {missing}."),
        "no_rate": "Brak danych ({what}) dla roku {year}: dane obejmują lata {low}–{high}.",
        "baseline": ("baseline musi być rokiem (1957), zakresem lat ((1955, 1957)), liczbą na 1000 ({what}, "
                     "np. 10.8) albo słowem 'trend' w cudzysłowie, a nie {value}."),
        "trend_years": "trend_years musi obejmować co najmniej dwa lata, a nie {first}–{last}.",
        "baseline_rate": "Poziom odniesienia ({what}) musi wynosić od 0 do 100 na 1000, a nie {value}.",
        "baseline_range": ("Zakres lat {first}–{last} w baseline jest pusty: pierwszy rok jest późniejszy "
                           "niż ostatni."),
        "under_kind": "underregistration musi być liczbą od 0 do {high}, a nie {value}.",
        "under_range": ("underregistration to udział zdarzeń, których brakuje w rejestrze: musi wynosić "
                        "od 0 do {high}, a nie {value}."),
        "by": "by musi być 'year' albo 'province', a nie {value}.",
        "provinces_only": "provinces= działa tylko razem z by='province'.",
        "province_rates_name": ("Przy by='province' rates musi być 'provincial_vital_rates' albo tabelą "
                                "(DataFrame), a nie {value}."),
        "province_rates_kind": "rates musi być 'provincial_vital_rates' albo tabelą (DataFrame), a nie {value}.",
        "provinces_kind": "provinces musi być listą nazw prowincji, np. ['Anhui'], a nie {value}.",
        "provinces_unknown": "Brak danych prowincji dla: {names}. Dostępne: {available}.",
        "dataset_kind": "Nazwa zbioru danych to tekst, np. 'vital_rates', a nie {value}.",
        "dataset_unknown": "Nie ma zbioru danych o nazwie {value}.{hint} Dostępne: {available}.",
        "did_you_mean": " Czy chodziło o '{name}'?",
        "unknown_name": ("Python nie zna nazwy {name}: słowo trzeba wziąć w cudzysłów (\"{name}\"), a nazwę "
                         "z wcześniejszej komórki trzeba najpierw utworzyć, uruchamiając tamtą komórkę."),
        "no_column": "W tej tabeli nie ma kolumny {column}; jej kolumny to {columns}.",
    },
}


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
