"""Every word the package says comes from one gettext catalogue per language (issue 19, section 2).

The English words are written in the code (labels.LABELS["en"], labels.UNITS, selfcheck.MESSAGES,
errors.MESSAGES); the Polish ones are only in gleap_data/locales/pl/LC_MESSAGES/gleap.po
(msgctxt "<area>.<key>"). A missing or fuzzy entry shows English with a warning, never a KeyError;
changing an English word makes its Polish entry fuzzy, and the report names it.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from gleap_data import errors, labels, selfcheck

ROOT = Path(__file__).resolve().parents[1]

import translations as tr  # noqa: E402

TABLES = {"labels": labels.LABELS, "units": labels.UNITS, "selfcheck": selfcheck.MESSAGES,
          "errors": errors.MESSAGES}


@pytest.fixture
def catalogue_copy(tmp_path, monkeypatch):
    """A copy of the Polish catalogue that the package reads instead of its own."""
    po = tmp_path / "gleap.po"
    shutil.copy(labels.catalogue_path("pl"), po)
    monkeypatch.setattr(labels, "catalogue_path", lambda lang: po)
    labels.Catalogued.forget()
    yield po
    monkeypatch.undo()
    labels.Catalogued.forget()


def test_the_polish_words_are_in_the_catalogue_not_in_the_code():
    from babel.messages.pofile import read_po

    with labels.catalogue_path("pl").open("rb") as f:
        catalogue = read_po(f, locale="pl")
    for area, table in TABLES.items():
        assert table["en"], area
        for key, english in table["en"].items():
            message = catalogue.get(english, context=f"{area}.{key}")
            assert message is not None and message.string and not message.fuzzy, f"{area}.{key}"
            assert table["pl"][key] == message.string, f"{area}.{key}"
    # No second store: the modules hold no Polish text (Polish letters appear only in the catalogue).
    for module in ("labels.py", "selfcheck.py", "errors.py"):
        code = (ROOT / "gleap_data" / module).read_text("utf-8")
        code = re.sub(r'"""[\s\S]*?"""', "", code)  # docstrings and comments may show a Polish example
        code = re.sub(r"^\s*#.*$", "", code, flags=re.M)
        found = re.findall(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]", code)
        assert not found, f"gleap_data/{module} still holds Polish words ({''.join(found[:10])}…)"


def test_every_polish_message_has_the_same_fields_as_its_english():
    for area, table in TABLES.items():
        for key, english in table["en"].items():
            assert set(re.findall(r"\{(\w*)", english)) == set(re.findall(r"\{(\w*)", table["pl"][key])), f"{area}.{key}"


def test_a_missing_label_falls_back_to_english_with_a_warning(catalogue_copy):
    text = catalogue_copy.read_text("utf-8")
    entry = re.search(r'#: gleap_data/labels.py\nmsgctxt "labels.emp_title"\nmsgid .*\nmsgstr .*\n', text)
    assert entry, "the entry labels.emp_title is not where this test expects it"
    catalogue_copy.write_text(text.replace(entry.group(0), ""), "utf-8")
    with pytest.warns(labels.MissingTranslationWarning, match="emp_title"):
        words = labels.label("emp_title", "pl")
    assert words == labels.LABELS["en"]["emp_title"]
    assert labels.label("emp_source", "pl").startswith("Państwowe Biuro Statystyczne")  # the rest still Polish


def test_a_fuzzy_message_shows_english_with_a_warning(catalogue_copy):
    text = catalogue_copy.read_text("utf-8")
    marked = text.replace('msgctxt "selfcheck.correct"', '#, fuzzy\nmsgctxt "selfcheck.correct"', 1)
    assert marked != text
    catalogue_copy.write_text(marked, "utf-8")
    with pytest.warns(labels.MissingTranslationWarning, match="correct"):
        assert selfcheck.MESSAGES["pl"]["correct"] == "{q}: correct."
    assert errors.MESSAGES["pl"]["by"].startswith("by musi być")


def test_changing_an_english_label_makes_its_polish_entry_fuzzy(monkeypatch):
    english = dict(labels.LABELS["en"])
    english["emp_title"] = english["emp_title"].replace("by sector", "in each sector")
    monkeypatch.setitem(labels.LABELS, "en", english)
    catalogue = tr.read_catalogue(tr.package_catalogue_path("pl"), "pl")
    catalogue.update(tr.package_template(), update_creation_date=False)
    status = tr.package_status("pl", catalogue)
    assert [where for where, _ in status.fuzzy] == ["msgctxt labels.emp_title"]
    assert not status.missing
    result = tr.Result([status], [], [], [])
    assert "FUZZY   gleap_data" in tr.report(result) and "labels.emp_title" in tr.report(result)


def test_an_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="lang must be one of"):
        labels.label("source", "de")
    assert "de" not in labels.LABELS and "pl" in labels.LABELS


def test_chinese_units_in_polish_data_texts_are_converted():
    """A Polish data text that gives a figure in 万 (10 000) or 亿斤 (10^8 jin = 50 000 t) also gives it
    in mln t (or mln), keeping the source's unit beside it (issue 19: "535万 t" meant nothing to a
    Polish student)."""
    from babel.messages.pofile import read_po

    with labels.catalogue_path("pl").open("rb") as f:
        catalogue = read_po(f, locale="pl")
    bare = []
    for message in catalogue:
        if not (message.context or "").startswith(("data.", "datapackage.")) or not message.string:
            continue
        for sentence in re.split(r"(?<=[.;])\s", message.string):
            if re.search(r"1\s*(万|亿斤)\s*=", sentence):
                continue  # the unit's definition
            if re.search(r"\d[\d,–]*\s*(万|亿斤)", sentence) and "mln" not in sentence:
                bare.append(f"{message.context}: {sentence}")
    assert not bare, "\n".join(bare)


def test_the_site_says_only_catalogue_words():
    """The site's words (tools/site_words.py, English) are translated in the package's catalogue
    (msgctxt site.<key>); the site's builder, its Sphinx configuration, script and template hold no
    Polish of their own (they were a second translation store: make_site.TEXT, conf.WORDS), nor do
    the tools that write the student copies (assign.WORDS), the skills table (exercise_skills) and
    the minutes table (lesson_time) and the handouts (handouts.WORDS, with people.toml's roles), whose
    words are Catalogued too. Seen failing with the handouts' Polish period titles put back."""
    import site_words
    from babel.messages.pofile import read_po

    with labels.catalogue_path("pl").open("rb") as f:
        catalogue = read_po(f, locale="pl")
    polish = []
    for key, english in site_words.SITE["en"].items():
        message = catalogue.get(english, context=f"site.{key}")
        assert message is not None and message.string and not message.fuzzy, f"site.{key}"
        assert site_words.words("pl")[key] == message.string, f"site.{key}"
        polish.append(message.string)
    polish += [m.string for m in catalogue if (m.context or "").split(".")[0] in ("assign", "skills", "lesson_time", "handouts")
               and isinstance(m.string, str) and m.string]
    for rel in ("tools/make_site.py", "site/conf.py", "exercises/tools/assign.py", "tools/exercise_skills.py",
                "tools/lesson_time.py", "tools/handouts.py", "docs/handouts/people.toml", *[p.relative_to(ROOT).as_posix() for p in
                (ROOT / "site").glob("_static/*.js")], *[p.relative_to(ROOT).as_posix() for p in
                (ROOT / "site").glob("_templates/*.html")]):
        code = (ROOT / rel).read_text("utf-8")
        found = re.findall(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]", code)
        assert not found, f"{rel} holds Polish words ({''.join(found[:10])}…)"
        assert not [w for w in polish if len(w) > 4 and f'"{w}"' in code], f"{rel} holds a Polish site word"


def test_chinese_units_in_english_data_texts_are_converted():
    """The English data texts (the descriptor and the CSVs' text columns, the msgids) give a figure in
    万 or 亿斤 also in Mt (or million), the source's unit kept beside it, as the Polish ones do."""
    bare = []
    for context, text, where in tr.data_texts():
        for sentence in re.split(r"(?<=[.;])\s", text):
            if re.search(r"1\s*(万|亿斤)\s*=", sentence):
                continue  # the unit's definition
            if re.search(r"\d[\d,.–-]*\s*(万|亿斤)", sentence) and not re.search(r"\bMt\b|million", sentence):
                bare.append(f"{where[0]}:{where[1]} {context}: {sentence}")
    assert not bare, "\n".join(bare)
