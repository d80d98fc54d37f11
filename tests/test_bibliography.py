"""The one bibliography (gleap_data/bibliography.json, CSL-JSON) and what is rendered from it.

Every lesson's Sources cell, its Polish translation in the catalogue and docs/bibliography.md are
written by tools/bibliography.py with citeproc-py; these tests fail when one of them was edited by
hand or is out of date, when a key is cited that the bibliography does not hold, and when a
Sources cell lists more works than a student should have to read.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

import bibliography as bib  # noqa: E402

# CSL 1.0.2 item types (the ones a CSL-JSON reader such as Zotero accepts)
CSL_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
    "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case",
    "legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
    "paper-conference", "patent", "performance", "periodical", "personal_communication", "post",
    "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech",
    "standard", "thesis", "treaty", "webpage",
}


def test_every_work_is_a_csl_item_with_a_unique_key():
    items = bib.works()
    keys = [w["id"] for w in items]
    assert len(keys) == len(set(keys)), "two works share a key"
    for w in items:
        assert w["type"] in CSL_TYPES, f"{w['id']}: {w['type']!r} is not a CSL item type"
        assert w.get("title"), f"{w['id']}: no title"
        for role in ("author", "editor", "translator"):
            for name in w.get(role, []):
                assert name.get("literal") or name.get("family"), f"{w['id']}: a {role} without a name"


def test_the_rendered_files_are_what_the_bibliography_makes():
    stale = bib.run(write=False)
    assert not stale, f"out of date (run tools/bibliography.py, then make translations): {stale}"


def test_a_hand_edited_sources_cell_is_caught(tmp_path, monkeypatch):
    lesson = bib.lessons()[0]
    nb = json.loads(lesson.read_text("utf-8"))
    cell = bib.sources_cell_of(nb, lesson.name)
    cell["source"] = "".join(cell["source"]).replace("(", "[", 1)
    copy = tmp_path / "notebooks" / lesson.name
    copy.parent.mkdir()
    copy.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", "utf-8")
    monkeypatch.setattr(bib, "lessons", lambda: [copy])
    monkeypatch.setattr(bib, "PAGE", tmp_path / "bibliography.md")  # nothing is written: --check
    stale = bib.run(write=False)
    assert f"notebooks/{lesson.name}" in stale


def test_every_cited_key_is_in_the_bibliography_and_every_work_is_cited():
    keys = {w["id"] for w in bib.works()}
    cited = set()
    for lesson, works in bib.lesson_works().items():
        unknown = set(works) - keys
        assert not unknown, f"{lesson} cites keys the bibliography does not hold: {unknown}"
        cited |= set(works)
    for key, datasets in bib.dataset_works().items():
        assert key in keys, f"datasets {datasets} cite {key!r}, which the bibliography does not hold"
        cited.add(key)
    unused = keys - cited - {"banister1987", "peng1987"}  # death_toll_estimates rows, cited in its CSV
    assert not unused, f"works nobody cites (drop them or cite them): {sorted(unused)}"


def test_an_unknown_key_is_refused_with_its_name():
    with pytest.raises(bib.BibliographyError, match="no_such_work"):
        bib.render(["smil1999", "no_such_work"])


@pytest.mark.parametrize("lesson", [p.name for p in bib.lessons()])
def test_each_sources_cell_is_short_and_lists_only_authorised_links(lesson):
    from source_registry import FORBIDDEN, URL, classify, load_registry

    works = bib.lesson_works()[lesson]
    assert 1 <= len(works) <= bib.MAX_ENTRIES, f"{lesson}: {len(works)} works in its Sources cell"
    registry = load_registry()
    for lang in ("en", "pl"):
        for url in URL.findall(bib.sources_cell(works, lang)):
            kind = classify(url.rstrip(".,;:"), registry)
            assert kind is not None and kind not in FORBIDDEN, f"{lesson}: {url} is {kind or 'not in the registry'}"


def test_polish_sources_cells_use_the_polish_locale():
    cell = bib.sources_cell(["banister1984", "chang_halliday2005"], "pl")
    assert cell.startswith("## Źródła")
    assert "s. 241–271" in cell and "Chang, J. i Halliday, J." in cell
    assert "pp." not in cell


def test_the_polish_entries_use_polish_places_and_volumes():
    """In Polish, Beijing is 'Pekin' (the package's place-names table) and a volume named inside a
    title is 't.', made by the renderer, not typed into the catalogues (they are rewritten from it).
    Seen failing: before, the Polish Sources read 'Beijing' and 'vol. 2'."""
    key = next(w["id"] for w in bib.works() if "vol. 2" in w.get("container-title", ""))
    (polish,) = bib.render([key], "pl")
    (english,) = bib.render([key], "en")
    assert "t. 2" in polish and "vol. 2" not in polish and "Pekin" in polish, polish
    assert "vol. 2" in english and "Beijing" in english, english


def test_the_polish_entries_describe_an_unverified_title_and_the_course_text_in_polish():
    """A title in square brackets is the project's description of a work (a title not verified, the
    course text), not a printed title: the Polish Sources cells give it from the package's catalogue
    (msgctxt bibliography.title). Seen failing: every Polish lesson's Sources read „Polish course text
    of the unit, with the gleap project's English translation”."""
    import warnings

    from gleap_data.labels import MissingTranslationWarning
    from test_polish import english_words, sentence_ends_apart

    described = [w for w in bib.works() if w.get("title", "").startswith("[")]
    assert any(w["id"] == "course_text" for w in described)
    for work in described:
        with warnings.catch_warnings():
            warnings.simplefilter("error", MissingTranslationWarning)
            (polish,) = bib.render([work["id"]], "pl")
        title = re.search(r"\[([^\]]+)\]", polish).group(1)
        assert work["title"] not in polish and title, polish
        found = english_words([sentence_ends_apart(title.replace("China Iron & Steel Association", " "))], sources=True)
        assert not {w for w in found if len(w) > 1}, f"{work['id']}: {sorted(found)} in {title!r}"
