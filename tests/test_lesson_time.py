"""The time model (docs/teachers/README.md, "How long a lesson takes") applied to every lesson.

tools/lesson_time.py is the model; these tests check that its table in the teacher's guide is the
one it makes now, that it counts what it says it counts (a hand-computed notebook), and that it
catches a lesson padded on purpose.
"""
import copy
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import lesson_time as lt  # noqa: E402

LESSONS = lt.lessons()


def _md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(text):
    return {"cell_type": "code", "metadata": {}, "source": text, "outputs": [], "execution_count": None}


def _write(tmp_path, cells, name="09_test.ipynb"):
    path = tmp_path / name
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), "utf-8")
    return path


def test_the_model_counts_a_hand_made_lesson(tmp_path):
    """240 words, 1 section, 2 plain cells, 1 chart, 1 explorer, 1 Your turn, 1 primary source,
    1 short and 2 written check items; nothing after Going further or in Sources counts."""
    words = " ".join(["word"] * 100)
    source = "**A letter.** " + " ".join(["word"] * 18) + "\n\n> 人民日报一九五八年十二月二十二日钢铁生产报告全文"
    cells = [
        _md("# 09 · Test " + " ".join(["word"] * 97)),                    # 99 words ("09", "Test")
        _md("**Course text, passage 1.1** — x\n\n> Polskie słowa tutaj nie liczą się wcale\n\n"
            "> **English** (our translation): *one two three four five six seven*"),  # 6 + 10, no Polish
        _md("## 1. A section\n\nsix more words are here now"),             # 9 words
        _code("import gleap_data as gd"),
        _code("gd.show(gd.load('grain'))"),
        _code("gd.charts.vital_rates()"),
        _code("gd.widgets.labour_explorer()"),
        _md("### Your turn\n\n" + " ".join(["word"] * 98)),                  # 2 + 98 = 100
        _md(source),                                        # 20 words; the Chinese counts none
        _md("## Check your understanding\n\n1. Give the year.\n2. Why did it fall?\n"
            "3. Compare the two rows *(a few sentences)*."),
        _md("## Sources\n\n" + words),
        _md("## Going further (optional)\n\n" + words),
        _code("gd.widgets.estimates_explorer()"),
    ]
    lesson = lt.measure(_write(tmp_path, cells))
    assert (lesson.sections, lesson.cells, lesson.charts, lesson.explorers) == (1, 2, 1, 1)
    assert (lesson.your_turns, lesson.primary_sources) == (1, 1)
    assert (lesson.short_items, lesson.written_items) == (1, 2)
    assert lesson.words == 99 + 16 + 9 + 100 + 20
    m = lesson.minutes("typical")
    assert m["reading"] == pytest.approx(244 / 120)
    assert (m["sections"], m["cells"], m["charts"], m["explorers"]) == (1, 1.0, 1.5, 4)
    assert (m["your_turn"], m["primary_sources"], m["check"]) == (4, 6, 1.5 + 3 + 3)
    assert (m["logistics"], m["discussion"]) == (4, 3)


def test_the_first_lesson_pays_for_the_first_binder_launch(tmp_path):
    cells = [_md("# 00 · Start"), _md("## Check your understanding\n\n1. Give the year.")]
    assert lt.measure(_write(tmp_path, cells, "00_start.ipynb")).minutes("typical")["logistics"] == 8
    assert lt.measure(_write(tmp_path, cells, "03_other.ipynb")).minutes("typical")["logistics"] == 4


def test_a_question_that_asks_why_is_a_written_answer_however_it_is_marked():
    assert lt.is_written("Why did the harvest fall?")
    assert lt.is_written("Explain the difference.")
    assert lt.is_written("Compare the rows *(a few sentences)*.")
    assert not lt.is_written("Give the urban death rate for 1960.")


def test_the_minutes_table_in_the_teachers_guide_is_up_to_date():
    text = lt.README.read_text("utf-8")
    assert lt.replace_table(text, lt.table()) == text, (
        "docs/teachers/README.md: the minutes table is out of date; run "
        "`python tools/lesson_time.py --write` and then `make translations`")
    polish = (ROOT / "docs" / "nauczyciele" / "README.md").read_text("utf-8")
    assert lt.table(language="pl") in polish, (
        "docs/nauczyciele/README.md: the Polish minutes table is out of date; run "
        "`python tools/lesson_time.py --write` and then `make translations`")


def _pad(path, tmp_path, words):
    """A copy of a lesson with ``words`` words of extra prose in its core path."""
    nb = json.loads(path.read_text("utf-8"))
    cells = nb["cells"]
    at = next(i for i, c in enumerate(cells) if lt._heading(lt._src(c)).startswith("## check your"))
    cells.insert(at, _md("Padding. " + " ".join(["word"] * words)))
    padded = tmp_path / path.name
    padded.write_text(json.dumps(nb), "utf-8")
    return padded


def test_a_lesson_padded_on_purpose_does_not_fit(tmp_path):
    """The lesson with the most room, padded with enough prose to pass 45 minutes, is caught."""
    roomiest = min(LESSONS, key=lambda p: lt.measure(p).total())
    spare = lt.PERIOD_MINUTES - lt.measure(roomiest).total()
    padded = _pad(roomiest, tmp_path, int(max(spare, 0) * 120) + 130)
    assert lt.measure(padded).total() > lt.PERIOD_MINUTES
    assert [p.name for p in lt.overruns([padded])] == [padded.name]
