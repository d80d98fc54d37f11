"""What the Polish lessons send students to speaks Polish (issue 19, section 3): gd.cite, gd.describe,
help() of the functions the exercises name, and the errors a student can cause.
"""
from __future__ import annotations

import pydoc

import pytest

import gleap_data as gd
from gleap_data import labels


@pytest.fixture
def polish():
    gd.set_language("pl")
    yield
    gd.set_language("en")


def _help(func) -> str:
    return pydoc.render_doc(func, renderer=pydoc.plaintext)


@pytest.mark.parametrize("name", ["labour_allocation", "excess_deaths", "lost_births", "cite", "describe", "load"])
def test_help_speaks_the_session_language(polish, name):
    func = getattr(gd, name)
    text = _help(func)
    assert func.__doc__ == labels.translated("docs", {name: labels.english_docs()[name]}, "pl")[name]
    first = func.__doc__.splitlines()[0]
    assert first in text and first != labels.english_docs()[name].splitlines()[0]
    gd.set_language("en")
    assert labels.english_docs()[name].splitlines()[0] in _help(func)


def test_the_exercises_help_pages_are_in_polish(polish):
    text = _help(gd.labour_allocation)
    assert "Zwraca tabelę" in text and "Returns a DataFrame" not in text
    text = _help(gd.excess_deaths)
    assert "poziom odniesienia" in text and "the 'normal' death rate" not in text


def test_the_translated_help_keeps_the_english_examples():
    """The examples of a translation are the English ones (so they stay runnable as doctests)."""
    english = labels.english_docs()
    for name, text in english.items():
        polish = labels.translated("docs", {name: text}, "pl")[name]
        examples = [line for line in text.splitlines() if line.startswith((">>>", "..."))]
        assert examples == [line for line in polish.splitlines() if line.startswith((">>>", "..."))], name


def test_cite_in_polish(polish):
    text = gd.cite("steel")
    assert text.startswith("Stal: produkcja") and "Zbiór danych 'steel' w gleap_data" in text
    assert "Read at" not in text and "Odczytano pod adresem: http" in text
    # the sources' titles from the catalogue, as on the site's dataset pages: a work's title as printed
    assert "22 grudnia 1958, s. 2; przeczytane w nieoficjalnym archiwum" in text and "22 December" not in text
    assert "Mao: The Unknown Story (Jonathan Cape, Londyn 2005)" in text
    english = gd.cite("steel", lang="en")
    assert "Dataset 'steel'" in english and "22 December 1958, p. 2; read in an unofficial" in english


def test_describe_in_polish(polish):
    d = gd.describe("vital_rates")
    assert d["fields"]["cdr"]["unit"] == "na 1000 mieszkańców"


@pytest.mark.parametrize("call,polish_words", [
    (lambda: gd.labour_allocation(1.5), "share_moved musi wynosić od 0.0 do 0.9, a nie 1.5."),
    (lambda: gd.labour_allocation("dużo"), "share_moved musi być liczbą, a nie 'dużo'."),
    (lambda: gd.load("zboze"), "Nie ma zbioru danych o nazwie 'zboze'."),
    (lambda: gd.excess_deaths(by="prowincja"), "by musi być 'year' albo 'province', a nie 'prowincja'."),
    (lambda: gd.set_language("polski"), "lang (język) musi być jednym z: 'en', 'pl', a nie 'polski'."),
])
def test_errors_a_student_can_cause_are_in_polish(polish, call, polish_words):
    with pytest.raises((ValueError, TypeError, LookupError)) as info:
        call()
    assert polish_words in str(info.value)
    from gleap_data.errors import ArgumentError

    assert isinstance(info.value, ArgumentError)  # shown as its sentence alone in a kernel
