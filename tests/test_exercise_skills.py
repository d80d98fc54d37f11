"""tools/exercise_skills.py: the count of exercise questions by skill in the teacher's guide is the
one the sets give now (English and Polish pages), and the label parser knows every label word."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
import exercise_skills as es  # noqa: E402


def _nb(*labels):
    return {"cells": [{"cell_type": "markdown", "source": f"**Question {i} ({label}).** Text."}
                      for i, label in enumerate(labels, 1)]}


def test_a_label_names_its_skills():
    assert es.skills_of("reading the chart") == {"chart"}
    assert es.skills_of("primary source: sourcing, corroboration; written answer") == {
        "primary", "sourcing", "corroboration", "written"}
    assert es.skills_of("chronology, primary source: sourcing; written answer") == {
        "chronology", "primary", "sourcing", "written"}
    with pytest.raises(ValueError, match="unknown skill word 'guessing'"):
        es.skills_of("guessing")


def test_counts_by_hand():
    table = es.counts({"01_x": _nb("reading the chart", "computing", "sources",
                                   "primary source: sourcing, corroboration; written answer")})
    assert table["01_x"] == {"questions": 4, "chart": 1, "computing": 1, "metadata": 1, "written": 1,
                             "primary": 1, "sourcing": 1, "corroboration": 1, "chronology": 0}


def test_every_set_has_a_primary_source_question_and_set_08_a_chronology_question():
    table = es.counts(es.masters_now())
    assert len(table) == 8 and all(row["primary"] >= 1 and row["sourcing"] >= 1 for row in table.values())
    assert table["08_aftermath"]["chronology"] >= 1


@pytest.mark.parametrize("language,page", [("en", es.README), ("pl", ROOT / "docs" / "nauczyciele" / "README.md")])
def test_the_teachers_guide_holds_the_counts_the_sets_give(language, page):
    text = page.read_text("utf-8")
    before = es.before_in(text)
    assert before and before["primary"] == 0, "the row before issue 21 is missing"
    assert es.section(es.counts(es.masters_now()), before, language) in text, (
        f"{page.relative_to(ROOT)}: the skills table is out of date; run "
        "`python tools/exercise_skills.py --write` and then `make translations`")
